/**
 * `iam-syncr up` and `iam-syncr preview` over three accounts in one moto_server (docs/run-all.md), the real
 * Pulumi CLI driven through the Automation API, one central identity (moto's default account) that assumes each
 * account's deploy role (accounts.yaml `_defaults: {deploy_role: …}`, docs/credentials.md):
 *
 *   shared ⇄ tools   a cycle: shared's role, bucket and key trust tools' builder; tools' builder trusts shared's auditor
 *   tools  ← app     app's deployer trusts tools' builder
 *
 * The proxy makes AWS refuse a principal that does not exist, so the cycle cannot be deployed in one pass: the
 * first `up` must create the stacks (--init), deploy the cycle in two passes, then app. The steps share the
 * accounts and the stacks, in order: a failure injected into one account, then credentials refused for another.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { MOTO_DEFAULT_ACCOUNT } from "../support/moto";
import { expectedContents, readAccount } from "./support/account-contents";
import { failCalls, principalsMustExist } from "./support/aws-behaviours";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";
import type { RunAllReport, RunRecord } from "../../deploy/report";

const MAIN = path.join(REPOSITORY_ROOT, "bin", "cli", "main.js");
const REGION = "eu-west-1";
const ACCOUNTS = { shared: "111111111111", tools: "222222222222", app: "333333333333" } as const;
type Account = keyof typeof ACCOUNTS;
const DEPLOY_ROLE = "iam-syncr-deployer";
const CENTRAL = { accessKeyId: "testing", secretAccessKey: "testing" };
const BUILDER = `arn:aws:iam::${ACCOUNTS.tools}:role/ci/builder`;
const AUDITOR = `arn:aws:iam::${ACCOUNTS.shared}:role/auditor`;

const STACKS: Record<string, string> = {
  "accounts.yaml": [
    "_defaults: {deploy_role: iam-syncr-deployer}",
    ...Object.entries(ACCOUNTS).map(([name, id]) => `${name}: "${id}"`),
    "",
  ].join("\n"),
  "shared/roles.yaml": [
    "roles:",
    "  auditor:",
    "    description: reads what CI builds",
    "    allow_to_assume_me:",
    "      - {iam: role/ci/builder, account: tools}",
    "      - {service: ec2}",
    "    allow_permission: {action: s3:GetObject, resource: {s3: shared-artifacts-run-all}}",
    "buckets:",
    "  shared-artifacts-run-all:",
    `    location: ${REGION}`,
    "    allow_permission: {principal: {iam: role/ci/builder, account: tools}, action: s3:PutObject, resource: {s3: __self__}}",
    "keys:",
    "  shared-data:",
    `    location: ${REGION}`,
    "    description: data CI encrypts",
    "    grant: {grantee: {iam: role/ci/builder, account: tools}, operations: [Encrypt, GenerateDataKey]}",
    "",
  ].join("\n"),
  "tools/roles.yaml": [
    "roles:",
    "  ci/builder:",
    "    allow_to_assume_me: {iam: role/auditor, account: shared}",
    "    allow_permission: {action: s3:PutObject, resource: {s3: shared-artifacts-run-all}}",
    "",
  ].join("\n"),
  "app/roles.yaml": [
    "roles:",
    "  deployer:",
    "    allow_to_assume_me: {iam: role/ci/builder, account: tools}",
    "    allow_permission: {action: cloudformation:UpdateStack, resource: '*'}",
    "",
  ].join("\n"),
};

describe("engine: iam-syncr up and preview over three accounts with a trust cycle", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = writeStacksRoot();
  const engine = useEngine({ stacksRoot });
  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));
  const contentsOf = (account: Account) => readAccount((region) => engine.clients(ACCOUNTS[account], region), planOf(engine.workspace, account, REGION));
  const expected = (account: Account) => expectedContents(planOf(engine.workspace, account, REGION));

  /** `iam-syncr <args> --format json` in the project folder, as the central identity. */
  async function iamSyncr(args: string[]): Promise<{ code: number; report: RunAllReport; progress: string[]; milliseconds: number }> {
    const result = await engine.workspace.run(process.execPath, [MAIN, ...args, "--format", "json"], { credentials: CENTRAL, allowFailure: true, timeoutMs: STEP_TIMEOUT_MS });
    let report: RunAllReport;
    try {
      report = JSON.parse(result.stdout) as RunAllReport;
    } catch {
      throw new Error(`iam-syncr ${args.join(" ")} printed no report (exit ${result.code}):\n${result.output}`);
    }
    return { code: result.code, report, progress: result.stderr.split("\n").filter((line) => line !== ""), milliseconds: result.milliseconds };
  }
  const outcomes = (runs: RunRecord[]) => runs.map((r) => `${r.account}${r.pass === null ? "" : `#${r.pass}`} ${r.outcome}${r.reason === null ? "" : `: ${r.reason}`}`);
  const counts = (runs: RunRecord[]) => Object.fromEntries(runs.map((r) => [`${r.account}${r.pass === null ? "" : `#${r.pass}`}`, r.changes]));
  const changes = (create: number, update = 0, replace = 0, del = 0) => ({ create, update, replace, delete: del });

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    // Each account's deploy role, trusting the central account, as docs/credentials.md sets it up.
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:root` }, Action: "sts:AssumeRole" }] });
    for (const id of Object.values(ACCOUNTS)) await engine.clients(id).iam.send(new CreateRoleCommand({ RoleName: DEPLOY_ROLE, AssumeRolePolicyDocument: trust }));
    engine.proxy.use(principalsMustExist((account) => engine.clients(account).iam));
  });

  it("up --yes --init creates the stacks, deploys the cycle in two passes and then app: every role and policy in moto as compiled", async () => {
    engine.proxy.clearCalls();
    const { code, report, progress, milliseconds } = await iamSyncr(["up", "stacks", "--yes", "--init", "--region", REGION]);
    console.log(`        iam-syncr up --init, 5 runs of 3 stacks: ${(milliseconds / 1000).toFixed(1)} s`);
    expect(outcomes(report.runs), progress.join("\n")).to.deep.equal(["shared#1 succeeded", "tools#1 succeeded", "shared#2 succeeded", "tools#2 succeeded", "app succeeded"]);
    expect(code).to.equal(0);
    // First passes: shared without tools' builder (its trust statement, the bucket policy: none left, the grant);
    // tools without shared's auditor (its only trust statement: no one may assume it yet). Second passes: the rest.
    expect(counts(report.runs)).to.deep.equal({
      "shared#1": changes(6), // role, its policy, policies-exclusive, bucket, key, alias
      "tools#1": changes(3), // role, its policy, policies-exclusive
      "shared#2": changes(2, 1), // bucket policy, grant; auditor's trust policy
      "tools#2": changes(0, 1), // builder's trust policy
      app: changes(3),
    });
    expect(report.summary).to.deep.equal({ runs: 5, succeeded: 5, failed: 0, skipped: 0, notNeeded: 0, ok: true });
    expect(report.selection).to.deep.include({ stacks: null, changedSince: null, notSelected: [] });
    expect(progress[0]).to.equal(`up: 5 runs of 3 stacks, at most 2 at once; Pulumi's output in ${report.logs}`);
    expect(progress.slice(1).map((line) => line.replace(/ \(\d+\.\d s\)$/, ""))).to.have.members([
      "shared (pass 1 of 2): applied: 6 created, 0 updated, 0 replaced, 0 deleted",
      "tools (pass 1 of 2): applied: 3 created, 0 updated, 0 replaced, 0 deleted",
      "shared (pass 2 of 2): applied: 2 created, 1 updated, 0 replaced, 0 deleted",
      "tools (pass 2 of 2): applied: 0 created, 1 updated, 0 replaced, 0 deleted",
      "app: applied: 3 created, 0 updated, 0 replaced, 0 deleted",
    ]);

    // What each first pass left out, in its log.
    const log = (name: string) => fs.readFileSync(path.join(report.logs!, name), "utf8");
    for (const line of [
      `first pass: role auditor trust policy, statement 1: statement left out (${BUILDER})`,
      `first pass: bucket shared-artifacts-run-all policy, statement 1: statement left out (${BUILDER})`,
      `first pass: key shared-data grant 1: grant left out (${BUILDER})`,
    ]) {
      expect(log("shared.pass1.log")).to.contain(line);
    }
    expect(log("tools.pass1.log")).to.contain(`first pass: role ci/builder trust policy, statement 1: statement left out (${AUDITOR})`);
    expect(log("shared.pass2.log")).to.not.contain("first pass:");

    for (const account of Object.keys(ACCOUNTS) as Account[]) expect(await contentsOf(account), account).to.deep.equal(expected(account));
    // Nothing of theirs in the central account: every call went through the account's deploy role (moto's bucket
    // names are global, so only roles and keys tell the accounts apart).
    const central = await readAccount((region) => engine.clients(MOTO_DEFAULT_ACCOUNT, region), planOf(engine.workspace, "shared", REGION));
    expect([central.roles, central.keys]).to.deep.equal([{}, {}]);
    expect(engine.proxy.recordedCalls().filter((call) => call === "sts:AssumeRole").length).to.be.at.least(5);

    // --init wrote each stack's settings from Pulumi.example.yaml, with the region asked for.
    for (const account of Object.keys(ACCOUNTS)) {
      const settings = fs.readFileSync(path.join(engine.workspace.projectDir, `Pulumi.${account}.yaml`), "utf8");
      expect(settings).to.contain("pulumi:disable-default-providers");
      expect(settings).to.match(new RegExp(`aws:region: ${REGION}\\n`));
    }
  });

  it("preview afterwards: no changes for any stack", async () => {
    const { code, report } = await iamSyncr(["preview", "stacks"]);
    expect(outcomes(report.runs)).to.deep.equal(["shared succeeded", "tools succeeded", "app succeeded"]);
    expect(counts(report.runs)).to.deep.equal({ shared: changes(0), tools: changes(0), app: changes(0) });
    expect(code).to.equal(0);
  });

  it("a failing account: the others are applied, what comes after it is skipped and says why", async () => {
    for (const account of Object.keys(ACCOUNTS) as Account[]) addRole(account, `${account}-extra`);
    const removeRule = engine.proxy.use(
      failCalls((request) => request.service === "iam" && request.action === "CreateRole" && request.params.RoleName === "tools-extra", {
        code: "AccessDenied",
        message: "User is not authorized to perform: iam:CreateRole",
        status: 403,
      }, 100),
    );
    try {
      const { code, report } = await iamSyncr(["up", "stacks", "--yes"]);
      expect(code).to.equal(1);
      const [toolsFailure] = report.runs.filter((r) => r.outcome === "failed");
      expect(toolsFailure.reason).to.match(/^aws:iam\/role:Role tools-extra: .*AccessDenied.*User is not authorized to perform: iam:CreateRole/);
      expect(outcomes(report.runs)).to.deep.equal([
        "shared#1 succeeded",
        `tools#1 failed: ${toolsFailure.reason}`,
        "shared#2 not needed: the first pass deployed the YAML as compiled (every role it names existed)",
        "tools#2 skipped: needs tools (pass 1 of 2), which failed",
        "app skipped: needs tools (pass 2 of 2), which was skipped",
      ]);
      expect(report.runs[0].changes).to.deep.equal(changes(2)); // shared-extra and its policies-exclusive
    } finally {
      removeRule();
    }
    expect(Object.keys((await contentsOf("shared")).roles).sort()).to.deep.equal(["auditor", "shared-extra"]);
    expect(Object.keys((await contentsOf("tools")).roles)).to.deep.equal(["builder"]);
    expect(Object.keys((await contentsOf("app")).roles)).to.deep.equal(["deployer"]);
  });

  it("credentials refused for one account fail that account only", async () => {
    const appDeployRole = `arn:aws:iam::${ACCOUNTS.app}:role/${DEPLOY_ROLE}`;
    const removeRule = engine.proxy.use(
      failCalls((request) => request.service === "sts" && request.action === "AssumeRole" && request.params.RoleArn === appDeployRole, {
        code: "AccessDenied",
        message: `User: arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${appDeployRole}`,
        status: 403,
      }, 1_000),
    );
    try {
      const { code, report } = await iamSyncr(["up", "stacks", "--yes"]);
      expect(code).to.equal(1);
      const failed = report.runs.filter((r) => r.outcome === "failed");
      expect(failed.map((r) => r.account)).to.deep.equal(["app"]);
      // The engine reports the provider's failure on the first resource that needed it.
      expect(failed[0].reason).to.match(new RegExp(`^aws:iam/role:Role (deployer|app-extra): Cannot assume IAM Role: IAM Role \\(${appDeployRole.replace(/[/]/g, "\\/")}\\) cannot be assumed\\. Error: AccessDenied`));
      expect(outcomes(report.runs).slice(0, 4)).to.deep.equal([
        "shared#1 succeeded",
        "tools#1 succeeded",
        "shared#2 not needed: the first pass deployed the YAML as compiled (every role it names existed)",
        "tools#2 not needed: the first pass deployed the YAML as compiled (every role it names existed)",
      ]);
      expect(counts(report.runs)).to.deep.include({ "shared#1": changes(0), "tools#1": changes(2) });
    } finally {
      removeRule();
    }
    expect(Object.keys((await contentsOf("tools")).roles).sort()).to.deep.equal(["builder", "tools-extra"]);
    expect(Object.keys((await contentsOf("app")).roles)).to.deep.equal(["deployer"]);
  });

  function addRole(account: Account, name: string): void {
    const file = path.join(engine.workspace.stacksDir, account, "roles.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("roles:\n", `roles:\n  ${name}: {allow_to_assume_me: {service: ec2}}\n`));
  }
});

function writeStacksRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-run-all-"));
  for (const [file, text] of Object.entries(STACKS)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}
