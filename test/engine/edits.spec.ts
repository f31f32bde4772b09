/**
 * Edits to a deployed stack under the real engine, one step after another on one account, and the defects of
 * issue 9 that only the engine's step generation shows (each step names the defect it guards):
 * 1. a role moved to another path is replaced, and its instance profile must hold it again;
 * 2. a role with a policy attached by hand must still be deletable;
 * 3. a document that names a new role of the same stack must wait for that role;
 * 4. a grant must be removable by a deployer that may not retire it;
 * 5. a bucket and a key that left the YAML must be declarable again.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { ListGrantsCommand } from "@aws-sdk/client-kms";
import { expect } from "chai";
import * as yaml from "js-yaml";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectedContents, keyIdOf, readAccount, readBucket, readKey, readRole } from "./support/account-contents";
import { deployerMayNotRetireGrants, iamPropagationDelay, principalsMustExist } from "./support/aws-behaviours";
import { createCustomerPolicies, STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { operationLines, resourceSummary } from "./support/preview-text";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";

const STACK = "sandbox";
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

/** The sandbox account folder, as data: each step edits it and writes it out. */
interface SandboxYaml {
  roles: Record<string, Record<string, unknown>>;
  buckets: Record<string, Record<string, unknown>>;
  keys: Record<string, Record<string, unknown>>;
}

function initialYaml(): SandboxYaml {
  return {
    roles: {
      web: {
        make_instance_profile: true,
        allow_to_assume_me: { service: "ec2" },
        allow_permission: [{ action: "s3:GetObject", resource: { s3: "shop-assets" } }],
        managed_policies: [{ iam: "policy/shop-logs" }],
      },
      // Named by no other document, so that moving it to another path breaks nothing else.
      batch: {
        make_instance_profile: true,
        allow_to_assume_me: { service: "ec2" },
        allow_permission: [{ action: "sqs:ReceiveMessage", resource: "*" }],
        managed_policies: [{ iam: "policy/shop-logs" }],
      },
      "legacy-worker": {
        allow_to_assume_me: { service: "ec2" },
        allow_permission: [{ action: "sqs:ReceiveMessage", resource: "*" }],
      },
    },
    buckets: {
      "shop-assets": {
        location: REGION,
        tags: { team: "shop" },
        allow_permission: [{ principal: { iam: "role/web" }, action: "s3:GetObject", resource: { s3: "__self__" } }],
      },
      "shop-archive": { location: REGION, tags: { team: "archive" } },
    },
    keys: {
      "shop/data": {
        location: REGION,
        description: "Shop data",
        grant: [{ grantee: { iam: "role/web" }, operations: ["Decrypt"] }],
      },
    },
  };
}

describe("engine: edits to a deployed stack, and the defects only the engine shows", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-edits-"));
  fs.writeFileSync(path.join(stacksRoot, "accounts.yaml"), `${STACK}: "${ACCOUNT}"\n`);
  fs.mkdirSync(path.join(stacksRoot, STACK));
  const engine = useEngine({ stacksRoot });
  let sandbox = initialYaml();

  const write = (next: SandboxYaml) => {
    sandbox = next;
    engine.workspace.writeStackFile(`${STACK}/roles.yaml`, yaml.dump(next));
  };
  const plan = () => planOf(engine.workspace, STACK, REGION);
  const contents = () => readAccount((region) => engine.clients(ACCOUNT, region), plan());
  const pulumi = (...args: string[]) => engine.workspace.pulumi([...args, "--stack", STACK]);
  const iam = () => engine.clients(ACCOUNT).iam;

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    await createCustomerPolicies(engine.clients(ACCOUNT), ["shop-logs"]);
    write(initialYaml());
    await engine.workspace.initStack(STACK, { region: REGION });
    await pulumi("up", "--yes");
    expect(await contents()).to.deep.equal(expectedContents(plan()));
  });

  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  it("a new statement is exactly one in-place update of the inline policy", async () => {
    const next = initialYaml();
    (next.roles.web.allow_permission as unknown[]).push({ action: "sqs:SendMessage", resource: "*" });
    write({ ...sandbox, roles: { ...sandbox.roles, web: next.roles.web } });
    const preview = await pulumi("preview");
    expect(operationLines(preview.output)).to.deep.equal(["update aws:iam:RolePolicy web"]);
    expect(resourceSummary(preview.output)[0]).to.equal("~ 1 to update");
    await pulumi("up", "--yes");
    expect(await contents()).to.deep.equal(expectedContents(plan()));
  });

  it("defect 1: a role moved to another path is replaced, and its profile, inline policy and attachments are back", async () => {
    write({ ...sandbox, roles: { ...sandbox.roles, batch: { ...sandbox.roles.batch, path: "workers" } } });
    const preview = await pulumi("preview");
    const replaced = operationLines(preview.output).filter((line) => line.startsWith("replace "));
    expect(replaced.sort()).to.deep.equal(
      [
        "replace aws:iam:Role batch",
        // The profile is replaced with the role: deleting the role emptied it (defect 1).
        "replace aws:iam:InstanceProfile batch",
        "replace aws:iam:RolePolicy batch",
        "replace aws:iam:RolePoliciesExclusive batch",
        "replace aws:iam:RolePolicyAttachment batch/arn:aws:iam::123456789012:policy/shop-logs",
        "replace aws:iam:RolePolicyAttachmentsExclusive batch",
      ].sort(),
    );
    await pulumi("up", "--yes");
    const batch = await readRole(engine.clients(ACCOUNT), "batch");
    expect(batch?.path).to.equal("/workers/");
    expect(batch?.instanceProfile, "the instance profile holds the new role").to.deep.equal({ path: "/", roles: ["batch"] });
    expect(await contents()).to.deep.equal(expectedContents(plan()));
    await pulumi("preview", "--expect-no-changes");
  });

  it("defect 2: a role with a policy attached and one written by hand leaves the YAML and is deleted", async () => {
    const { Policy } = await iam().send(
      new CreatePolicyCommand({
        PolicyName: "hand-made",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] }),
      }),
    );
    await iam().send(new AttachRolePolicyCommand({ RoleName: "legacy-worker", PolicyArn: Policy?.Arn }));
    await iam().send(
      new PutRolePolicyCommand({
        RoleName: "legacy-worker",
        PolicyName: "debugging",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] }),
      }),
    );
    const { "legacy-worker": _removed, ...roles } = sandbox.roles;
    write({ ...sandbox, roles });
    const up = await engine.workspace.pulumi(["up", "--yes", "--stack", STACK], { allowFailure: true });
    expect(up.code, up.output).to.equal(0);
    expect(await readRole(engine.clients(ACCOUNT), "legacy-worker")).to.equal(null);
  });

  it("defect 3: new roles named by another role's trust policy and by a bucket policy are created first, on the first up", async () => {
    const stopValidating = engine.proxy.use(principalsMustExist((account) => engine.clients(account).iam));
    const stopDelaying = engine.proxy.use(iamPropagationDelay(1_500));
    try {
      const shopAssets = sandbox.buckets["shop-assets"];
      write({
        ...sandbox,
        roles: {
          ...sandbox.roles,
          web: { ...sandbox.roles.web, allow_to_assume_me: [{ service: "ec2" }, { iam: "role/deployer" }] },
          deployer: { allow_to_assume_me: { service: "codebuild" }, allow_permission: [{ action: "s3:PutObject", resource: { s3: "shop-assets" } }] },
          "deploy-runner": { allow_to_assume_me: { iam: "role/deployer" } },
        },
        buckets: {
          ...sandbox.buckets,
          "shop-assets": {
            ...shopAssets,
            allow_permission: [
              ...(shopAssets.allow_permission as unknown[]),
              { principal: { iam: "role/deployer" }, action: "s3:PutObject", resource: { s3: "__self__" } },
            ],
          },
        },
      });
      const up = await engine.workspace.pulumi(["up", "--yes", "--stack", STACK], { allowFailure: true });
      expect(up.code, up.output).to.equal(0);
    } finally {
      stopDelaying();
      stopValidating();
    }
    expect(await contents()).to.deep.equal(expectedContents(plan()));
  });

  it("defect 4: a grant removed from the YAML is revoked, by a deployer that may not retire it", async () => {
    const stopDenying = engine.proxy.use(deployerMayNotRetireGrants());
    try {
      write({ ...sandbox, keys: { "shop/data": { ...sandbox.keys["shop/data"], grant: [] } } });
      const up = await engine.workspace.pulumi(["up", "--yes", "--stack", STACK], { allowFailure: true });
      expect(up.code, up.output).to.equal(0);
      expect(engine.proxy.recordedCalls()).to.include("kms:RevokeGrant");
    } finally {
      stopDenying();
    }
    const kms = engine.clients(ACCOUNT, REGION).kms;
    expect((await kms.send(new ListGrantsCommand({ KeyId: await keyIdOf(engine.clients(ACCOUNT, REGION), "shop/data") }))).Grants).to.deep.equal([]);
  });

  it("defect 5: a bucket and a key that left the YAML stay in the account, and declaring them again works as docs/pulumi.md says", async () => {
    const keyBefore = await readKey(engine.clients(ACCOUNT, REGION), "shop/data");
    const withThem = sandbox;
    write({ ...sandbox, buckets: { "shop-assets": sandbox.buckets["shop-assets"] }, keys: {} });
    await pulumi("up", "--yes");
    expect(await readBucket(engine.clients(ACCOUNT), "shop-archive")).to.deep.equal({ region: REGION, policy: null, tags: { team: "archive" } });
    // The key keeps its description and policy; its grants end with it (access is declarative).
    expect(await readKey(engine.clients(ACCOUNT, REGION), "shop/data")).to.deep.equal({ ...keyBefore, grants: [] });

    write(withThem);
    // Declared again, they exist in AWS but not in the stack: pulumi up would fail with "already exists".
    // docs/pulumi.md, "A bucket or key that is declared again", literally:
    //   pulumi stack export --file sandbox-state.json
    //   npx iam-syncr import-plan stacks/sandbox --region eu-west-1 --stack-state sandbox-state.json --out import-sandbox.json
    //   pulumi import --file import-sandbox.json --protect=false --generate-code=false --yes
    //   pulumi up
    const state = path.join(engine.workspace.projectDir, "sandbox-state.json");
    const importFile = path.join(engine.workspace.projectDir, "import-sandbox.json");
    await pulumi("stack", "export", "--file", "sandbox-state.json");
    // npx finds the package's own `iam-syncr` only in the project folder that npm installed (the repository);
    // the workspace's project folder is a copy, so the command runs from there, with the same folder and files.
    const importPlan = await engine.workspace.run(
      "npx",
      ["iam-syncr", "import-plan", path.join(engine.workspace.stacksDir, STACK), "--region", REGION, "--stack-state", state, "--out", importFile],
      { accountId: ACCOUNT, allowFailure: true, cwd: REPOSITORY_ROOT },
    );
    expect(importPlan.code, importPlan.output).to.equal(0);
    expect(importPlan.stderr).to.match(/\nalready in the stack, so left out: \d+ resources\n/);
    const keyId = await keyIdOf(engine.clients(ACCOUNT, REGION), "shop/data");
    expect(JSON.parse(fs.readFileSync(importFile, "utf8"))).to.deep.equal({
      nameTable: { [REGION]: `urn:pulumi:${STACK}::iam-syncr::pulumi:providers:aws::${REGION}` },
      resources: [
        { type: "aws:s3/bucket:Bucket", name: "shop-archive", id: "shop-archive", provider: REGION },
        { type: "aws:kms/key:Key", name: "shop/data", id: keyId, provider: REGION },
        { type: "aws:kms/alias:Alias", name: "shop/data", id: "alias/shop/data", provider: REGION },
      ],
    });
    await pulumi("import", "--file", "import-sandbox.json", "--protect=false", "--generate-code=false", "--yes");
    const up = await engine.workspace.pulumi(["up", "--yes", "--stack", STACK], { allowFailure: true });
    expect(up.code, up.output).to.equal(0);
    expect(await contents()).to.deep.equal(expectedContents(plan()));
    await pulumi("preview", "--expect-no-changes");
  });

  it("the stack ends with nothing left to change", async () => {
    await pulumi("preview", "--expect-no-changes");
    expect((await iam().send(new GetRoleCommand({ RoleName: "deployer" }))).Role?.Path).to.equal("/");
  });
});
