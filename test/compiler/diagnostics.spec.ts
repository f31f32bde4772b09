/**
 * DIALECT.md §11: what a diagnostic holds, how they are sorted, all errors in one run, strict mode, and
 * warnings in the plan.
 */
import { expect } from "chai";
import * as path from "node:path";
import { compileAccount, formatDiagnostic, summarize, type Diagnostic } from "../../compiler";
import { compileIn, compileYaml, errorsOf, oneLine, planOf, writeStacks } from "../support/stacks";

const TRUST = "allow_to_assume_me: {service: ec2}";
const lines = (diagnostics: Diagnostic[]) => diagnostics.map(oneLine);
const yaml = (...rows: string[]) => rows.join("\n") + "\n";
const compileFiles = (files: Record<string, string>) => compileIn(writeStacks({ files }));
const ELEVEN = `[${Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`).join(", ")}]`;

describe("DIALECT.md §11 errors and warnings", () => {
  describe("11.1 the YAML path", () => {
    it("11.1 keys are joined by '.', list items are [i] (0-based), a single statement has no index", () => {
      const result = compileYaml(
        yaml(
          "roles:",
          "  web:",
          `    ${TRUST}`,
          "    allow_permission:",
          "      - {action: 'x:X', resource: '*'}",
          "      - {action: 'y:Y', resource: {iam: root, account: lvie}}",
          "    deny_permission: {action: 'z:Z', resource: {iam: root, account: lvie}}",
        ),
      );
      expect(errorsOf(result).map((d) => [d.line, d.column, d.path])).to.deep.equal([
        [6, 56, "roles.web.allow_permission[1].resource.account"],
        [7, 69, "roles.web.deny_permission.resource.account"],
      ]);
    });

    it('11.1 a key containing ".", "[", "]", a quote or white space, or an empty key, is written ["…"] as a JSON string', () => {
      const result = compileYaml(
        yaml(
          "buckets:",
          "  assets.example.com:",
          "    tags: {a: 1}",
          "roles:",
          "  web:",
          `    ${TRUST}`,
          `    tags: {'a"b': 1, "a[0]": 2, "x]": 3, "a b": 4, "a\\tb": 5, "": "6", "aws-ok:é": 7}`,
        ),
      );
      expect(errorsOf(result).map((d) => d.path)).to.deep.equal([
        'buckets["assets.example.com"].tags.a',
        'roles.web.tags["a\\"b"]',
        'roles.web.tags["a[0]"]',
        'roles.web.tags["x]"]',
        'roles.web.tags["a b"]',
        'roles.web.tags["a\\tb"]',
        'roles.web.tags[""]',
        "roles.web.tags.aws-ok:é",
      ]);
    });

    it("11.1 a role name with / stays one key: roles.ops/ci/web", () => {
      const [d] = errorsOf(compileYaml(yaml("roles:", "  ops/ci/web:", `    ${TRUST}`, "    bogus: 1")));
      expect(d.path).to.equal("roles.ops/ci/web.bogus");
    });

    it("11.1 line and column are 1-based", () => {
      const [d] = errorsOf(compileYaml("bogus: 1\n"));
      expect([d.line, d.column]).to.deep.equal([1, 1]);
    });

    it("11.1 file-level diagnostics have no YAML path", () => {
      const [d] = errorsOf(compileYaml("- a\n"));
      expect(d.path).to.equal(undefined);
    });
  });

  describe("11.1 file names relative to the current directory, with /", () => {
    const files = { "sandbox/ci/runners.yml": yaml("roles:", "  web:", `    ${TRUST}`, "    bogus: 1") };

    it("11.1 from the stacks root: sandbox/ci/runners.yml", () => {
      const root = writeStacks({ files });
      const [d] = errorsOf(compileAccount({ accountFolder: "sandbox", cwd: root }));
      expect(d.file).to.equal("sandbox/ci/runners.yml");
    });

    it("11.1 from the parent of the stacks root: <root>/sandbox/ci/runners.yml", () => {
      const root = writeStacks({ files });
      const [d] = errorsOf(compileAccount({ accountFolder: path.join(path.basename(root), "sandbox"), cwd: path.dirname(root) }));
      expect(d.file).to.equal(`${path.basename(root)}/sandbox/ci/runners.yml`);
    });

    it("11.1 from inside the account folder: ci/runners.yml", () => {
      const root = writeStacks({ files });
      const [d] = errorsOf(compileAccount({ accountFolder: ".", cwd: path.join(root, "sandbox") }));
      expect(d.file).to.equal("ci/runners.yml");
    });

    it("11.1 from a sibling folder: ../<root>/sandbox/ci/runners.yml, also for accounts.yaml", () => {
      const root = writeStacks({ files });
      const other = writeStacks({ files: {} });
      const [d] = errorsOf(compileAccount({ accountFolder: path.join(root, "sandbox"), cwd: other }));
      expect(d.file).to.equal(`../${path.basename(root)}/sandbox/ci/runners.yml`);
      const [a] = errorsOf(compileAccount({ accountFolder: path.join(root, "nope-not-listed"), cwd: other }));
      expect(oneLine(a)).to.contain(`../${path.basename(root)}/`);
    });
  });

  describe("11.1 the one-line form", () => {
    it("11.1 <file>:<line>:<column>: <severity>: <yaml path>: <message>", () => {
      const [d] = errorsOf(compileYaml(yaml("roles:", "  web:", `    ${TRUST}`, "    allow_permission: {action: 'a:B', resource: {iam: root, account: lvie}}")));
      expect(formatDiagnostic(d)).to.equal(
        'sandbox/roles.yaml:4:70: error: roles.web.allow_permission.resource.account: unknown account "lvie"; known accounts: live (210987654321), sandbox (012345678901), shared (098765432101); did you mean "live"?',
      );
    });

    it("11.1 unknown parts are left out with their separator", () => {
      expect(formatDiagnostic(errorsOf(compileYaml(""))[0])).to.equal("sandbox/roles.yaml: error: the file is empty; expected a mapping of top-level keys");
      expect(formatDiagnostic(errorsOf(compileYaml("- a\n"))[0])).to.equal("sandbox/roles.yaml:1:1: error: the document is a list; expected a mapping of top-level keys");
    });

    it("11.1 user text in the one-line form is escaped: a newline or a terminal escape cannot forge a line or colour the terminal", () => {
      // A quoted key with a newline, an escape sequence, DEL, a C1 CSI and a right-to-left override.
      const key = "a\nerror: forged\u001b[31m\u007f\u009b\u202e";
      const [role, policy] = errorsOf(compileYaml(yaml("roles:", `  ${JSON.stringify(key)}: {${TRUST}}`)));
      const escapedKey = "a\\nerror: forged\\u001b[31m\\u007f\\u009b\\u202e";
      expect([formatDiagnostic(role), formatDiagnostic(policy)]).to.deep.equal([
        `sandbox/roles.yaml:2:3: error: roles["a\\nerror: forged\\u001b[31m\\u007f\\u009b\\u202e"]: inline policy name "syncr_policy_${escapedKey}" contains characters IAM does not allow; IAM policy names are 1 to 128 characters of A-Z a-z 0-9 + = , . @ _ -`,
        `sandbox/roles.yaml:2:3: error: roles["a\\nerror: forged\\u001b[31m\\u007f\\u009b\\u202e"]: role name "${escapedKey}" contains characters IAM does not allow; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -`,
      ]);
      // The data stays as written: the JSON outputs print it with JSON's own escapes.
      expect(role.message).to.contain(key);
    });

    it("11.1 a file name with control characters is escaped in the one-line form", () => {
      const root = writeStacks({ files: { "sandbox/bad\u001b[2J\tname.yaml": "- a\n" } });
      const [d] = errorsOf(compileIn(root));
      expect(d.file).to.equal("sandbox/bad\u001b[2J\tname.yaml");
      expect(formatDiagnostic(d)).to.equal("sandbox/bad\\u001b[2J\\tname.yaml:1:1: error: the document is a list; expected a mapping of top-level keys");
    });

    it("11.2 the count: '2 errors, 1 warning'", () => {
      const result = compileYaml(yaml("roles:", "  web: {}", "  api: {bogus: 1, other: 2}"));
      expect(summarize(result.diagnostics)).to.equal("2 errors, 2 warnings");
      expect(summarize(errorsOf(compileYaml(yaml("roles:", "  web: {}", `  api: {${TRUST}, bogus: 1}`))))).to.equal("1 error, 1 warning");
    });
  });

  describe("11.2 all errors together, sorted", () => {
    it("11.2 independent errors of every kind, in several files, are all reported, sorted by file, line, column", () => {
      const result = compileFiles({
        "sandbox/b.yaml": yaml("roles:", "  web: {}", `  api: {${TRUST}, bogus: 1}`),
        "sandbox/a.yaml": yaml("buckets:", "  Bad_Bucket: {}", "foo: 1"),
        "sandbox/A/z.yaml": yaml("keys:", "  alias/k: {description: d, location: us-east-1}"),
        "sandbox/c.yaml": yaml("roles:", "  db:", "    allow_to_assume_me: {iam: root, account: lvie}", "remove_roles: [aws-service-role/x]"),
      });
      expect(errorsOf(result).map((d) => [d.file, d.line, d.severity, d.code])).to.deep.equal([
        ["sandbox/A/z.yaml", 2, "error", "E8001"],
        ["sandbox/a.yaml", 2, "error", "E7001"],
        ["sandbox/a.yaml", 3, "error", "E0001"],
        ["sandbox/b.yaml", 2, "warning", "W1"],
        ["sandbox/b.yaml", 3, "error", "E0001"],
        ["sandbox/c.yaml", 3, "error", "E1016"],
        ["sandbox/c.yaml", 4, "error", "E9001"],
      ]);
    });

    it("11.2 on one line, diagnostics are sorted by column", () => {
      const result = compileYaml(yaml("roles:", "  web:", `    ${TRUST}`, "    tags: {b: 1, a: 2}"));
      expect(errorsOf(result).map((d) => [d.column, d.path])).to.deep.equal([
        [15, "roles.web.tags.b"],
        [21, "roles.web.tags.a"],
      ]);
    });

    it("11.2 at one position, diagnostics are sorted by path", () => {
      const result = compileYaml(yaml("templates:", "  t: {allow_to_assume_me: {iam: root, account: lvie}}", "roles:", "  zeta: {use: t}", "  alpha: {use: t}"));
      expect(errorsOf(result).map((d) => [d.line, d.column, d.path])).to.deep.equal([
        [2, 48, "roles.alpha.allow_to_assume_me.account"],
        [2, 48, "roles.zeta.allow_to_assume_me.account"],
      ]);
    });

    it("11.2 files are compared by code point", () => {
      const result = compileFiles({ "sandbox/😀.yaml": "bogus: 1\n", "sandbox/ｚ.yaml": "bogus: 1\n", "sandbox/Z.yaml": "bogus: 1\n", "sandbox/_.yaml": "bogus: 1\n" });
      expect(errorsOf(result).map((d) => d.file)).to.deep.equal(["sandbox/Z.yaml", "sandbox/_.yaml", "sandbox/ｚ.yaml", "sandbox/😀.yaml"]);
    });

    it("11.2 the same mistake in two roles is reported twice (no false de-duplication)", () => {
      const result = compileYaml(yaml("roles:", `  a: {${TRUST}, bogus: 1}`, `  b: {${TRUST}, bogus: 1}`));
      expect(errorsOf(result).map((d) => d.path)).to.deep.equal(["roles.a.bogus", "roles.b.bogus"]);
    });

    it("0.1 an error means no plan at all, even if other roles are fine", () => {
      const result = compileYaml(yaml("roles:", `  fine: {${TRUST}}`, `  broken: {${TRUST}, bogus: 1}`));
      expect(result.ok).to.equal(false);
      expect(result).to.not.have.property("plan");
    });
  });

  describe("11.4 warnings and strict mode", () => {
    it("11.4 warnings alone: success, and each warning is in plan.warnings with file, line, column, path and message", () => {
      const result = compileYaml(yaml("roles:", "  web: {}", `  x: {${TRUST}, managed_policies: ${ELEVEN}}`));
      const plan = planOf(result);
      expect(plan.warnings).to.deep.equal([
        { file: "sandbox/roles.yaml", line: 2, column: 3, path: "roles.web", message: "role has no trust statement, so it trusts ec2.amazonaws.com" },
        {
          file: "sandbox/roles.yaml",
          line: 3,
          column: 61,
          path: "roles.x.managed_policies",
          message: "11 managed policies, above the default quota of 10 per role (adjustable up to 20)",
        },
      ]);
      expect(Object.keys(plan.warnings[0])).to.deep.equal(["file", "line", "column", "path", "message"]);
      expect(plan.roles.web.trustPolicy.Statement).to.have.length(1);
    });

    it("11.4 without warnings, plan.warnings is an empty list", () => {
      expect(planOf(compileYaml(yaml("roles:", `  web: {${TRUST}}`))).warnings).to.deep.equal([]);
    });

    it("11.4 strict mode: each warning is reported and counted as an error; the compilation fails", () => {
      const result = compileYaml(yaml("roles:", "  web: {}", `  x: {${TRUST}, managed_policies: ${ELEVEN}}`), { strict: true });
      expect(lines(errorsOf(result))).to.deep.equal([
        "sandbox/roles.yaml:2:3: error: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com [W1]",
        "sandbox/roles.yaml:3:61: error: roles.x.managed_policies: 11 managed policies, above the default quota of 10 per role (adjustable up to 20) [W8]",
      ]);
      expect(summarize(result.diagnostics)).to.equal("2 errors, 0 warnings");
    });

    it("11.4 strict mode without warnings succeeds", () => {
      const result = compileYaml(yaml("roles:", `  web: {${TRUST}}`), { strict: true });
      expect(planOf(result).warnings).to.deep.equal([]);
    });

    it("11.4 strict mode also counts W0001 (a skipped symbolic link)", function () {
      const root = writeStacks({ files: { "sandbox/roles.yaml": yaml("roles:", `  web: {${TRUST}}`), "other/x.yaml": "roles: {}\n" } });
      try {
        require("node:fs").symlinkSync(path.join(root, "other/x.yaml"), path.join(root, "sandbox/x.yaml"));
      } catch {
        this.skip();
      }
      const result = compileIn(root, "sandbox", { strict: true });
      expect(errorsOf(result).map((d) => [d.severity, d.code])).to.deep.equal([["error", "W0001"]]);
    });

    it("11.2 a failing run reports its warnings too, sorted among the errors", () => {
      const result = compileYaml(yaml("roles:", "  web: {}", `  api: {${TRUST}, bogus: 1}`));
      expect(lines(errorsOf(result))).to.deep.equal([
        "sandbox/roles.yaml:2:3: warning: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com [W1]",
        'sandbox/roles.yaml:3:45: error: roles.api.bogus: unknown key "bogus" [E0001]',
      ]);
    });
  });
});
