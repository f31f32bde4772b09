import { expect } from "chai";
import { planImport } from "../../adopt/import-plan";
import type { Finding, ImportPlan } from "../../adopt/import-plan";
import { formatImportFile } from "../../adopt/import-file";
import type { GrantFacts, KeyFacts, RoleFacts } from "../../adopt/inventory";
import type { Plan } from "../../compiler/plan";
import { declareResources } from "../../pulumi/declarations";
import { ACCOUNT, bucketOnlyPlan, fullPlan, OPS_BASE, READ_ONLY } from "../pulumi/fixtures";
import { existingAsPlanned, keyIdOf, nothingExists, withFacts } from "./inventories";
import type { Inventory } from "../../adopt/inventory";
import { compileYaml, planOf } from "../support/stacks";
import { lines } from "../support/assertions";

const STACK = ACCOUNT.name;
const provider = (region: string) => `urn:pulumi:${STACK}::iam-syncr::pulumi:providers:aws::${region}`;
const GRANT_EQUALS = "shop/data.grant-fc96364e3809";
const GRANT_SUBSET = "shop/data.grant-68614b523a20";
const GRANT_PLAIN = "shop/data.grant-78d991a7142d";
const DATA_KEY = keyIdOf("shop/data");
const ALL_PROVIDERS = ["ap-southeast-2", "eu-west-1", "us-east-1"].map(provider);

function plan(p: Plan, inventory: Inventory): ImportPlan {
  return planImport(STACK, declareResources(p), inventory);
}

const role = (facts: Partial<RoleFacts> & { roleName: string }): RoleFacts => ({
  path: "/",
  inlinePolicyNames: [],
  attachedPolicyArns: null,
  ...facts,
});

const dataKey = (facts: Partial<KeyFacts>): KeyFacts => ({ ...(existingAsPlanned(fullPlan()).keys.get("alias/shop/data") as KeyFacts), ...facts });

const grant = (grantId: string, facts: Partial<GrantFacts>): GrantFacts => ({
  grantId,
  granteePrincipal: "arn:aws:iam::012345678901:role/ops/ci/runner",
  retiringPrincipal: null,
  operations: ["DescribeKey"],
  encryptionContextEquals: null,
  encryptionContextSubset: null,
  ...facts,
});

const findings = (result: ImportPlan, kind: Finding["kind"]) => result.findings.filter((f) => f.kind === kind).map((f) => `${f.source}: ${f.message}`);

describe("import plan (pure)", () => {
  describe("an account that holds everything the plan declares", () => {
    const result = plan(fullPlan(), existingAsPlanned(fullPlan()));

    it("imports every declared resource but providers and removed roles, in declaration order, with its program provider", () => {
      expect(result.file).to.deep.equal({
        nameTable: { "ap-southeast-2": provider("ap-southeast-2"), "eu-west-1": provider("eu-west-1"), "us-east-1": provider("us-east-1") },
        resources: [
          { type: "aws:iam/role:Role", name: "deployer", id: "Deployer", provider: "us-east-1" },
          { type: "aws:iam/rolePolicy:RolePolicy", name: "deployer", id: "Deployer:syncr_policy_ops__Deployer", provider: "us-east-1" },
          { type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", name: "deployer", id: "Deployer", provider: "us-east-1" },
          { type: "aws:iam/instanceProfile:InstanceProfile", name: "deployer", id: "Deployer", provider: "us-east-1" },
          {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: `deployer/${READ_ONLY}`,
            id: `Deployer/${READ_ONLY}`,
            provider: "us-east-1",
          },
          {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: `deployer/${OPS_BASE}`,
            id: `Deployer/${OPS_BASE}`,
            provider: "us-east-1",
          },
          { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "deployer", id: "Deployer", provider: "us-east-1" },
          { type: "aws:iam/role:Role", name: "runner", id: "runner", provider: "us-east-1" },
          { type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", name: "runner", id: "runner", provider: "us-east-1" },
          { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "runner", id: "runner", provider: "us-east-1" },
          { type: "aws:iam/role:Role", name: "web", id: "web", provider: "us-east-1" },
          { type: "aws:iam/rolePolicy:RolePolicy", name: "web", id: "web:syncr_policy_web", provider: "us-east-1" },
          { type: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", name: "web", id: "web", provider: "us-east-1" },
          { type: "aws:iam/instanceProfile:InstanceProfile", name: "web", id: "web", provider: "us-east-1" },
          { type: "aws:s3/bucket:Bucket", name: "shop-assets", id: "shop-assets", provider: "ap-southeast-2" },
          { type: "aws:s3/bucketPolicy:BucketPolicy", name: "shop-assets", id: "shop-assets", provider: "ap-southeast-2" },
          { type: "aws:s3/bucket:Bucket", name: "shop-logs", id: "shop-logs", provider: "eu-west-1" },
          { type: "aws:kms/key:Key", name: "audit", id: "audit-key-id", provider: "us-east-1" },
          { type: "aws:kms/alias:Alias", name: "audit", id: "alias/audit", provider: "us-east-1" },
          { type: "aws:kms/key:Key", name: "shop/data", id: DATA_KEY, provider: "eu-west-1" },
          { type: "aws:kms/alias:Alias", name: "shop/data", id: "alias/shop/data", provider: "eu-west-1" },
          { type: "aws:kms/grant:Grant", name: GRANT_EQUALS, id: `${DATA_KEY}:grant-0`, provider: "eu-west-1" },
          { type: "aws:kms/grant:Grant", name: GRANT_SUBSET, id: `${DATA_KEY}:grant-1`, provider: "eu-west-1" },
          { type: "aws:kms/grant:Grant", name: GRANT_PLAIN, id: `${DATA_KEY}:grant-2`, provider: "eu-west-1" },
        ],
      });
    });

    it("creates nothing, finds nothing to report, and lists every provider to put in the stack first", () => {
      expect(result.created).to.deep.equal([]);
      expect(result.findings).to.deep.equal([]);
      expect(result.providerUrns).to.deep.equal(ALL_PROVIDERS);
    });

    it("keeps the YAML entry each imported resource comes from", () => {
      expect(result.imported.map((r) => r.source)).to.include.members(["roles.ops/Deployer", "buckets.shop-assets", "keys.shop/data.grant[2]"]);
      expect(result.imported.find((r) => r.name === GRANT_PLAIN)?.source).to.equal("keys.shop/data.grant[2]");
    });

    it("writes the file as indented JSON with a final newline", () => {
      const text = formatImportFile(plan(bucketOnlyPlan(), existingAsPlanned(bucketOnlyPlan())).file);
      expect(text).to.equal(
        [
          "{",
          '  "nameTable": {',
          '    "eu-central-1": "urn:pulumi:sandbox::iam-syncr::pulumi:providers:aws::eu-central-1"',
          "  },",
          '  "resources": [',
          "    {",
          '      "type": "aws:s3/bucket:Bucket",',
          '      "name": "live-archive",',
          '      "id": "live-archive",',
          '      "provider": "eu-central-1"',
          "    }",
          "  ]",
          "}",
          "",
        ].join("\n"),
      );
    });
  });

  describe("an account that holds none of it", () => {
    const result = plan(fullPlan(), nothingExists(fullPlan()));

    it("imports nothing: an empty file, and every declared resource is to be created, in declaration order", () => {
      expect(result.file).to.deep.equal({ nameTable: {}, resources: [] });
      expect(result.imported).to.deep.equal([]);
      const declared = declareResources(fullPlan()).filter((d) => d.type !== "pulumi:providers:aws" && d.type !== "pulumi-nodejs:dynamic/iam-syncr:RemovedRole");
      expect(result.created).to.deep.equal(declared.map((d) => ({ type: d.type, name: d.name, source: d.source })));
      expect(result.findings).to.deep.equal([]);
    });

    it("still names every provider", () => {
      expect(result.providerUrns).to.deep.equal(ALL_PROVIDERS);
    });
  });

  describe("roles", () => {
    const base = existingAsPlanned(fullPlan());
    const imported = (result: ImportPlan) => result.imported.map((r) => `${r.type} ${r.name} ${r.id}`);

    it("a role without its inline policy: the role and the exclusive resource are imported, the policy created", () => {
      const result = plan(fullPlan(), withFacts(base, { roles: { web: role({ roleName: "web" }) } }));
      expect(imported(result)).to.include.members(["aws:iam/role:Role web web", "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive web web"]);
      expect(result.created).to.deep.include({ type: "aws:iam/rolePolicy:RolePolicy", name: "web", source: "roles.web" });
    });

    it("inline policies that are not declared: deleted by pulumi up, because inline policies are exclusive", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          roles: {
            web: role({ roleName: "web", inlinePolicyNames: ["hand-made", "syncr_policy_web"] }),
            runner: role({ roleName: "runner", path: "/ops/ci/", inlinePolicyNames: ["syncr_policy_ops__ci__runner"], attachedPolicyArns: [] }),
          },
        }),
      );
      expect(findings(result, "change")).to.deep.equal([
        'roles.ops/ci/runner: inline policy "syncr_policy_ops__ci__runner" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
        'roles.web: inline policy "hand-made" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
      ]);
    });

    it("attachments: declared ones are imported, others are detached when the YAML manages them", () => {
      const other = "arn:aws:iam::012345678901:policy/legacy";
      const result = plan(
        fullPlan(),
        withFacts(base, {
          roles: {
            Deployer: role({ roleName: "Deployer", path: "/ops/", inlinePolicyNames: ["syncr_policy_ops__Deployer"], attachedPolicyArns: [other, OPS_BASE] }),
            runner: role({ roleName: "runner", path: "/ops/ci/", attachedPolicyArns: [READ_ONLY] }),
          },
        }),
      );
      expect(imported(result)).to.include(`aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${OPS_BASE} Deployer/${OPS_BASE}`);
      expect(result.created.map((r) => r.name)).to.deep.equal([`deployer/${READ_ONLY}`]);
      expect(findings(result, "change")).to.deep.equal([
        `roles.ops/Deployer: managed policy ${other} is attached but not in managed_policies; pulumi up detaches it`,
        `roles.ops/ci/runner: managed policy ${READ_ONLY} is attached but not in managed_policies; pulumi up detaches it`,
      ]);
    });

    it("a role named with another case or under another path is imported, and reported as replaced", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, { roles: { web: role({ roleName: "Web", path: "/legacy/", inlinePolicyNames: ["syncr_policy_web"] }) } }),
      );
      expect(imported(result)).to.include("aws:iam/role:Role web web");
      expect(findings(result, "change")).to.deep.equal([
        'roles.web: the role is named "Web" in AWS; pulumi up replaces it (deletes it, then creates it again with a new role id)',
        "roles.web: the role has path /legacy/ in AWS, / in the YAML; pulumi up replaces it (deletes it, then creates it again with a new role id)",
      ]);
    });

    it("an instance profile without the role, at another path, or holding another role", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          roles: { web: null },
          instanceProfiles: { web: { path: "/fleet/", roleNames: ["batch"] }, Deployer: { path: "/", roleNames: [] } },
        }),
      );
      expect(imported(result)).to.include.members(["aws:iam/instanceProfile:InstanceProfile web web"]);
      expect(result.created.filter((r) => r.source === "roles.web").map((r) => r.type)).to.deep.equal([
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
      ]);
      expect(findings(result, "change")).to.deep.equal([
        'roles.ops/Deployer: instance profile "Deployer" holds no role; pulumi up adds role Deployer',
        'roles.web: instance profile "web" has path /fleet/ in AWS; pulumi up replaces it with one at path /',
        'roles.web: instance profile "web" holds role batch; pulumi up makes it hold role web instead',
      ]);
    });
  });

  describe("buckets", () => {
    const base = existingAsPlanned(fullPlan());

    it("a bucket in another region: an error; neither it nor its policy is imported or created", () => {
      const result = plan(fullPlan(), withFacts(base, { buckets: { "shop-assets": { owner: "account", region: "us-west-2", hasPolicy: true } } }));
      expect(findings(result, "error")).to.deep.equal([
        'buckets.shop-assets: bucket "shop-assets" is in us-west-2, but its location is ap-southeast-2; set location: us-west-2 (a bucket cannot move to another region)',
      ]);
      const touched = [...result.imported, ...result.created].filter((r) => r.source === "buckets.shop-assets");
      expect(touched).to.deep.equal([]);
    });

    it("a bucket of another account: an error", () => {
      const result = plan(fullPlan(), withFacts(base, { buckets: { "shop-logs": { owner: "other account" } } }));
      expect(findings(result, "error")).to.deep.equal([
        'buckets.shop-logs: bucket "shop-logs" exists, but belongs to another AWS account (bucket names are global); choose another name',
      ]);
      expect(result.file.resources.map((r) => r.name)).not.to.include("shop-logs");
    });

    it("a policy the YAML does not declare is left alone; a declared one that is missing is created", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          buckets: {
            "shop-logs": { owner: "account", region: "eu-west-1", hasPolicy: true },
            "shop-assets": { owner: "account", region: "ap-southeast-2", hasPolicy: false },
          },
        }),
      );
      expect(findings(result, "untouched")).to.deep.equal([
        'buckets.shop-logs: bucket "shop-logs" has a bucket policy, but the YAML gives the bucket no statements; the stack leaves that policy as it is',
      ]);
      expect(result.created).to.deep.equal([{ type: "aws:s3/bucketPolicy:BucketPolicy", name: "shop-assets", source: "buckets.shop-assets" }]);
    });

    it("a provider named like a bucket that appears twice in the file gets a name no logical name can have", () => {
      const p = bucketOnlyPlan();
      p.buckets = { "eu-central-1": { location: "eu-central-1", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow" }] }, tags: {} } };
      const result = plan(p, withFacts(nothingExists(p), { buckets: { "eu-central-1": { owner: "account", region: "eu-central-1", hasPolicy: true } } }));
      expect(result.file).to.deep.equal({
        nameTable: { "eu-central-1 (aws provider)": provider("eu-central-1") },
        resources: [
          { type: "aws:s3/bucket:Bucket", name: "eu-central-1", id: "eu-central-1", provider: "eu-central-1 (aws provider)" },
          { type: "aws:s3/bucketPolicy:BucketPolicy", name: "eu-central-1", id: "eu-central-1", provider: "eu-central-1 (aws provider)" },
        ],
      });
    });
  });

  describe("keys, aliases and grants", () => {
    const base = existingAsPlanned(fullPlan());
    const grantIds = (result: ImportPlan) =>
      Object.fromEntries(result.imported.filter((r) => r.type === "aws:kms/grant:Grant").map((r) => [r.name, r.id]));

    it("grants are matched on content, whatever the order AWS lists them in; undeclared ones are left alone", () => {
      const declared = base.keys.get("alias/shop/data")?.grants ?? [];
      const stale = grant("0-stale", { granteePrincipal: "arn:aws:iam::012345678901:role/old", operations: ["Decrypt", "Encrypt"] });
      const result = plan(fullPlan(), withFacts(base, { keys: { "alias/shop/data": dataKey({ grants: [stale, declared[2], declared[0], declared[1]] }) } }));
      expect(grantIds(result)).to.deep.equal({
        [GRANT_EQUALS]: `${DATA_KEY}:grant-0`,
        [GRANT_SUBSET]: `${DATA_KEY}:grant-1`,
        [GRANT_PLAIN]: `${DATA_KEY}:grant-2`,
      });
      expect(findings(result, "untouched")).to.deep.equal([
        "keys.shop/data: grant 0-stale of alias/shop/data (grantee arn:aws:iam::012345678901:role/old; operations Decrypt, Encrypt) is not in the YAML; the stack never touches it",
      ]);
    });

    it("another retiree, other operations or other constraints are another grant: created, and the existing one left alone", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          keys: {
            "alias/shop/data": dataKey({
              grants: [
                grant("a", { operations: ["DescribeKey", "Decrypt"] }),
                grant("b", { retiringPrincipal: "arn:aws:iam::012345678901:role/web" }),
                grant("c", { operations: ["GenerateDataKey"], encryptionContextSubset: { stage: "prod" } }),
              ],
            }),
          },
        }),
      );
      expect(grantIds(result)).to.deep.equal({});
      expect(result.created.filter((r) => r.type === "aws:kms/grant:Grant").map((r) => r.name)).to.deep.equal([GRANT_EQUALS, GRANT_SUBSET, GRANT_PLAIN]);
      expect(findings(result, "untouched")).to.have.length(3);
      expect(findings(result, "untouched")[2]).to.equal(
        'keys.shop/data: grant c of alias/shop/data (grantee arn:aws:iam::012345678901:role/ops/ci/runner; operations GenerateDataKey; EncryptionContextSubset {"stage":"prod"}) is not in the YAML; the stack never touches it',
      );
    });

    it("operations compare as a set, an empty constraint is none, and each existing grant is adopted once", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          keys: {
            "alias/shop/data": dataKey({
              grants: [
                grant("z-twin", { encryptionContextEquals: {} }),
                grant("y-twin", { operations: ["DescribeKey", "DescribeKey"] }),
              ],
            }),
          },
        }),
      );
      expect(grantIds(result)).to.deep.equal({ [GRANT_PLAIN]: `${DATA_KEY}:y-twin` });
      expect(findings(result, "untouched").map((f) => f.split(" (")[0])).to.deep.equal(["keys.shop/data: grant z-twin of alias/shop/data"]);
    });

    it("encryption contexts compare as mappings: three pairs listed by AWS in another order than the YAML are the same grant", () => {
      const yamlPlan = planOf(
        compileYaml(
          lines(
            "keys:",
            "  shop/data:",
            "    location: eu-west-1",
            "    description: Shop data",
            "    grant:",
            "      - grantee: {iam: role/web}",
            "        operations: Decrypt",
            "        constraints: {EncryptionContextEquals: {zone: eu, app: shop, stage: prod}}",
            "      - grantee: {iam: role/batch}",
            "        operations: Encrypt",
            "        constraints: {EncryptionContextSubset: {tenant: t1, Region: eu, bucket: b}}",
          ),
        ),
      );
      const inventory = existingAsPlanned(yamlPlan);
      const key = inventory.keys.get("alias/shop/data") as KeyFacts;
      const [equals, subset] = key.grants;
      // As ListGrants may return them: neither the YAML's order nor sorted.
      const listed = [
        { ...equals, encryptionContextEquals: { stage: "prod", zone: "eu", app: "shop" } },
        { ...subset, encryptionContextSubset: { bucket: "b", tenant: "t1", Region: "eu" } },
      ];
      expect(listed.map((g) => Object.keys(g.encryptionContextEquals ?? g.encryptionContextSubset ?? {}))).to.deep.equal([
        ["stage", "zone", "app"],
        ["bucket", "tenant", "Region"],
      ]);

      const result = plan(yamlPlan, withFacts(inventory, { keys: { "alias/shop/data": { ...key, grants: listed } } }));

      const grants = result.imported.filter((r) => r.type === "aws:kms/grant:Grant");
      expect(grants.map((r) => [r.source, r.id])).to.deep.equal([
        ["keys.shop/data.grant[0]", `${keyIdOf("shop/data")}:grant-0`],
        ["keys.shop/data.grant[1]", `${keyIdOf("shop/data")}:grant-1`],
      ]);
      expect(result.created).to.deep.equal([]);
      expect(result.findings).to.deep.equal([]);
    });

    it("a key pending deletion blocks the key, its alias and its grants", () => {
      const result = plan(fullPlan(), withFacts(base, { keys: { "alias/shop/data": dataKey({ keyState: "PendingDeletion" }) } }));
      expect(findings(result, "error")).to.deep.equal([
        `keys.shop/data: alias/shop/data points to key ${DATA_KEY}, which is pending deletion; cancel the deletion (aws kms cancel-key-deletion --region eu-west-1 --key-id ${DATA_KEY}) or delete the alias`,
      ]);
      expect([...result.imported, ...result.created].filter((r) => r.source.startsWith("keys.shop/data"))).to.deep.equal([]);
    });

    it("a key in another state that KMS does not let anyone change is an error too", () => {
      const result = plan(fullPlan(), withFacts(base, { keys: { "alias/shop/data": dataKey({ keyState: "PendingImport" }) } }));
      expect(findings(result, "error")).to.deep.equal([
        `keys.shop/data: alias/shop/data points to key ${DATA_KEY}, which is PendingImport; the stack can only manage an Enabled or Disabled key`,
      ]);
    });

    it("a disabled key or one of another kind is imported, and what pulumi up does to it is reported", () => {
      const result = plan(
        fullPlan(),
        withFacts(base, {
          keys: {
            "alias/shop/data": dataKey({ keyState: "Disabled" }),
            "alias/audit": { ...(base.keys.get("alias/audit") as KeyFacts), keySpec: "RSA_2048" },
          },
        }),
      );
      expect(result.imported.filter((r) => r.type === "aws:kms/key:Key").map((r) => r.id)).to.deep.equal(["audit-key-id", DATA_KEY]);
      expect(findings(result, "change")).to.deep.equal([
        "keys.audit: key audit-key-id (alias/audit) is a RSA_2048 key, not a symmetric encryption key (SYMMETRIC_DEFAULT); pulumi up creates a new key and points alias/audit to it (the old key stays, no longer managed)",
        `keys.shop/data: key ${DATA_KEY} (alias/shop/data) is disabled; pulumi up enables it`,
      ]);
    });

    it("no key behind the alias: the key, the alias and the grants are created", () => {
      const result = plan(fullPlan(), withFacts(base, { keys: { "alias/shop/data": null } }));
      expect(result.created.map((r) => r.name)).to.deep.equal(["shop/data", "shop/data", GRANT_EQUALS, GRANT_SUBSET, GRANT_PLAIN]);
    });
  });

  describe("a stack that already holds some of the resources (--stack-state)", () => {
    const ATTACHMENT = `urn:pulumi:${STACK}::iam-syncr::aws:iam/rolePolicyAttachment:RolePolicyAttachment::deployer/${READ_ONLY}`;
    const inStack = new Set([
      provider("us-east-1"),
      `urn:pulumi:${STACK}::iam-syncr::aws:iam/role:Role::deployer`,
      ATTACHMENT,
      `urn:pulumi:${STACK}::iam-syncr::aws:s3/bucket:Bucket::shop-assets`,
    ]);

    it("leaves out what the stack records, says how many, and names only the providers it lacks", () => {
      const declarations = declareResources(fullPlan());
      const result = planImport(STACK, declarations, existingAsPlanned(fullPlan()), inStack);
      const everything = plan(fullPlan(), existingAsPlanned(fullPlan()));
      const names = (entries: readonly { type: string; name: string }[]) => entries.map((e) => `${e.type} ${e.name}`);
      expect(result.alreadyInStack).to.equal(3);
      expect(names(result.file.resources)).to.deep.equal(
        names(everything.file.resources).filter((n) => !["aws:iam/role:Role deployer", `aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${READ_ONLY}`, "aws:s3/bucket:Bucket shop-assets"].includes(n)),
      );
      expect(result.providerUrns).to.deep.equal([provider("ap-southeast-2"), provider("eu-west-1")]);
      expect(result.created).to.deep.equal([]);
    });

    it("reports nothing about what the stack records: pulumi up manages it already", () => {
      const inventory = withFacts(existingAsPlanned(fullPlan()), {
        roles: { Deployer: role({ roleName: "Deployer", path: "/elsewhere/", attachedPolicyArns: [READ_ONLY, OPS_BASE] }) },
      });
      const findings = planImport(STACK, declareResources(fullPlan()), inventory, inStack).findings;
      expect(findings.filter((f) => f.source === "roles.ops/Deployer")).to.deep.equal([]);
      // Without the stack's state, the same account is reported.
      expect(planImport(STACK, declareResources(fullPlan()), inventory).findings.filter((f) => f.source === "roles.ops/Deployer")).to.have.length(1);
    });
  });

  it("a declared resource that was not looked up is a programming error, not a silent create", () => {
    const inventory = existingAsPlanned(fullPlan());
    const roles = new Map(inventory.roles);
    roles.delete("web");
    expect(() => plan(fullPlan(), { ...inventory, roles })).to.throw('role "web" was not looked up in AWS.');
  });
});
