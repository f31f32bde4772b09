/**
 * `iam-syncr compile`, run for real: the built command (`npx tsc -p tsconfig.build.json`, the pretest step)
 * in a child process. Exit codes, streams, the one-line diagnostics of DIALECT.md §11, and determinism (13.4).
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeStacks } from "../support/stacks";

const MAIN = path.resolve(__dirname, "../../bin/cli/main.js");
const TRUST = "allow_to_assume_me: {service: ec2}";
const yaml = (...rows: string[]) => rows.join("\n") + "\n";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/cli/main.js <args>` in `cwd`, with a clean AWS environment unless `env` says otherwise. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith("AWS_")) delete base[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env: { ...base, ...env }, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const GOOD = { "sandbox/roles.yaml": yaml("roles:", `  web: {${TRUST}}`, "remove_roles: [legacy]") };
const WARNS = { "sandbox/roles.yaml": yaml("roles:", "  web: {}") };
const BROKEN = { "sandbox/roles.yaml": yaml("roles:", "  web: {}", `  api: {${TRUST}, bogus: 1}`, "  db: {use: nope}") };

describe("iam-syncr compile (the command)", () => {
  before(function () {
    if (!fs.existsSync(MAIN)) {
      throw new Error(`${path.relative(process.cwd(), MAIN)} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does it)`);
    }
  });

  describe("success", () => {
    it("exit 0, the plan as JSON on stdout, nothing on stderr", async () => {
      const root = writeStacks({ files: GOOD });
      const run = await cli(["compile", "sandbox"], root);
      expect([run.code, run.stderr]).to.deep.equal([0, ""]);
      expect(run.stdout.endsWith("}\n")).to.equal(true);
      const plan = JSON.parse(run.stdout);
      expect(Object.keys(plan)).to.deep.equal(["format", "account", "roles", "removedRoles", "buckets", "keys", "warnings"]);
      expect(plan.format).to.equal("iam-syncr/plan@1");
      expect(plan.account).to.deep.equal({ name: "sandbox", id: "012345678901" });
      expect(plan.removedRoles).to.deep.equal(["legacy"]);
      expect(plan.roles.web.trustPolicy).to.deep.equal({
        Version: "2012-10-17",
        Statement: [{ Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
      });
      expect(plan.warnings).to.deep.equal([]);
    });

    it("--format json is the default", async () => {
      const root = writeStacks({ files: GOOD });
      const [implicit, explicit] = [await cli(["compile", "sandbox"], root), await cli(["compile", "--format", "json", "sandbox"], root)];
      expect(explicit).to.deep.equal(implicit);
    });

    it("warnings alone: exit 0, the plan on stdout, the warnings and the count on stderr", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ files: WARNS }));
      expect(run.code).to.equal(0);
      expect(run.stderr).to.equal(
        "sandbox/roles.yaml:2:3: warning: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com\n0 errors, 1 warning\n",
      );
      expect(JSON.parse(run.stdout).warnings).to.deep.equal([
        { file: "sandbox/roles.yaml", line: 2, column: 3, path: "roles.web", message: "role has no trust statement, so it trusts ec2.amazonaws.com" },
      ]);
    });
  });

  describe("errors: exit 1", () => {
    it("exit 1, nothing on stdout, every diagnostic on its own line on stderr, then the count", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ files: BROKEN }));
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.equal(
        [
          "sandbox/roles.yaml:2:3: warning: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com",
          'sandbox/roles.yaml:3:45: error: roles.api.bogus: unknown key "bogus"',
          'sandbox/roles.yaml:4:13: error: roles.db.use: unknown template "nope"; no templates are defined',
          "2 errors, 1 warning",
          "",
        ].join("\n"),
      );
    });

    it("11.1 file names are relative to the current directory, whatever the argument's form", async () => {
      const root = writeStacks({ files: BROKEN });
      const parent = path.dirname(root);
      const base = path.basename(root);
      const relative = await cli(["compile", `${base}/sandbox`], parent);
      const absolute = await cli(["compile", path.join(root, "sandbox")], parent);
      for (const run of [relative, absolute]) {
        expect(run.code).to.equal(1);
        expect(run.stderr.split("\n")[1]).to.equal(`${base}/sandbox/roles.yaml:3:45: error: roles.api.bogus: unknown key "bogus"`);
      }
      const inside = await cli(["compile", "."], path.join(root, "sandbox"));
      expect(inside.stderr.split("\n")[1]).to.equal('roles.yaml:3:45: error: roles.api.bogus: unknown key "bogus"');
    });

    it("a missing account folder is an input error: exit 1 with a diagnostic", async () => {
      const run = await cli(["compile", "nope"], writeStacks({ files: GOOD }));
      expect(run).to.deep.equal({ code: 1, stdout: "", stderr: 'error: account folder "nope" does not exist\n1 error, 0 warnings\n' });
    });

    it("a missing accounts.yaml is an input error: exit 1 with a diagnostic", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ accounts: null, files: GOOD }));
      expect(run).to.deep.equal({ code: 1, stdout: "", stderr: "error: accounts file accounts.yaml does not exist\n1 error, 0 warnings\n" });
    });

    it("an account folder without YAML files: exit 1", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ files: { "sandbox/notes.txt": "x" } }));
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.equal("error: no .yaml or .yml file below sandbox; an empty stack would delete everything it manages\n1 error, 0 warnings\n");
    });

    it("a folder name missing from accounts.yaml: exit 1, the diagnostic names accounts.yaml", async () => {
      const run = await cli(["compile", "staging"], writeStacks({ files: { "staging/roles.yaml": GOOD["sandbox/roles.yaml"] } }));
      expect(run.code).to.equal(1);
      expect(run.stderr.split("\n")[0]).to.equal(
        'accounts.yaml: error: account "staging" is not in accounts.yaml; known accounts: live (210987654321), sandbox (012345678901), shared (098765432101)',
      );
    });

    it("a YAML syntax error: exit 1 with line and column", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ files: { "sandbox/roles.yaml": "roles:\n\tweb: {}\n" } }));
      expect(run).to.deep.equal({
        code: 1,
        stdout: "",
        stderr: "sandbox/roles.yaml:2:1: error: YAML: tab characters must not be used in indentation\n1 error, 0 warnings\n",
      });
    });
  });

  describe("options", () => {
    it("--strict: warnings are errors: exit 1, nothing on stdout, the count has no warnings", async () => {
      const run = await cli(["compile", "sandbox", "--strict"], writeStacks({ files: WARNS }));
      expect(run).to.deep.equal({
        code: 1,
        stdout: "",
        stderr: "sandbox/roles.yaml:2:3: error: roles.web: role has no trust statement, so it trusts ec2.amazonaws.com\n1 error, 0 warnings\n",
      });
    });

    it("--strict without warnings: exit 0", async () => {
      const run = await cli(["compile", "--strict", "sandbox"], writeStacks({ files: GOOD }));
      expect([run.code, run.stderr]).to.deep.equal([0, ""]);
      expect(JSON.parse(run.stdout).roles).to.have.keys("web");
    });

    it("--accounts FILE replaces the default accounts.yaml in the parent folder", async () => {
      const root = writeStacks({ accounts: null, files: { ...GOOD, "config/ids.yaml": 'sandbox: "111122223333"\n' } });
      const run = await cli(["compile", "sandbox", "--accounts", "config/ids.yaml"], root);
      expect(run.code).to.equal(0);
      expect(JSON.parse(run.stdout).account).to.deep.equal({ name: "sandbox", id: "111122223333" });
    });

    it("--accounts naming a missing file: exit 1 with a diagnostic naming it", async () => {
      const run = await cli(["compile", "sandbox", "--accounts", "config/nope.yaml"], writeStacks({ files: GOOD }));
      expect(run).to.deep.equal({ code: 1, stdout: "", stderr: "error: accounts file config/nope.yaml does not exist\n1 error, 0 warnings\n" });
    });

    it("--accounts: diagnostics in that file name it relative to the current directory", async () => {
      const root = writeStacks({ accounts: null, files: { ...GOOD, "config/ids.yaml": 'sandbox: "012345678901"\nx: -1\n' } });
      const run = await cli(["compile", "sandbox", "--accounts", "config/ids.yaml"], root);
      expect(run.code).to.equal(1);
      expect(run.stderr.split("\n")[0]).to.match(/^config\/ids\.yaml:2:4: error: .*account "x" has an invalid id -1/);
    });

    describe("--region (R, the default region of kms and sns specifiers)", () => {
      const files = {
        "sandbox/roles.yaml": yaml("roles:", "  web:", `    ${TRUST}`, "    allow_permission: {action: 'kms:Decrypt', resource: {kms: data}}"),
      };

      it("without --region, a kms specifier without location is an error", async () => {
        const run = await cli(["compile", "sandbox"], writeStacks({ files }));
        expect(run.code).to.equal(1);
        expect(run.stdout).to.equal("");
        expect(run.stderr).to.match(/^sandbox\/roles\.yaml:4:\d+: error: roles\.web\.allow_permission\.resource(\.kms)?: kms ARN needs a location/);
      });

      it("with --region, it is used", async () => {
        const run = await cli(["compile", "sandbox", "--region", "eu-west-1"], writeStacks({ files }));
        expect(run.code).to.equal(0);
        expect(JSON.parse(run.stdout).roles.web.policy.Statement[0].Resource).to.equal("arn:aws:kms:eu-west-1:012345678901:alias/data");
      });

      it("0.2 environment variables are not consulted: AWS_REGION does not stand in for --region", async () => {
        const run = await cli(["compile", "sandbox"], writeStacks({ files }), { AWS_REGION: "us-east-1", AWS_DEFAULT_REGION: "us-east-1" });
        expect(run.code).to.equal(1);
      });
    });

    it("--format text: a readable summary, roles (with their trust and inline policy documents), then buckets, keys, removals", async () => {
      const root = writeStacks({
        files: {
          "sandbox/all.yaml": yaml(
            "roles:",
            "  web:",
            `    ${TRUST}`,
            "    allow_permission: {action: 's3:GetObject', resource: 'arn:aws:s3:::assets/*'}",
            "buckets:",
            "  assets-bucket-example: {location: us-east-1}",
            "keys:",
            "  data: {description: Data key, location: us-east-1}",
            "remove_roles: [legacy, old]",
          ),
        },
      });
      const run = await cli(["compile", "sandbox", "--format", "text"], root);
      expect([run.code, run.stderr]).to.deep.equal([0, ""]);
      const text = run.stdout;
      expect(() => JSON.parse(text)).to.throw();
      const at = (s: string) => {
        const i = text.indexOf(s);
        expect(i, `"${s}" in the text output`).to.be.greaterThan(-1);
        return i;
      };
      const order = [at("web"), at('"ec2.amazonaws.com"'), at('"s3:GetObject"'), at("assets-bucket-example"), at("alias/data"), at("legacy")];
      expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
      expect(text).to.contain("syncr_policy_web");
      expect(text).to.contain("old");
    });
  });

  describe("command line errors: exit 2", () => {
    it("an unknown option: exit 2, nothing on stdout, the usage on stderr", async () => {
      const run = await cli(["compile", "sandbox", "--bogus"], writeStacks({ files: GOOD }));
      expect([run.code, run.stdout]).to.deep.equal([2, ""]);
      expect(run.stderr).to.match(/^iam-syncr: unknown option '--bogus'\n\nUsage: iam-syncr compile \[options\] <account-folder>\n/);
    });

    it("a missing argument: exit 2", async () => {
      const run = await cli(["compile"], writeStacks({ files: GOOD }));
      expect([run.code, run.stdout]).to.deep.equal([2, ""]);
      expect(run.stderr).to.match(/^iam-syncr: missing required argument 'account-folder'\n\nUsage: iam-syncr compile /);
    });

    it("an empty account folder argument: exit 2, not a compile of the current folder", async () => {
      const root = writeStacks({ files: GOOD });
      for (const args of [["compile", ""], ["import-plan", ""]]) {
        const run = await cli(args, path.join(root, "sandbox"));
        expect([run.code, run.stdout, run.stderr.split("\n")[0]], args.join(" ")).to.deep.equal([2, "", "iam-syncr: <account-folder> must not be empty"]);
      }
    });

    it("an option without its value: exit 2", async () => {
      const run = await cli(["compile", "sandbox", "--region"], writeStacks({ files: GOOD }));
      expect([run.code, run.stdout]).to.deep.equal([2, ""]);
      expect(run.stderr).to.match(/^iam-syncr: option '--region <region>' argument missing\n/);
    });

    it("an unknown --format: exit 2", async () => {
      // spec silent: a value outside json|text is a command line error like an unknown option.
      const run = await cli(["compile", "sandbox", "--format", "yaml"], writeStacks({ files: GOOD }));
      expect([run.code, run.stdout]).to.deep.equal([2, ""]);
      expect(run.stderr).to.match(/^iam-syncr: option '--format <format>' argument 'yaml' is invalid\. Allowed choices are json, text\.\n/);
    });

    it("an unknown command or none: exit 2", async () => {
      const root = writeStacks({ files: GOOD });
      const unknown = await cli(["frobnicate"], root);
      expect([unknown.code, unknown.stdout]).to.deep.equal([2, ""]);
      expect(unknown.stderr).to.match(/^iam-syncr: unknown command 'frobnicate'\n\nUsage: iam-syncr \[options\] \[command\]\n/);
      const none = await cli([], root);
      expect([none.code, none.stdout]).to.deep.equal([2, ""]);
      expect(none.stderr).to.match(/^Usage: iam-syncr \[options\] \[command\]\n/);
    });
  });

  describe("the plan's text", () => {
    it("is streamed byte for byte as canonicalJson(plan) and a line break, the example account included", async () => {
      const { compileAccount, canonicalJson } = await import("../../compiler");
      const repo = path.resolve(__dirname, "../..");
      const run = await cli(["compile", "stacks/example", "--region", "eu-west-1"], repo);
      const result = compileAccount({ accountFolder: "stacks/example", region: "eu-west-1", cwd: repo });
      if (!result.ok) throw new Error("the example does not compile");
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(`${canonicalJson(result.plan)}\n`);
    });
  });

  describe("13.4 determinism", () => {
    const files = {
      "sandbox/b.yaml": yaml("roles:", "  web:", "    allow_to_assume_me: [{service: [lambda, ec2]}, {iam: [role/b, role/a], account: [live, sandbox]}]", "    tags: {z: '1', a: '2'}"),
      "sandbox/a/templates.yml": yaml("templates:", "  t: {description: from a template}"),
      "sandbox/c.yaml": yaml("roles:", "  api: {use: t}", "remove_roles: [zeta, alpha]", "buckets:", "  b-bucket-x: {}", "  a-bucket-x: {}"),
    };

    it("13.4 two runs give byte-identical output (stdout and stderr)", async () => {
      const root = writeStacks({ files });
      const first = await cli(["compile", "sandbox"], root);
      const second = await cli(["compile", "sandbox"], root);
      expect(first.code).to.equal(0);
      expect(second).to.deep.equal(first);
    });

    it("13.4 files created in a different order give byte-identical output", async () => {
      const reversed = Object.fromEntries(Object.entries(files).reverse());
      const first = await cli(["compile", "sandbox"], writeStacks({ files }));
      const second = await cli(["compile", "sandbox"], writeStacks({ files: reversed }));
      expect(first.code).to.equal(0);
      expect(second.stdout).to.equal(first.stdout);
      expect(second.stderr).to.equal(first.stderr);
    });

    it("13.4 plan maps are sorted by name", async () => {
      const run = await cli(["compile", "sandbox"], writeStacks({ files }));
      const plan = JSON.parse(run.stdout);
      expect(Object.keys(plan.roles)).to.deep.equal(["api", "web"]);
      expect(Object.keys(plan.buckets)).to.deep.equal(["a-bucket-x", "b-bucket-x"]);
      expect(Object.keys(plan.roles.web.tags)).to.deep.equal(["a", "z"]);
    });
  });
});
