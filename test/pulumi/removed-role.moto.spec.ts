import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { expect } from "chai";
import type { RemovedRoleInputs } from "../../pulumi/declarations";
import { removedRoleProvider } from "../../pulumi/removed-role";
import type { RemovedRoleOutputs } from "../../pulumi/removed-role";
import type { RoleRemoval } from "../../pulumi/role-removal";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { PROVIDER_VARIANTS, rejectionOf, type ProviderMethods } from "./removed-role-variants";

const ACCOUNT = MOTO_DEFAULT_ACCOUNT;
const OTHER_ACCOUNT = "210987654321";
const TARGET: RemovedRoleInputs = { roleName: "legacy-app", accountId: ACCOUNT, region: "us-east-1" };

const TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const SYNCR_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::legacy-assets/*" }],
};
const HAND_MADE_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: ["iam:*", "kms:*"], Resource: "*" }],
};
const MANAGED_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }],
};

/** What the original tool left behind: a role with inline and managed policies, a boundary, tags and two profiles. */
async function createLegacyRole(iam: IAMClient, roleName = TARGET.roleName) {
  const managed = await iam.send(new CreatePolicyCommand({ PolicyName: `${roleName}-logs`, PolicyDocument: JSON.stringify(MANAGED_POLICY) }));
  const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: `${roleName}-boundary`, PolicyDocument: JSON.stringify(MANAGED_POLICY) }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      Path: "/legacy/",
      AssumeRolePolicyDocument: JSON.stringify(TRUST, null, 2),
      Description: "made by iam_syncr 0.4",
      MaxSessionDuration: 7200,
      PermissionsBoundary: boundary.Policy?.Arn,
      Tags: [
        { Key: "team", Value: "ops" },
        { Key: "cost-centre", Value: "42" },
      ],
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: `syncr_policy_${roleName}`, PolicyDocument: JSON.stringify(SYNCR_POLICY) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "hand-made", PolicyDocument: JSON.stringify(HAND_MADE_POLICY) }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: managed.Policy?.Arn }));
  const ownProfile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: roleName }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: roleName, RoleName: roleName }));
  const sharedProfile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${roleName}-fleet`, Path: "/fleet/" }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: `${roleName}-fleet`, RoleName: roleName }));
  const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  return {
    managedPolicyArn: managed.Policy?.Arn ?? "",
    expectedSnapshot: {
      arn: `arn:aws:iam::${ACCOUNT}:role/legacy/${roleName}`,
      roleId: role?.RoleId ?? "",
      path: "/legacy/",
      createDate: role?.CreateDate?.toISOString() ?? null,
      description: "made by iam_syncr 0.4",
      maxSessionDuration: 7200,
      permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/${roleName}-boundary`,
      trustPolicy: TRUST,
      inlinePolicies: { [`syncr_policy_${roleName}`]: SYNCR_POLICY, "hand-made": HAND_MADE_POLICY },
      managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/${roleName}-logs`],
      tags: { team: "ops", "cost-centre": "42" },
      instanceProfiles: [
        { name: roleName, arn: ownProfile.InstanceProfile?.Arn ?? "", path: "/" },
        { name: `${roleName}-fleet`, arn: sharedProfile.InstanceProfile?.Arn ?? "", path: "/fleet/" },
      ],
    },
  };
}

/** The role as IAM shows it: policies, attachments and profiles, or null when it does not exist. */
async function describeRole(iam: IAMClient, roleName: string) {
  try {
    await iam.send(new GetRoleCommand({ RoleName: roleName }));
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return null;
    throw error;
  }
  return {
    inline: (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames,
    attached: (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies?.map((p) => p.PolicyArn),
    profiles: (await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName }))).InstanceProfiles?.map((p) => p.InstanceProfileName),
  };
}

async function profileRoles(iam: IAMClient, name: string): Promise<string[] | null> {
  try {
    const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
    return (profile.InstanceProfile?.Roles ?? []).map((role) => role.RoleName ?? "");
  } catch (error) {
    if ((error as Error).name === "NoSuchEntityException") return null;
    throw error;
  }
}

function expectRemovedAt(removal: RoleRemoval, startedAfter: number): void {
  const at = Date.parse(removal.removedAt);
  expect(at).to.be.within(startedAfter - 1000, Date.now());
  expect(removal.removedAt).to.equal(new Date(at).toISOString());
}

describe("RemovedRole provider against moto_server", function () {
  this.timeout(30_000);
  const moto = useMoto();

  for (const [variant, load] of PROVIDER_VARIANTS) {
    describe(variant, () => {
      let provider: ProviderMethods;
      before(async () => {
        provider = await load();
      });

      it("removes a role with inline and managed policies and instance profiles, and records all of it", async () => {
        const { iam } = moto.server.clients();
        const { expectedSnapshot, managedPolicyArn } = await createLegacyRole(iam);
        await iam.send(new CreateRoleCommand({ RoleName: "bystander", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
        const started = Date.now();

        const result = await provider.create(TARGET);

        expect(result.id).to.equal("legacy-app");
        const outs = result.outs as RemovedRoleOutputs;
        expect(outs.removals).to.have.length(1);
        expectRemovedAt(outs.removals[0], started);
        expect(outs).to.deep.equal({
          ...TARGET,
          status: "removed",
          removals: [{ removedAt: outs.removals[0].removedAt, ...expectedSnapshot, deletedInstanceProfiles: ["legacy-app"] }],
        });
        expect(await describeRole(iam, "legacy-app")).to.equal(null);
        expect(await profileRoles(iam, "legacy-app")).to.equal(null);
        expect(await profileRoles(iam, "legacy-app-fleet")).to.deep.equal([]);
        expect(await describeRole(iam, "bystander")).to.deep.equal({ inline: [], attached: [], profiles: [] });
        // The managed policy itself stays; only its attachment is gone.
        expect((await iam.send(new GetPolicyCommand({ PolicyArn: managedPolicyArn }))).Policy?.AttachmentCount).to.equal(0);
      });

      it("treats a role that is not there as done: the second run changes and records nothing", async () => {
        const { iam } = moto.server.clients();
        await createLegacyRole(iam);
        const first = (await provider.create(TARGET)).outs as RemovedRoleOutputs;

        expect(await provider.diff("legacy-app", first, TARGET)).to.deep.equal({ changes: false });
        const again = await provider.create(TARGET);
        expect(again).to.deep.equal({ id: "legacy-app", outs: { ...TARGET, status: "absent", removals: [] } });
        const updated = (await provider.update("legacy-app", first, TARGET)).outs;
        expect(updated).to.deep.equal({ ...TARGET, status: "absent", removals: first.removals });
        expect(await profileRoles(iam, "legacy-app-fleet")).to.deep.equal([]);
      });

      it("shows a change only when the role exists, and removes a reappeared role again, keeping the first record", async () => {
        const { iam } = moto.server.clients();
        await createLegacyRole(iam);
        const first = (await provider.create(TARGET)).outs as RemovedRoleOutputs;
        expect(await provider.diff("legacy-app", first, TARGET)).to.deep.equal({ changes: false });

        await iam.send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
        expect(await provider.diff("legacy-app", first, TARGET)).to.deep.equal({ changes: true });
        const second = (await provider.update("legacy-app", first, TARGET)).outs as RemovedRoleOutputs;

        expect(second.status).to.equal("removed");
        expect(second.removals).to.have.length(2);
        expect(second.removals[0]).to.deep.equal(first.removals[0]);
        expect(second.removals[1]).to.deep.include({ path: "/", inlinePolicies: {}, managedPolicyArns: [], instanceProfiles: [] });
        expect(await describeRole(iam, "legacy-app")).to.equal(null);
        expect(await provider.diff("legacy-app", second, TARGET)).to.deep.equal({ changes: false });
      });

      it("shows a change when the role name or account changes, without asking AWS", async () => {
        const first: RemovedRoleOutputs = { ...TARGET, status: "absent", removals: [] };
        expect(await provider.diff("legacy-app", first, { ...TARGET, roleName: "Legacy-App" })).to.deep.equal({ changes: true });
        expect(await provider.diff("legacy-app", first, { ...TARGET, accountId: OTHER_ACCOUNT })).to.deep.equal({ changes: true });
      });

      it("refuses credentials of another account and changes nothing, in that account or its own", async () => {
        await createLegacyRole(moto.server.clients().iam);
        const otherIam = moto.server.clients(OTHER_ACCOUNT).iam;
        await createLegacyRole(otherIam);
        moto.server.useAsEnvironment({ credentials: await moto.server.credentialsFor(OTHER_ACCOUNT) });

        const created = await rejectionOf(provider.create(TARGET));
        const diffed = await rejectionOf(provider.diff("legacy-app", { ...TARGET, status: "absent", removals: [] }, TARGET));

        const refusal = new RegExp(
          `^Refusing to remove role "legacy-app": the AWS credentials belong to account ${OTHER_ACCOUNT} ` +
            `\\(arn:aws:iam::${OTHER_ACCOUNT}:user/moto-user-${OTHER_ACCOUNT}-\\d+\\), but this stack manages account ${ACCOUNT}\\. ` +
            `Nothing was changed\\.$`,
        );
        expect(created.message).to.match(refusal);
        expect(diffed.message).to.match(refusal);
        const intact = {
          inline: ["hand-made", "syncr_policy_legacy-app"],
          attached: [`arn:aws:iam::${OTHER_ACCOUNT}:policy/legacy-app-logs`],
          profiles: ["legacy-app", "legacy-app-fleet"],
        };
        expect(sortedRole(await describeRole(otherIam, "legacy-app"))).to.deep.equal(intact);
        expect(sortedRole(await describeRole(moto.server.clients().iam, "legacy-app"))).to.deep.equal({
          ...intact,
          attached: [`arn:aws:iam::${ACCOUNT}:policy/legacy-app-logs`],
        });
      });

      it("records and removes an inline policy and a tag named __proto__ like any other", async () => {
        const { iam } = moto.server.clients();
        await iam.send(
          new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: JSON.stringify(TRUST), Tags: [{ Key: "__proto__", Value: "odd" }] }),
        );
        await iam.send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "__proto__", PolicyDocument: JSON.stringify(SYNCR_POLICY) }));

        const outs = (await provider.create(TARGET)).outs as RemovedRoleOutputs;

        const [removal] = outs.removals;
        expect([outs.status, Object.keys(removal.inlinePolicies), Object.keys(removal.tags)]).to.deep.equal(["removed", ["__proto__"], ["__proto__"]]);
        expect(Object.getOwnPropertyDescriptor(removal.inlinePolicies, "__proto__")?.value).to.deep.equal(SYNCR_POLICY);
        expect(Object.getOwnPropertyDescriptor(removal.tags, "__proto__")?.value).to.equal("odd");
        expect(Object.getPrototypeOf(removal.inlinePolicies)).to.equal(Object.prototype);
        expect(await describeRole(iam, "legacy-app")).to.equal(null);
      });

      it("refuses a service-linked role and leaves it alone", async () => {
        const { iam } = moto.server.clients();
        const roleName = "AWSServiceRoleForAutoScaling";
        await iam.send(
          new CreateRoleCommand({
            RoleName: roleName,
            Path: "/aws-service-role/autoscaling.amazonaws.com/",
            AssumeRolePolicyDocument: JSON.stringify(TRUST),
          }),
        );
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "inline", PolicyDocument: JSON.stringify(SYNCR_POLICY) }));

        const error = await rejectionOf(provider.create({ ...TARGET, roleName }));

        expect(error.message).to.equal(
          `Refusing to remove role "${roleName}": it is a service-linked role (path /aws-service-role/autoscaling.amazonaws.com/), ` +
            `which only the AWS service that created it may delete. Nothing was changed.`,
        );
        expect(await describeRole(iam, roleName)).to.deep.equal({ inline: ["inline"], attached: [], profiles: [] });
      });

      it("changes nothing in AWS when the resource is deleted", async () => {
        const { iam } = moto.server.clients();
        await createLegacyRole(iam);
        const outs = (await provider.create(TARGET)).outs as RemovedRoleOutputs;
        await iam.send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
        await iam.send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "back", PolicyDocument: JSON.stringify(SYNCR_POLICY) }));

        await provider.delete("legacy-app", outs);

        expect(await describeRole(iam, "legacy-app")).to.deep.equal({ inline: ["back"], attached: [], profiles: [] });
      });

      it("keeps the record in the state when the removal fails part-way, and reports a partial failure", async () => {
        const { iam } = moto.server.clients();
        const { expectedSnapshot, managedPolicyArn } = await createLegacyRole(iam);
        // moto lets an attached policy be deleted, after which the attachment can no longer be detached.
        await iam.send(new DeletePolicyCommand({ PolicyArn: managedPolicyArn }));

        const error = await rejectionOf(provider.create(TARGET));

        expect(error.message).to.match(/^Removing role "legacy-app" stopped part-way: .+\. What the role had is kept in the stack; the next update tries again\.$/);
        expect(error.id).to.equal("legacy-app");
        expect(error.reasons).to.deep.equal([error.message]);
        const properties = error.properties as RemovedRoleOutputs;
        expect(properties).to.deep.equal({
          ...TARGET,
          status: "incomplete",
          removals: [{ removedAt: properties.removals[0].removedAt, ...expectedSnapshot, deletedInstanceProfiles: ["legacy-app"] }],
        });
        // Profiles were emptied before the detachment failed; the policies are still there.
        expect(sortedRole(await describeRole(iam, "legacy-app"))).to.deep.equal({
          inline: ["hand-made", "syncr_policy_legacy-app"],
          attached: [managedPolicyArn],
          profiles: [],
        });
        expect(await provider.diff("legacy-app", properties, TARGET)).to.deep.equal({ changes: true });
      });

      it("shows a change for an incomplete record whose role is already gone, then keeps the record and shows none", async () => {
        const { iam } = moto.server.clients();
        const { managedPolicyArn } = await createLegacyRole(iam);
        await iam.send(new DeletePolicyCommand({ PolicyArn: managedPolicyArn }));
        const incomplete = (await rejectionOf(provider.create(TARGET))).properties as RemovedRoleOutputs;
        expect(incomplete.status).to.equal("incomplete");
        expect(incomplete.removals).to.have.length(1);
        // Someone finished the removal by hand. moto cannot delete this role any more (its dangling attachment
        // blocks DeleteRole), so forgetting every resource stands in for that.
        await moto.server.reset();
        expect(await describeRole(iam, "legacy-app")).to.equal(null);

        // The role is gone, so only the incomplete status can make the preview show the update that settles it.
        expect(await provider.diff("legacy-app", incomplete, TARGET)).to.deep.equal({ changes: true });
        const settled = (await provider.update("legacy-app", incomplete, TARGET)).outs;
        expect(settled).to.deep.equal({ ...TARGET, status: "absent", removals: incomplete.removals });
        expect(await provider.diff("legacy-app", settled as RemovedRoleOutputs, TARGET)).to.deep.equal({ changes: false });
      });

      it("deletes the role's own instance profile whatever the case of its name (profile Web for role web), and no other", async () => {
        const { iam } = moto.server.clients();
        const target = { ...TARGET, roleName: "web" };
        await iam.send(new CreateRoleCommand({ RoleName: "web", AssumeRolePolicyDocument: JSON.stringify(TRUST) }));
        const own = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "Web" }));
        await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "Web", RoleName: "web" }));
        const fleet = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web-fleet", Path: "/fleet/" }));
        await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web-fleet", RoleName: "web" }));

        const outs = (await provider.create(target)).outs as RemovedRoleOutputs;

        expect(outs.status).to.equal("removed");
        expect(outs.removals).to.have.length(1);
        const [removal] = outs.removals;
        expect([...removal.instanceProfiles].sort((a, b) => (a.name < b.name ? -1 : 1))).to.deep.equal([
          { name: "Web", arn: own.InstanceProfile?.Arn, path: "/" },
          { name: "web-fleet", arn: fleet.InstanceProfile?.Arn, path: "/fleet/" },
        ]);
        // IAM names ignore case: "Web" is the profile make_instance_profile made for "web"; web-fleet is shared.
        expect(removal.deletedInstanceProfiles).to.deep.equal(["Web"]);
        expect(await profileRoles(iam, "Web")).to.equal(null);
        expect(await profileRoles(iam, "web-fleet")).to.deep.equal([]);
        expect(await describeRole(iam, "web")).to.equal(null);
      });
    });
  }

  it("honours AWS_ENDPOINT_URL_<SERVICE> without AWS_ENDPOINT_URL", async () => {
    await createLegacyRole(moto.server.clients().iam);
    moto.server.useAsEnvironment({ services: ["iam", "sts"] });
    expect(process.env.AWS_ENDPOINT_URL).to.equal(undefined);

    const outs = (await removedRoleProvider.create(TARGET)).outs as RemovedRoleOutputs;

    expect(outs.status).to.equal("removed");
    expect(await describeRole(moto.server.clients().iam, "legacy-app")).to.equal(null);
  });
});

function sortedRole(role: Awaited<ReturnType<typeof describeRole>>) {
  return role && { inline: [...(role.inline ?? [])].sort(), attached: [...(role.attached ?? [])].sort(), profiles: [...(role.profiles ?? [])].sort() };
}
