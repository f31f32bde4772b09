/**
 * The `removedRoles` stack output, with records that only a real removal can produce: index.ts runs under the
 * mock engine, and each RemovedRole registration is answered by its own serialized provider (the `__provider`
 * input, revived as Pulumi's dynamic-provider host does) running `create` against moto_server. The outputs must
 * carry what that provider returned — the role id moto gave the role, its policies, tags and profiles, the time
 * of the removal — through the program's outputs path.
 */
import * as path from "node:path";
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { StackOutputs } from "../../pulumi/program";
import type { removedRoleProvider } from "../../pulumi/removed-role";
import { ResourceType } from "../../pulumi/declarations";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { writeStacks } from "../support/stacks";
import { startMockEngine, valueOf } from "./mock-engine";
import type { MockEngine } from "./mock-engine";

const ACCOUNT = MOTO_DEFAULT_ACCOUNT;
const TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::legacy-assets/*" }],
};

type Provider = typeof removedRoleProvider;
const requireFromString = require("require-from-string") as (code: string, filename?: string) => { handler: () => Provider };

/** What the dynamic-provider host does with a RemovedRole registration: revive its `__provider` and create. */
async function createWithStoredProvider(type: string, _name: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (type !== ResourceType.removedRole) return {};
  const provider = requireFromString(inputs.__provider as string, __filename).handler();
  const { outs } = await provider.create(inputs as never);
  return { ...outs };
}

/** Runs index.ts afresh as stack `sandbox` of `stacksDir`. */
async function runIndex(stacksDir: string): Promise<{ engine: MockEngine; outputs: StackOutputs }> {
  pulumi.runtime.setAllConfig({ "iam-syncr:stacksDir": stacksDir, "aws:region": "us-east-1" });
  const engine = await startMockEngine("sandbox", createWithStoredProvider);
  const index = require.resolve("../../index");
  delete require.cache[index];
  const outputs = require(index) as StackOutputs;
  return { engine, outputs };
}

describe("the removedRoles stack output, from the RemovedRole provider run against moto_server", function () {
  this.timeout(30_000);
  const moto = useMoto();

  it("exports each removal record as the provider made it: removed with what the role had, or absent", async () => {
    const { iam } = moto.server.clients();
    await iam.send(new CreateRoleCommand({ RoleName: "legacy-app", Path: "/legacy/", AssumeRolePolicyDocument: JSON.stringify(TRUST), Tags: [{ Key: "team", Value: "ops" }] }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app", PolicyDocument: JSON.stringify(POLICY) }));
    const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "legacy-app" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "legacy-app", RoleName: "legacy-app" }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: "legacy-app" }))).Role;
    const stacksDir = writeStacks({
      accounts: `sandbox: "${ACCOUNT}"\n`,
      files: { "sandbox/cleanup.yaml": "remove_roles: [legacy-app, OldBatch]\n" },
    });
    const started = Date.now();

    const { engine, outputs } = await runIndex(path.resolve(stacksDir));
    const removedRoles = await valueOf(pulumi.output(outputs.removedRoles));
    await engine.settle();

    expect(engine.registrations.map((r) => [r.type, r.name, r.inputs.roleName])).to.deep.equal([
      [ResourceType.removedRole, "oldbatch", "OldBatch"],
      [ResourceType.removedRole, "legacy-app", "legacy-app"],
    ]);
    const removedAt = removedRoles["legacy-app"]?.removals[0]?.removedAt ?? "";
    expect(removedRoles).to.deep.equal({
      "legacy-app": {
        status: "removed",
        removals: [
          {
            removedAt,
            arn: `arn:aws:iam::${ACCOUNT}:role/legacy/legacy-app`,
            roleId: role?.RoleId,
            path: "/legacy/",
            createDate: role?.CreateDate?.toISOString(),
            description: null,
            maxSessionDuration: 3600,
            permissionsBoundary: null,
            trustPolicy: TRUST,
            inlinePolicies: { "syncr_policy_legacy-app": POLICY },
            managedPolicyArns: [],
            tags: { team: "ops" },
            instanceProfiles: [{ name: "legacy-app", arn: profile.InstanceProfile?.Arn, path: "/" }],
            deletedInstanceProfiles: ["legacy-app"],
          },
        ],
      },
      OldBatch: { status: "absent", removals: [] },
    });
    expect(Date.parse(removedAt)).to.be.within(started - 1000, Date.now());
    // The provider really ran: the role is gone from the account.
    const gone = await iam.send(new GetRoleCommand({ RoleName: "legacy-app" })).then(
      () => "still there",
      (error: Error) => error.name,
    );
    expect(gone).to.equal("NoSuchEntityException");
  });
});
