/**
 * `iam-syncr import-plan` against moto_server: an account built with the AWS SDK as the original iam_syncr left
 * it, adopted by the command (called in-process with captured streams, and once as the built command in a child
 * process), with the exact import file and summary; credentials of another account, buckets that cannot be
 * adopted, AWS failures and YAML errors.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, KMSClient, ListGrantsCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { main } from "../../cli/run";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import type { AwsClients } from "../support/moto";
import { writeStacks } from "../support/stacks";
import { captured } from "../support/captured-io";

const ACCOUNT = MOTO_DEFAULT_ACCOUNT;
const OTHER_ACCOUNT = "210987654321";
const MAIN = path.resolve(__dirname, "../../bin/cli/main.js");
const URN = (region: string) => `urn:pulumi:sandbox::iam-syncr::pulumi:providers:aws::${region}`;
const OPS_BASE = `arn:aws:iam::${ACCOUNT}:policy/ops-base`;
const LEGACY_LOGS = `arn:aws:iam::${ACCOUNT}:policy/legacy-logs`;
const GRANT_WEB = "shop-data.grant-d987a42c13aa";
const GRANT_DEPLOYER = "shop-data.grant-f25c1ddeaf74";

/** The sandbox account's YAML: what the original tool was given, plus a role, a bucket and a grant it never created. */
const SANDBOX_YAML = `
roles:
  web:
    make_instance_profile: true
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: shop-assets}}
  ops/deployer:
    allow_to_assume_me: {iam: root}
    allow_permission: {action: "cloudformation:*", resource: "*"}
    managed_policies: [{iam: policy/ops-base}]
  api:
    allow_to_assume_me: {service: lambda}
buckets:
  shop-assets:
    location: eu-west-1
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
  shop-logs:
    location: eu-west-1
keys:
  shop-data:
    location: eu-west-1
    description: Shop data
    grant:
      - {grantee: {iam: role/web}, operations: [Decrypt, Encrypt]}
      - {grantee: {iam: role/ops/deployer}, operations: DescribeKey}
`;

const POLICY = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

interface LegacyAccount {
  keyId: string;
  webGrantId: string;
  staleGrantId: string;
}

/**
 * What iam_syncr 0.4 left: roles with their syncr_policy_* policies, a hand-made inline policy, an instance
 * profile, managed policies attached by hand, a bucket with its policy, and a key with its alias and grants.
 */
async function buildLegacyAccount({ iam, s3 }: AwsClients, kms: KMSClient): Promise<LegacyAccount> {
  await iam.send(new CreateRoleCommand({ RoleName: "web", AssumeRolePolicyDocument: TRUST }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "web", PolicyName: "syncr_policy_web", PolicyDocument: POLICY("s3:GetObject") }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "web", PolicyName: "hand-made", PolicyDocument: POLICY("iam:*") }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web" }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "web" }));

  await iam.send(new CreatePolicyCommand({ PolicyName: "ops-base", PolicyDocument: POLICY("logs:*") }));
  await iam.send(new CreatePolicyCommand({ PolicyName: "legacy-logs", PolicyDocument: POLICY("logs:PutLogEvents") }));
  await iam.send(new CreateRoleCommand({ RoleName: "deployer", Path: "/ops/", AssumeRolePolicyDocument: TRUST }));
  await iam.send(new PutRolePolicyCommand({ RoleName: "deployer", PolicyName: "syncr_policy_ops__deployer", PolicyDocument: POLICY("cloudformation:*") }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "deployer", PolicyArn: OPS_BASE }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: "deployer", PolicyArn: LEGACY_LOGS }));

  await createBucket(s3, "shop-assets", "eu-west-1");
  await s3.send(new PutBucketPolicyCommand({ Bucket: "shop-assets", Policy: POLICY("s3:GetObject") }));

  const key = (await kms.send(new CreateKeyCommand({ Description: "Shop data" }))).KeyMetadata?.KeyId ?? "";
  await kms.send(new CreateAliasCommand({ AliasName: "alias/shop-data", TargetKeyId: key }));
  const grant = (grantee: string, operations: ("Decrypt" | "Encrypt")[]) =>
    kms.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/${grantee}`, Operations: operations }));
  const web = await grant("web", ["Encrypt", "Decrypt"]);
  const stale = await grant("old", ["Decrypt"]);
  // Another key's grant, which moto lists with every key's grants: not a grant of alias/shop-data.
  const other = (await kms.send(new CreateKeyCommand({ Description: "Other" }))).KeyMetadata?.KeyId ?? "";
  await kms.send(new CreateAliasCommand({ AliasName: "alias/other", TargetKeyId: other }));
  await kms.send(new CreateGrantCommand({ KeyId: other, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/web`, Operations: ["Encrypt", "Decrypt"] }));
  return { keyId: key, webGrantId: web.GrantId ?? "", staleGrantId: stale.GrantId ?? "" };
}

function createBucket(s3: S3Client, bucket: string, region: string) {
  return s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region as "eu-west-1" } }));
}

function expectedFile({ keyId, webGrantId }: LegacyAccount): string {
  const entry = (type: string, name: string, id: string, provider: string) => ({ type, name, id, provider });
  return `${JSON.stringify(
    {
      nameTable: { "eu-west-1": URN("eu-west-1"), "us-east-1": URN("us-east-1") },
      resources: [
        entry("aws:iam/role:Role", "deployer", "deployer", "us-east-1"),
        entry("aws:iam/rolePolicy:RolePolicy", "deployer", "deployer:syncr_policy_ops__deployer", "us-east-1"),
        entry("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "deployer", "deployer", "us-east-1"),
        entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `deployer/${OPS_BASE}`, `deployer/${OPS_BASE}`, "us-east-1"),
        entry("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "deployer", "deployer", "us-east-1"),
        entry("aws:iam/role:Role", "web", "web", "us-east-1"),
        entry("aws:iam/rolePolicy:RolePolicy", "web", "web:syncr_policy_web", "us-east-1"),
        entry("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "web", "web", "us-east-1"),
        entry("aws:iam/instanceProfile:InstanceProfile", "web", "web", "us-east-1"),
        entry("aws:s3/bucket:Bucket", "shop-assets", "shop-assets", "eu-west-1"),
        entry("aws:s3/bucketPolicy:BucketPolicy", "shop-assets", "shop-assets", "eu-west-1"),
        entry("aws:kms/key:Key", "shop-data", keyId, "eu-west-1"),
        entry("aws:kms/alias:Alias", "shop-data", "alias/shop-data", "eu-west-1"),
        entry("aws:kms/grant:Grant", GRANT_WEB, `${keyId}:${webGrantId}`, "eu-west-1"),
      ],
    },
    null,
    2,
  )}\n`;
}

function expectedSummary({ keyId, webGrantId, staleGrantId }: LegacyAccount, out: string | null): string {
  return [
    `import-plan for account sandbox (${ACCOUNT}), Pulumi stack "sandbox":`,
    "found in AWS, to import (14):",
    "  aws:iam/role:Role deployer (roles.ops/deployer), id deployer",
    "  aws:iam/rolePolicy:RolePolicy deployer (roles.ops/deployer), id deployer:syncr_policy_ops__deployer",
    "  aws:iam/rolePoliciesExclusive:RolePoliciesExclusive deployer (roles.ops/deployer), id deployer",
    `  aws:iam/rolePolicyAttachment:RolePolicyAttachment deployer/${OPS_BASE} (roles.ops/deployer), id deployer/${OPS_BASE}`,
    "  aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive deployer (roles.ops/deployer), id deployer",
    "  aws:iam/role:Role web (roles.web), id web",
    "  aws:iam/rolePolicy:RolePolicy web (roles.web), id web:syncr_policy_web",
    "  aws:iam/rolePoliciesExclusive:RolePoliciesExclusive web (roles.web), id web",
    "  aws:iam/instanceProfile:InstanceProfile web (roles.web), id web",
    "  aws:s3/bucket:Bucket shop-assets (buckets.shop-assets), id shop-assets",
    "  aws:s3/bucketPolicy:BucketPolicy shop-assets (buckets.shop-assets), id shop-assets",
    `  aws:kms/key:Key shop-data (keys.shop-data), id ${keyId}`,
    "  aws:kms/alias:Alias shop-data (keys.shop-data), id alias/shop-data",
    `  aws:kms/grant:Grant ${GRANT_WEB} (keys.shop-data.grant[0]), id ${keyId}:${webGrantId}`,
    "not in AWS: pulumi up creates them (4):",
    "  aws:iam/role:Role api (roles.api)",
    "  aws:iam/rolePoliciesExclusive:RolePoliciesExclusive api (roles.api)",
    "  aws:s3/bucket:Bucket shop-logs (buckets.shop-logs)",
    `  aws:kms/grant:Grant ${GRANT_DEPLOYER} (keys.shop-data.grant[1])`,
    "pulumi up changes these after the import (2):",
    `  roles.ops/deployer: managed policy ${LEGACY_LOGS} is attached but not in managed_policies; pulumi up detaches it`,
    '  roles.web: inline policy "hand-made" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
    "left alone: not in the YAML, and the stack never touches them (1):",
    `  keys.shop-data: grant ${staleGrantId} of alias/shop-data (grantee arn:aws:iam::${ACCOUNT}:role/old; operations Decrypt) is not in the YAML; the stack never touches it`,
    `wrote the import file (14 resources) to ${out ?? "standard output"}`,
    'next, in the Pulumi project with this stack selected (docs/migrating.md):',
    `  pulumi up --yes --target '${URN("eu-west-1")}' --target '${URN("us-east-1")}'`,
    `  pulumi import --file ${out ?? "<the import file>"} --protect=false --generate-code=false --yes`,
    "  pulumi preview --diff",
    "",
  ].join("\n");
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runBuiltCommand(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const key of Object.keys(base)) if (key.startsWith("AWS_")) delete base[key];
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd, env: { ...base, ...env }, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe("iam-syncr import-plan against moto_server", () => {
  const moto = useMoto();
  let root: string;

  /** The support clients work in us-east-1; the sandbox's key lives in eu-west-1. */
  const keysIn = (region: string) =>
    new KMSClient({ endpoint: moto.server.endpoint, region, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });

  before(() => {
    root = writeStacks({ accounts: `sandbox: "${ACCOUNT}"\n`, files: { "sandbox/iam.yaml": SANDBOX_YAML } });
  });

  it("adopts an account as iam_syncr left it: the exact import file on stdout, the summary on stderr, exit 0", async () => {
    const legacy = await buildLegacyAccount(moto.server.clients(), keysIn("eu-west-1"));
    const run = captured(root);
    const code = await main(["import-plan", "sandbox"], run.io);
    expect(run.stderr()).to.equal(expectedSummary(legacy, null));
    expect(run.stdout()).to.equal(expectedFile(legacy));
    expect(code).to.equal(0);
  });

  it("§14: the same definitions in <root>/_shared (an account folder with no file) give the same import file and summary", async () => {
    const legacy = await buildLegacyAccount(moto.server.clients(), keysIn("eu-west-1"));
    // Every role, bucket and key of SANDBOX_YAML, selected for sandbox.
    const inShared = SANDBOX_YAML.replace(/^( {2}\S.*:)$/gm, "$1\n    accounts: sandbox");
    const sharedRoot = writeStacks({ accounts: `sandbox: "${ACCOUNT}"\n`, files: { "_shared/iam.yaml": inShared } });
    fs.mkdirSync(path.join(sharedRoot, "sandbox"));
    const fromShared = captured(sharedRoot);
    const code = await main(["import-plan", "sandbox"], fromShared.io);
    expect(inShared.match(/accounts: sandbox/g)).to.have.length(6);
    expect(fromShared.stdout()).to.equal(expectedFile(legacy));
    expect(fromShared.stderr()).to.equal(expectedSummary(legacy, null));
    expect(code).to.equal(0);
  });

  it("the built command in a child process, with per-service endpoint overrides (S3 by host name): writes --out FILE, nothing on stdout", async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does it)`);
    const legacy = await buildLegacyAccount(moto.server.clients(), keysIn("eu-west-1"));
    const endpoint = moto.server.endpoint;
    const result = await runBuiltCommand(["import-plan", "sandbox", "--out", "import.json"], root, {
      AWS_ENDPOINT_URL_IAM: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      // A host name, not an IP: only path-style addressing reaches it (`<bucket>.localhost` does not resolve).
      AWS_ENDPOINT_URL_S3: endpoint.replace("127.0.0.1", "localhost"),
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    });
    const file = path.join(root, "import.json");
    try {
      expect(result).to.deep.equal({ code: 0, stdout: "", stderr: expectedSummary(legacy, "import.json") });
      expect(fs.readFileSync(file, "utf8")).to.equal(expectedFile(legacy));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("refuses credentials of another account: exit 1, one line, nothing written", async () => {
    await buildLegacyAccount(moto.server.clients(), keysIn("eu-west-1"));
    moto.server.useAsEnvironment({ credentials: await moto.server.credentialsFor(OTHER_ACCOUNT) });
    const run = captured(root);
    const code = await main(["import-plan", "sandbox", "--out", "refused.json"], run.io);
    expect([code, run.stdout()]).to.deep.equal([1, ""]);
    expect(run.stderr()).to.match(
      new RegExp(
        `^iam-syncr: the AWS credentials belong to account ${OTHER_ACCOUNT} \\(arn:aws:iam::${OTHER_ACCOUNT}:user/[^)]+\\), but account sandbox is ` +
          `${ACCOUNT}; use credentials for ${ACCOUNT}\\. No resource was looked up, and nothing was written\\.\\n$`,
      ),
    );
    expect(fs.existsSync(path.join(root, "refused.json"))).to.equal(false);
  });

  it("reports a bucket in another region and a bucket of another account as errors: exit 1, nothing written", async () => {
    const { s3 } = moto.server.clients();
    await createBucket(s3, "shop-assets", "us-west-2");
    await createBucket(moto.server.clients(OTHER_ACCOUNT).s3, "shop-logs", "eu-west-1");
    const run = captured(root);
    const code = await main(["import-plan", "sandbox", "--out", "blocked.json"], run.io);
    expect([code, run.stdout()]).to.deep.equal([1, ""]);
    expect(run.stderr().split("\n").slice(-5)).to.deep.equal([
      "errors: the import cannot settle these (2):",
      '  buckets.shop-assets: bucket "shop-assets" is in us-west-2, but its location is eu-west-1; set location: us-west-2 (a bucket cannot move to another region)',
      '  buckets.shop-logs: bucket "shop-logs" exists, but belongs to another AWS account (bucket names are global); choose another name',
      "nothing was written: fix the errors (in the YAML or in the account), then run import-plan again",
      "",
    ]);
    expect(fs.existsSync(path.join(root, "blocked.json"))).to.equal(false);
  });

  it("adopts a grant whose encryption context AWS lists in another order than the YAML (three pairs)", async () => {
    const yamlRoot = writeStacks({
      accounts: `sandbox: "${ACCOUNT}"\n`,
      files: {
        "sandbox/keys.yaml": [
          "keys:",
          "  shop-data:",
          "    location: eu-west-1",
          "    description: Shop data",
          "    grant:",
          "      - grantee: {iam: role/web}",
          "        operations: [Decrypt, Encrypt]",
          "        constraints: {EncryptionContextEquals: {zone: eu, app: shop, stage: prod}}",
          "",
        ].join("\n"),
      },
    });
    const kms = keysIn("eu-west-1");
    const keyId = (await kms.send(new CreateKeyCommand({ Description: "Shop data" }))).KeyMetadata?.KeyId ?? "";
    await kms.send(new CreateAliasCommand({ AliasName: "alias/shop-data", TargetKeyId: keyId }));
    const created = await kms.send(
      new CreateGrantCommand({
        KeyId: keyId,
        GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/web`,
        Operations: ["Encrypt", "Decrypt"],
        Constraints: { EncryptionContextEquals: { stage: "prod", zone: "eu", app: "shop" } },
      }),
    );
    const listed = await kms.send(new ListGrantsCommand({ KeyId: keyId }));
    // The premise: AWS (here moto) lists the pairs in neither the YAML's order nor sorted.
    expect(listed.Grants?.map((g) => Object.keys(g.Constraints?.EncryptionContextEquals ?? {}))).to.deep.equal([["stage", "zone", "app"]]);

    const run = captured(yamlRoot);
    const code = await main(["import-plan", "sandbox"], run.io);

    expect(code).to.equal(0);
    expect(run.stderr().split("\n").slice(0, 6)).to.deep.equal([
      `import-plan for account sandbox (${ACCOUNT}), Pulumi stack "sandbox":`,
      "found in AWS, to import (3):",
      `  aws:kms/key:Key shop-data (keys.shop-data), id ${keyId}`,
      "  aws:kms/alias:Alias shop-data (keys.shop-data), id alias/shop-data",
      `  aws:kms/grant:Grant shop-data.grant-3d4bac81bb01 (keys.shop-data.grant[0]), id ${keyId}:${created.GrantId}`,
      "wrote the import file (3 resources) to standard output",
    ]);
    const file = JSON.parse(run.stdout()) as { resources: { type: string; id: string }[] };
    expect(file.resources.map((r) => [r.type, r.id])).to.deep.equal([
      ["aws:kms/key:Key", keyId],
      ["aws:kms/alias:Alias", "alias/shop-data"],
      ["aws:kms/grant:Grant", `${keyId}:${created.GrantId}`],
    ]);
  });

  it("an empty account: an empty import file, everything to create", async () => {
    const run = captured(root);
    const code = await main(["import-plan", "sandbox"], run.io);
    expect([code, JSON.parse(run.stdout())]).to.deep.equal([0, { nameTable: {}, resources: [] }]);
    expect(run.stderr()).to.contain("not in AWS: pulumi up creates them (18):\n");
    expect(run.stderr().endsWith("nothing to import: pulumi preview --diff shows what pulumi up will create\n")).to.equal(true);
  });

  describe("failures before or instead of the lookups", () => {
    it("an AWS failure is one line: exit 1, nothing written", async () => {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await closedPort()}`;
      process.env.AWS_MAX_ATTEMPTS = "1";
      const run = captured(root);
      const code = await main(["import-plan", "sandbox"], run.io);
      expect([code, run.stdout()]).to.deep.equal([1, ""]);
      expect(run.stderr()).to.match(
        /^iam-syncr: could not look up the account of the AWS credentials \(STS GetCallerIdentity\): connect ECONNREFUSED 127\.0\.0\.1:\d+\. Nothing was written\.\n$/,
      );
    });

    it("YAML errors: the diagnostics, exit 1, and no AWS call", async () => {
      const broken = writeStacks({ accounts: `sandbox: "${ACCOUNT}"\n`, files: { "sandbox/iam.yaml": "roles:\n  web: {allow_to_assume_me: {service: ec2}, bogus: 1}\n" } });
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await closedPort()}`;
      const run = captured(broken);
      const code = await main(["import-plan", "sandbox"], run.io);
      expect([code, run.stdout()]).to.deep.equal([1, ""]);
      expect(run.stderr()).to.match(/^sandbox\/iam\.yaml:2:\d+: error: roles\.web\.bogus: .*\n1 error, 0 warnings\n$/);
    });

    it("a --stack-state that is missing or not a stack export: exit 1, nothing written, no AWS call", async () => {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await closedPort()}`;
      fs.writeFileSync(path.join(root, "not-a-state.json"), JSON.stringify({ deployment: { resources: {} } }));
      for (const [file, message] of [
        ["not-a-state.json", "iam-syncr: not-a-state.json is not the output of pulumi stack export: deployment.resources must be a list of resources with a urn. Nothing was written.\n"],
        ["missing.json", /^iam-syncr: could not read missing\.json: ENOENT: no such file or directory, open '.*missing\.json'\. Nothing was written\.\n$/],
      ] as const) {
        const run = captured(root);
        const code = await main(["import-plan", "sandbox", "--stack-state", file, "--out", "never.json"], run.io);
        expect([code, run.stdout()]).to.deep.equal([1, ""]);
        if (typeof message === "string") expect(run.stderr()).to.equal(message);
        else expect(run.stderr()).to.match(message);
      }
      expect(fs.existsSync(path.join(root, "never.json"))).to.equal(false);
    });

    it("a wrong command line: exit 2 with the usage, through main()", async () => {
      for (const args of [["import-plan"], ["import-plan", "sandbox", "--bogus"], ["import-plan", "sandbox", "other"]]) {
        const run = captured(root);
        expect(await main(args, run.io), args.join(" ")).to.equal(2);
        expect(run.stderr()).to.match(/^iam-syncr: (missing required argument 'account-folder'|unknown option '--bogus'|too many arguments for 'import-plan'\. Expected 1 argument but got 2\.)\n\nUsage: iam-syncr import-plan \[options\] <account-folder>\n/);
        expect(run.stderr()).to.contain("  --out <file>          write the import file there (default: stdout)");
      }
    });
  });
});
