/**
 * `iam-syncr import-plan` when AWS misbehaves (issue 13): every lookup behind the fault-injecting proxy, failed
 * with an empty 200, a malformed body, a 500, a dropped connection or no answer at all. Every failure is one line
 * naming what was looked up and the AWS operation, exit 1, and nothing is written; an answer that lacks what the
 * API always sends is never taken for "does not exist"; a fault that goes away is retried through.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { main } from "../../cli/run";
import type { CommandIO } from "../../cli/io";
import { useFaultProxy, type Fault } from "../support/fault-proxy";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { writeStacks } from "../support/stacks";

const ACCOUNT = MOTO_DEFAULT_ACCOUNT;
const URN = (region: string) => `urn:pulumi:sandbox::iam-syncr::pulumi:providers:aws::${region}`;
const OPS_BASE = `arn:aws:iam::${ACCOUNT}:policy/ops-base`;
const GRANT = "shop-data.grant-d987a42c13aa";

const YAML = `
roles:
  web:
    make_instance_profile: true
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: "*"}
    managed_policies: [{iam: policy/ops-base}]
buckets:
  shop-assets:
    location: eu-west-1
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
keys:
  shop-data:
    location: eu-west-1
    description: Shop data
    grant:
      - {grantee: {iam: role/web}, operations: [Decrypt, Encrypt]}
`;

const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const TRUST = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });

/** Settings that keep a test of timeouts and retries fast (docs/robustness.md names them). */
const FAST = { IAM_SYNCR_AWS_CONNECTION_TIMEOUT_MS: "300", IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS: "300", AWS_MAX_ATTEMPTS: "2" };

describe("iam-syncr import-plan when AWS misbehaves (fault-injecting proxy in front of moto_server)", function () {
  this.timeout(30_000);
  const moto = useMoto();
  let root: string;
  let ids: { keyId: string; grantId: string };

  before(async () => {
    root = writeStacks({ accounts: `sandbox: "${ACCOUNT}"\n`, files: { "sandbox/iam.yaml": YAML } });
  });

  beforeEach(async () => {
    ids = await buildAccount();
  });
  const faults = useFaultProxy(moto, FAST);

  /** What iam_syncr left: the role with its policy, attachment and profile, the bucket with its policy, the key with its grant. */
  async function buildAccount(): Promise<{ keyId: string; grantId: string }> {
    const { iam, s3 } = moto.server.clients();
    await iam.send(new CreateRoleCommand({ RoleName: "web", AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "web", PolicyName: "syncr_policy_web", PolicyDocument: POLICY }));
    await iam.send(new CreatePolicyCommand({ PolicyName: "ops-base", PolicyDocument: POLICY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: "web", PolicyArn: OPS_BASE }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: "web" }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "web", RoleName: "web" }));
    await s3.send(new CreateBucketCommand({ Bucket: "shop-assets", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: "shop-assets", Policy: POLICY }));
    const kms = new KMSClient({ endpoint: moto.server.endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId ?? "";
    await kms.send(new CreateAliasCommand({ AliasName: "alias/shop-data", TargetKeyId: keyId }));
    const grant = await kms.send(
      new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/web`, Operations: ["Encrypt", "Decrypt"] }),
    );
    kms.destroy();
    return { keyId, grantId: grant.GrantId ?? "" };
  }

  function expectedFile(): string {
    const entry = (type: string, name: string, id: string, provider: string) => ({ type, name, id, provider });
    const file = {
      nameTable: { "eu-west-1": URN("eu-west-1"), "us-east-1": URN("us-east-1") },
      resources: [
        entry("aws:iam/role:Role", "web", "web", "us-east-1"),
        entry("aws:iam/rolePolicy:RolePolicy", "web", "web:syncr_policy_web", "us-east-1"),
        entry("aws:iam/rolePoliciesExclusive:RolePoliciesExclusive", "web", "web", "us-east-1"),
        entry("aws:iam/instanceProfile:InstanceProfile", "web", "web", "us-east-1"),
        entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `web/${OPS_BASE}`, `web/${OPS_BASE}`, "us-east-1"),
        entry("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "web", "web", "us-east-1"),
        entry("aws:s3/bucket:Bucket", "shop-assets", "shop-assets", "eu-west-1"),
        entry("aws:s3/bucketPolicy:BucketPolicy", "shop-assets", "shop-assets", "eu-west-1"),
        entry("aws:kms/key:Key", "shop-data", ids.keyId, "eu-west-1"),
        entry("aws:kms/alias:Alias", "shop-data", "alias/shop-data", "eu-west-1"),
        entry("aws:kms/grant:Grant", GRANT, `${ids.keyId}:${ids.grantId}`, "eu-west-1"),
      ],
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  }

  async function importPlan(): Promise<{ code: number; stdout: string; stderr: string; written: boolean }> {
    let stdout = "";
    let stderr = "";
    const io: CommandIO = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), cwd: root };
    const out = path.join(root, "import.json");
    fs.rmSync(out, { force: true });
    const code = await main(["import-plan", "sandbox", "--out", "import.json"], io);
    const written = fs.existsSync(out);
    if (written) stdout += fs.readFileSync(out, "utf8");
    fs.rmSync(out, { force: true });
    return { code, stdout, stderr, written };
  }

  /** The command failed with exactly this line, wrote nothing, and printed nothing else. */
  async function expectFailure(line: string): Promise<void> {
    expect(await importPlan()).to.deep.equal({ code: 1, stdout: "", stderr: `iam-syncr: ${line}. Nothing was written.\n`, written: false });
  }

  it("passes every call through when no fault is set: the exact import file, exit 0", async () => {
    const result = await importPlan();
    expect([result.code, result.stdout, result.written]).to.deep.equal([0, expectedFile(), true]);
    expect([...faults.proxy.calls].sort()).to.deep.equal(
      [
        "DescribeKey",
        "GetBucketPolicy",
        "GetCallerIdentity",
        "GetInstanceProfile",
        "GetRole",
        "HeadBucket",
        "ListAttachedRolePolicies",
        "ListBuckets",
        "ListGrants",
        "ListRolePolicies",
      ].sort(),
    );
  });

  describe("an empty 200 is a failed call, never an absent resource", () => {
    const cases: [operation: string, line: string][] = [
      ["GetCallerIdentity", "could not look up the account of the AWS credentials (STS GetCallerIdentity): the answer lacks Account, which AWS always sends"],
      ["GetRole", 'could not look up role "web" (IAM GetRole): the answer lacks Role, which AWS always sends'],
      ["ListRolePolicies", 'could not look up the inline policies of role "web" (IAM ListRolePolicies): the answer lacks PolicyNames, which AWS always sends'],
      [
        "ListAttachedRolePolicies",
        'could not look up the managed policies attached to role "web" (IAM ListAttachedRolePolicies): the answer lacks AttachedPolicies, which AWS always sends',
      ],
      ["GetInstanceProfile", 'could not look up instance profile "web" (IAM GetInstanceProfile): the answer lacks InstanceProfile, which AWS always sends'],
      ["ListBuckets", "could not look up the account's buckets (S3 ListBuckets): the answer lacks Buckets or Owner, which AWS always sends"],
      ["HeadBucket", 'could not look up bucket "shop-assets" (S3 HeadBucket): the answer lacks BucketRegion, which AWS always sends'],
      ["GetBucketPolicy", 'could not look up the policy of bucket "shop-assets" (S3 GetBucketPolicy): the answer lacks Policy, which AWS always sends'],
      ["DescribeKey", "could not look up the key of alias/shop-data in eu-west-1 (KMS DescribeKey): the answer lacks KeyMetadata, which AWS always sends"],
      [
        "ListGrants",
        `could not look up the grants of alias/shop-data (key \${keyId}) in eu-west-1 (KMS ListGrants): the answer lacks Grants, which AWS always sends`,
      ],
    ];
    for (const [operation, line] of cases) {
      it(`${operation}`, async () => {
        faults.proxy.failAfter(operation, 0, "empty 200");
        await expectFailure(line.replace("${keyId}", ids.keyId));
        expect(faults.proxy.calls.filter((call) => call === operation)).to.have.length(1);
      });
    }
  });

  describe("every other fault is one line naming the lookup and the operation, after the retries", () => {
    const cases: [operation: string, fault: Fault, line: string][] = [
      ["GetCallerIdentity", "never answer", "could not look up the account of the AWS credentials (STS GetCallerIdentity): no answer within 300 ms, tried 2 times"],
      ["GetRole", "never answer", 'could not look up role "web" (IAM GetRole): no answer within 300 ms, tried 2 times'],
      [
        "GetRole",
        "malformed XML",
        `could not look up role "web" (IAM GetRole): AWS's answer could not be read (HTTP 200, XML parse error: missing closing tag </Name>)`,
      ],
      [
        "GetInstanceProfile",
        "500",
        `could not look up instance profile "web" (IAM GetInstanceProfile): AWS's answer could not be read (HTTP 500, XML parse error: unexpected content), tried 2 times`,
      ],
      [
        "HeadBucket",
        "close",
        'could not look up bucket "shop-assets" (S3 HeadBucket): the connection was closed without an answer (socket hang up), tried 2 times',
      ],
      ["DescribeKey", "never answer", "could not look up the key of alias/shop-data in eu-west-1 (KMS DescribeKey): no answer within 300 ms, tried 2 times"],
      [
        "ListGrants",
        "500",
        `could not look up the grants of alias/shop-data (key \${keyId}) in eu-west-1 (KMS ListGrants): AWS's answer could not be read ` +
          `(HTTP 500, Unexpected token 'i', "injected fault" is not valid JSON), tried 2 times`,
      ],
    ];
    for (const [operation, fault, line] of cases) {
      it(`${operation}: ${fault}`, async () => {
        faults.proxy.failAfter(operation, 0, fault);
        await expectFailure(line.replace("${keyId}", ids.keyId));
        const expectedAttempts = fault === "malformed XML" ? 1 : 2;
        expect(faults.proxy.calls.filter((call) => call === operation)).to.have.length(expectedAttempts);
      });
    }
  });

  it("a fault after the Nth call of an operation: the first run passes, the second fails", async () => {
    faults.proxy.failAfter("GetCallerIdentity", 1, "never answer");
    const first = await importPlan();
    expect([first.code, first.stdout]).to.deep.equal([0, expectedFile()]);
    await expectFailure("could not look up the account of the AWS credentials (STS GetCallerIdentity): no answer within 300 ms, tried 2 times");
  });

  it("retries a fault that goes away, and writes the same import file", async () => {
    faults.proxy.failAfter("GetRole", 0, "500", 1);
    faults.proxy.failAfter("DescribeKey", 0, "never answer", 1);
    faults.proxy.failAfter("HeadBucket", 0, "close", 1);
    const result = await importPlan();
    expect([result.code, result.stdout]).to.deep.equal([0, expectedFile()]);
    for (const operation of ["GetRole", "DescribeKey", "HeadBucket"]) {
      expect(faults.proxy.calls.filter((call) => call === operation), operation).to.have.length(2);
    }
  });

  it("without AWS_MAX_ATTEMPTS, a call is tried 5 times (the SDK's standard retry mode)", async () => {
    delete process.env.AWS_MAX_ATTEMPTS;
    faults.proxy.failAfter("GetCallerIdentity", 0, "500");
    await expectFailure(
      "could not look up the account of the AWS credentials (STS GetCallerIdentity): AWS's answer could not be read (HTTP 500, XML parse error: unexpected content), tried 5 times",
    );
    expect(faults.proxy.calls).to.deep.equal(Array(5).fill("GetCallerIdentity"));
  });

  it("an unusable setting in the environment is one line naming it, before any AWS call", async () => {
    process.env.IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS = "20s";
    await expectFailure('IAM_SYNCR_AWS_REQUEST_TIMEOUT_MS must be a whole number from 1 to 600000, not "20s"');
    expect(faults.proxy.calls).to.deep.equal([]);
  });
});
