/**
 * `iam-syncr import-plan` and `iam-syncr generate` with a deploy role (docs/credentials.md), against moto_server
 * through the fault proxy (which lists the operations called): from the central credentials (moto's default
 * account) each command assumes the account's deploy role with STS AssumeRole, session iam-syncr-<stack>, before
 * any other call, and reads that account: what exists only in the central account is not found, what exists
 * only in the target account is. Credentials that land in another account look nothing up; a failed AssumeRole
 * is one line, and nothing is written. (moto does not evaluate trust policies: moto-notes §3.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { planAdoption } from "../../adopt/adoption";
import { AwsClients } from "../../adopt/aws-clients";
import { main } from "../../cli/run";
import { compileIn, planOf, writeStacks } from "../support/stacks";
import { useFaultProxy } from "../support/fault-proxy";
import { lines } from "../support/assertions";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { captured } from "../support/captured-io";

const CENTRAL = MOTO_DEFAULT_ACCOUNT;
const TARGET = "111111111111";
const OTHER = "222222222222";
const DEPLOYER = (account: string) => `arn:aws:iam::${account}:role/ops/iam-syncr-deployer`;
const ACCOUNTS = `_defaults: {deploy_role: ops/iam-syncr-deployer}\ncentral: {id: "${CENTRAL}", deploy_role: null}\ntarget: "${TARGET}"\n`;
const TARGET_YAML = `
roles:
  app/web:
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: target-assets}}
  api:
    allow_to_assume_me: {service: lambda}
buckets:
  target-assets:
    location: us-east-1
    allow_permission: {principal: {iam: role/app/web}, action: "s3:GetObject", resource: {s3: __self__}}
`;
const TRUST = (principal: Record<string, string>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const URN = (region: string) => `urn:pulumi:target::iam-syncr::pulumi:providers:aws::${region}`;

/** The deploy role of an account, trusting the central account (moto does not check it; AWS would). */
async function createDeployer(iam: IAMClient): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: "iam-syncr-deployer", Path: "/ops/", AssumeRolePolicyDocument: TRUST({ AWS: `arn:aws:iam::${CENTRAL}:root` }) }));
}

function filesUnder(folder: string, prefix = ""): Record<string, string> {
  if (!fs.existsSync(folder)) return {};
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, filesUnder(path.join(folder, entry.name), `${relative}/`));
    else files[relative] = fs.readFileSync(path.join(folder, entry.name), "utf8");
  }
  return files;
}

describe("import-plan and generate with a deploy role, against moto_server", function () {
  this.timeout(30_000);
  const moto = useMoto();
  // The central credentials are moto's dummy ones (its default account); every call goes through the proxy.
  const faults = useFaultProxy(moto, { IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "300", IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "300", AWS_MAX_ATTEMPTS: "2" });

  /** The target account holds its deploy role, app/web (policy) and the bucket (policy); the central account holds api. */
  async function buildAccounts(): Promise<void> {
    const { iam, s3 } = moto.server.clients(TARGET);
    await createDeployer(iam);
    await iam.send(new CreateRoleCommand({ RoleName: "web", Path: "/app/", AssumeRolePolicyDocument: TRUST({ Service: "ec2.amazonaws.com" }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "web", PolicyName: "syncr_policy_app__web", PolicyDocument: POLICY }));
    await s3.send(new CreateBucketCommand({ Bucket: "target-assets" }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: "target-assets", Policy: POLICY }));
    await moto.server.clients().iam.send(new CreateRoleCommand({ RoleName: "api", AssumeRolePolicyDocument: TRUST({ Service: "lambda.amazonaws.com" }) }));
  }

  describe("iam-syncr import-plan", () => {
    it("assumes the target's deploy role first, then finds exactly what the target account holds, not what the central account holds", async () => {
      await buildAccounts();
      const root = writeStacks({ accounts: ACCOUNTS, files: { "target/iam.yaml": TARGET_YAML } });
      const run = captured(root);

      const code = await main(["import-plan", "target", "--region", "us-east-1"], run.io);

      const entry = (type: string, name: string, id: string) => ({ type, name, id, provider: "us-east-1" });
      expect(JSON.parse(run.stdout())).to.deep.equal({
        nameTable: { "us-east-1": URN("us-east-1") },
        resources: [
          entry("aws:iam/role:Role", "web", "web"),
          entry("aws:iam/rolePolicy:RolePolicy", "web", "web:syncr_policy_app__web"),
          entry("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "web", "web"),
          entry("aws:s3/bucket:Bucket", "target-assets", "target-assets"),
          entry("aws:s3/bucketPolicy:BucketPolicy", "target-assets", "target-assets"),
        ],
      });
      expect(run.stderr().split("\n").slice(0, 10)).to.deep.equal([
        `import-plan for account target (${TARGET}), Pulumi stack "target":`,
        "found in AWS, to import (5):",
        "  aws:iam/role:Role web (roles.app/web), id web",
        "  aws:iam/rolePolicy:RolePolicy web (roles.app/web), id web:syncr_policy_app__web",
        "  aws:iam/rolePoliciesExclusive:RolePoliciesExclusive web (roles.app/web), id web",
        "  aws:s3/bucket:Bucket target-assets (buckets.target-assets), id target-assets",
        "  aws:s3/bucketPolicy:BucketPolicy target-assets (buckets.target-assets), id target-assets",
        "not in AWS: pulumi up creates them (2):",
        "  aws:iam/role:Role api (roles.api)",
        "  aws:iam/rolePoliciesExclusive:RolePoliciesExclusive api (roles.api)",
      ]);
      expect(code).to.equal(0);
      expect(faults.proxy.calls.slice(0, 2)).to.deep.equal(["AssumeRole", "GetCallerIdentity"]);
      expect(faults.proxy.calls.filter((call) => call === "AssumeRole")).to.have.length(1);
    });

    it("an account whose entry says deploy_role: null is read with the credentials as they are: no AssumeRole", async () => {
      await buildAccounts();
      const root = writeStacks({ accounts: ACCOUNTS, files: { "central/iam.yaml": "roles:\n  api:\n    allow_to_assume_me: {service: lambda}\n" } });
      const run = captured(root);
      expect(await main(["import-plan", "central"], run.io)).to.equal(0);
      expect(JSON.parse(run.stdout()).resources.map((r: { type: string; id: string }) => `${r.type} ${r.id}`)).to.deep.equal([
        "aws:iam/role:Role api",
        "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive api",
      ]);
      expect(faults.proxy.calls).to.not.include("AssumeRole");
    });

    it("a failed AssumeRole is one line naming the role and the session: exit 1, nothing looked up or written", async () => {
      await buildAccounts();
      const root = writeStacks({ accounts: ACCOUNTS, files: { "target/iam.yaml": TARGET_YAML } });
      faults.proxy.failAfter("AssumeRole", 0, "500");
      const run = captured(root);

      const code = await main(["import-plan", "target", "--out", "import.json"], run.io);

      expect([code, run.stdout(), run.stderr()]).to.deep.equal([
        1,
        "",
        `iam-syncr: could not assume the deploy role ${DEPLOYER(TARGET)} (STS AssumeRole, session iam-syncr-target): AWS's answer could not be read ` +
          "(HTTP 500, XML parse error: unexpected content), tried 2 times. Nothing was written.\n",
      ]);
      expect(faults.proxy.calls).to.deep.equal(["AssumeRole", "AssumeRole"]);
      expect(fs.existsSync(path.join(root, "import.json"))).to.equal(false);
    });

    it("credentials that land in another account after assuming look nothing up (the account guard runs on them)", async () => {
      await buildAccounts();
      await createDeployer(moto.server.clients(OTHER).iam);
      const plan = planOf(compileIn(writeStacks({ accounts: ACCOUNTS, files: { "target/iam.yaml": TARGET_YAML } }), "target"));
      // The compiler refuses such an ARN in accounts.yaml; the guard must hold even if the role lands elsewhere.
      const clients = new AwsClients(process.env, { roleArn: DEPLOYER(OTHER), sessionName: "iam-syncr-target" });
      try {
        expect(await planAdoption(plan, clients)).to.deep.equal({
          outcome: "wrong account",
          caller: { account: OTHER, arn: `arn:aws:sts::${OTHER}:assumed-role/iam-syncr-deployer/iam-syncr-target` },
        });
      } finally {
        clients.destroy();
      }
      expect(faults.proxy.calls).to.deep.equal(["AssumeRole", "GetCallerIdentity"]);
    });
  });

  describe("iam-syncr generate", () => {
    it("assumes the target's deploy role and writes the YAML of the target's roles, not the central account's", async () => {
      await buildAccounts();
      const root = writeStacks({ accounts: ACCOUNTS, files: {} });
      const run = captured(root);

      const code = await main(["generate", "target", "--roles", "/app/"], run.io);

      expect([code, run.stdout(), run.stderr().split("\n").slice(0, 3)]).to.deep.equal([
        0,
        "",
        [`generate for account target (${TARGET}): roles under /app/`, "wrote (1):", "  target/roles/app.yaml: roles app/web"],
      ]);
      expect(filesUnder(path.join(root, "target"))).to.deep.equal({
        "roles/app.yaml": lines(
          `# Written by iam-syncr generate from account target (${TARGET}).`,
          "# It compiles to what the account held when it was read; edit it like any other file of the folder.",
          "",
          "roles:",
          "  app/web:",
          "    allow_to_assume_me:",
          "      - service: ec2",
          "    allow_permission:",
          "      - action: s3:GetObject",
          "        resource: '*'",
        ),
      });
      expect(faults.proxy.calls.slice(0, 2)).to.deep.equal(["AssumeRole", "GetCallerIdentity"]);
      expect(faults.proxy.calls.filter((call) => call === "AssumeRole")).to.have.length(1);
    });

    it("a failed AssumeRole is one line: exit 1, nothing read or written", async () => {
      await buildAccounts();
      const root = writeStacks({ accounts: ACCOUNTS, files: {} });
      faults.proxy.failAfter("AssumeRole", 0, "empty 200");
      const run = captured(root);

      expect(await main(["generate", "target"], run.io)).to.equal(1);
      expect(run.stderr()).to.equal(
        `iam-syncr: could not assume the deploy role ${DEPLOYER(TARGET)} (STS AssumeRole, session iam-syncr-target): ` +
          "the answer lacks Credentials.AccessKeyId, which AWS always sends. Nothing was written.\n",
      );
      expect(faults.proxy.calls).to.deep.equal(["AssumeRole"]);
      expect(fs.existsSync(path.join(root, "target"))).to.equal(false);
    });
  });
});
