/**
 * The RemovedRole provider with a deploy role (docs/credentials.md), against moto_server, as written and as Pulumi
 * runs it (serialized into the state and revived): from the central credentials (moto's default account) it
 * assumes the deploy role of the stack's account with STS AssumeRole and removes the role there, and only there;
 * a deploy role whose credentials land in another account changes nothing (the account check runs on the
 * assumed credentials); a failed AssumeRole is one line that names the role and the session, and changes nothing.
 */
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { expect } from "chai";
import type { RemovedRoleInputs } from "../../pulumi/declarations";
import type { RemovedRoleOutputs } from "../../pulumi/removed-role";
import { useFaultProxy } from "../support/fault-proxy";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { PROVIDER_VARIANTS, rejectionOf, type ProviderMethods } from "./removed-role-variants";

const CENTRAL = MOTO_DEFAULT_ACCOUNT;
const TARGET_ACCOUNT = "111111111111";
const OTHER_ACCOUNT = "222222222222";
const deployerOf = (account: string) => `arn:aws:iam::${account}:role/ops/iam-syncr-deployer`;
const SESSION = "iam-syncr-target";
const TARGET: RemovedRoleInputs = {
  roleName: "legacy-app",
  accountId: TARGET_ACCOUNT,
  region: "us-east-1",
  assumeRole: { roleArn: deployerOf(TARGET_ACCOUNT), sessionName: SESSION },
};
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const CENTRAL_TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` }, Action: "sts:AssumeRole" }] };
const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

async function createDeployer(iam: IAMClient): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: "iam-syncr-deployer", Path: "/ops/", AssumeRolePolicyDocument: JSON.stringify(CENTRAL_TRUST) }));
}

async function createLegacyApp(iam: IAMClient): Promise<string> {
  const role = await iam.send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app", PolicyDocument: JSON.stringify(POLICY) }));
  return role.Role?.Arn ?? "";
}

async function legacyAppArn(iam: IAMClient): Promise<string | null> {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: "legacy-app" }))).Role?.Arn ?? "";
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return null;
    throw error;
  }
}

describe("RemovedRole provider with a deploy role, against moto_server", function () {
  this.timeout(30_000);
  const moto = useMoto();
  // Every call goes through the proxy, which lists the operations; the central credentials are moto's default account's.
  const faults = useFaultProxy(moto, { IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "300", IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "300", AWS_MAX_ATTEMPTS: "2" });

  for (const [variant, load] of PROVIDER_VARIANTS) {
    describe(variant, () => {
      let provider: ProviderMethods;
      before(async () => {
        provider = await load();
      });

      it("assumes the deploy role first, and removes the role in the deploy role's account, not in the account of the credentials", async () => {
        const target = moto.server.clients(TARGET_ACCOUNT).iam;
        const central = moto.server.clients().iam;
        await createDeployer(target);
        const arn = await createLegacyApp(target);
        await createLegacyApp(central);
        expect(arn).to.equal(`arn:aws:iam::${TARGET_ACCOUNT}:role/legacy-app`);

        const result = await provider.create(TARGET);

        const outs = result.outs as RemovedRoleOutputs;
        expect([outs.status, outs.removals.map((r) => r.arn), outs.assumeRole]).to.deep.equal([
          "removed",
          [`arn:aws:iam::${TARGET_ACCOUNT}:role/legacy-app`],
          { roleArn: deployerOf(TARGET_ACCOUNT), sessionName: SESSION },
        ]);
        expect(outs.removals[0].inlinePolicies).to.deep.equal({ "syncr_policy_legacy-app": POLICY });
        expect(await legacyAppArn(target)).to.equal(null);
        expect(await legacyAppArn(central)).to.equal(`arn:aws:iam::${CENTRAL}:role/legacy-app`);
        // One AssumeRole, then the account check with its credentials, before anything is read or changed.
        expect(faults.proxy.calls.slice(0, 3)).to.deep.equal(["AssumeRole", "GetCallerIdentity", "GetRole"]);
        expect(faults.proxy.calls.filter((call) => call === "AssumeRole")).to.have.length(1);
      });

      it("a preview asks the deploy role's account: a change only while the role exists there", async () => {
        const target = moto.server.clients(TARGET_ACCOUNT).iam;
        await createDeployer(target);
        await createLegacyApp(moto.server.clients().iam);
        const outs = (await provider.create(TARGET)).outs as RemovedRoleOutputs;
        expect(outs.status).to.equal("absent");

        expect(await provider.diff("legacy-app", outs, TARGET)).to.deep.equal({ changes: false });
        await createLegacyApp(target);
        expect(await provider.diff("legacy-app", outs, TARGET)).to.deep.equal({ changes: true });
      });

      it("refuses a deploy role whose credentials land in another account, and changes nothing in any account", async () => {
        const other = moto.server.clients(OTHER_ACCOUNT).iam;
        const target = moto.server.clients(TARGET_ACCOUNT).iam;
        await createDeployer(other);
        await createLegacyApp(other);
        await createLegacyApp(target);
        const misdirected: RemovedRoleInputs = { ...TARGET, assumeRole: { roleArn: deployerOf(OTHER_ACCOUNT), sessionName: SESSION } };

        const attempts = [() => provider.create(misdirected), () => provider.diff("legacy-app", { ...misdirected, status: "absent", removals: [] }, misdirected)];
        for (const attempt of attempts) {
          expect((await rejectionOf(attempt())).message).to.equal(
            `Refusing to remove role "legacy-app": the AWS credentials belong to account ${OTHER_ACCOUNT} ` +
              `(arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/iam-syncr-deployer/${SESSION}), but this stack manages account ${TARGET_ACCOUNT}. Nothing was changed.`,
          );
        }
        expect(await legacyAppArn(other)).to.equal(`arn:aws:iam::${OTHER_ACCOUNT}:role/legacy-app`);
        expect(await legacyAppArn(target)).to.equal(`arn:aws:iam::${TARGET_ACCOUNT}:role/legacy-app`);
        expect(faults.proxy.calls.filter((call) => !["AssumeRole", "GetCallerIdentity"].includes(call))).to.deep.equal([]);
      });

      it("a failed AssumeRole is one line naming the role and the session, after the retries, and nothing changes", async () => {
        const target = moto.server.clients(TARGET_ACCOUNT).iam;
        await createDeployer(target);
        await createLegacyApp(target);
        faults.proxy.failAfter("AssumeRole", 0, "500");

        expect((await rejectionOf(provider.create(TARGET))).message).to.equal(
          'Could not check the AWS account before removing role "legacy-app": could not assume the deploy role ' +
            `${deployerOf(TARGET_ACCOUNT)} (STS AssumeRole, session ${SESSION}): AWS's answer could not be read (HTTP 500, XML parse error: unexpected content), ` +
            "tried 2 times. Nothing was changed.",
        );
        expect(faults.proxy.calls).to.deep.equal(["AssumeRole", "AssumeRole"]);
        expect(await legacyAppArn(target)).to.equal(`arn:aws:iam::${TARGET_ACCOUNT}:role/legacy-app`);
      });

      it("an AssumeRole answer without credentials is a failure, never the central credentials used instead", async () => {
        const target = moto.server.clients(TARGET_ACCOUNT).iam;
        await createDeployer(target);
        await createLegacyApp(target);
        faults.proxy.failAfter("AssumeRole", 0, "empty 200");

        expect((await rejectionOf(provider.create(TARGET))).message).to.equal(
          'Could not check the AWS account before removing role "legacy-app": could not assume the deploy role ' +
            `${deployerOf(TARGET_ACCOUNT)} (STS AssumeRole, session ${SESSION}): the answer lacks Credentials.AccessKeyId, which AWS always sends. Nothing was changed.`,
        );
        expect(faults.proxy.calls).to.deep.equal(["AssumeRole"]);
        expect(await legacyAppArn(target)).to.equal(`arn:aws:iam::${TARGET_ACCOUNT}:role/legacy-app`);
      });
    });
  }
});
