/**
 * The lint tuned per repository and per statement (docs/rules/README.md): the settings file iam-syncr.yaml at the
 * stacks root, validated like the dialect, and `# iam-syncr: ignore <rule> <reason>` comments, whose reason is
 * required and shown in the JSON report. In-process through checkStacksRoot, and through the built command for
 * what people and CI see.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { checkStacksRoot, type CheckReport } from "../../compiler/check";
import { writeStacks } from "../support/stacks";

const MAIN = path.resolve(__dirname, "../../bin/cli/main.js");
const yaml = (...rows: string[]) => rows.join("\n") + "\n";
const TRUST = "allow_to_assume_me: {service: ec2}";

/** A role with an Allow of everything (IAM105) and an unknown action (IAM103), each on its own line. */
const ROLES = (allowComment = "", actionComment = "") =>
  yaml(
    "roles:",
    "  web:",
    `    ${TRUST}`,
    "    allow_permission:",
    `      - {action: "*", resource: "*"}${allowComment}`,
    `      - {action: s3:GetObjekt, resource: "*"}${actionComment}`,
  );

async function check(files: Record<string, string>, strict = false): Promise<CheckReport> {
  return checkStacksRoot({ root: ".", cwd: writeStacks({ files }), strict });
}

const lines = (report: CheckReport) =>
  [...report.diagnostics, ...report.accounts.flatMap((a) => a.diagnostics)].map(
    (d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}${d.path ? ` ${d.path}` : ""}: ${d.message}${d.suppressed ? ` [suppressed: ${d.suppressed.reason}]` : ""}`,
  );

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

const IAM105 = 'this Allow grants every action on every resource (Action "*" with Resource "*"); name the actions and resources that are needed';
const IAM103 = 'unknown action "s3:GetObjekt"; did you mean "s3:GetObject"?';

describe("tunable lint: iam-syncr.yaml", () => {
  it("without a settings file every rule warns", async () => {
    const report = await check({ "sandbox/roles.yaml": ROLES() });
    expect(lines(report)).to.deep.equal([
      `sandbox/roles.yaml:5:18: warning IAM105 roles.web.allow_permission[0].action: ${IAM105}`,
      `sandbox/roles.yaml:6:18: warning IAM103 roles.web.allow_permission[1].action: ${IAM103}`,
    ]);
    expect([report.settings, report.summary.ok]).to.deep.equal([null, true]);
  });

  it("a rule turned off is not reported; a rule made an error fails the check without --strict", async () => {
    const report = await check({ "iam-syncr.yaml": yaml("rules:", "  IAM105: error", "  IAM103: off"), "sandbox/roles.yaml": ROLES() });
    expect(lines(report)).to.deep.equal([`sandbox/roles.yaml:5:18: error IAM105 roles.web.allow_permission[0].action: ${IAM105}`]);
    expect([report.settings, report.accounts[0].ok, report.summary]).to.deep.equal([
      "iam-syncr.yaml",
      false,
      { accounts: 1, errors: 1, warnings: 0, suppressed: 0, ok: false },
    ]);
  });

  it("`warning` is the default, stated; --strict still makes it an error", async () => {
    const report = await check({ "iam-syncr.yaml": yaml("rules: {IAM105: warning, IAM103: off}"), "sandbox/roles.yaml": ROLES() }, true);
    expect(lines(report)).to.deep.equal([`sandbox/roles.yaml:5:18: error IAM105 roles.web.allow_permission[0].action: ${IAM105}`]);
  });

  it("is validated like the dialect: unknown rules and keys with a suggestion, wrong levels, at file:line and YAML path; nothing is checked", async () => {
    const report = await check({
      "iam-syncr.yaml": yaml("rules:", "  IAM15: off", "  IAM103: loud", "rule: {}"),
      "sandbox/roles.yaml": ROLES(),
    });
    expect(lines(report)).to.deep.equal([
      'iam-syncr.yaml:2:3: error E0001 rules.IAM15: unknown key "IAM15"; did you mean "IAM105"?',
      'iam-syncr.yaml:3:11: error E0003 rules.IAM103: expected off, warning or error, found the string "loud"',
      'iam-syncr.yaml:4:1: error E0001 rule: unknown key "rule"; did you mean "rules"?',
    ]);
    expect([report.accounts, report.summary.ok]).to.deep.equal([[], false]);
  });

  it("YAML errors in the settings file are reported like any file's", async () => {
    const report = await check({ "iam-syncr.yaml": "rules: [\n", "sandbox/roles.yaml": ROLES() });
    expect(lines(report)).to.have.length(1);
    expect(lines(report)[0]).to.match(/^iam-syncr\.yaml:2:1: error E1004: YAML: /);
  });
});

describe("tunable lint: suppression comments", () => {
  it("suppresses the finding on its line, with the reason; the finding stays in the report but is not counted", async () => {
    const report = await check({ "sandbox/roles.yaml": ROLES("  # iam-syncr: ignore IAM105 break-glass role, reviewed by security") });
    expect(lines(report)).to.deep.equal([
      `sandbox/roles.yaml:5:18: warning IAM105 roles.web.allow_permission[0].action: ${IAM105} [suppressed: break-glass role, reviewed by security]`,
      `sandbox/roles.yaml:6:18: warning IAM103 roles.web.allow_permission[1].action: ${IAM103}`,
    ]);
    expect(report.summary).to.deep.equal({ accounts: 1, errors: 0, warnings: 1, suppressed: 1, ok: true });
  });

  it("wins over a rule made an error and over --strict: the check passes", async () => {
    const files = {
      "iam-syncr.yaml": yaml("rules: {IAM105: error}"),
      "sandbox/roles.yaml": ROLES("  # iam-syncr: ignore IAM105 break-glass", "  # iam-syncr: ignore IAM103 the data set lags"),
    };
    const report = await check(files, true);
    expect(report.summary).to.deep.equal({ accounts: 1, errors: 0, warnings: 0, suppressed: 2, ok: true });
  });

  it("names several rules with commas; one that matches nothing on the line is reported (an error under --strict)", async () => {
    const report = await check({ "sandbox/roles.yaml": ROLES("", "  # iam-syncr: ignore IAM103,IAM101 the data set lags") }, true);
    expect(lines(report).slice(1)).to.deep.equal([
      `sandbox/roles.yaml:6:18: error IAM103 roles.web.allow_permission[1].action: ${IAM103} [suppressed: the data set lags]`,
      "sandbox/roles.yaml:6:48: error W0002: the suppression of IAM101 matches no finding on this line; remove it",
    ]);
  });

  it("a suppression without a reason is an error at the comment, and suppresses nothing", async () => {
    const report = await check({ "sandbox/roles.yaml": ROLES("  # iam-syncr: ignore IAM105") });
    expect(lines(report)).to.deep.equal([
      `sandbox/roles.yaml:5:18: warning IAM105 roles.web.allow_permission[0].action: ${IAM105}`,
      "sandbox/roles.yaml:5:39: error E1103: the suppression of IAM105 gives no reason; write why the finding is acceptable: # iam-syncr: ignore IAM105 <reason>",
      `sandbox/roles.yaml:6:18: warning IAM103 roles.web.allow_permission[1].action: ${IAM103}`,
    ]);
    expect([report.summary.errors, report.summary.suppressed, report.summary.ok]).to.deep.equal([1, 0, false]);
  });

  it("naming what is not a lint rule, writing no rule, or suppressing nothing is reported", async () => {
    const report = await check({
      "sandbox/roles.yaml":
        ROLES("  # iam-syncr: ignore IAM10 typo", "  # iam-syncr: ignore IAM105 not on this line") + "# iam-syncr: ignore\n# iam-syncr: ignore E5004 compiler errors stay\n",
    });
    expect(lines(report)).to.deep.equal([
      `sandbox/roles.yaml:5:18: warning IAM105 roles.web.allow_permission[0].action: ${IAM105}`,
      'sandbox/roles.yaml:5:39: error E1104: "IAM10" is not a lint rule; the rules that can be suppressed are IAM101, IAM102, IAM103, IAM104, IAM105, IAM106, IAM107, IAM108, IAM109, KMS102, IAM201; did you mean "IAM101"?',
      `sandbox/roles.yaml:6:18: warning IAM103 roles.web.allow_permission[1].action: ${IAM103}`,
      "sandbox/roles.yaml:6:48: warning W0002: the suppression of IAM105 matches no finding on this line; remove it",
      "sandbox/roles.yaml:7:1: error E1105: a suppression comment is written # iam-syncr: ignore <rule> <reason>, such as # iam-syncr: ignore IAM105 break-glass role",
      'sandbox/roles.yaml:8:1: error E1104: "E5004" is not a lint rule; the rules that can be suppressed are IAM101, IAM102, IAM103, IAM104, IAM105, IAM106, IAM107, IAM108, IAM109, KMS102, IAM201',
    ]);
  });

  it("a comment in a template suppresses the finding for every role that uses it", async () => {
    const report = await check({
      "sandbox/roles.yaml": yaml(
        "templates:",
        "  admin:",
        `    ${TRUST}`,
        '    allow_permission: {action: "*", resource: "*"}  # iam-syncr: ignore IAM105 admin template, owned by the platform team',
        "roles:",
        "  a: {use: admin}",
        "  b: {use: admin}",
      ),
    });
    expect(report.accounts[0].diagnostics.map((d) => [d.path, d.suppressed?.reason])).to.deep.equal([
      ["roles.a.allow_permission.action", "admin template, owned by the platform team"],
      ["roles.b.allow_permission.action", "admin template, owned by the platform team"],
    ]);
  });
});

describe("tunable lint through the command", () => {
  const root = () => writeStacks({ files: { "sandbox/roles.yaml": ROLES("  # iam-syncr: ignore IAM105 break-glass role") } });

  it("text: suppressed findings are not shown, only counted", async () => {
    const run = await cli(["check", "."], root());
    expect(run.code).to.equal(0);
    expect(run.stderr.split("\n").filter((l) => !l.startsWith(" "))).to.deep.equal([
      `sandbox/roles.yaml:6:18: warning: roles.web.allow_permission[1].action: ${IAM103}`,
      "1 account checked: 0 errors, 1 warning, 1 suppressed",
      "",
    ]);
  });

  it("json: the suppressed finding with its reason", async () => {
    const run = await cli(["check", ".", "--format", "json"], root());
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.accounts[0].diagnostics[0]).to.deep.equal({
      severity: "warning",
      code: "IAM105",
      file: "sandbox/roles.yaml",
      line: 5,
      column: 18,
      endLine: 5,
      endColumn: 21,
      path: "roles.web.allow_permission[0].action",
      message: IAM105,
      suppressed: { reason: "break-glass role" },
    });
  });

  it("a suppression without a reason fails the command: exit 1", async () => {
    const run = await cli(["check", "."], writeStacks({ files: { "sandbox/roles.yaml": ROLES("  # iam-syncr: ignore IAM105") } }));
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain("sandbox/roles.yaml:5:39: error: the suppression of IAM105 gives no reason;");
  });
});
