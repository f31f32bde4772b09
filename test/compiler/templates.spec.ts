/**
 * DIALECT.md §3: templates, `use`, the deep merge, chains, cycles and where template-provided values are reported.
 */
import { expect } from "chai";
import type { Diagnostic } from "../../compiler";
import { compileIn, compileYaml, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const TRUST = "allow_to_assume_me: {service: ec2}";
const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);
const compileFiles = (files: Record<string, string>) => compileIn(writeStacks({ files }));
const yaml = (...rows: string[]) => rows.join("\n") + "\n";
const EC2_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
};

describe("DIALECT.md §3 templates and use", () => {
  describe("3.1 template definitions", () => {
    it("3.1 an unknown key in a template is an error with suggestion, at the template", () => {
      const result = compileYaml(yaml("templates:", "  base:", "    allow_permissions: []", "roles:", `  web: {use: base, ${TRUST}}`));
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:3:5: error: templates.base.allow_permissions: unknown key "allow_permissions"; did you mean "allow_permission"? [E0001]',
      ]);
    });

    it("3.1 a template may hold a partial statement: it is validated once merged into a role", () => {
      const result = compileYaml(
        yaml(
          "templates:",
          "  reader: {allow_permission: {action: 's3:GetObject'}}",
          "roles:",
          `  web: {use: reader, ${TRUST}, allow_permission: {resource: 'arn:aws:s3:::assets/*'}}`,
        ),
      );
      expect(planOf(result).roles.web.policy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" }],
      });
    });

    it("3.1 the values of a template no role uses are not validated", () => {
      const result = compileYaml(
        yaml("templates:", "  draft: {allow_permission: {notaction: 'iam:*'}, max_session_duration: 5}", "roles:", `  web: {${TRUST}}`),
      );
      expect(lines(result.diagnostics)).to.deep.equal([]);
    });

    it("3.1 a template that is not a mapping is an error that calls it a template", () => {
      const [d] = errorsOf(compileYaml(yaml("templates:", "  t: []", "roles:", `  web: {${TRUST}}`)));
      expect([d.code, d.line, d.column, d.path]).to.deep.equal(["E3005", 2, 6, "templates.t"]);
      expect(d.message).to.contain('template "t"');
    });

    it("3.1 templates apply to roles only: use in a bucket or a key is an unknown key", () => {
      const result = compileYaml(
        yaml("templates:", "  t: {}", "buckets:", "  my-bucket:", "    use: t", "keys:", "  k:", "    description: d", "    location: us-east-1", "    use: t"),
      );
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:5:5: error: buckets.my-bucket.use: unknown key "use" [E0001]',
        'sandbox/roles.yaml:10:5: error: keys.k.use: unknown key "use" [E0001]',
      ]);
    });
  });

  describe("3.2 use", () => {
    it("3.2 use takes one template name as a string", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {description: from t, ${TRUST}}`, "roles:", "  web: {use: t}")));
      expect(plan.roles.web.description).to.equal("from t");
    });

    it("3.2 use takes a list of template names", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {${TRUST}}`, "  u: {description: from u}", "roles:", "  web: {use: [t, u]}")));
      expect(plan.roles.web.description).to.equal("from u");
      expect(plan.roles.web.trustPolicy).to.deep.equal(EC2_TRUST);
    });

    it("3.2 a use that is not a string or a non-empty list of strings is an error", () => {
      const result = compileYaml(
        yaml("templates:", `  t: {${TRUST}}`, "roles:", "  a: {use: []}", "  b: {use: 5}", "  c: {use: [t, 5]}", "  d: {use: {t: 1}}", "  e: {use: true}"),
      );
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => [d.code, d.line, d.path])).to.deep.equal([
        ["E3001", 4, "roles.a.use"],
        ["E3001", 5, "roles.b.use"],
        ["E3001", 6, "roles.c.use[1]"],
        ["E3001", 7, "roles.d.use"],
        ["E3001", 8, "roles.e.use"],
      ]);
      expect(errors[0].message).to.equal("use must be a template name or a non-empty list of template names, found an empty list");
    });

    it("3.2 a template listed twice in one use is an error", () => {
      const result = compileYaml(yaml("templates:", `  t: {${TRUST}}`, "roles:", "  web: {use: [t, t]}"));
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:4:18: error: roles.web.use[1]: template "t" is listed more than once in use [E3002]',
      ]);
    });

    it("3.2 an unknown template is an error listing the available templates, with a suggestion", () => {
      const result = compileYaml(yaml("templates:", "  logging: {}", "  baseline: {}", "roles:", "  web: {use: [basline]}"));
      const [d, ...rest] = errorsOf(result);
      expect(rest).to.deep.equal([]);
      expect([d.code, d.file, d.line, d.column, d.path]).to.deep.equal(["E3003", "sandbox/roles.yaml", 5, 15, "roles.web.use[0]"]);
      expect(d.message).to.match(/^unknown template "basline"; available templates: (logging, baseline|baseline, logging); did you mean "baseline"\?$/);
    });

    it("3.2 an unknown template when none are defined says so", () => {
      expect(lines(errorsOf(compileYaml(yaml("roles:", "  web: {use: base}"))))).to.deep.equal([
        'sandbox/roles.yaml:2:14: error: roles.web.use: unknown template "base"; no templates are defined [E3003]',
      ]);
    });

    it("11.2 a role whose template is unknown gets no further diagnostic (no W1 for its missing trust)", () => {
      const result = compileYaml(yaml("roles:", "  web: {use: base}", "  api: {use: base}"));
      expect(errorsOf(result).map((d) => [d.code, d.path])).to.deep.equal([
        ["E3003", "roles.web.use"],
        ["E3003", "roles.api.use"],
      ]);
    });

    it("11.2 a role using a template that has its own error gets no follow-on error", () => {
      const result = compileYaml(yaml("templates:", "  t: []", "roles:", "  web: {use: t}"));
      expect(errorsOf(result).map((d) => [d.code, d.path])).to.deep.equal([["E3005", "templates.t"]]);
    });
  });

  describe("3.3 effective definition", () => {
    it("3.3 later templates in use win, and the role itself wins last", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  a: {description: a, max_session_duration: 3600, make_instance_profile: true, ${TRUST}}`,
            "  b: {description: b, max_session_duration: 7200}",
            "roles:",
            "  web: {use: [a, b], max_session_duration: 10800}",
            "  api: {use: [b, a]}",
          ),
        ),
      );
      expect([plan.roles.web.description, plan.roles.web.maxSessionDuration, plan.roles.web.instanceProfile]).to.deep.equal(["b", 10800, true]);
      expect([plan.roles.api.description, plan.roles.api.maxSessionDuration]).to.deep.equal(["a", 3600]);
    });

    it("3.3 templates from any file are visible to roles in any file", () => {
      const result = compileFiles({
        "sandbox/a-roles.yaml": "roles:\n  web: {use: zz-base}\n",
        "sandbox/zz/templates.yml": `templates:\n  zz-base: {description: shared, ${TRUST}}\n`,
      });
      expect(planOf(result).roles.web.description).to.equal("shared");
    });
  });

  describe("3.4 merge", () => {
    it("3.4 the example of §3: mappings deep-merge into one statement, lists replace, other keys are kept", () => {
      const result = compileYaml(
        yaml(
          "templates:",
          "  baseline:",
          "    allow_to_assume_me: {service: ec2}",
          '    deny_permission: {action: "iam:*", resource: "*"}',
          "  logging:",
          "    use: baseline",
          '    allow_permission: [{action: "logs:PutLogEvents", resource: "*"}]',
          "roles:",
          "  web:",
          "    use: logging",
          "    allow_to_assume_me: {iam: role/release}",
          "    allow_permission:",
          '      - {action: "s3:GetObject", resource: {s3: web-assets}}',
        ),
      );
      const web = planOf(result).roles.web;
      expect(web.trustPolicy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Principal: { Service: "ec2.amazonaws.com", AWS: "arn:aws:iam::012345678901:role/release" },
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Sid: "",
          },
        ],
      });
      expect(web.policy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::web-assets", "arn:aws:s3:::web-assets/*"] },
          { Effect: "Deny", Action: "iam:*", Resource: "*" },
        ],
      });
    });

    it("3.4 mappings merge recursively, at any depth (over wins per sub-key)", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            "  t:",
            "    allow_to_assume_me:",
            "      service: ec2",
            "      Condition: {StringEquals: {a: '1', b: '2'}, Bool: {'aws:SecureTransport': 'true'}}",
            "roles:",
            "  web:",
            "    use: t",
            "    allow_to_assume_me:",
            "      Condition: {StringEquals: {b: '3', c: '4'}}",
          ),
        ),
      );
      expect(plan.roles.web.trustPolicy.Statement[0].Condition).to.deep.equal({
        StringEquals: { a: "1", b: "3", c: "4" },
        Bool: { "aws:SecureTransport": "true" },
      });
    });

    it("3.4 lists replace, never concatenate (also inside a merged statement)", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  t: {${TRUST}, allow_permission: {action: ['s3:GetObject', 's3:ListBucket'], resource: '*'}}`,
            "roles:",
            "  web: {use: t, allow_permission: {action: ['s3:PutObject']}}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }]);
    });

    it("3.4 scalars replace", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {description: old, make_instance_profile: true, ${TRUST}}`, "roles:", "  web: {use: t, description: new, make_instance_profile: false}")));
      expect([plan.roles.web.description, plan.roles.web.instanceProfile]).to.deep.equal(["new", false]);
    });

    it("3.4 a mapping replaces a list", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  t: {${TRUST}, allow_permission: [{action: 'a:A', resource: '*'}, {action: 'b:B', resource: '*'}]}`,
            "roles:",
            "  web: {use: t, allow_permission: {action: 'c:C', resource: '*'}}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "c:C", Resource: "*" }]);
    });

    it("3.4 a list replaces a mapping (the template's statement is not merged into the list items)", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  t: {${TRUST}, allow_permission: {action: 'a:A', resource: '*', Condition: {Bool: {x: 'true'}}}}`,
            "roles:",
            "  web: {use: t, allow_permission: [{action: 'c:C', resource: 'arn:aws:s3:::b'}]}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "c:C", Resource: "arn:aws:s3:::b" }]);
    });

    it("3.4 key order: base's keys in base order, then the keys only in over (seen in the statement's key order)", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            "  t:",
            "    allow_to_assume_me: {Sid: T, Condition: {Bool: {a: 'true'}}, service: ec2}",
            "roles:",
            "  web:",
            "    use: t",
            "    allow_to_assume_me: {Action: 'sts:TagSession', Sid: R}",
          ),
        ),
      );
      // Merged: Sid (base position, over's value), Condition, service, then Action (only in over).
      expect(JSON.stringify(plan.roles.web.trustPolicy.Statement[0])).to.equal(
        JSON.stringify({
          Sid: "R",
          Condition: { Bool: { a: "true" } },
          Action: "sts:TagSession",
          Principal: { Service: "ec2.amazonaws.com" },
          Effect: "Allow",
        }),
      );
    });

    it("3.4 Δ dotted keys are plain keys, not paths", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            "  t:",
            "    allow_to_assume_me:",
            "      service: ec2",
            "      Condition: {StringEquals: {'aws:PrincipalTag/team.name': a, 'x.y': b}}",
            "roles:",
            "  web:",
            "    use: t",
            "    allow_to_assume_me:",
            "      Condition: {StringEquals: {'aws:PrincipalTag/team.name': c, 'aws:PrincipalTag/team': d}}",
          ),
        ),
      );
      expect(plan.roles.web.trustPolicy.Statement[0].Condition).to.deep.equal({
        StringEquals: { "aws:PrincipalTag/team.name": "c", "x.y": "b", "aws:PrincipalTag/team": "d" },
      });
    });

    it("3.4 tags merge key by key", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {${TRUST}, tags: {team: web, env: dev}}`, "roles:", "  web: {use: t, tags: {env: prod, tier: '1'}}")));
      expect(plan.roles.web.tags).to.deep.equal({ env: "prod", team: "web", tier: "1" });
    });
  });

  describe("3.5 null", () => {
    it("3.5 a role cancels a template's description with null", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {description: x, ${TRUST}}`, "roles:", "  web: {use: t, description: null}")));
      expect(plan.roles.web.description).to.equal(null);
    });

    it("3.5 a role cancels a template's statements with null: no inline policy", () => {
      const plan = planOf(compileYaml(yaml("templates:", `  t: {deny_permission: {action: 'iam:*', resource: '*'}, ${TRUST}}`, "roles:", "  web: {use: t, deny_permission: null}")));
      expect(plan.roles.web.policy).to.equal(null);
    });

    it("3.5 cancelling a template's trust gives the default EC2 trust and W1", () => {
      const result = compileYaml(yaml("templates:", "  t: {allow_to_assume_me: {service: lambda}}", "roles:", "  web: {use: t, allow_to_assume_me: null}"));
      expect(planOf(result).roles.web.trustPolicy).to.deep.equal(EC2_TRUST);
      expect(lines(result.diagnostics)).to.deep.equal([
        "sandbox/roles.yaml:4:3: warning: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com [W1]",
      ]);
    });

    it("3.5 a recognised statement key set to null counts as absent: resource: null with notresource", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  t: {${TRUST}, allow_permission: {action: 's3:*', resource: '*'}}`,
            "roles:",
            "  web: {use: t, allow_permission: {resource: null, notresource: 'arn:aws:s3:::secret/*'}}",
          ),
        ),
      );
      expect(plan.roles.web.policy!.Statement).to.deep.equal([{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret/*" }]);
    });

    it("3.5 null inside a pass-through value is kept and emitted as JSON null", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  t: {${TRUST}, allow_permission: {action: 's3:*', resource: '*', Condition: {StringEquals: {a: b, c: d}}}}`,
            "roles:",
            "  web: {use: t, allow_permission: {Condition: {StringEquals: {a: null}}}}",
          ),
        ),
      );
      expect(JSON.stringify(plan.roles.web.policy!.Statement[0])).to.equal(
        '{"Condition":{"StringEquals":{"a":null,"c":"d"}},"Effect":"Allow","Action":"s3:*","Resource":"*"}',
      );
    });
  });

  describe("3.6 chains, cycles, diamonds", () => {
    it("3.6 Δ a template's own use is honoured (a chain of three)", () => {
      const plan = planOf(
        compileYaml(
          yaml(
            "templates:",
            `  c: {${TRUST}, description: c, tags: {from: c}}`,
            "  b: {use: c, description: b, max_session_duration: 7200}",
            "  a: {use: b, description: a}",
            "roles:",
            "  web: {use: a}",
          ),
        ),
      );
      const web = plan.roles.web;
      expect([web.description, web.maxSessionDuration, web.tags]).to.deep.equal(["a", 7200, { from: "c" }]);
      expect(web.trustPolicy).to.deep.equal(EC2_TRUST);
    });

    it("3.6 a cycle is an error naming it: template cycle: a -> b -> a", () => {
      const result = compileYaml(yaml("templates:", "  a: {use: b}", "  b: {use: a}", "roles:", "  web: {use: a}"));
      const [d, ...rest] = errorsOf(result);
      expect(rest).to.deep.equal([]);
      expect([d.code, d.file]).to.deep.equal(["E3004", "sandbox/roles.yaml"]);
      expect(d.message).to.equal("template cycle: a -> b -> a");
    });

    it("3.6 a template that uses itself is a cycle", () => {
      const [d] = errorsOf(compileYaml(yaml("templates:", "  a: {use: a}", "roles:", "  web: {use: a}")));
      expect(oneLine(d)).to.equal("sandbox/roles.yaml:2:12: error: templates.a.use: template cycle: a -> a [E3004]");
    });

    it("11.2 a cycle is reported once, however many roles reach it", () => {
      const result = compileYaml(yaml("templates:", "  a: {use: b}", "  b: {use: [c, a]}", "  c: {}", "roles:", "  web: {use: a}", "  api: {use: b}", "  db: {use: [c, a]}"));
      expect(errorsOf(result).map((d) => d.code)).to.deep.equal(["E3004"]);
    });

    it("3.6 a cycle among templates no role uses is still an error", () => {
      const result = compileYaml(yaml("templates:", "  a: {use: b}", "  b: {use: a}", "roles:", `  web: {${TRUST}}`));
      expect(errorsOf(result).map((d) => [d.code, d.message])).to.deep.equal([["E3004", "template cycle: a -> b -> a"]]);
    });

    it("3.2 an unknown template named by a template no role uses is still an error", () => {
      const result = compileYaml(yaml("templates:", "  a: {use: nope}", "roles:", `  web: {${TRUST}}`));
      expect(errorsOf(result).map((d) => [d.code, d.path])).to.deep.equal([["E3003", "templates.a.use"]]);
    });

    it("3.6 an unknown template in a chain is reported once, where the template names it", () => {
      const result = compileYaml(yaml("templates:", "  a: {use: nope}", "roles:", "  web: {use: a}", "  api: {use: a}"));
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:2:12: error: templates.a.use: unknown template "nope"; available templates: a [E3003]',
      ]);
    });

    it("3.6 a chain of 10,000 templates resolves, and a value from its far end is reported where it was written", () => {
      // t0 uses t1, …, t9998 uses t9999: two lines each, so t9999 is at lines 20000-20002.
      const rows = ["templates:"];
      for (let i = 0; i < 10_000; i++) {
        rows.push(`  t${i}:`, i < 9999 ? `    use: t${i + 1}` : `    tags: {Team: "x"}\n    allow_permission: {action: "s3:GetObject", resource: {s3: assets, account: lvie}}`);
      }
      rows.push("roles:", `  web: {use: t0, description: web, ${TRUST}}`);
      const result = compileYaml(yaml(...rows));
      expect(lines(result.diagnostics)).to.deep.equal([
        "sandbox/roles.yaml:20002:71: warning: roles.web.allow_permission.resource.account: account is ignored on an s3 resource (via template t9999) [W5]",
      ]);
      expect([planOf(result).roles.web.description, planOf(result).roles.web.tags]).to.deep.equal(["web", { Team: "x" }]);
    });

    it("3.6 a cycle of 5,000 templates is reported once as a cycle naming every template, where it closes", () => {
      const rows = ["templates:"];
      for (let i = 0; i < 5000; i++) rows.push(`  t${i}: {use: t${(i + 1) % 5000}}`);
      rows.push("roles:", "  web: {use: t0}");
      const names = Array.from({ length: 5000 }, (_, i) => `t${i}`);
      expect(lines(errorsOf(compileYaml(yaml(...rows))))).to.deep.equal([
        `sandbox/roles.yaml:5001:16: error: templates.t4999.use: template cycle: ${[...names, "t0"].join(" -> ")} [E3004]`,
      ]);
    });

    it("3.6 a diamond is not a cycle, and the shared template is merged wherever it is named", () => {
      // eff(a) = merge(eff(b), eff(c)); eff(c) = merge(eff(d), c) brings d's description back over b's.
      const result = compileYaml(
        yaml("templates:", `  d: {description: d, ${TRUST}}`, "  b: {use: d, description: b}", "  c: {use: d}", "  a: {use: [b, c]}", "roles:", "  web: {use: a}"),
      );
      expect(lines(result.diagnostics)).to.deep.equal([]);
      expect(planOf(result).roles.web.description).to.equal("d");
    });
  });

  describe("3.7 diagnostics on template-provided values", () => {
    const files = {
      "sandbox/templates/base.yaml": yaml(
        "templates:",
        "  base:",
        "    use: inner",
        "    allow_to_assume_me:",
        "      iam: role/deployer",
        "      account: lvie",
        "  inner:",
        "    allow_permission: {action: 's3:GetObject', resource: {s3: assets}, condition: {}}",
      ),
      "sandbox/roles.yaml": yaml("roles:", "  web: {use: base}", "  api:", "    use: base"),
    };
    let diagnostics: Diagnostic[];
    before(() => {
      diagnostics = errorsOf(compileFiles(files));
    });

    it("3.7 the position is where the template wrote the value; the path is the role's; the message ends (via template <name>)", () => {
      expect(lines(diagnostics.filter((d) => d.code === "E1016"))).to.deep.equal([
        'sandbox/templates/base.yaml:6:16: error: roles.api.allow_to_assume_me.account: unknown account "lvie"; known accounts: live (210987654321), sandbox (012345678901), shared (098765432101); did you mean "live"? (via template base) [E1016]',
        'sandbox/templates/base.yaml:6:16: error: roles.web.allow_to_assume_me.account: unknown account "lvie"; known accounts: live (210987654321), sandbox (012345678901), shared (098765432101); did you mean "live"? (via template base) [E1016]',
      ]);
    });

    it("3.7 through a chain, the template named is the one that wrote the value", () => {
      expect(lines(diagnostics.filter((d) => d.code === "E5002"))).to.deep.equal([
        'sandbox/templates/base.yaml:8:72: error: roles.api.allow_permission.condition: unknown key "condition" in a permission statement; did you mean "Condition"? (via template inner) [E5002]',
        'sandbox/templates/base.yaml:8:72: error: roles.web.allow_permission.condition: unknown key "condition" in a permission statement; did you mean "Condition"? (via template inner) [E5002]',
      ]);
    });

    it("3.7 a value the role wrote itself is reported without (via template)", () => {
      const result = compileYaml(yaml("templates:", "  t: {description: x}", "roles:", "  web: {use: t, allow_to_assume_me: {iam: root, account: lvie}}"));
      const [d] = errorsOf(result);
      expect([d.line, d.column, d.path]).to.deep.equal([4, 58, "roles.web.allow_to_assume_me.account"]);
      expect(d.message).to.not.contain("via template");
    });
  });
});

