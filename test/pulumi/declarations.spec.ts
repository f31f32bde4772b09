import { expect } from "chai";
import type { GrantPlan, Plan } from "../../compiler/plan";
import { declareResources, IAM_REGION, ResourceType } from "../../pulumi/declarations";
import type { ResourceDeclaration } from "../../pulumi/declarations";
import { grantLogicalName } from "../../pulumi/logical-names";
import { bucketOnlyPlan, fullPlan, OPS_BASE, READ_ONLY, RUNNER_TRUST } from "./fixtures";

const summary = (declarations: ResourceDeclaration[]) => declarations.map((d) => `${d.type} ${d.name}`);

/**
 * Grant names are derived from the grant's content. They are pinned here: changing how they are derived would
 * replace every grant of every stack.
 */
const GRANT_EQUALS = "shop/data.grant-fc96364e3809";
const GRANT_SUBSET = "shop/data.grant-68614b523a20";
const GRANT_PLAIN = "shop/data.grant-78d991a7142d";

describe("declareResources", () => {
  it("declares providers first, then each role's resources, removed roles, buckets and keys, in plan order", () => {
    expect(summary(declareResources(fullPlan()))).to.deep.equal([
      "pulumi:providers:aws ap-southeast-2",
      "pulumi:providers:aws eu-west-1",
      "pulumi:providers:aws us-east-1",
      "aws:iam/role:Role deployer",
      "aws:iam/rolePolicy:RolePolicy deployer",
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive deployer",
      "aws:iam/instanceProfile:InstanceProfile deployer",
      `aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${READ_ONLY}`,
      `aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${OPS_BASE}`,
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive deployer",
      "aws:iam/role:Role runner",
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive runner",
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive runner",
      "aws:iam/role:Role web",
      "aws:iam/rolePolicy:RolePolicy web",
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive web",
      "aws:iam/instanceProfile:InstanceProfile web",
      "pulumi-nodejs:dynamic/iam-syncr:RemovedRole oldbatch",
      "pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy-app",
      "aws:s3/bucket:Bucket shop-assets",
      "aws:s3/bucketPolicy:BucketPolicy shop-assets",
      "aws:s3/bucket:Bucket shop-logs",
      "aws:kms/key:Key audit",
      "aws:kms/alias:Alias audit",
      "aws:kms/key:Key shop/data",
      "aws:kms/alias:Alias shop/data",
      `aws:kms/grant:Grant ${GRANT_EQUALS}`,
      `aws:kms/grant:Grant ${GRANT_SUBSET}`,
      `aws:kms/grant:Grant ${GRANT_PLAIN}`,
    ]);
  });

  it("gives the import ID pulumi import needs, or says what must be looked up", () => {
    const ids = declareResources(fullPlan()).map((d) => [`${d.type} ${d.name}`, d.importId]);
    expect(Object.fromEntries(ids)).to.deep.equal({
      "pulumi:providers:aws ap-southeast-2": { kind: "none" },
      "pulumi:providers:aws eu-west-1": { kind: "none" },
      "pulumi:providers:aws us-east-1": { kind: "none" },
      "aws:iam/role:Role deployer": { kind: "id", id: "Deployer" },
      "aws:iam/rolePolicy:RolePolicy deployer": { kind: "id", id: "Deployer:syncr_policy_ops__Deployer" },
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive deployer": { kind: "id", id: "Deployer" },
      "aws:iam/instanceProfile:InstanceProfile deployer": { kind: "id", id: "Deployer" },
      [`aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${READ_ONLY}`]: { kind: "id", id: `Deployer/${READ_ONLY}` },
      [`aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${OPS_BASE}`]: { kind: "id", id: `Deployer/${OPS_BASE}` },
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive deployer": { kind: "id", id: "Deployer" },
      "aws:iam/role:Role runner": { kind: "id", id: "runner" },
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive runner": { kind: "id", id: "runner" },
      "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive runner": { kind: "id", id: "runner" },
      "aws:iam/role:Role web": { kind: "id", id: "web" },
      "aws:iam/rolePolicy:RolePolicy web": { kind: "id", id: "web:syncr_policy_web" },
      "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive web": { kind: "id", id: "web" },
      "aws:iam/instanceProfile:InstanceProfile web": { kind: "id", id: "web" },
      "pulumi-nodejs:dynamic/iam-syncr:RemovedRole oldbatch": { kind: "none" },
      "pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy-app": { kind: "none" },
      "aws:s3/bucket:Bucket shop-assets": { kind: "id", id: "shop-assets" },
      "aws:s3/bucketPolicy:BucketPolicy shop-assets": { kind: "id", id: "shop-assets" },
      "aws:s3/bucket:Bucket shop-logs": { kind: "id", id: "shop-logs" },
      "aws:kms/key:Key audit": { kind: "kmsKeyByAlias", aliasName: "alias/audit" },
      "aws:kms/alias:Alias audit": { kind: "id", id: "alias/audit" },
      "aws:kms/key:Key shop/data": { kind: "kmsKeyByAlias", aliasName: "alias/shop/data" },
      "aws:kms/alias:Alias shop/data": { kind: "id", id: "alias/shop/data" },
      [`aws:kms/grant:Grant ${GRANT_EQUALS}`]: { kind: "kmsGrant", aliasName: "alias/shop/data" },
      [`aws:kms/grant:Grant ${GRANT_SUBSET}`]: { kind: "kmsGrant", aliasName: "alias/shop/data" },
      [`aws:kms/grant:Grant ${GRANT_PLAIN}`]: { kind: "kmsGrant", aliasName: "alias/shop/data" },
    });
  });

  it("puts IAM resources on the IAM region's provider and regional ones on their location's, named for where they come from", () => {
    const placement = declareResources(fullPlan()).map((d) => [`${d.type} ${d.name}`, d.region, d.provider, d.source] as const);
    const iam = placement.filter(([key]) => key.startsWith("aws:iam/"));
    expect(iam).to.have.length(14);
    expect(iam.map(([, region, provider]) => `${region} ${provider}`)).to.deep.equal(iam.map(() => `${IAM_REGION} ${IAM_REGION}`));
    expect([...new Set(iam.map(([, , , source]) => source))]).to.deep.equal(["roles.ops/Deployer", "roles.ops/ci/runner", "roles.web"]);
    expect(placement.filter(([key]) => !key.startsWith("aws:iam/"))).to.deep.equal([
      ["pulumi:providers:aws ap-southeast-2", "ap-southeast-2", null, "region ap-southeast-2"],
      ["pulumi:providers:aws eu-west-1", "eu-west-1", null, "region eu-west-1"],
      ["pulumi:providers:aws us-east-1", "us-east-1", null, "region us-east-1"],
      ["pulumi-nodejs:dynamic/iam-syncr:RemovedRole oldbatch", "us-east-1", null, "remove_roles: OldBatch"],
      ["pulumi-nodejs:dynamic/iam-syncr:RemovedRole legacy-app", "us-east-1", null, "remove_roles: legacy-app"],
      ["aws:s3/bucket:Bucket shop-assets", "ap-southeast-2", "ap-southeast-2", "buckets.shop-assets"],
      ["aws:s3/bucketPolicy:BucketPolicy shop-assets", "ap-southeast-2", "ap-southeast-2", "buckets.shop-assets"],
      ["aws:s3/bucket:Bucket shop-logs", "eu-west-1", "eu-west-1", "buckets.shop-logs"],
      ["aws:kms/key:Key audit", "us-east-1", "us-east-1", "keys.audit"],
      ["aws:kms/alias:Alias audit", "us-east-1", "us-east-1", "keys.audit"],
      ["aws:kms/key:Key shop/data", "eu-west-1", "eu-west-1", "keys.shop/data"],
      ["aws:kms/alias:Alias shop/data", "eu-west-1", "eu-west-1", "keys.shop/data"],
      [`aws:kms/grant:Grant ${GRANT_EQUALS}`, "eu-west-1", "eu-west-1", "keys.shop/data.grant[0]"],
      [`aws:kms/grant:Grant ${GRANT_SUBSET}`, "eu-west-1", "eu-west-1", "keys.shop/data.grant[1]"],
      [`aws:kms/grant:Grant ${GRANT_PLAIN}`, "eu-west-1", "eu-west-1", "keys.shop/data.grant[2]"],
    ]);
  });

  it("declares a provider only for the regions it uses", () => {
    expect(summary(declareResources(bucketOnlyPlan()))).to.deep.equal([
      "pulumi:providers:aws eu-central-1",
      "aws:s3/bucket:Bucket live-archive",
    ]);
    const [provider] = declareResources(bucketOnlyPlan());
    expect(provider.inputs).to.deep.equal({ region: "eu-central-1", allowedAccountIds: ["210987654321"] });
  });

  it("names everything of a role by its leaf in lower case, so a new path or a new case replaces it in place", () => {
    const moved = fullPlan();
    moved.roles = { "platform/deployer": { ...moved.roles["ops/Deployer"], name: "deployer", path: "/platform/" } };
    const before = summary(declareResources(fullPlan())).filter((s) => s.includes(" deployer"));
    const after = summary(declareResources(moved)).filter((s) => s.includes(" deployer"));
    expect(after).to.deep.equal(before);
  });

  it("refuses two roles whose names differ only by case, saying where both come from", () => {
    const plan = fullPlan();
    plan.roles = { "a/Web": { ...plan.roles.web, name: "Web" }, web: plan.roles.web };
    expect(() => declareResources(plan)).to.throw(
      'roles.a/Web and roles.web would both become the Pulumi resource aws:iam/role:Role named "web"; rename one of them.',
    );
  });

  it("refuses two removed roles whose names differ only by case", () => {
    const plan: Plan = { ...bucketOnlyPlan(), removedRoles: ["Old", "old"] };
    expect(() => declareResources(plan)).to.throw(
      'remove_roles: Old and remove_roles: old would both become the Pulumi resource pulumi-nodejs:dynamic/iam-syncr:RemovedRole named "old"; rename one of them.',
    );
  });

  it("keeps names apart that character replacement would merge", () => {
    const plan = fullPlan();
    const runner = plan.roles["ops/ci/runner"];
    plan.roles = { "a/b": { ...runner, name: "b", path: "/a/" }, a__b: { ...runner, name: "a__b", path: "/" }, "a-b": { ...runner, name: "a-b" } };
    const roles = declareResources(plan).filter((d) => d.type === ResourceType.role);
    expect(roles.map((d) => d.name)).to.deep.equal(["b", "a__b", "a-b"]);
  });

  it("declares the role's inputs only for what the plan sets", () => {
    const runner = declareResources(fullPlan()).find((d) => d.type === ResourceType.role && d.name === "runner");
    expect(runner?.inputs).to.deep.equal({
      name: "runner",
      path: "/ops/ci/",
      assumeRolePolicy: JSON.stringify(RUNNER_TRUST, null, 2),
      forceDetachPolicies: true,
    });
  });
});

describe("grant logical names", () => {
  const grant: GrantPlan = {
    grantee: "arn:aws:iam::012345678901:role/web",
    retiree: null,
    operations: ["Decrypt", "Encrypt"],
    constraints: { EncryptionContextEquals: { b: "2", a: "1" }, EncryptionContextSubset: { c: "3" } },
    grantTokens: null,
  };

  it("depend on the grant's content only, not on key order", () => {
    const reordered: GrantPlan = {
      ...grant,
      constraints: { EncryptionContextSubset: { c: "3" }, EncryptionContextEquals: { a: "1", b: "2" } },
    };
    expect(grantLogicalName("k", reordered)).to.equal(grantLogicalName("k", grant));
    expect(grantLogicalName("k", grant)).to.match(/^k\.grant-[0-9a-f]{12}$/);
  });

  it("treat absent and empty grant tokens alike, and change with anything else", () => {
    const name = grantLogicalName("k", grant);
    expect(grantLogicalName("k", { ...grant, grantTokens: [] })).to.equal(name);
    const variants: GrantPlan[] = [
      { ...grant, grantTokens: ["t"] },
      { ...grant, retiree: "arn:aws:iam::012345678901:role/ops" },
      { ...grant, grantee: "arn:aws:iam::012345678901:role/other" },
      { ...grant, operations: ["Decrypt"] },
      { ...grant, constraints: null },
    ];
    for (const variant of variants) expect(grantLogicalName("k", variant)).to.not.equal(name);
    expect(grantLogicalName("other", grant)).to.not.equal(name);
  });

  it("do not depend on the order of the key's grants", () => {
    const plan = fullPlan();
    const names = (p: Plan) => declareResources(p).filter((d) => d.type === ResourceType.grant).map((d) => d.name).sort();
    const reversed = fullPlan();
    reversed.keys["shop/data"].grants.reverse();
    expect(names(reversed)).to.deep.equal(names(plan));
  });
});

describe("documents that name roles of the stack wait for them", () => {
  const trustingRole = (arn: string) => ({ Version: "2012-10-17" as const, Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: arn } }] });
  const dependsOn = (plan: Plan, type: string, name: string) =>
    declareResources(plan)
      .find((d) => d.type === type && d.name === name)
      ?.options.dependsOn.map((key) => `${key.type} ${key.name}`);
  const ROLE = ResourceType.role;
  const DEPLOYER = "arn:aws:iam::012345678901:role/ops/Deployer";
  const WEB = "arn:aws:iam::012345678901:role/web";
  const RUNNER = "arn:aws:iam::012345678901:role/ops/ci/runner";

  it("bucket policies, key policies and grants wait for the roles they name", () => {
    const plan = fullPlan();
    expect(dependsOn(plan, ResourceType.bucketPolicy, "shop-assets")).to.deep.equal([`${ROLE} web`]);
    expect(dependsOn(plan, ResourceType.key, "audit")).to.deep.equal([`${ROLE} deployer`]);
    expect(dependsOn(plan, ResourceType.key, "shop/data")).to.deep.equal([]);
    expect(dependsOn(plan, ResourceType.grant, GRANT_EQUALS)).to.deep.equal([`${ROLE} deployer`, `${ROLE} web`]);
    expect(dependsOn(plan, ResourceType.grant, GRANT_PLAIN)).to.deep.equal([`${ROLE} runner`]);
  });

  it("a trust policy or an inline policy waits for the other roles it names, by their exact ARN", () => {
    const plan = fullPlan();
    plan.roles.web.trustPolicy = trustingRole(DEPLOYER);
    // Its own ARN (it is its own dependency already), another account's role and a wrong path are no dependency.
    plan.roles.web.policy = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: [RUNNER, WEB, "arn:aws:iam::210987654321:role/web", "arn:aws:iam::012345678901:role/Deployer"] },
      ],
    };
    expect(dependsOn(plan, ROLE, "web")).to.deep.equal([`${ROLE} deployer`]);
    expect(dependsOn(plan, ResourceType.rolePolicy, "web")).to.deep.equal([`${ROLE} runner`]);
    // The declarations keep their order: a role may wait for one declared after it.
    expect(declareResources(plan).filter((d) => d.type === ROLE).map((d) => d.name)).to.deep.equal(["deployer", "runner", "web"]);
  });

  it("roles that trust each other: walking the roles in plan order, the reference that closes the cycle is left out", () => {
    const plan = fullPlan();
    plan.roles["ops/Deployer"].trustPolicy = trustingRole(WEB);
    plan.roles["ops/ci/runner"].trustPolicy = trustingRole(DEPLOYER);
    plan.roles.web.trustPolicy = trustingRole(RUNNER);
    expect(dependsOn(plan, ROLE, "deployer")).to.deep.equal([`${ROLE} web`]);
    expect(dependsOn(plan, ROLE, "web")).to.deep.equal([`${ROLE} runner`]);
    expect(dependsOn(plan, ROLE, "runner")).to.deep.equal([]);
  });
});
