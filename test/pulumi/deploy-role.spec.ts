/**
 * The deploy role in the Pulumi program (docs/credentials.md): every AWS provider assumes the account's deploy role
 * (`assumeRoles`), and so does each RemovedRole (its `assumeRole` input), with the session name iam-syncr-<stack>.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { deploySessionName } from "../../aws/assume-role";
import type { Plan } from "../../compiler/plan";
import { declareStack } from "../../pulumi/program";
import type { removedRoleProvider } from "../../pulumi/removed-role";
import { writeStacks } from "../support/stacks";
import { ACCOUNT, fullPlan } from "./fixtures";
import { startMockEngine, valueOf } from "./mock-engine";
import type { MockEngine, Registration } from "./mock-engine";
import { mockAwsOutputs } from "./registrations";

const DEPLOYER = "arn:aws:iam::012345678901:role/ops/iam-syncr-deployer";
const PROVIDER = "pulumi:providers:aws";
const REMOVED_ROLE = "pulumi-nodejs:dynamic/iam-syncr:RemovedRole";

function withDeployRole(plan: Plan, deployRoleArn: string): Plan {
  return { ...plan, account: { ...plan.account, deployRoleArn } };
}

async function register(plan: Plan, stack = ACCOUNT.name): Promise<MockEngine> {
  const engine = await startMockEngine(stack, mockAwsOutputs(plan.account.id));
  await valueOf(pulumi.output(declareStack(plan)));
  await engine.settle();
  return engine;
}

const ofType = (engine: MockEngine, type: string): Registration[] => engine.registrations.filter((r) => r.type === type);

describe("the deploy role in the Pulumi program (under mocks)", () => {
  describe("for an account with a deploy role", () => {
    let engine: MockEngine;
    before(async () => {
      engine = await register(withDeployRole(fullPlan(), DEPLOYER));
    });

    it("every AWS provider assumes it, with the session iam-syncr-<stack>, and stays restricted to the account", () => {
      // Exactly what reaches the engine: provider inputs travel JSON-encoded, with the SDK's two defaults.
      expect(ofType(engine, PROVIDER).map((p) => [p.name, p.inputs])).to.deep.equal(
        ["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => [
          region,
          {
            region,
            allowedAccountIds: '["012345678901"]',
            assumeRoles: `[{"roleArn":"${DEPLOYER}","sessionName":"iam-syncr-sandbox"}]`,
            skipCredentialsValidation: "false",
            skipRegionValidation: "true",
          },
        ]),
      );
    });

    it("every AWS resource uses one of those providers (the engine's reference: URN and the mock's id)", () => {
      const references = new Set(ofType(engine, PROVIDER).map((p) => `${p.urn}::${p.name}-id`));
      const resources = engine.registrations.filter((r) => r.type.startsWith("aws:"));
      expect(resources.length).to.be.greaterThan(10);
      for (const resource of resources) expect(references.has(resource.provider), `${resource.urn} uses ${resource.provider}`).to.equal(true);
    });

    it("each RemovedRole assumes it too (a dynamic resource has no AWS provider; it calls STS itself)", () => {
      expect(ofType(engine, REMOVED_ROLE).map((r) => [r.name, r.provider, { ...r.inputs, __provider: typeof r.inputs.__provider }])).to.deep.equal([
        [
          "oldbatch",
          "",
          {
            roleName: "OldBatch",
            accountId: "012345678901",
            region: "us-east-1",
            assumeRole: { roleArn: DEPLOYER, sessionName: "iam-syncr-sandbox" },
            __provider: "string",
          },
        ],
        [
          "legacy-app",
          "",
          {
            roleName: "legacy-app",
            accountId: "012345678901",
            region: "us-east-1",
            assumeRole: { roleArn: DEPLOYER, sessionName: "iam-syncr-sandbox" },
            __provider: "string",
          },
        ],
      ]);
    });

    it("the RemovedRole provider stored in the state still revives and runs (its modules serialize with the assume-role code)", async () => {
      const requireFromString = require("require-from-string") as (code: string, filename?: string) => { handler: () => typeof removedRoleProvider };
      for (const registration of ofType(engine, REMOVED_ROLE)) {
        const code = registration.inputs.__provider as string;
        expect(code, "the serialized provider holds the assume-role code").to.include("AssumeRoleCommand");
        const revived = requireFromString(code, __filename).handler();
        expect(Object.keys(revived).sort()).to.deep.equal(["create", "delete", "diff", "update"]);
        const outputs = { roleName: "x", accountId: ACCOUNT.id, region: "us-east-1", status: "absent" as const, removals: [] };
        expect(await revived.delete?.("id", outputs)).to.equal(undefined);
      }
    });
  });

  describe("for an account without one", () => {
    it("no provider and no RemovedRole has anything to assume", async () => {
      const engine = await register(fullPlan());
      for (const provider of ofType(engine, PROVIDER)) expect(Object.keys(provider.inputs).sort(), provider.name).to.not.include("assumeRoles");
      for (const removed of ofType(engine, REMOVED_ROLE)) expect(Object.keys(removed.inputs), removed.name).to.not.include("assumeRole");
      expect(ofType(engine, PROVIDER)).to.have.length(3);
      expect(ofType(engine, REMOVED_ROLE)).to.have.length(2);
    });
  });

  describe("index.ts, from accounts.yaml", () => {
    it("a stack whose account takes _defaults' deploy_role has providers that assume the role in that account", async () => {
      const stacksDir = writeStacks({
        accounts: '_defaults: {deploy_role: iam-syncr-deployer}\nsandbox: "012345678901"\nlive: {id: "210987654321", deploy_role: null}\n',
        files: { "sandbox/roles.yaml": "roles:\n  web: {allow_to_assume_me: {service: ec2}}\nremove_roles: [old]\n" },
      });
      pulumi.runtime.setAllConfig({ "iam-syncr:stacksDir": stacksDir, "aws:region": "eu-west-1" });
      const engine = await startMockEngine("sandbox", mockAwsOutputs(ACCOUNT.id));
      delete require.cache[require.resolve("../../index")];
      await valueOf(pulumi.output(require("../../index") as unknown));
      await engine.settle();
      const assumed = '[{"roleArn":"arn:aws:iam::012345678901:role/iam-syncr-deployer","sessionName":"iam-syncr-sandbox"}]';
      expect(ofType(engine, PROVIDER).map((p) => [p.name, p.inputs.assumeRoles])).to.deep.equal([["us-east-1", assumed]]);
      expect(ofType(engine, REMOVED_ROLE).map((r) => r.inputs.assumeRole)).to.deep.equal([
        { roleArn: "arn:aws:iam::012345678901:role/iam-syncr-deployer", sessionName: "iam-syncr-sandbox" },
      ]);
      expect(engine.registrations.find((r) => r.type === "aws:iam/role:Role")?.id).to.equal("web-id");
    });
  });
});

describe("the session name iam-syncr-<stack>", () => {
  it("names the tool and the stack", () => {
    expect(deploySessionName("sandbox")).to.equal("iam-syncr-sandbox");
    expect(deploySessionName("eu.prod_2-a")).to.equal("iam-syncr-eu.prod_2-a");
  });

  it("keeps to STS's character set: anything else becomes -", () => {
    expect(deploySessionName("team/a b:c")).to.equal("iam-syncr-team-a-b-c");
    expect(deploySessionName("a+b=c,d@e")).to.equal("iam-syncr-a+b=c,d@e");
  });

  it("is cut at 64 characters, STS's maximum", () => {
    const name = deploySessionName("x".repeat(60));
    expect(name).to.equal(`iam-syncr-${"x".repeat(54)}`);
    expect(name).to.have.length(64);
  });
});
