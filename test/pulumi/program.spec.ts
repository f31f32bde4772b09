import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { compileAccount } from "../../compiler";
import { declareStack } from "../../pulumi/program";
import type { StackOutputs } from "../../pulumi/program";
import type { removedRoleProvider } from "../../pulumi/removed-role";
import {
  ACCOUNT,
  ASSETS_POLICY,
  AUDIT_KEY_POLICY,
  BOUNDARY,
  bucketOnlyPlan,
  DATA_KEY_POLICY,
  fullPlan,
  OPS_BASE,
  READ_ONLY,
  RUNNER_TRUST,
  WEB_POLICY,
  WEB_TRUST,
} from "./fixtures";
import { PROJECT, startMockEngine, valueOf } from "./mock-engine";
import type { MockEngine } from "./mock-engine";
import { byUrn, comparableRegistration, expectedRegistrations, mockAwsOutputs, mockKeyId } from "./registrations";
import type { Comparable } from "./registrations";
import { writeStacks } from "../support/stacks";

const PROJECT_ROOT = path.resolve(__dirname, "../..");

/** A sandbox account with every kind of resource, in four regions. */
const SANDBOX_YAML = `
roles:
  web:
    make_instance_profile: true
    description: Serves the shop
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: shop-assets}}
    tags: {team: shop}
  ops/ci/runner:
    allow_to_assume_me: {iam: root, account: live}
    managed_policies: []
  deployer:
    allow_to_assume_me: {iam: root}
    managed_policies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", {iam: policy/ops-base}]
    permissions_boundary: {iam: policy/boundary}
    max_session_duration: 7200
remove_roles: [legacy-app, OldBatch]
buckets:
  shop-assets:
    location: eu-west-1
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
  shop-logs: {}
keys:
  shop-data:
    description: Shop data
    admin_users: {iam: role/deployer}
    grant:
      - grantee: {iam: role/web}
        operations: [Decrypt, Encrypt]
        constraints: {EncryptionContextEquals: {app: shop}}
        grant_tokens: []
      - grantee: {iam: role/ops/ci/runner}
        retiree: {iam: role/deployer}
        operations: DescribeKey
`;

const text = (document: unknown) => JSON.stringify(document, null, 2);
const urn = (type: string, name: string) => `urn:pulumi:${ACCOUNT.name}::${PROJECT}::${type}::${name}`;
const provider = (region: string) => `${urn("pulumi:providers:aws", region)}::${region}-id`;
const ROLE = "aws:iam/role:Role";
const KEY = "aws:kms/key:Key";
const GRANT_EQUALS = "shop/data.grant-fc96364e3809";
const GRANT_SUBSET = "shop/data.grant-68614b523a20";
const GRANT_PLAIN = "shop/data.grant-78d991a7142d";

interface Expected {
  type: string;
  name: string;
  provider: string;
  inputs: Record<string, unknown>;
  deleteBeforeReplace?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
  dependencies?: string[];
  replaceWith?: string[];
}

/** fullPlan as resources, written out by hand from the plan and the resource table of the issue. */
const EXPECTED: Expected[] = [
  ...["ap-southeast-2", "eu-west-1", "us-east-1"].map((region) => ({
    type: "pulumi:providers:aws",
    name: region,
    provider: "",
    // The SDK sends provider inputs JSON-encoded and adds its two defaults.
    inputs: { region, allowedAccountIds: `["${ACCOUNT.id}"]`, skipCredentialsValidation: "false", skipRegionValidation: "true" },
  })),

  // ops/Deployer: every optional role input, inline policy, instance profile, two managed policies.
  {
    type: ROLE,
    name: "deployer",
    provider: provider("us-east-1"),
    inputs: {
      name: "Deployer",
      path: "/ops/",
      assumeRolePolicy: text(RUNNER_TRUST),
      forceDetachPolicies: true,
      description: "Deploys the shop",
      maxSessionDuration: 7200,
      permissionsBoundary: BOUNDARY,
      tags: { team: "ops", "cost-centre": "42" },
    },
    deleteBeforeReplace: true,
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "deployer",
    provider: provider("us-east-1"),
    inputs: {
      name: "syncr_policy_ops__Deployer",
      role: "Deployer",
      // Written out: non-ASCII characters reach AWS as lower-case \u escapes (DIALECT.md 13.3).
      policy:
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "cloudformation:*",\n' +
        '      "Resource": "*",\n      "Condition": {\n        "StringEquals": {\n' +
        '          "aws:PrincipalTag/\\u00e9quipe": "d\\u00e9ploiement"\n        }\n      }\n    }\n  ]\n}',
    },
    deleteBeforeReplace: true,
    dependencies: [urn(ROLE, "deployer")],
  },
  {
    type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    name: "deployer",
    provider: provider("us-east-1"),
    inputs: { roleName: "Deployer", policyNames: ["syncr_policy_ops__Deployer"] },
    dependencies: [urn("aws:iam/rolePolicy:RolePolicy", "deployer"), urn(ROLE, "deployer")],
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    name: "deployer",
    provider: provider("us-east-1"),
    inputs: { name: "Deployer", path: "/", role: "Deployer" },
    deleteBeforeReplace: true,
    dependencies: [urn(ROLE, "deployer")],
    // A new path or case replaces the role, which empties the profile: the profile is replaced with it.
    replaceWith: [urn(ROLE, "deployer")],
  },
  ...[READ_ONLY, OPS_BASE].map((policyArn) => ({
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    name: `deployer/${policyArn}`,
    provider: provider("us-east-1"),
    inputs: { role: "Deployer", policyArn },
    deleteBeforeReplace: true,
    dependencies: [urn(ROLE, "deployer")],
  })),
  {
    type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    name: "deployer",
    provider: provider("us-east-1"),
    inputs: { roleName: "Deployer", policyArns: [READ_ONLY, OPS_BASE] },
    dependencies: [
      urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `deployer/${READ_ONLY}`),
      urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `deployer/${OPS_BASE}`),
      urn(ROLE, "deployer"),
    ],
  },

  // ops/ci/runner: no description, no policy (exclusive with []), managed policies [] (exclusive, no attachment).
  {
    type: ROLE,
    name: "runner",
    provider: provider("us-east-1"),
    inputs: { name: "runner", path: "/ops/ci/", assumeRolePolicy: text(RUNNER_TRUST), forceDetachPolicies: true },
    deleteBeforeReplace: true,
  },
  {
    type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    name: "runner",
    provider: provider("us-east-1"),
    inputs: { roleName: "runner", policyNames: [] },
    dependencies: [urn(ROLE, "runner")],
  },
  {
    type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    name: "runner",
    provider: provider("us-east-1"),
    inputs: { roleName: "runner", policyArns: [] },
    dependencies: [urn(ROLE, "runner")],
  },

  // web: policy and instance profile; managed policies null, so no attachment resource at all.
  {
    type: ROLE,
    name: "web",
    provider: provider("us-east-1"),
    inputs: {
      name: "web",
      path: "/",
      assumeRolePolicy: text(WEB_TRUST),
      forceDetachPolicies: true,
      description: "Serves the shop",
      tags: { team: "shop" },
    },
    deleteBeforeReplace: true,
  },
  {
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "web",
    provider: provider("us-east-1"),
    inputs: { name: "syncr_policy_web", role: "web", policy: text(WEB_POLICY) },
    deleteBeforeReplace: true,
    dependencies: [urn(ROLE, "web")],
  },
  {
    type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    name: "web",
    provider: provider("us-east-1"),
    inputs: { roleName: "web", policyNames: ["syncr_policy_web"] },
    dependencies: [urn("aws:iam/rolePolicy:RolePolicy", "web"), urn(ROLE, "web")],
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    name: "web",
    provider: provider("us-east-1"),
    inputs: { name: "web", path: "/", role: "web" },
    deleteBeforeReplace: true,
    dependencies: [urn(ROLE, "web")],
    replaceWith: [urn(ROLE, "web")],
  },

  ...[
    ["oldbatch", "OldBatch"],
    ["legacy-app", "legacy-app"],
  ].map(([name, roleName]) => ({
    type: "pulumi-nodejs:dynamic/iam-syncr:RemovedRole",
    name,
    provider: "",
    inputs: { roleName, accountId: ACCOUNT.id, region: "us-east-1" },
  })),

  {
    type: "aws:s3/bucket:Bucket",
    name: "shop-assets",
    provider: provider("ap-southeast-2"),
    inputs: { bucket: "shop-assets", region: "ap-southeast-2", tags: { team: "shop" } },
    retainOnDelete: true,
  },
  {
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "shop-assets",
    provider: provider("ap-southeast-2"),
    inputs: { bucket: "shop-assets", policy: text(ASSETS_POLICY), region: "ap-southeast-2" },
    deleteBeforeReplace: true,
    // Its policy names role web: it waits for the role (AWS refuses a principal that does not exist yet).
    dependencies: [urn("aws:s3/bucket:Bucket", "shop-assets"), urn(ROLE, "web")],
  },
  {
    type: "aws:s3/bucket:Bucket",
    name: "shop-logs",
    provider: provider("eu-west-1"),
    inputs: { bucket: "shop-logs", region: "eu-west-1" },
    retainOnDelete: true,
  },

  ...[
    ["audit", "us-east-1", "Audit trail", AUDIT_KEY_POLICY],
    ["shop/data", "eu-west-1", "Shop data", DATA_KEY_POLICY],
  ].flatMap(([alias, region, description, policy]) => [
    {
      type: KEY,
      name: alias as string,
      provider: provider(region as string),
      inputs: { description, policy: text(policy), keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", region },
      retainOnDelete: true,
      ignoreChanges: ["enableKeyRotation", "rotationPeriodInDays"],
      // The audit key's policy names the role ops/Deployer.
      dependencies: alias === "audit" ? [urn(ROLE, "deployer")] : [],
    },
    {
      type: "aws:kms/alias:Alias",
      name: alias as string,
      provider: provider(region as string),
      // The key id exists only once the key does: here, the mock's.
      inputs: { name: `alias/${alias}`, targetKeyId: mockKeyId(alias as string), region },
      retainOnDelete: true,
      dependencies: [urn(KEY, alias as string)],
    },
  ]),
  {
    type: "aws:kms/grant:Grant",
    name: GRANT_EQUALS,
    provider: provider("eu-west-1"),
    inputs: {
      keyId: "mock-key-shop-data",
      granteePrincipal: "arn:aws:iam::012345678901:role/web",
      retiringPrincipal: "arn:aws:iam::012345678901:role/ops/Deployer",
      operations: ["Decrypt", "Encrypt"],
      constraints: [{ encryptionContextEquals: { app: "shop" } }],
      grantCreationTokens: ["token-1"],
      retireOnDelete: false,
      region: "eu-west-1",
    },
    ignoreChanges: ["grantCreationTokens", "retireOnDelete"],
    dependencies: [urn(KEY, "shop/data"), urn(ROLE, "web"), urn(ROLE, "deployer")],
  },
  {
    type: "aws:kms/grant:Grant",
    name: GRANT_SUBSET,
    provider: provider("eu-west-1"),
    // grantTokens [] sends no tokens, like null.
    inputs: {
      keyId: "mock-key-shop-data",
      granteePrincipal: "arn:aws:iam::012345678901:role/ops/ci/runner",
      operations: ["GenerateDataKey"],
      constraints: [{ encryptionContextSubset: { stage: "ci" } }],
      retireOnDelete: false,
      region: "eu-west-1",
    },
    ignoreChanges: ["grantCreationTokens", "retireOnDelete"],
    dependencies: [urn(KEY, "shop/data"), urn(ROLE, "runner")],
  },
  {
    type: "aws:kms/grant:Grant",
    name: GRANT_PLAIN,
    provider: provider("eu-west-1"),
    inputs: {
      keyId: "mock-key-shop-data",
      granteePrincipal: "arn:aws:iam::012345678901:role/ops/ci/runner",
      operations: ["DescribeKey"],
      retireOnDelete: false,
      region: "eu-west-1",
    },
    ignoreChanges: ["grantCreationTokens", "retireOnDelete"],
    dependencies: [urn(KEY, "shop/data"), urn(ROLE, "runner")],
  },
];

function comparableExpected(expected: Expected): Comparable {
  return {
    urn: urn(expected.type, expected.name),
    provider: expected.provider,
    inputs: expected.inputs,
    deleteBeforeReplace: expected.deleteBeforeReplace ?? false,
    retainOnDelete: expected.retainOnDelete ?? false,
    ignoreChanges: expected.ignoreChanges ?? [],
    dependencies: [...(expected.dependencies ?? [])].sort(),
    replaceWith: [...(expected.replaceWith ?? [])].sort(),
  };
}

describe("the Pulumi program under mocks", () => {
  describe("for a plan with every kind of resource", () => {
    let engine: MockEngine;
    let outputs: StackOutputs;
    before(async () => {
      engine = await startMockEngine(ACCOUNT.name, mockAwsOutputs(ACCOUNT.id));
      outputs = declareStack(fullPlan());
      await valueOf(pulumi.output(outputs));
      await engine.settle();
    });

    it("registers exactly the plan's resources, with their inputs, providers and options", () => {
      const actual = engine.registrations.map(comparableRegistration).sort(byUrn);
      const expected = EXPECTED.map(comparableExpected).sort(byUrn);
      expect(actual.map((r) => r.urn)).to.deep.equal(expected.map((r) => r.urn));
      for (let i = 0; i < expected.length; i++) expect(actual[i], actual[i].urn).to.deep.equal(expected[i]);
    });

    it("restricts every AWS provider to the stack's account and gives every AWS resource one of them", () => {
      const providers = engine.registrations.filter((r) => r.type === "pulumi:providers:aws");
      expect(providers.map((p) => [p.name, JSON.parse(p.inputs.allowedAccountIds as string), p.inputs.region])).to.have.deep.members([
        ["ap-southeast-2", [ACCOUNT.id], "ap-southeast-2"],
        ["eu-west-1", [ACCOUNT.id], "eu-west-1"],
        ["us-east-1", [ACCOUNT.id], "us-east-1"],
      ]);
      const providerRefs = new Set(providers.map((p) => `${p.urn}::${p.id}`));
      for (const resource of engine.registrations.filter((r) => r.type.startsWith("aws:"))) {
        expect(providerRefs.has(resource.provider), `${resource.urn} uses ${resource.provider}`).to.equal(true);
        if (resource.inputs.region !== undefined) expect(resource.provider).to.equal(provider(resource.inputs.region as string));
      }
    });

    it("exports role ARNs, instance profile names, bucket names, key ARNs and aliases, and removed roles", async () => {
      expect(await valueOf(pulumi.output(outputs))).to.deep.equal({
        roleArns: {
          "ops/Deployer": "arn:aws:iam::012345678901:role/ops/Deployer",
          "ops/ci/runner": "arn:aws:iam::012345678901:role/ops/ci/runner",
          web: "arn:aws:iam::012345678901:role/web",
        },
        instanceProfileNames: { "ops/Deployer": "Deployer", web: "web" },
        bucketNames: ["shop-assets", "shop-logs"],
        keyArns: {
          audit: "arn:aws:kms:us-east-1:012345678901:key/mock-key-audit",
          "shop/data": "arn:aws:kms:eu-west-1:012345678901:key/mock-key-shop-data",
        },
        keyAliases: { audit: "alias/audit", "shop/data": "alias/shop/data" },
        removedRoles: { OldBatch: { status: "absent", removals: [] }, "legacy-app": { status: "absent", removals: [] } },
      });
    });

    it("stores a working RemovedRole provider in each RemovedRole's inputs", async () => {
      const removed = engine.registrations.filter((r) => r.type === "pulumi-nodejs:dynamic/iam-syncr:RemovedRole");
      expect(removed).to.have.length(2);
      const requireFromString = require("require-from-string") as (code: string, filename?: string) => { handler: () => typeof removedRoleProvider };
      for (const registration of removed) {
        const revived = requireFromString(registration.inputs.__provider as string, __filename).handler();
        expect(Object.keys(revived).sort()).to.deep.equal(["create", "delete", "diff", "update"]);
        // delete never calls AWS, so it can run here.
        expect(await revived.delete?.("id", { roleName: "x", accountId: ACCOUNT.id, region: "us-east-1", status: "absent", removals: [] })).to.equal(undefined);
      }
    });
  });

  describe("for roles whose trust policies name roles declared after them", () => {
    it("registers each role with a dependency on the roles it names, after them", async () => {
      const plan = fullPlan();
      const trusting = (arn: string) => ({ Version: "2012-10-17" as const, Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: arn } }] });
      plan.roles["ops/Deployer"].trustPolicy = trusting("arn:aws:iam::012345678901:role/web");
      plan.roles["ops/ci/runner"].trustPolicy = trusting("arn:aws:iam::012345678901:role/ops/Deployer");
      const engine = await startMockEngine(ACCOUNT.name, mockAwsOutputs(ACCOUNT.id));
      await valueOf(pulumi.output(declareStack(plan)));
      await engine.settle();
      // A role reaches the engine only once the roles it waits for have: web first.
      const roles = engine.registrations.filter((r) => r.type === ROLE);
      expect(roles.map((r) => r.name)).to.deep.equal(["web", "deployer", "runner"]);
      expect(roles.map((r) => [r.name, r.dependencies]).sort()).to.deep.equal([
        ["deployer", [urn(ROLE, "web")]],
        ["runner", [urn(ROLE, "deployer")]],
        ["web", []],
      ]);
    });
  });

  describe("for a plan without IAM resources", () => {
    it("declares only the providers of the regions it uses", async () => {
      const engine = await startMockEngine("live", mockAwsOutputs("210987654321"));
      await valueOf(pulumi.output(declareStack(bucketOnlyPlan())));
      await engine.settle();
      expect(engine.registrations.map((r) => [r.type, r.name, r.provider])).to.deep.equal([
        ["pulumi:providers:aws", "eu-central-1", ""],
        ["aws:s3/bucket:Bucket", "live-archive", "urn:pulumi:live::iam-syncr::pulumi:providers:aws::eu-central-1::eu-central-1-id"],
      ]);
    });
  });

  describe("index.ts", () => {
    /** Runs index.ts afresh as `stack`, with this stack configuration. */
    async function runIndex(stack: string, config: Record<string, string>): Promise<{ engine: MockEngine; error?: unknown }> {
      pulumi.runtime.setAllConfig(config);
      const engine = await startMockEngine(stack, mockAwsOutputs(ACCOUNT.id));
      delete require.cache[require.resolve("../../index")];
      try {
        await valueOf(pulumi.output(require("../../index") as unknown));
        await engine.settle();
        return { engine };
      } catch (error) {
        await engine.settle();
        return { engine, error };
      }
    }

    /** What index.ts registered for `stack` must be exactly what declareResources says for the stack's plan. */
    async function expectRegistrationsOfPlan(stacksDir: string, stack: string, config: Record<string, string>): Promise<MockEngine> {
      const compiled = compileAccount({
        accountFolder: path.join(stacksDir, stack),
        region: config["aws:region"],
        strict: config["iam-syncr:strict"] === "true",
      });
      expect(compiled.ok, JSON.stringify(compiled.diagnostics)).to.equal(true);
      const { engine, error } = await runIndex(stack, { "iam-syncr:stacksDir": stacksDir, ...config });
      expect(error).to.equal(undefined);
      const actual = engine.registrations.map(comparableRegistration).sort(byUrn);
      const expected = compiled.ok ? expectedRegistrations(compiled.plan, stack) : [];
      expect(actual.map((r) => r.urn)).to.deep.equal(expected.map((r) => r.urn));
      for (let i = 0; i < expected.length; i++) expect(actual[i], actual[i].urn).to.deep.equal(expected[i]);
      return engine;
    }

    it("compiles <stacksDir>/<stack> with the stack's aws:region and registers exactly its plan", async () => {
      const stacksDir = writeStacks({ files: { "sandbox/roles.yaml": SANDBOX_YAML } });
      const engine = await expectRegistrationsOfPlan(stacksDir, "sandbox", { "aws:region": "us-west-2" });
      // A key without location is in aws:region; the bucket without one in the original's default.
      expect(engine.registrations.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.name).sort()).to.deep.equal([
        "ap-southeast-2",
        "eu-west-1",
        "us-east-1",
        "us-west-2",
      ]);
    });

    it("fails with every diagnostic and registers no resource when the YAML does not compile", async () => {
      const stacksDir = writeStacks({
        files: { "sandbox/roles.yaml": 'roles:\n  web:\n    allow_permissions: {action: "s3:*", resource: "*"}\nbuckets:\n  Bad_Bucket: {}\n' },
      });

      const { engine, error } = await runIndex("sandbox", { "iam-syncr:stacksDir": stacksDir, "aws:region": "eu-west-1" });

      expect(pulumi.RunError.isInstance(error), String(error)).to.equal(true);
      const lines = (error as Error).message.split("\n");
      const shown = path.relative(process.cwd(), path.join(stacksDir, "sandbox", "roles.yaml")).split(path.sep).join("/");
      expect(lines[0]).to.equal('The YAML of stack "sandbox" does not compile, so nothing was declared and nothing will change:');
      // The same lines as the CLI, warnings included, then the count.
      const prefixes = [`${shown}:2:3: warning: roles.web: `, `${shown}:3:5: error: roles.web.allow_permissions: `, `${shown}:5:3: error: buckets.Bad_Bucket: `];
      expect(lines.slice(1, -1)).to.have.length(prefixes.length);
      prefixes.forEach((prefix, i) => expect(lines[i + 1].startsWith(prefix), `${lines[i + 1]} starts with ${prefix}`).to.equal(true));
      expect(lines.at(-1)).to.equal("2 errors, 1 warning");
      expect(engine.registrations).to.deep.equal([]);
    });

    it("counts warnings as errors with iam-syncr:strict", async () => {
      const stacksDir = writeStacks({ files: { "sandbox/roles.yaml": "roles:\n  web: {}\n" } });
      const lenient = await runIndex("sandbox", { "iam-syncr:stacksDir": stacksDir });
      expect(lenient.error).to.equal(undefined);
      expect(lenient.engine.registrations.map((r) => `${r.type} ${r.name}`)).to.include("aws:iam/role:Role web");

      const { engine, error } = await runIndex("sandbox", { "iam-syncr:stacksDir": stacksDir, "iam-syncr:strict": "true" });
      expect((error as Error).message.split("\n").at(-1)).to.equal("1 error, 0 warnings");
      expect(engine.registrations).to.deep.equal([]);
    });

    // Every account folder of the project's stacks/ (with what stacks/_shared selects for it), with its
    // Pulumi.<stack>.yaml configuration when there is one.
    // Without stacks/ the loop below would declare no test at all; this one fails instead.
    it("finds the project's example stacks: stacks/accounts.yaml and account folders", () => {
      expect(fs.existsSync(path.join(PROJECT_ROOT, "stacks", "accounts.yaml")), "stacks/accounts.yaml exists").to.equal(true);
      expect(projectStacks(), "account folders in stacks/").to.not.deep.equal([]);
    });
    for (const stack of projectStacks()) {
      it(`registers exactly the plan of stacks/${stack}`, async () => {
        await expectRegistrationsOfPlan(path.join(PROJECT_ROOT, "stacks"), stack, stackConfig(stack));
      });
    }
  });
});

describe("the Pulumi program and <stacksDir>/_shared (DIALECT.md §14)", () => {
  const LIVE = "210987654321";
  /** What _shared gives every account: a role with an instance profile, a bucket, a key, a removal. */
  const SHARED_YAML = `
roles:
  deploy-{{account}}:
    accounts: "*"
    make_instance_profile: true
    allow_to_assume_me: {iam: root}
    allow_permission: {action: "s3:PutObject", resource: "arn:aws:s3:::logs-{{account}}/*"}
buckets:
  logs-{{account}}:
    accounts: "*"
    location: eu-west-1
keys:
  data:
    accounts: "*"
    description: "data of {{account}}"
remove_roles:
  - {role: legacy, accounts: "*"}
`;
  /** The same, written in live's own folder. */
  const LIVE_YAML = `
roles:
  deploy-live:
    make_instance_profile: true
    allow_to_assume_me: {iam: root}
    allow_permission: {action: "s3:PutObject", resource: "arn:aws:s3:::logs-live/*"}
buckets:
  logs-live:
    location: eu-west-1
keys:
  data:
    description: "data of live"
remove_roles: [legacy]
`;
  after(() => pulumi.runtime.setAllConfig({}));

  /** Runs index.ts as stack `live` of `stacksDir`, under mocks that make up AWS's outputs for account live. */
  async function runLive(stacksDir: string): Promise<{ engine: MockEngine; outputs: unknown }> {
    pulumi.runtime.setAllConfig({ "iam-syncr:stacksDir": stacksDir, "aws:region": "eu-west-1" });
    const engine = await startMockEngine("live", mockAwsOutputs(LIVE));
    delete require.cache[require.resolve("../../index")];
    const outputs = await valueOf(pulumi.output(require("../../index") as unknown));
    await engine.settle();
    return { engine, outputs };
  }

  it("a stack whose folder has no file registers what _shared selects for it, with AWS's outputs (from the mocks) exported", async () => {
    const stacksDir = writeStacks({ files: { "_shared/baseline.yaml": SHARED_YAML } });
    fs.mkdirSync(path.join(stacksDir, "live"));
    const { engine, outputs } = await runLive(stacksDir);
    expect(engine.registrations.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal([
      "aws:iam/instanceProfile:InstanceProfile deploy-live",
      "aws:iam/role:Role deploy-live",
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive deploy-live",
      "aws:iam/rolePolicy:RolePolicy deploy-live",
      "aws:kms/alias:Alias data",
      "aws:kms/key:Key data",
      "aws:s3/bucket:Bucket logs-live",
      "pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy",
      "pulumi:providers:aws eu-west-1",
      "pulumi:providers:aws us-east-1",
    ]);
    const role = engine.registrations.find((r) => r.type === ROLE)!;
    expect(role.inputs.name).to.equal("deploy-live");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [{ Principal: { AWS: `arn:aws:iam::${LIVE}:root` }, Action: "sts:AssumeRole", Effect: "Allow", Sid: "" }],
    });
    const policy = engine.registrations.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!;
    expect(JSON.parse(policy.inputs.policy as string).Statement).to.deep.equal([{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::logs-live/*" }]);
    expect(engine.registrations.find((r) => r.type === KEY)!.inputs.description).to.equal("data of live");
    // ARNs, the key id and the removal status exist only in the mocks' answers.
    expect(outputs).to.deep.equal({
      roleArns: { "deploy-live": `arn:aws:iam::${LIVE}:role/deploy-live` },
      instanceProfileNames: { "deploy-live": "deploy-live" },
      bucketNames: ["logs-live"],
      keyArns: { data: `arn:aws:kms:eu-west-1:${LIVE}:key/mock-key-data` },
      keyAliases: { data: "alias/data" },
      removedRoles: { legacy: { status: "absent", removals: [] } },
    });
  });

  it("moving the definitions from the account's folder into _shared registers the same resources: URNs, inputs, providers, options", async () => {
    const inFolder = await runLive(writeStacks({ files: { "live/iam.yaml": LIVE_YAML } }));
    const sharedDir = writeStacks({ files: { "_shared/baseline.yaml": SHARED_YAML } });
    fs.mkdirSync(path.join(sharedDir, "live"));
    const inShared = await runLive(sharedDir);
    const comparable = (engine: MockEngine) => engine.registrations.map(comparableRegistration).sort(byUrn);
    expect(comparable(inShared.engine)).to.have.length(10);
    expect(comparable(inShared.engine)).to.deep.equal(comparable(inFolder.engine));
    expect(inShared.outputs).to.deep.equal(inFolder.outputs);
  });

  it("a stack named like a folder that begins with _ fails: _shared is never an account (DIALECT.md 1.1)", async () => {
    const stacksDir = writeStacks({ files: { "_shared/baseline.yaml": SHARED_YAML, "live/iam.yaml": LIVE_YAML } });
    pulumi.runtime.setAllConfig({ "iam-syncr:stacksDir": stacksDir });
    const engine = await startMockEngine("_shared", mockAwsOutputs(LIVE));
    delete require.cache[require.resolve("../../index")];
    let error: unknown;
    try {
      await valueOf(pulumi.output(require("../../index") as unknown));
    } catch (e) {
      error = e;
    }
    await engine.settle();
    const shown = path.relative(process.cwd(), path.join(stacksDir, "_shared")).split(path.sep).join("/");
    expect((error as Error).message.split("\n")).to.deep.equal([
      'The YAML of stack "_shared" does not compile, so nothing was declared and nothing will change:',
      `error: folder "${shown}" is not an account: a folder whose name begins with "_" never is (DIALECT.md 1.1)`,
      "1 error, 0 warnings",
    ]);
    expect(engine.registrations).to.deep.equal([]);
  });
});

function projectStacks(): string[] {
  const root = path.join(PROJECT_ROOT, "stacks");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    // A folder whose name begins with "_" (_shared) is never an account (DIALECT.md 1.1).
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_"))
    .map((entry) => entry.name)
    .sort();
}

/** The `config:` of Pulumi.<stack>.yaml, as the CLI passes it to the program (values as strings). */
function stackConfig(stack: string): Record<string, string> {
  const file = path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const config = (yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> }).config ?? {};
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}
