/**
 * The RemovedRole provider when AWS misbehaves (issue 13), behind the fault-injecting proxy, as written and as
 * Pulumi runs it (serialized into the state and revived): a removal that stopped part-way is finished by the
 * next update from its record; an answer that lacks what the API always sends is a failure, never "no such
 * role"; every failure names the role and the AWS operation, and says whether anything changed.
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { expect } from "chai";
import type { RemovedRoleInputs } from "../../pulumi/declarations";
import type { RemovedRoleOutputs } from "../../pulumi/removed-role";
import { useFaultProxy } from "../support/fault-proxy";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { PROVIDER_VARIANTS, rejectionOf, type ProviderMethods } from "./removed-role-variants";

const TARGET: RemovedRoleInputs = { roleName: "legacy-app", accountId: MOTO_DEFAULT_ACCOUNT, region: "us-east-1" };
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const POLICY = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
const FAST = { IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "300", IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "300", AWS_MAX_ATTEMPTS: "2" };

/** A role in its own instance profile (make_instance_profile) and in a shared one, with an inline policy. */
async function createRole(iam: IAMClient) {
  await iam.send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app", PolicyDocument: JSON.stringify(POLICY) }));
  const own = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "legacy-app" }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "legacy-app", RoleName: "legacy-app" }));
  const fleet = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "legacy-app-fleet" }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "legacy-app-fleet", RoleName: "legacy-app" }));
  const role = (await iam.send(new GetRoleCommand({ RoleName: "legacy-app" }))).Role;
  return {
    arn: `arn:aws:iam::${MOTO_DEFAULT_ACCOUNT}:role/legacy-app`,
    roleId: role?.RoleId ?? "",
    path: "/",
    createDate: role?.CreateDate?.toISOString() ?? null,
    description: null,
    maxSessionDuration: 3600,
    permissionsBoundary: null,
    trustPolicy: TRUST,
    inlinePolicies: { "syncr_policy_legacy-app": POLICY },
    managedPolicyArns: [],
    tags: {},
    instanceProfiles: [
      { name: "legacy-app", arn: own.InstanceProfile?.Arn ?? "", path: "/" },
      { name: "legacy-app-fleet", arn: fleet.InstanceProfile?.Arn ?? "", path: "/" },
    ],
  };
}

async function profileRoles(iam: IAMClient, name: string): Promise<string[] | null> {
  try {
    return ((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }))).InstanceProfile?.Roles ?? []).map((r) => r.RoleName ?? "");
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return null;
    throw error;
  }
}

async function roleExists(iam: IAMClient): Promise<boolean> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: "legacy-app" }));
    return true;
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return false;
    throw error;
  }
}

describe("RemovedRole provider when AWS misbehaves (fault-injecting proxy in front of moto_server)", function () {
  this.timeout(30_000);
  const moto = useMoto();
  const faults = useFaultProxy(moto, FAST);

  for (const [variant, load] of PROVIDER_VARIANTS) {
    describe(variant, () => {
      let provider: ProviderMethods;
      before(async () => {
        provider = await load();
      });

      it("a fault between RemoveRoleFromInstanceProfile and DeleteInstanceProfile: the next update deletes the emptied profile and completes the one record", async () => {
        const { iam } = moto.server.clients();
        const snapshot = await createRole(iam);
        faults.proxy.failAfter("DeleteInstanceProfile", 0, "500", 2);

        const failed = await rejectionOf(provider.create(TARGET));

        expect(failed.message).to.equal(
          'Removing role "legacy-app" stopped part-way: IAM DeleteInstanceProfile: AWS\'s answer could not be read ' +
            "(HTTP 500, XML parse error: unexpected content), tried 2 times. What the role had is kept in the stack; the next update tries again.",
        );
        const incomplete = failed.properties as RemovedRoleOutputs;
        const removedAt = incomplete.removals[0].removedAt;
        expect(incomplete).to.deep.equal({ ...TARGET, status: "incomplete", removals: [{ removedAt, ...snapshot, deletedInstanceProfiles: [] }] });
        // The own profile is empty and no longer lists the role: only the record knows it.
        expect(await profileRoles(iam, "legacy-app")).to.deep.equal([]);
        expect(await provider.diff("legacy-app", incomplete, TARGET)).to.deep.equal({ changes: true });

        const finished = (await provider.update("legacy-app", incomplete, TARGET)).outs as RemovedRoleOutputs;

        expect(finished).to.deep.equal({ ...TARGET, status: "removed", removals: [{ removedAt, ...snapshot, deletedInstanceProfiles: ["legacy-app"] }] });
        expect(await profileRoles(iam, "legacy-app")).to.equal(null);
        expect(await profileRoles(iam, "legacy-app-fleet")).to.deep.equal([]);
        expect(await roleExists(iam)).to.equal(false);
      });

      it("a retried update also finishes the profiles when the role itself is already gone (absent), and records what it deleted", async () => {
        const { iam } = moto.server.clients();
        const snapshot = await createRole(iam);
        faults.proxy.failAfter("DeleteInstanceProfile", 0, "never answer", 2);
        const incomplete = (await rejectionOf(provider.create(TARGET))).properties as RemovedRoleOutputs;
        // Someone finishes by hand, except the emptied profile.
        const { RemoveRoleFromInstanceProfileCommand, DeleteRolePolicyCommand, DeleteRoleCommand } = await import("@aws-sdk/client-iam");
        await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: "legacy-app-fleet", RoleName: "legacy-app" }));
        await iam.send(new DeleteRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app" }));
        await iam.send(new DeleteRoleCommand({ RoleName: "legacy-app" }));

        const finished = (await provider.update("legacy-app", incomplete, TARGET)).outs as RemovedRoleOutputs;

        const removedAt = incomplete.removals[0].removedAt;
        expect(finished).to.deep.equal({ ...TARGET, status: "absent", removals: [{ removedAt, ...snapshot, deletedInstanceProfiles: ["legacy-app"] }] });
        expect(await profileRoles(iam, "legacy-app")).to.equal(null);
        expect(await provider.diff("legacy-app", finished, TARGET)).to.deep.equal({ changes: false });
      });

      it("an empty answer to GetRole is a failure naming the role, never 'no such role'", async () => {
        const { iam } = moto.server.clients();
        await createRole(iam);
        faults.proxy.failAfter("GetRole", 0, "empty 200");

        const created = await rejectionOf(provider.create(TARGET));
        const diffed = await rejectionOf(provider.diff("legacy-app", { ...TARGET, status: "removed", removals: [] }, TARGET));

        const line = 'Could not look up role "legacy-app": IAM GetRole: the answer lacks Role, which AWS always sends. Nothing was changed.';
        expect([created.message, diffed.message]).to.deep.equal([line, line]);
        expect(await profileRoles(iam, "legacy-app")).to.deep.equal(["legacy-app"]);
      });

      it("an empty answer to GetCallerIdentity is a failure, not credentials of account undefined", async () => {
        await createRole(moto.server.clients().iam);
        faults.proxy.failAfter("GetCallerIdentity", 0, "empty 200");

        const error = await rejectionOf(provider.create(TARGET));

        expect(error.message).to.equal(
          'Could not check the AWS account before removing role "legacy-app": STS GetCallerIdentity: the answer lacks Account, which AWS always sends. Nothing was changed.',
        );
      });

      it("a failure while taking the record names the role and the operation, and nothing is changed", async () => {
        const { iam } = moto.server.clients();
        await createRole(iam);
        faults.proxy.failAfter("ListRoleTags", 0, "never answer");

        const error = await rejectionOf(provider.create(TARGET));

        expect(error.message).to.equal(
          'Could not record role "legacy-app" before removing it: IAM ListRoleTags: no answer within 300 ms, tried 2 times. Nothing was changed.',
        );
        expect(error.properties).to.equal(undefined);
        expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "legacy-app" }))).PolicyNames).to.deep.equal(["syncr_policy_legacy-app"]);
        expect(await profileRoles(iam, "legacy-app")).to.deep.equal(["legacy-app"]);
      });

      it("an answer that never comes to DeleteRole: incomplete, then finished by the next update", async () => {
        const { iam } = moto.server.clients();
        const snapshot = await createRole(iam);
        faults.proxy.failAfter("DeleteRole", 0, "never answer", 2);

        const failed = await rejectionOf(provider.create(TARGET));

        expect(failed.message).to.equal(
          'Removing role "legacy-app" stopped part-way: IAM DeleteRole: no answer within 300 ms, tried 2 times. ' +
            "What the role had is kept in the stack; the next update tries again.",
        );
        const incomplete = failed.properties as RemovedRoleOutputs;
        const removedAt = incomplete.removals[0].removedAt;
        const record = { removedAt, ...snapshot, deletedInstanceProfiles: ["legacy-app"] };
        expect(incomplete).to.deep.equal({ ...TARGET, status: "incomplete", removals: [record] });

        const finished = (await provider.update("legacy-app", incomplete, TARGET)).outs as RemovedRoleOutputs;

        expect(finished).to.deep.equal({ ...TARGET, status: "removed", removals: [record] });
        expect(await roleExists(iam)).to.equal(false);
      });
    });
  }
});
