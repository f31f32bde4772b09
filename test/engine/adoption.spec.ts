/**
 * Adoption under the real engine: an account built as the original iam_syncr leaves it (its documents in the
 * original's formatting, a hand-made inline policy, a policy attached by hand, a grant it never created), then
 * docs/migrating.md, step by step, with the commands as written there and as import-plan prints them; then
 * `pulumi preview --diff` shows exactly the changes docs/migrating.md says to expect, `pulumi up`
 * makes them, and a second preview finds nothing to do.
 */
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand } from "@aws-sdk/client-kms";
import type { GrantOperation } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Plan, PolicyDocument } from "../../compiler/plan";
import { expectedContents, readAccount } from "./support/account-contents";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { operationLines, resourceSummary } from "./support/preview-text";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";

const STACK = "sandbox";
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

const SANDBOX_YAML = `roles:
  web:
    make_instance_profile: true
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: shop-assets}}
  ops/deployer:
    allow_to_assume_me: {iam: root}
    allow_permission: {action: "cloudformation:*", resource: "*"}
    managed_policies: [{iam: policy/ops-base}]
  api:
    allow_to_assume_me: {service: lambda}
remove_roles: [legacy-tmp]
buckets:
  shop-assets:
    location: ${REGION}
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
keys:
  shop-data:
    location: ${REGION}
    description: Shop data
    grant:
      - {grantee: {iam: role/web}, operations: [Decrypt, Encrypt]}
`;

/** A document as the original tool wrote it: the same statements, keys in another order, one line. */
function asTheOriginalWroteIt(document: PolicyDocument | null): string {
  if (document === null) throw new Error("the plan has no such document");
  const statements = document.Statement.map((statement) => Object.fromEntries(Object.entries(statement).reverse()));
  return JSON.stringify({ Statement: statements, Version: document.Version });
}

describe("engine: adopting an account that iam_syncr managed (docs/migrating.md)", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-adopt-"));
  fs.writeFileSync(path.join(stacksRoot, "accounts.yaml"), `${STACK}: "${ACCOUNT}"\n`);
  fs.mkdirSync(path.join(stacksRoot, STACK));
  fs.writeFileSync(path.join(stacksRoot, STACK, "roles.yaml"), SANDBOX_YAML);
  const engine = useEngine({ stacksRoot });
  const plan = (): Plan => planOf(engine.workspace, STACK, REGION);
  const importFile = () => path.join(engine.workspace.projectDir, "import-sandbox.json");
  /** What import-plan printed to run next. */
  let nextCommands: string[] = [];

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    await buildLegacyAccount(plan());
  });

  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  async function buildLegacyAccount(p: Plan): Promise<void> {
    const { iam, s3 } = engine.clients(ACCOUNT);
    const kms = engine.clients(ACCOUNT, REGION).kms;
    const web = p.roles.web;
    const deployer = p.roles["ops/deployer"];
    await iam.send(new CreateRoleCommand({ RoleName: "web", Path: "/", AssumeRolePolicyDocument: asTheOriginalWroteIt(web.trustPolicy) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "web", PolicyName: web.policyName, PolicyDocument: asTheOriginalWroteIt(web.policy) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: "web",
        PolicyName: "debugging",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }),
      }),
    );
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "web" }));
    await iam.send(new CreateRoleCommand({ RoleName: "deployer", Path: "/ops/", AssumeRolePolicyDocument: asTheOriginalWroteIt(deployer.trustPolicy) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "deployer", PolicyName: deployer.policyName, PolicyDocument: asTheOriginalWroteIt(deployer.policy) }));
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] });
    for (const PolicyName of ["ops-base", "legacy-logs"]) {
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: policy }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: "deployer", PolicyArn: Policy?.Arn }));
    }
    await s3.send(new CreateBucketCommand({ Bucket: "shop-assets", CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: "shop-assets", Policy: asTheOriginalWroteIt(p.buckets["shop-assets"].policy) }));
    const key = p.keys["shop-data"];
    const created = await kms.send(new CreateKeyCommand({ Description: key.description, Policy: asTheOriginalWroteIt(key.policy) }));
    const KeyId = created.KeyMetadata?.KeyId ?? "";
    await kms.send(new CreateAliasCommand({ AliasName: "alias/shop-data", TargetKeyId: KeyId }));
    for (const grant of key.grants) {
      await kms.send(new CreateGrantCommand({ KeyId, GranteePrincipal: grant.grantee, Operations: grant.operations as GrantOperation[] }));
    }
    // A grant the YAML no longer declares: the stack leaves it alone.
    await kms.send(new CreateGrantCommand({ KeyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/old`, Operations: ["Decrypt"] }));
  }

  it("1. a stack per account folder; 2. it compiles", async () => {
    await engine.workspace.initStack(STACK, { region: REGION });
    // npx finds the package's own `iam-syncr` in the project npm installed (the repository): run from there.
    const compile = await engine.workspace.run(
      "npx",
      ["iam-syncr", "compile", path.join(engine.workspace.stacksDir, STACK), "--region", REGION, "--format", "text"],
      { cwd: REPOSITORY_ROOT },
    );
    expect(compile.code).to.equal(0);
  });

  it("3. iam-syncr import-plan finds what exists and writes the import file", async () => {
    const run = await engine.workspace.run(
      "npx",
      ["iam-syncr", "import-plan", path.join(engine.workspace.stacksDir, STACK), "--region", REGION, "--out", importFile()],
      { accountId: ACCOUNT, cwd: REPOSITORY_ROOT },
    );
    const summary = run.stderr.split("\n");
    expect(summary).to.include.members([
      "  roles.ops/deployer: managed policy arn:aws:iam::123456789012:policy/legacy-logs is attached but not in managed_policies; pulumi up detaches it",
      '  roles.web: inline policy "debugging" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
    ]);
    nextCommands = summary.slice(summary.indexOf("next, in the Pulumi project with this stack selected (docs/migrating.md):") + 1).filter((line) => line.trim() !== "").map((line) => line.trim());
    expect(nextCommands).to.have.length(3);
    expect(nextCommands[0]).to.match(/^pulumi up --yes --target '.*::eu-west-1' --target '.*::us-east-1'$/);
    const file = JSON.parse(fs.readFileSync(importFile(), "utf8")) as { resources: unknown[] };
    // web: role, inline policy, exclusive policies, profile; deployer: role, inline policy, exclusive policies,
    // one attachment, exclusive attachments; the bucket and its policy; the key, its alias and its grant.
    expect(file.resources).to.have.length(14);
  });

  it("4. put the providers in the stack; 5. import: both change nothing in AWS", async () => {
    const before = await readAccount((region) => engine.clients(ACCOUNT, region), plan());
    await engine.workspace.run("bash", ["-c", `pulumi stack select ${STACK}`]);
    engine.proxy.clearCalls();
    for (const command of nextCommands.slice(0, 2)) {
      const run = await engine.workspace.run("bash", ["-c", command], { accountId: ACCOUNT, allowFailure: true });
      expect(run.code, `${command}\n${run.output}`).to.equal(0);
    }
    // Reads only: the AWS query and JSON APIs' Get/List/Describe calls, S3's GET and HEAD.
    expect(engine.proxy.recordedCalls().filter((call) => !/:(Get|List|Describe|GET|HEAD)/.test(call))).to.deep.equal([]);
    expect(await readAccount((region) => engine.clients(ACCOUNT, region), plan())).to.deep.equal(before);
  });

  it("6. pulumi preview --diff shows exactly the changes docs/migrating.md lists", async () => {
    const preview = await engine.workspace.run("bash", ["-c", nextCommands[2]], { accountId: ACCOUNT });
    expect(nextCommands[2]).to.equal("pulumi preview --diff");
    expect(operationLines(preview.output).sort(), preview.output).to.deep.equal(
      [
        // What import-plan reported as "not in AWS", and one RemovedRole per remove_roles entry.
        "create aws:iam:Role api",
        "create aws:iam:RolePoliciesExclusive api",
        "create pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy-tmp",
        // The findings of import-plan: the hand-made inline policy and the policy attached by hand go.
        "update aws:iam:RolePoliciesExclusive web",
        "update aws:iam:RolePolicyAttachmentsExclusive deployer",
        // Every imported role: the stack records forceDetachPolicies (an import reads false); AWS is not called.
        "update aws:iam:Role deployer",
        "update aws:iam:Role web",
      ].sort(),
    );
    expect(preview.output.match(/~ forceDetachPolicies\s*: false => true/g)).to.have.length(2);
    expect(resourceSummary(preview.output).slice(0, 2)).to.deep.equal(["+ 3 to create", "~ 4 to update"]);
  });

  it("7. pulumi up applies them; the account holds exactly the plan, and nothing is left to change", async () => {
    await engine.workspace.pulumi(["up", "--yes", "--stack", STACK]);
    const expected = expectedContents(plan());
    // The grant the YAML does not declare stays: the stack never touches grants it did not create or import.
    const untouched = { grantee: `arn:aws:iam::${ACCOUNT}:role/old`, retiree: null, operations: ["Decrypt"], constraints: null };
    expected.keys["shop-data"].grants = [untouched, ...expected.keys["shop-data"].grants];
    expect(await readAccount((region) => engine.clients(ACCOUNT, region), plan())).to.deep.equal(expected);
    await engine.workspace.pulumi(["preview", "--expect-no-changes", "--stack", STACK]);
  });
});
