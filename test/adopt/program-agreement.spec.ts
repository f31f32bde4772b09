/**
 * The import file must name each resource exactly as the Pulumi program registers it (type, logical name, and
 * hence URN), with the provider the program gives it; otherwise `pulumi import` adopts resources the next
 * `pulumi up` deletes and creates again. Checked under Pulumi's mocks, for pulumi/program.ts and for index.ts.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { planImport } from "../../adopt/import-plan";
import type { ImportPlan } from "../../adopt/import-plan";
import { stackUrn } from "../../adopt/import-file";
import { compileAccount } from "../../compiler";
import type { Plan } from "../../compiler/plan";
import { declareResources } from "../../pulumi/declarations";
import { declareStack } from "../../pulumi/program";
import { ACCOUNT, fullPlan } from "../pulumi/fixtures";
import { startMockEngine, valueOf } from "../pulumi/mock-engine";
import type { Registration } from "../pulumi/mock-engine";
import { mockAwsOutputs } from "../pulumi/registrations";
import { writeStacks } from "../support/stacks";
import { existingAsPlanned } from "./inventories";

const NEVER_IMPORTED = ["pulumi:providers:aws", "pulumi-nodejs:dynamic/iam-syncr:RemovedRole"];

/** A folder with every kind of resource: roles with and without policy, profile and attachments; buckets; keys with grants. */
const SANDBOX_YAML = `
roles:
  web:
    make_instance_profile: true
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: shop-assets}}
  ops/ci/Runner:
    allow_to_assume_me: {iam: root}
    managed_policies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", {iam: policy/ops-base}]
remove_roles: [legacy-app]
buckets:
  shop-assets:
    location: eu-west-1
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
  shop-logs: {}
keys:
  shop/data:
    description: Shop data
    grant:
      - {grantee: {iam: role/web}, operations: [Decrypt, Encrypt], constraints: {EncryptionContextEquals: {app: shop}}}
      - {grantee: {iam: role/ops/ci/Runner}, retiree: {iam: role/web}, operations: DescribeKey}
`;

/** What `iam-syncr import-plan` writes for `plan` when the account holds everything it declares. */
function importEverything(stack: string, plan: Plan): ImportPlan {
  return planImport(stack, declareResources(plan), existingAsPlanned(plan));
}

function expectFileMatchesRegistrations(stack: string, importPlan: ImportPlan, registrations: readonly Registration[]): void {
  const importable = registrations.filter((r) => !NEVER_IMPORTED.includes(r.type));
  const entries = importPlan.file.resources;
  expect(entries.map((e) => `${e.type} ${e.name}`)).to.have.members(importable.map((r) => `${r.type} ${r.name}`));
  expect(entries).to.have.length(importable.length);
  for (const entry of entries) {
    const registration = importable.find((r) => r.type === entry.type && r.name === entry.name);
    expect(registration?.urn, `${entry.type} ${entry.name}`).to.equal(stackUrn(stack, entry.type, entry.name));
    // The mock engine refers to a provider as `<provider URN>::<provider id>`.
    const providerUrn = importPlan.file.nameTable[entry.provider];
    expect(registration?.provider.startsWith(`${providerUrn}::`), `${entry.type} ${entry.name} uses ${registration?.provider}`).to.equal(true);
  }
  const providers = registrations.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.urn);
  expect([...importPlan.providerUrns].sort()).to.deep.equal([...providers].sort());
}

describe("the import file agrees with the Pulumi program (under mocks)", () => {
  // The stack configuration is process-wide; leave none behind for other tests.
  after(() => pulumi.runtime.setAllConfig({}));

  it("pulumi/program.ts: every registered resource, by type and logical name, with its provider's URN", async () => {
    const engine = await startMockEngine(ACCOUNT.name, mockAwsOutputs(ACCOUNT.id));
    await valueOf(pulumi.output(declareStack(fullPlan())));
    await engine.settle();
    expectFileMatchesRegistrations(ACCOUNT.name, importEverything(ACCOUNT.name, fullPlan()), engine.registrations);
  });

  it("index.ts, for a stack folder compiled as the program compiles it", async () => {
    const stacksDir = writeStacks({ files: { "sandbox/roles.yaml": SANDBOX_YAML } });
    const config = { "iam-syncr:stacksDir": stacksDir, "aws:region": "ap-southeast-2" };
    const compiled = compileAccount({ accountFolder: path.join(stacksDir, "sandbox"), region: config["aws:region"] });
    if (!compiled.ok) throw new Error(`the test folder does not compile: ${JSON.stringify(compiled.diagnostics)}`);

    pulumi.runtime.setAllConfig(config);
    const engine = await startMockEngine("sandbox", mockAwsOutputs(compiled.plan.account.id));
    delete require.cache[require.resolve("../../index")];
    await valueOf(pulumi.output(require("../../index") as unknown));
    await engine.settle();

    const importPlan = importEverything("sandbox", compiled.plan);
    expect(importPlan.file.resources.length).to.equal(16);
    expectFileMatchesRegistrations("sandbox", importPlan, engine.registrations);
  });
});
