/**
 * DIALECT.md §4: roles, their keys (with the extensions), names and paths, the inline policy's name, the own
 * ARN, the instance profile, the default EC2 trust, document order, managed policies, boundary and tags.
 */
import { expect } from "chai";
import type { Diagnostic, RolePlan } from "../../compiler";
import { compileYaml, errorsOf, oneLine, planOf } from "../support/stacks";

const TRUST = "allow_to_assume_me: {service: ec2}";
const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);
const yaml = (...rows: string[]) => rows.join("\n") + "\n";
const A = "012345678901";
const EC2_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
};

/** One role `web` with a trust statement and the given extra lines (indented as role keys). */
function webRole(...keys: string[]) {
  return compileYaml(yaml("roles:", "  web:", `    ${TRUST}`, ...keys.map((k) => `    ${k}`)));
}
const webPlan = (...keys: string[]): RolePlan => planOf(webRole(...keys)).roles.web;
const policies = (n: number) => `[${Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(", ")}]`;

describe("DIALECT.md §4 roles", () => {
  describe("4.1 the role definition", () => {
    it("4.1 a role with every key compiles to the plan entry the table describes", () => {
      const result = compileYaml(
        yaml(
          "roles:",
          "  ops/ci/runner:",
          "    description: CI runner",
          "    make_instance_profile: true",
          "    max_session_duration: 43200",
          "    permissions_boundary: {iam: policy/boundary}",
          "    managed_policies: [arn:aws:iam::aws:policy/ReadOnlyAccess, {iam: policy/ops-base}]",
          "    tags: {team: ci, env: prod}",
          "    allow_to_assume_me: {service: codebuild}",
          "    disallow_to_assume_me: {iam: root, account: live, Effect: Deny}",
          "    permission: {allow: true, action: 'sts:AssumeRole', resource: {iam: __self__}}",
          "    allow_permission: {action: 's3:GetObject', resource: 'arn:aws:s3:::artifacts/*'}",
          "    deny_permission: {action: 'iam:*', resource: '*'}",
        ),
      );
      expect(lines(result.diagnostics)).to.deep.equal([]);
      expect(planOf(result).roles).to.deep.equal({
        "ops/ci/runner": {
          name: "runner",
          path: "/ops/ci/",
          description: "CI runner",
          trustPolicy: {
            Version: "2012-10-17",
            Statement: [
              { Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
              { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole", Sid: "" },
            ],
          },
          policyName: "syncr_policy_ops__ci__runner",
          policy: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${A}:role/ops/ci/runner` },
              { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::artifacts/*" },
              { Effect: "Deny", Action: "iam:*", Resource: "*" },
            ],
          },
          instanceProfile: true,
          maxSessionDuration: 43200,
          permissionsBoundary: `arn:aws:iam::${A}:policy/boundary`,
          managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", `arn:aws:iam::${A}:policy/ops-base`],
          tags: { env: "prod", team: "ci" },
        },
      });
    });

    it("4.1 a role with only a trust statement has the defaults of the 'absent' column", () => {
      expect(webPlan()).to.deep.equal({
        name: "web",
        path: "/",
        description: null,
        trustPolicy: EC2_TRUST,
        policyName: "syncr_policy_web",
        policy: null,
        instanceProfile: false,
        maxSessionDuration: null,
        permissionsBoundary: null,
        managedPolicies: null,
        tags: {},
      });
    });

    it("4.1 a role that is not a mapping (null, a list, a scalar) is an error", () => {
      expect(lines(errorsOf(compileYaml(yaml("roles:", "  a: null", "  b: []", "  c: x", "  d: [1]"))))).to.deep.equal([
        'sandbox/roles.yaml:2:6: error: roles.a: role "a" must be a mapping of role keys, found null [E4001]',
        'sandbox/roles.yaml:3:6: error: roles.b: role "b" must be a mapping of role keys, found an empty list [E4001]',
        'sandbox/roles.yaml:4:6: error: roles.c: role "c" must be a mapping of role keys, found the string "x" [E4001]',
        'sandbox/roles.yaml:5:6: error: roles.d: role "d" must be a mapping of role keys, found a list [E4001]',
      ]);
    });

    it("4.1 Δ an unknown key is an error with suggestion (a misspelt allow_permissions no longer drops permissions)", () => {
      expect(lines(errorsOf(webRole("allow_permissions: {action: 's3:*', resource: '*'}", "Description: x", "trust: {}")))).to.deep.equal([
        'sandbox/roles.yaml:4:5: error: roles.web.allow_permissions: unknown key "allow_permissions"; did you mean "allow_permission"? [E0001]',
        'sandbox/roles.yaml:5:5: error: roles.web.Description: unknown key "Description"; did you mean "description"? [E0001]',
        'sandbox/roles.yaml:6:5: error: roles.web.trust: unknown key "trust" [E0001]',
      ]);
    });

    it("4.1 Δ description is a string sent as the role's Description; unicode is fine", () => {
      expect(webPlan("description: Ünïcode – fine").description).to.equal("Ünïcode – fine");
      expect(webPlan(`description: "${"d".repeat(1000)}"`).description).to.have.length(1000);
    });

    it("4.1 description: more than 1000 characters is an error", () => {
      expect(lines(errorsOf(webRole(`description: "${"d".repeat(1001)}"`)))).to.deep.equal([
        "sandbox/roles.yaml:4:18: error: roles.web.description: expected a description of at most 1,000 characters without control characters, found 1,001 characters [E0003]",
      ]);
    });

    it("4.1 description: control characters are an error", () => {
      expect(lines(errorsOf(webRole('description: "line\\nbreak"')))).to.deep.equal([
        'sandbox/roles.yaml:4:18: error: roles.web.description: expected a description of at most 1,000 characters without control characters, found the string "line\\nbreak" [E0003]',
      ]);
    });

    it("4.1 description: a number is an error", () => {
      const [d] = errorsOf(webRole("description: 5"));
      expect([d.code, d.line, d.column, d.path]).to.deep.equal(["E0002", 4, 18, "roles.web.description"]);
    });

    it('4.1 Δ make_instance_profile accepts only true or false ("false", 1, yes are errors)', () => {
      const result = compileYaml(
        yaml("roles:", `  a: {${TRUST}, make_instance_profile: "false"}`, `  b: {${TRUST}, make_instance_profile: 1}`, `  c: {${TRUST}, make_instance_profile: yes}`),
      );
      expect(errorsOf(result).map((d) => [d.code, d.path, d.message])).to.deep.equal([
        ["E0002", "roles.a.make_instance_profile", 'expected true or false, found the string "false"'],
        ["E0002", "roles.b.make_instance_profile", "expected true or false, found the number 1"],
        ["E0002", "roles.c.make_instance_profile", 'expected true or false, found the string "yes"'],
      ]);
    });

    it("4.1 max_session_duration: 3600 and 43200 are the bounds", () => {
      expect(webPlan("max_session_duration: 3600").maxSessionDuration).to.equal(3600);
      expect(webPlan("max_session_duration: 43200").maxSessionDuration).to.equal(43200);
    });

    it("4.1 max_session_duration: out of range, fractional or quoted is an error", () => {
      const result = compileYaml(
        yaml(
          "roles:",
          `  a: {${TRUST}, max_session_duration: 3599}`,
          `  b: {${TRUST}, max_session_duration: 43201}`,
          `  c: {${TRUST}, max_session_duration: 3600.5}`,
          `  d: {${TRUST}, max_session_duration: "3600"}`,
        ),
      );
      expect(errorsOf(result).map((d) => [d.path, d.message])).to.deep.equal([
        ["roles.a.max_session_duration", "expected a whole number of seconds from 3600 to 43200, found the number 3599"],
        ["roles.b.max_session_duration", "expected a whole number of seconds from 3600 to 43200, found the number 43201"],
        ["roles.c.max_session_duration", "expected a whole number of seconds from 3600 to 43200, found the number 3600.5"],
        ["roles.d.max_session_duration", 'expected a whole number of seconds from 3600 to 43200, found the string "3600"'],
      ]);
    });

    it("4.1 wrong types for path, tags, permissions_boundary and managed_policies are errors", () => {
      expect(errorsOf(webRole("path: 5", "tags: []", "permissions_boundary: [a]", "managed_policies: 5")).map((d) => [d.path, d.message])).to.deep.equal([
        ["roles.web.path", "expected a path such as /ops/ci/, found the number 5"],
        ["roles.web.tags", "expected a mapping of tag names to strings, found an empty list"],
        ["roles.web.permissions_boundary", "expected a policy ARN or an iam specifier, found a list"],
        ["roles.web.managed_policies", "expected policy ARNs or iam specifiers, found the number 5"],
      ]);
    });

    it("11.2 every error of one role is reported, not only the first", () => {
      const codes = errorsOf(webRole("description: 5", "make_instance_profile: 1", "max_session_duration: 1", "tags: {a: 1}", "bogus: x")).map((d) => d.path);
      expect(codes).to.deep.equal([
        "roles.web.description",
        "roles.web.make_instance_profile",
        "roles.web.max_session_duration",
        "roles.web.tags.a",
        "roles.web.bogus",
      ]);
    });
  });

  describe("4.2 name and path", () => {
    it("4.2.2 ops/ci/runner gives RoleName runner and Path /ops/ci/", () => {
      const role = planOf(compileYaml(yaml("roles:", `  ops/ci/runner: {${TRUST}}`))).roles["ops/ci/runner"];
      expect([role.name, role.path]).to.deep.equal(["runner", "/ops/ci/"]);
    });

    it("4.2.2 a name without / has Path /", () => {
      expect(webPlan().path).to.equal("/");
    });

    it("4.2.1 a full name starting or ending with / or containing // is an error", () => {
      expect(lines(errorsOf(compileYaml(yaml("roles:", `  /web: {${TRUST}}`, `  web2/: {${TRUST}}`, `  a//web3: {${TRUST}}`))))).to.deep.equal([
        'sandbox/roles.yaml:2:3: error: roles./web: role name "/web" must not start or end with "/" or contain "//" [E4002]',
        'sandbox/roles.yaml:3:3: error: roles.web2/: role name "web2/" must not start or end with "/" or contain "//" [E4002]',
        'sandbox/roles.yaml:4:3: error: roles.a//web3: role name "a//web3" must not start or end with "/" or contain "//" [E4002]',
      ]);
    });

    it("4.2.3 path sets Path, adding / at the start and end when missing", () => {
      const plan = planOf(
        compileYaml(yaml("roles:", `  a: {${TRUST}, path: ops}`, `  b: {${TRUST}, path: /ops/ci/}`, `  c: {${TRUST}, path: ops/ci}`, `  d: {${TRUST}, path: /}`)),
      );
      expect(Object.values(plan.roles).map((r) => [r.name, r.path])).to.deep.equal([
        ["a", "/ops/"],
        ["b", "/ops/ci/"],
        ["c", "/ops/ci/"],
        ["d", "/"],
      ]);
    });

    it("4.2.3 path keeps the policy name of the full name", () => {
      expect(webPlan("path: /ops/").policyName).to.equal("syncr_policy_web");
    });

    it("4.2.3 path together with a / in the full name is an error", () => {
      const [d, ...rest] = errorsOf(compileYaml(yaml("roles:", "  x/web:", `    ${TRUST}`, "    path: /x/")));
      expect(rest).to.deep.equal([]);
      expect([d.code, d.file, d.line, d.path, d.message]).to.deep.equal([
        "E4003",
        "sandbox/roles.yaml",
        4,
        "roles.x/web.path",
        'path cannot be used with a role name that contains "/" ("x/web")',
      ]);
    });

    it("4.2.4 a leaf of 64 characters of [A-Za-z0-9+=,.@_-] is valid", () => {
      const leaf = `${"b".repeat(57)}+=,.@_-`;
      const plan = planOf(compileYaml(yaml("roles:", `  "${leaf}": {${TRUST}}`)));
      expect(plan.roles[leaf].name).to.equal(leaf);
    });

    it("4.2.4 a leaf of 65 characters is an error", () => {
      const leaf = "a".repeat(65);
      expect(lines(errorsOf(compileYaml(yaml("roles:", `  ${leaf}: {${TRUST}}`))))).to.deep.equal([
        `sandbox/roles.yaml:2:3: error: roles.${leaf}: role name "${leaf}" is 65 characters, more than 64; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ - [E4004]`,
      ]);
    });

    it("4.2.4 a leaf with another character is an error", () => {
      const codes = errorsOf(compileYaml(yaml("roles:", `  web!: {${TRUST}}`))).map((d) => d.code);
      expect(codes).to.include("E4004");
    });

    it("4.2.4 a path of 512 characters is valid, 513 is an error", () => {
      expect(webPlan(`path: "${"a".repeat(510)}"`).path).to.have.length(512);
      const [d, ...rest] = errorsOf(webRole(`path: "${"a".repeat(511)}"`));
      expect(rest).to.deep.equal([]);
      expect([d.code, d.path, d.message]).to.deep.equal(["E4005", "roles.web.path", `path "/${"a".repeat(511)}/" is 513 characters, more than 512`]);
    });

    it("4.2.4 path segments are made of U+0021 to U+007E: a space or a non-ASCII letter is an error", () => {
      expect(errorsOf(webRole('path: "a b"')).map((d) => [d.code, d.message])).to.deep.equal([
        ["E4005", 'path "/a b/" may contain only printable ASCII characters other than space'],
      ]);
      const fromName = errorsOf(compileYaml(yaml("roles:", `  ops/ü/web: {${TRUST}}`))).map((d) => d.code);
      expect(fromName).to.include("E4005");
    });

    it("4.2.4 a path segment may hold any printable ASCII, e.g. ops-1.x/@team", () => {
      const role = planOf(compileYaml(yaml("roles:", "  web:", `    ${TRUST}`, "    path: '/ops-1.x/@team!/'"))).roles.web;
      expect(role.path).to.equal("/ops-1.x/@team!/");
    });
  });

  describe("4.3 inline policy name", () => {
    it("4.3 syncr_policy_ + the full name with / replaced by __", () => {
      const plan = planOf(compileYaml(yaml("roles:", `  ops/ci/runner: {${TRUST}}`, `  web: {${TRUST}}`)));
      expect(Object.values(plan.roles).map((r) => r.policyName)).to.deep.equal(["syncr_policy_ops__ci__runner", "syncr_policy_web"]);
    });

    it("4.3 a policy name of 128 characters is valid, 129 is an error", () => {
      const ok = `${"p".repeat(49)}/${"m".repeat(64)}`; // 13 + 49 + 2 + 64 = 128
      expect(planOf(compileYaml(yaml("roles:", `  ${ok}: {${TRUST}}`))).roles[ok].policyName).to.have.length(128);
      const long = `${"p".repeat(50)}/${"l".repeat(64)}`;
      const policyName = `syncr_policy_${"p".repeat(50)}__${"l".repeat(64)}`;
      expect(lines(errorsOf(compileYaml(yaml("roles:", `  ${long}: {${TRUST}}`))))).to.deep.equal([
        `sandbox/roles.yaml:2:3: error: roles.${long}: inline policy name "${policyName}" is 129 characters, more than 128; IAM policy names are 1 to 128 characters of A-Z a-z 0-9 + = , . @ _ - [E4006]`,
      ]);
    });
  });

  describe("4.4 the role's own ARN", () => {
    it("4.4 {iam: __self__} is arn:aws:iam::<A>:role + Path + leaf", () => {
      const role = planOf(compileYaml(yaml("roles:", "  ops/ci/runner:", `    ${TRUST}`, "    allow_permission: {action: 'sts:AssumeRole', resource: {iam: __self__}}"))).roles[
        "ops/ci/runner"
      ];
      expect(role.policy!.Statement[0].Resource).to.equal(`arn:aws:iam::${A}:role/ops/ci/runner`);
    });

    it("4.4 with the path extension, the own ARN uses that Path", () => {
      const role = webPlan("path: /svc/", "allow_permission: {action: 'sts:AssumeRole', resource: {iam: __self__}}");
      expect(role.policy!.Statement[0].Resource).to.equal(`arn:aws:iam::${A}:role/svc/web`);
    });

    it("4.4 __self__ in the trust policy names the role itself", () => {
      const role = planOf(compileYaml(yaml("roles:", "  ops/web:", "    allow_to_assume_me: {iam: __self__}"))).roles["ops/web"];
      expect(role.trustPolicy.Statement[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${A}:role/ops/web` });
    });
  });

  describe("4.5 instance profile", () => {
    it("4.5 make_instance_profile: true declares a profile; false and absent do not", () => {
      const plan = planOf(compileYaml(yaml("roles:", `  a: {${TRUST}, make_instance_profile: true}`, `  ops/b: {${TRUST}, make_instance_profile: false}`, `  c: {${TRUST}}`)));
      expect([plan.roles.a.instanceProfile, plan.roles["ops/b"].instanceProfile, plan.roles.c.instanceProfile]).to.deep.equal([true, false, false]);
    });
  });

  describe("4.6 trust document and the default EC2 trust", () => {
    it("4.6 no trust statement: the role trusts ec2.amazonaws.com, with warning W1 at the role", () => {
      const result = compileYaml(yaml("roles:", "  web:", "    description: no trust"));
      expect(planOf(result).roles.web.trustPolicy).to.deep.equal(EC2_TRUST);
      expect(JSON.stringify(planOf(result).roles.web.trustPolicy)).to.equal(
        '{"Version":"2012-10-17","Statement":[{"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Effect":"Allow","Sid":""}]}',
      );
      expect(lines(result.diagnostics)).to.deep.equal([
        "sandbox/roles.yaml:2:3: warning: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com [W1]",
      ]);
    });

    it("4.6 null and empty lists count as no trust statement", () => {
      const result = compileYaml(yaml("roles:", "  a: {allow_to_assume_me: null}", "  b: {allow_to_assume_me: [], disallow_to_assume_me: []}", "  c: {}"));
      const plan = planOf(result);
      for (const name of ["a", "b", "c"]) expect(plan.roles[name].trustPolicy, name).to.deep.equal(EC2_TRUST);
      expect(result.diagnostics.map((d) => [d.code, d.path])).to.deep.equal([
        ["W1", "roles.a"],
        ["W1", "roles.b"],
        ["W1", "roles.c"],
      ]);
    });

    it("4.6 a role with only disallow_to_assume_me has a trust statement: no default", () => {
      const result = compileYaml(yaml("roles:", "  web:", "    disallow_to_assume_me: {iam: root, account: live, Effect: Deny}"));
      expect(planOf(result).roles.web.trustPolicy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole", Sid: "" }],
      });
      expect(lines(result.diagnostics)).to.deep.equal([]);
    });

    it("4.6 allow statements in list order, then disallow statements, whatever the order of the keys", () => {
      const role = webPlanRaw(
        "    disallow_to_assume_me: {service: lambda, Effect: Deny}",
        "    allow_to_assume_me: [{service: ecs-tasks}, {service: ec2}]",
      );
      expect(role.trustPolicy.Statement).to.deep.equal([
        { Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
        { Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" },
        { Effect: "Deny", NotPrincipal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Sid: "" },
      ]);
    });
  });

  describe("4.7 permission document", () => {
    it("4.7 permission, then allow_permission, then deny_permission, each in list order, whatever the order of the keys", () => {
      const role = webPlanRaw(
        `    ${TRUST}`,
        "    deny_permission: {action: 'd:D', resource: '*'}",
        "    allow_permission: [{action: 'b:B1', resource: '*'}, {action: 'b:B2', resource: '*'}]",
        "    permission: [{action: 'a:A1', resource: '*', allow: false}, {action: 'a:A2', resource: '*', allow: true}]",
      );
      expect(role.policy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Deny", Action: "a:A1", Resource: "*" },
          { Effect: "Allow", Action: "a:A2", Resource: "*" },
          { Effect: "Allow", Action: "b:B1", Resource: "*" },
          { Effect: "Allow", Action: "b:B2", Resource: "*" },
          { Effect: "Deny", Action: "d:D", Resource: "*" },
        ],
      });
    });

    it("4.7 with no permission statement (absent, null or empty lists) there is no inline policy", () => {
      expect(webPlan().policy).to.equal(null);
      expect(webPlan("permission: []", "allow_permission: null", "deny_permission: []").policy).to.equal(null);
    });
  });

  describe("4.9 managed_policies", () => {
    it("4.9 a single item is listified", () => {
      expect(webPlan("managed_policies: arn:aws:iam::aws:policy/ReadOnlyAccess").managedPolicies).to.deep.equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    });

    it("4.9 iam specifiers give ARNs in account A, or in the account named", () => {
      expect(webPlan("managed_policies: [{iam: policy/ops-base}, {iam: [policy/a, policy/b], account: live}]").managedPolicies).to.deep.equal([
        `arn:aws:iam::${A}:policy/ops-base`,
        "arn:aws:iam::210987654321:policy/a",
        "arn:aws:iam::210987654321:policy/b",
      ]);
    });

    it("4.9 duplicates are removed (spec silent on order: kept as first written)", () => {
      // spec silent: the order of managedPolicies; the written order (first occurrence) is kept.
      expect(
        webPlan(`managed_policies: [arn:aws:iam::aws:policy/B, {iam: policy/a}, arn:aws:iam::aws:policy/B, "arn:aws:iam::${A}:policy/a"]`).managedPolicies,
      ).to.deep.equal(["arn:aws:iam::aws:policy/B", `arn:aws:iam::${A}:policy/a`]);
    });

    it("4.9 [] manages the attachments as none; absent leaves them unmanaged (null)", () => {
      expect(webPlan("managed_policies: []").managedPolicies).to.deep.equal([]);
      expect(webPlan().managedPolicies).to.equal(null);
    });

    it("4.9 anything but arn:aws:iam::(12 digits|aws):policy/… is an error, each at its item", () => {
      const result = webRole(`managed_policies: [arn:aws:s3:::x, ReadOnlyAccess, {iam: role/x}, "arn:aws:iam::12345:policy/x", "arn:aws:iam::aws:policy/"]`);
      expect(lines(errorsOf(result))).to.deep.equal([
        'sandbox/roles.yaml:4:24: error: roles.web.managed_policies[0]: "arn:aws:s3:::x" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>) [E4007]',
        'sandbox/roles.yaml:4:40: error: roles.web.managed_policies[1]: a managed policy must be an ARN (starting with "arn:"), found "ReadOnlyAccess" [E6006]',
        `sandbox/roles.yaml:4:56: error: roles.web.managed_policies[2]: "arn:aws:iam::${A}:role/x" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>) [E4007]`,
        'sandbox/roles.yaml:4:71: error: roles.web.managed_policies[3]: "arn:aws:iam::12345:policy/x" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>) [E4007]',
        'sandbox/roles.yaml:4:102: error: roles.web.managed_policies[4]: "arn:aws:iam::aws:policy/" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>) [E4007]',
      ]);
    });

    it("11.2 an item of the wrong type does not hide the errors of the other items", () => {
      const result = webRole("managed_policies: [arn:aws:s3:::x, 5]");
      expect(errorsOf(result).map((d) => [d.code, d.path])).to.deep.equal([
        ["E4007", "roles.web.managed_policies[0]"],
        ["E0002", "roles.web.managed_policies[1]"],
      ]);
    });

    it("4.9 10 managed policies: no warning", () => {
      const result = webRole(`managed_policies: ${policies(10)}`);
      expect(planOf(result).roles.web.managedPolicies).to.have.length(10);
      expect(lines(result.diagnostics)).to.deep.equal([]);
    });

    it("4.9 more than 10 is warning W8", () => {
      const result = webRole(`managed_policies: ${policies(11)}`);
      expect(planOf(result).roles.web.managedPolicies).to.have.length(11);
      expect(lines(result.diagnostics)).to.deep.equal([
        "sandbox/roles.yaml:4:23: warning: roles.web.managed_policies: 11 managed policies, above the default quota of 10 per role (adjustable up to 20) [W8]",
      ]);
    });

    it("4.9 20 is still only W8; more than 20 is an error", () => {
      expect(webRole(`managed_policies: ${policies(20)}`).diagnostics.map((d) => d.code)).to.deep.equal(["W8"]);
      expect(lines(errorsOf(webRole(`managed_policies: ${policies(21)}`)))).to.deep.equal([
        "sandbox/roles.yaml:4:23: error: roles.web.managed_policies: 21 managed policies; IAM allows at most 20 per role [E4008]",
      ]);
    });

    it("4.9 the limits count policies after duplicates are removed", () => {
      const eleven = `[${Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(", ")}, arn:aws:iam::aws:policy/P0]`;
      expect(lines(webRole(`managed_policies: ${eleven}`).diagnostics)).to.deep.equal([]);
    });
  });

  describe("4.10 permissions_boundary", () => {
    it("4.10 an ARN string, or an iam specifier giving one ARN", () => {
      expect(webPlan("permissions_boundary: arn:aws:iam::aws:policy/PowerUserAccess").permissionsBoundary).to.equal("arn:aws:iam::aws:policy/PowerUserAccess");
      expect(webPlan("permissions_boundary: {iam: policy/boundary, account: live}").permissionsBoundary).to.equal("arn:aws:iam::210987654321:policy/boundary");
    });

    it("4.10 a specifier giving two ARNs is an error", () => {
      expect(lines(errorsOf(webRole("permissions_boundary: {iam: policy/a, account: [live, sandbox]}")))).to.deep.equal([
        "sandbox/roles.yaml:4:27: error: roles.web.permissions_boundary: permissions_boundary must give exactly one ARN, found 2 [E4009]",
      ]);
    });

    it("4.10 an ARN that is not a managed policy ARN, or a string that is not an ARN, is an error", () => {
      expect(lines(errorsOf(webRole(`permissions_boundary: arn:aws:iam::${A}:role/x`)))).to.deep.equal([
        `sandbox/roles.yaml:4:27: error: roles.web.permissions_boundary: "arn:aws:iam::${A}:role/x" is not a managed policy ARN (arn:aws:iam::<account id or aws>:policy/<name>) [E4007]`,
      ]);
      expect(lines(errorsOf(webRole("permissions_boundary: Boundary")))).to.deep.equal([
        'sandbox/roles.yaml:4:27: error: roles.web.permissions_boundary: permissions_boundary must be an ARN (starting with "arn:"), found "Boundary" [E6006]',
      ]);
    });
  });

  describe("4.11 tags", () => {
    it("4.11 tags are a mapping of strings; absent means none", () => {
      expect(webPlan("tags: {team: web, cost-centre: '42', empty: ''}").tags).to.deep.equal({ "cost-centre": "42", empty: "", team: "web" });
      expect(webPlan().tags).to.deep.equal({});
    });

    it("4.11 a number, boolean or null value is an error (quote it)", () => {
      expect(errorsOf(webRole("tags: {n: 1, b: true, z: null}")).map((d) => [d.code, d.path, d.message])).to.deep.equal([
        ["E0002", "roles.web.tags.n", "expected a string of at most 256 characters (quote numbers and booleans), found the number 1"],
        ["E0002", "roles.web.tags.b", "expected a string of at most 256 characters (quote numbers and booleans), found the boolean true"],
        ["E0002", "roles.web.tags.z", "expected a string of at most 256 characters (quote numbers and booleans), found null"],
      ]);
    });

    it("4.11 a key of 128 characters and a value of 256 are valid", () => {
      const tags = webPlan(`tags: {${"k".repeat(128)}: "${"v".repeat(256)}"}`).tags;
      expect(tags).to.deep.equal({ ["k".repeat(128)]: "v".repeat(256) });
    });

    it("4.11 an empty key, a key of 129 characters, a key starting with aws: and a value of 257 characters are errors", () => {
      const result = webRole(`tags: {"": x, "aws:x": y, ${"k".repeat(129)}: z, v: "${"v".repeat(257)}"}`);
      expect(errorsOf(result).map((d) => [d.code, d.path, d.message])).to.deep.equal([
        ["E4011", 'roles.web.tags[""]', 'tag key "" must not be empty'],
        ["E4011", "roles.web.tags.aws:x", 'tag key "aws:x" must not start with "aws:" (reserved by AWS)'],
        ["E4011", `roles.web.tags.${"k".repeat(129)}`, `tag key "${"k".repeat(129)}" is 129 characters, more than 128`],
        ["E0003", "roles.web.tags.v", "expected a string of at most 256 characters (quote numbers and booleans), found 257 characters"],
      ]);
    });

    it("4.11 50 tags are valid, 51 an error", () => {
      const tags = (n: number) => `tags: {${Array.from({ length: n }, (_, i) => `k${i}: v`).join(", ")}}`;
      expect(Object.keys(webPlan(tags(50)).tags)).to.have.length(50);
      expect(lines(errorsOf(webRole(tags(51))))).to.deep.equal(["sandbox/roles.yaml:4:11: error: roles.web.tags: 51 tags; at most 50 are allowed [E4010]"]);
    });
  });
});

/** Role `web` written with the given raw lines (already indented as role keys). */
function webPlanRaw(...rows: string[]): RolePlan {
  return planOf(compileYaml(yaml("roles:", "  web:", ...rows))).roles.web;
}
