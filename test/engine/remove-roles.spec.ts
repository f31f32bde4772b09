/**
 * `remove_roles` under the real engine: a role made by hand (inline and managed policies, an instance profile of
 * its name, tags) is taken apart and deleted by the RemovedRole dynamic provider, run by the real
 * `pulumi-resource-pulumi-nodejs` host, and recorded in the stack. With a failure injected part-way the record
 * says `incomplete`, the update fails, and the next `pulumi up` finishes the removal.
 */
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectNoRole, readRole } from "./support/account-contents";
import { failCalls } from "./support/aws-behaviours";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { operationLines } from "./support/preview-text";

const STACK = "sandbox";
const ACCOUNT = "123456789012";
const TRUST = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const INLINE = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::legacy/*" }] };
const MANAGED = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }] };

interface Removal {
  arn: string;
  path: string;
  inlinePolicies: Record<string, unknown>;
  managedPolicyArns: string[];
  tags: Record<string, string>;
  instanceProfiles: { name: string; path: string }[];
  deletedInstanceProfiles: string[];
}

describe("engine: remove_roles", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-remove-"));
  fs.writeFileSync(path.join(stacksRoot, "accounts.yaml"), `${STACK}: "${ACCOUNT}"\n`);
  fs.mkdirSync(path.join(stacksRoot, STACK));
  fs.writeFileSync(
    path.join(stacksRoot, STACK, "roles.yaml"),
    "roles:\n  web:\n    allow_to_assume_me: {service: ec2}\nremove_roles: [legacy-app, never-existed]\n",
  );
  const engine = useEngine({ stacksRoot });
  const iam = () => engine.clients(ACCOUNT).iam;
  let roleArnBefore = "";

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    // Made by hand, as the original tool or a person left it.
    const { Policy } = await iam().send(new CreatePolicyCommand({ PolicyName: "legacy-logs", PolicyDocument: JSON.stringify(MANAGED) }));
    const role = await iam().send(
      new CreateRoleCommand({
        RoleName: "legacy-app",
        Path: "/legacy/",
        AssumeRolePolicyDocument: JSON.stringify(TRUST),
        Tags: [{ Key: "team", Value: "ops" }],
      }),
    );
    roleArnBefore = role.Role?.Arn ?? "";
    await iam().send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app", PolicyDocument: JSON.stringify(INLINE) }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: "legacy-app", PolicyArn: Policy?.Arn }));
    await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "legacy-app" }));
    await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "legacy-app", RoleName: "legacy-app" }));
    await engine.workspace.initStack(STACK, { region: "eu-west-1" });
  });

  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  it("pulumi preview shows a RemovedRole to create for each name and removes nothing", async () => {
    const preview = await engine.workspace.pulumi(["preview", "--stack", STACK]);
    expect(operationLines(preview.output).filter((line) => line.includes("RemovedRole")).sort()).to.deep.equal([
      "create pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy-app",
      "create pulumi-nodejs:dynamic/iam-syncr:RemovedRole never-existed",
    ]);
    expect((await readRole(engine.clients(ACCOUNT), "legacy-app"))?.inlinePolicies).to.have.keys("syncr_policy_legacy-app");
  });

  it("a failure part-way: pulumi up fails, the role is half taken apart, and the state records it as incomplete", async () => {
    const stop = engine.proxy.use(
      failCalls((request) => request.service === "iam" && request.action === "DeleteRole" && request.params.RoleName === "legacy-app", {
        code: "AccessDenied",
        message: "User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: iam:DeleteRole",
        status: 403,
      }),
    );
    try {
      const up = await engine.workspace.pulumi(["up", "--yes", "--stack", STACK], { allowFailure: true });
      expect(up.code, up.output).to.not.equal(0);
      expect(up.output).to.include('Removing role "legacy-app" stopped part-way');
      expect(up.output).to.include("is not authorized to perform: iam:DeleteRole");
    } finally {
      stop();
    }
    // Taken apart up to the refused DeleteRole: out of its profile (deleted), detached, inline policy deleted.
    expect(await readRole(engine.clients(ACCOUNT), "legacy-app")).to.deep.include({ inlinePolicies: {}, managedPolicyArns: [], instanceProfile: null });
    const record = removedRoleState(await exportedState(), "legacy-app");
    expect(record.status).to.equal("incomplete");
    expect(record.removals).to.have.length(1);
    expectRecordOfTheRoleAsMade(record.removals[0]);
  });

  it("the next pulumi up continues the same removal and finishes it; the stack output holds the record", async () => {
    await engine.workspace.pulumi(["up", "--yes", "--stack", STACK]);
    await expectNoRole(iam(), "legacy-app");
    const outputs = (await engine.workspace.stackOutputs(STACK)).removedRoles as Record<string, { status: string; removals: Removal[] }>;
    expect(Object.keys(outputs).sort()).to.deep.equal(["legacy-app", "never-existed"]);
    expect(outputs["never-existed"]).to.deep.equal({ status: "absent", removals: [] });
    expect(outputs["legacy-app"].status).to.equal("removed");
    // One record, completed by the second run (docs/robustness.md, "the removal record and retries").
    expect(outputs["legacy-app"].removals).to.have.length(1);
    expectRecordOfTheRoleAsMade(outputs["legacy-app"].removals[0]);
    await engine.workspace.pulumi(["preview", "--expect-no-changes", "--stack", STACK]);
  });

  function expectRecordOfTheRoleAsMade(removal: Removal): void {
    expect(removal).to.deep.include({
      arn: roleArnBefore,
      path: "/legacy/",
      inlinePolicies: { "syncr_policy_legacy-app": INLINE },
      managedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/legacy-logs`],
      tags: { team: "ops" },
      deletedInstanceProfiles: ["legacy-app"],
    });
    expect(removal.instanceProfiles.map((p) => [p.name, p.path])).to.deep.equal([["legacy-app", "/"]]);
  }

  async function exportedState(): Promise<{ deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] } }> {
    return JSON.parse((await engine.workspace.pulumi(["stack", "export", "--stack", STACK])).stdout);
  }
});

function removedRoleState(state: { deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] } }, name: string) {
  const resource = state.deployment.resources.find((r) => r.urn.endsWith(`::pulumi-nodejs:dynamic/iam-syncr:RemovedRole::${name}`));
  if (resource?.outputs === undefined) throw new Error(`the state has no RemovedRole ${name}`);
  return resource.outputs as unknown as { status: string; removals: Removal[] };
}

