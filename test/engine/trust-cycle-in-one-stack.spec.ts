/**
 * `iam-syncr up` on one account whose roles trust each other in a cycle (docs/run-all.md): `pair/left` and
 * `pair/right` trust each other, `selfish` trusts itself, and `plain` trusts `pair/left` without a cycle. The
 * proxy makes AWS refuse a principal that does not exist, so no order creates them as compiled: the stack is
 * deployed in two passes, the first without the roles of the cycle that do not exist yet.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MOTO_DEFAULT_ACCOUNT } from "../support/moto";
import { expectedContents, readAccount } from "./support/account-contents";
import { principalsMustExist } from "./support/aws-behaviours";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";
import type { RunAllReport, RunRecord } from "../../deploy/report";

const MAIN = path.join(REPOSITORY_ROOT, "bin", "cli", "main.js");
const REGION = "eu-west-1";
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
const arn = (name: string) => `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:role/${name}`;

const STACKS: Record<string, string> = {
  "accounts.yaml": `solo: "${MOTO_DEFAULT_ACCOUNT}"\n`,
  "solo/roles.yaml": [
    "roles:",
    "  pair/left:",
    "    description: trusts right, which trusts it",
    "    allow_to_assume_me: [{iam: role/pair/right}, {service: ec2}]",
    "    allow_permission: {action: s3:GetObject, resource: '*'}",
    "  pair/right:",
    "    allow_to_assume_me: {iam: role/pair/left}",
    "  selfish:",
    "    allow_to_assume_me: {iam: role/selfish}",
    "  plain:",
    "    allow_to_assume_me: {iam: role/pair/left}",
    "",
  ].join("\n"),
};

describe("engine: iam-syncr up on one account whose roles trust each other in a cycle", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-trust-cycle-"));
  for (const [file, text] of Object.entries(STACKS)) {
    fs.mkdirSync(path.dirname(path.join(stacksRoot, file)), { recursive: true });
    fs.writeFileSync(path.join(stacksRoot, file), text);
  }
  const engine = useEngine({ stacksRoot });
  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  async function iamSyncr(args: string[]): Promise<{ code: number; report: RunAllReport; progress: string }> {
    const result = await engine.workspace.run(process.execPath, [MAIN, ...args, "--format", "json"], { credentials: CREDENTIALS, allowFailure: true, timeoutMs: STEP_TIMEOUT_MS });
    try {
      return { code: result.code, report: JSON.parse(result.stdout) as RunAllReport, progress: result.stderr };
    } catch {
      throw new Error(`iam-syncr ${args.join(" ")} printed no report (exit ${result.code}):\n${result.output}`);
    }
  }
  const outcomes = (runs: RunRecord[]) => runs.map((r) => `${r.account}${r.pass === null ? "" : `#${r.pass}`} ${r.outcome}`);
  const counts = (runs: RunRecord[]) => runs.map((r) => r.changes);

  before(() => engine.proxy.use(principalsMustExist((account) => engine.clients(account).iam)));

  it("the first up deploys the stack in two passes: the first without the roles of the cycle, the second as compiled", async () => {
    const { code, report, progress } = await iamSyncr(["up", "stacks", "--yes", "--init", "--region", REGION]);
    expect(outcomes(report.runs), progress).to.deep.equal(["solo#1 succeeded", "solo#2 succeeded"]);
    expect(code).to.equal(0);
    expect(counts(report.runs)).to.deep.equal([
      // Four roles, each with its policies-exclusive record; pair/left's inline policy.
      { create: 9, update: 0, replace: 0, delete: 0 },
      // The four trust policies, as compiled.
      { create: 0, update: 4, replace: 0, delete: 0 },
    ]);
    const firstPass = fs.readFileSync(path.join(report.logs!, "solo.pass1.log"), "utf8");
    for (const line of [
      `first pass: role pair/left trust policy, statement 1: statement left out (${arn("pair/right")})`,
      `first pass: role pair/right trust policy, statement 1: statement left out (${arn("pair/left")})`,
      `first pass: role plain trust policy, statement 1: statement left out (${arn("pair/left")})`,
      `first pass: role selfish trust policy, statement 1: statement left out (${arn("selfish")})`,
    ]) {
      expect(firstPass).to.contain(line);
    }
    const plan = planOf(engine.workspace, "solo", REGION);
    expect(await readAccount((region) => engine.clients(MOTO_DEFAULT_ACCOUNT, region), plan)).to.deep.equal(expectedContents(plan));
  });

  it("the next up has nothing to leave out: its first pass deploys the YAML as compiled, the second is not needed", async () => {
    const { code, report } = await iamSyncr(["up", "stacks", "--yes"]);
    expect(outcomes(report.runs)).to.deep.equal(["solo#1 succeeded", "solo#2 not needed"]);
    expect(counts(report.runs)).to.deep.equal([{ create: 0, update: 0, replace: 0, delete: 0 }, null]);
    expect(code).to.equal(0);
  });

  it("preview: no changes", async () => {
    const { code, report } = await iamSyncr(["preview", "stacks"]);
    expect(outcomes(report.runs)).to.deep.equal(["solo succeeded"]);
    expect(counts(report.runs)).to.deep.equal([{ create: 0, update: 0, replace: 0, delete: 0 }]);
    expect(code).to.equal(0);
  });
});
