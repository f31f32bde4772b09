/**
 * `iam-syncr generate` against moto_server, on an account built by hand in varied shapes: roles at several paths,
 * cross-account principals known and unknown to accounts.yaml, federated trust shared by several roles, conditions,
 * NotAction and NotResource, managed policies, boundaries, session durations, tags, instance profiles; buckets
 * with and without a policy; keys with admin statements and grants; and what the dialect cannot express. The
 * command runs in-process with the SDK's standard environment (as a user runs it), and once as the built command.
 * The files it writes are checked word for word, compiled and compared with what was built, and the real
 * import-plan command then finds every generated resource, with nothing to create or change.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../cli/run";
import { lines } from "../support/assertions";
import { MOTO_DEFAULT_ACCOUNT, useMoto } from "../support/moto";
import { compileIn, planOf, writeStacks } from "../support/stacks";
import { buildAccount, expectPlanMatches, type AccountModel, type BucketModel, type KeyModel, type RoleModel } from "./live-accounts";
import { captured } from "../support/captured-io";

const A = MOTO_DEFAULT_ACCOUNT;
const ACCOUNTS = `sandbox: "${A}"\nlive: "210987654321"\n`;
const MAIN = path.resolve(__dirname, "../../bin/cli/main.js");
const HEADER = [`# Written by iam-syncr generate from account sandbox (${A}).`, "# It compiles to what the account held when it was read; edit it like any other file of the folder.", ""];

const statement = (fields: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [fields] });
const EC2 = statement({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
const GITHUB = statement({
  Effect: "Allow",
  Principal: { Federated: "arn:aws:iam::<OWN>:oidc-provider/token.actions.githubusercontent.com" },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:shop/*" } },
});

const base = { tags: {}, inline: [], attached: [], profile: "none" as const };
const ROLES: RoleModel[] = [
  {
    ...base,
    name: "web",
    path: "/",
    trust: EC2,
    tags: { team: "web", "cost-center": "012" },
    profile: "own",
    inline: [
      {
        name: "syncr_policy_web",
        document: statement({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::gen-assets", "arn:aws:s3:::gen-assets/*"], Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      },
    ],
  },
  {
    ...base,
    name: "deployer",
    path: "/ops/ci/",
    description: "Deploys the shop",
    maxSessionDuration: 7200,
    boundary: "arn:aws:iam::<OWN>:policy/boundary",
    attached: ["arn:aws:iam::<OWN>:policy/read", "arn:aws:iam::<OWN>:policy/ops/write"],
    trust: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Humans", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::210987654321:root", "arn:aws:iam::999999999999:role/partner"] }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } } },
      ],
    },
    inline: [
      {
        name: "syncr_policy_ops__ci__deployer",
        document: {
          Version: "2012-10-17",
          Statement: [
            { Sid: "Deploy", Effect: "Allow", Action: "cloudformation:*", Resource: "*" },
            { Effect: "Deny", NotAction: ["iam:*", "sts:*"], NotResource: ["arn:aws:kms:eu-west-1:<OWN>:alias/app", "arn:aws:sns:eu-west-1:210987654321:alerts", "arn:aws:s3:::gen-logs/2024/*"] },
          ],
        },
      },
    ],
  },
  { ...base, name: "gh-build", path: "/ci/", trust: GITHUB, attached: ["arn:aws:iam::<OWN>:policy/read"] },
  { ...base, name: "gh-release", path: "/ci/", trust: GITHUB },
  { ...base, name: "gh-docs", path: "/ci/", trust: GITHUB, profile: "other name" },
  { ...base, name: "legacy", path: "/", trust: EC2, inline: [{ name: "hand-made", document: statement({ Effect: "Allow", Action: "sqs:*", Resource: "*" }) }] },
  { ...base, name: "old-trust", path: "/", trust: { ...EC2, Version: "2008-10-17" } },
  { ...base, name: "AWSServiceRoleForECS", path: "/aws-service-role/ecs.amazonaws.com/", trust: statement({ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }) },
];

const BUCKETS: BucketModel[] = [
  {
    name: "gen-assets",
    region: "eu-west-1",
    tags: {},
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Web", Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:role/web" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::gen-assets/*" },
        { Sid: "TLS", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::gen-assets", "arn:aws:s3:::gen-assets/*"], Condition: { Bool: { "aws:SecureTransport": false } } },
      ],
    },
  },
  { name: "gen-logs", region: "us-east-1", tags: { team: "ops" }, policy: null },
  { name: "gen-console", region: "us-east-1", tags: {}, policy: { Version: "2012-10-17", Id: "Policy1415115909152", Statement: [{ Sid: "Read", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::gen-console/*" }] } },
];

const KEYS: KeyModel[] = [
  {
    alias: "app",
    region: "eu-west-1",
    description: "Shop data",
    tags: {},
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:root" }, Action: "kms:*", Resource: "*" },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:role/ops/ci/deployer" }, Action: "kms:*", Resource: "arn:aws:kms:eu-west-1:<OWN>:alias/app" },
        { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::<OWN>:role/web", "arn:aws:iam::210987654321:root"] }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*" },
      ],
    },
    grants: [
      { grantee: "arn:aws:iam::<OWN>:role/web", operations: ["Decrypt", "Encrypt"], constraints: { EncryptionContextEquals: { app: "shop" } } },
      { grantee: "arn:aws:iam::210987654321:root", retiree: "arn:aws:iam::<OWN>:role/ops/ci/deployer", operations: ["Decrypt"] },
      { grantee: "arn:aws:iam::<OWN>:role/web", operations: ["DescribeKey"], name: "console-made" },
    ],
  },
  {
    alias: "console-key",
    region: "eu-west-1",
    description: "Made in the console",
    tags: {},
    policy: { Version: "2012-10-17", Id: "key-default-1", Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:root" }, Action: "kms:*", Resource: "*" }] },
    grants: [],
  },
];

const MODEL: AccountModel = { policies: ["/boundary", "/read", "/ops/write"], roles: ROLES, buckets: BUCKETS, keys: KEYS };
const ARGS = ["--region", "eu-west-1", "--buckets", "gen-assets,gen-logs,gen-console,gen-missing", "--keys", "alias/app,console-key"];

/** Every file under a folder, by path relative to it. */
function filesUnder(folder: string): Record<string, string> {
  if (!fs.existsSync(folder)) return {};
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else out[relative] = fs.readFileSync(path.join(dir, entry.name), "utf8");
    }
  };
  walk(folder, "");
  return out;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const EXPECTED_FILES: Record<string, string> = {
  "buckets.yaml": lines(
    ...HEADER,
    "buckets:",
    "  gen-assets:",
    "    location: eu-west-1",
    "    allow_permission:",
    "      - Sid: Web",
    "        action: s3:GetObject",
    "        resource: {s3: gen-assets/*}",
    "        principal: {iam: role/web}",
    "    deny_permission:",
    "      - Sid: TLS",
    "        action: s3:*",
    "        resource: {s3: __self__}",
    "        principal: '*'",
    "        Condition: {Bool: {aws:SecureTransport: false}}",
    "",
    "  gen-logs:",
    "    location: us-east-1",
    "    tags: {team: ops}",
    "",
    "  gen-console:",
    "    location: us-east-1",
  ),
  "keys.yaml": lines(
    ...HEADER,
    "keys:",
    "  app:",
    "    location: eu-west-1",
    "    description: Shop data",
    "    admin_users: {iam: role/ops/ci/deployer}",
    "    allow_permission:",
    "      - action: [kms:Decrypt, kms:GenerateDataKey]",
    "        resource: '*'",
    "        principal: [{iam: role/web}, {iam: root, account: live}]",
    "    grant:",
    "      - grantee: {iam: role/web}",
    "        operations: [Decrypt, Encrypt]",
    "        constraints: {EncryptionContextEquals: {app: shop}}",
    "      - grantee: {iam: root, account: live}",
    "        retiree: {iam: role/ops/ci/deployer}",
    "        operations: Decrypt",
  ),
  "roles.yaml": lines(
    ...HEADER,
    "roles:",
    "  web:",
    "    make_instance_profile: true",
    "    tags: {cost-center: '012', team: web}",
    "    allow_to_assume_me:",
    "      - service: ec2",
    "    allow_permission:",
    "      - action: [s3:GetObject, s3:ListBucket]",
    "        resource: {s3: gen-assets}",
    "        Condition: {Bool: {aws:SecureTransport: 'true'}}",
  ),
  "roles/ci.yaml": lines(
    ...HEADER,
    "roles:",
    "  ci/gh-build:",
    "    use: federated-trust",
    "    managed_policies: [{iam: policy/read}]",
    "",
    "  ci/gh-docs:",
    "    use: federated-trust",
    "",
    "  ci/gh-release:",
    "    use: federated-trust",
  ),
  "roles/ops/ci.yaml": lines(
    ...HEADER,
    "roles:",
    "  ops/ci/deployer:",
    "    description: Deploys the shop",
    "    max_session_duration: 7200",
    "    permissions_boundary: {iam: policy/boundary}",
    "    allow_to_assume_me:",
    "      - Sid: Humans",
    "        iam: [root, arn:aws:iam::999999999999:role/partner]",
    "        account: live",
    "        Action: [sts:AssumeRole, sts:TagSession]",
    "        Condition: {Bool: {aws:MultiFactorAuthPresent: 'true'}}",
    "      - Principal: {AWS: '*'}",
    "        Effect: Deny",
    "        Condition: {StringNotEquals: {aws:PrincipalOrgID: o-abc123}}",
    "    managed_policies: [{iam: policy/ops/write}, {iam: policy/read}]",
    "    allow_permission:",
    "      - Sid: Deploy",
    "        action: cloudformation:*",
    "        resource: '*'",
    "    deny_permission:",
    "      - notaction: [iam:*, sts:*]",
    "        notresource:",
    "          - {kms: app, location: eu-west-1}",
    "          - {sns: alerts, location: eu-west-1, account: live}",
    "          - {s3: gen-logs/2024/*}",
  ),
  "templates.yaml": lines(
    ...HEADER,
    "templates:",
    "  federated-trust:",
    "    allow_to_assume_me:",
    "      - federated: {iam: oidc-provider/token.actions.githubusercontent.com}",
    "        Action: sts:AssumeRoleWithWebIdentity",
    "        Condition:",
    "          StringEquals: {token.actions.githubusercontent.com:aud: sts.amazonaws.com}",
    "          StringLike: {token.actions.githubusercontent.com:sub: repo:shop/*}",
  ),
};

describe("iam-syncr generate against moto_server", () => {
  const moto = useMoto();

  it("writes readable YAML for an account built by hand, says what it left out and why, and the result adopts with no change", async () => {
    const built = await buildAccount(moto.server.endpoint, A, MODEL);
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const run = captured(root);
    const code = await main(["generate", "sandbox", ...ARGS], run.io);
    const keyId = built.keys.get("app")!;
    expect(run.stderr()).to.equal(
      lines(
        `generate for account sandbox (${A}): roles under /; buckets gen-assets, gen-logs, gen-console, gen-missing; keys alias/app, alias/console-key in eu-west-1`,
        "wrote (6):",
        "  sandbox/roles.yaml: roles web",
        "  sandbox/roles/ci.yaml: roles ci/gh-build, ci/gh-docs, ci/gh-release",
        "  sandbox/roles/ops/ci.yaml: roles ops/ci/deployer",
        "  sandbox/templates.yaml: templates federated-trust",
        "  sandbox/buckets.yaml: buckets gen-assets, gen-logs, gen-console",
        "  sandbox/keys.yaml: keys app",
        "service-linked and AWS-reserved roles, never written (1):",
        "  role aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
        "left out: the dialect cannot express them as they are (7):",
        '  role legacy: its inline policy is "hand-made"; the dialect gives a role one inline policy, named "syncr_policy_legacy" (DIALECT.md 4.3, 4.8); with --merge-inline-policies, generate writes the role anyway, and pulumi up replaces it by that one with the same statements',
        '  role old-trust: the trust policy has Version "2008-10-17"; the dialect always writes Version "2012-10-17" (DIALECT.md 13.1), which reads policy variables differently',
        '  bucket gen-console (its policy): the bucket policy has an Id ("Policy1415115909152"), which the dialect cannot write (DIALECT.md 13.1)',
        "  bucket gen-console (its policy): the bucket is written without statements, so the stack leaves its policy alone (DIALECT.md 7.4.3)",
        "  bucket gen-missing: the account has no bucket of that name",
        '  key alias/console-key: the key policy has an Id ("key-default-1"), which the dialect cannot write (DIALECT.md 13.1)',
        `  key alias/console-key: the key policy's statement 1 allows arn:aws:iam::${A}:root kms:* with Sid "Enable IAM User Permissions"; the dialect always writes that statement with an empty Sid (DIALECT.md 8.3), so the key policy would change`,
        "written; the stack leaves these parts alone (2):",
        '  role ci/gh-docs: instance profile "gh-docs-profile" (path /) holds it; the stack leaves that profile alone (make_instance_profile declares only a profile named like the role, at path /, without tags; 4.5)',
        `  key alias/app: grant ${keyId.grantIds[2]} is left alone (the stack never touches a grant it did not create or import): it has the name "console-made"; the dialect has no grant name, and a grant adopted without its name would be replaced`,
        "the compiler's warnings about the new files (2):",
        '  sandbox/buckets.yaml:16:20: warning: buckets.gen-assets.deny_permission[0].principal: principal "*" grants anyone',
        '  sandbox/roles/ops/ci.yaml:15:20: warning: roles.ops/ci/deployer.allow_to_assume_me[1].Principal: principal "*" grants anyone',
        "next:",
        "  npx iam-syncr compile sandbox --region eu-west-1 --format text",
        "  npx iam-syncr import-plan sandbox --region eu-west-1 --out import-sandbox.json",
        '  then steps 1 (a stack for the account, if it has none) and 4 to 7 of docs/migrating.md: pulumi up --target <each provider>, pulumi import --file import-sandbox.json, pulumi preview --diff, pulumi up',
      ),
    );
    expect([code, run.stdout()]).to.deep.equal([0, ""]);
    expect(filesUnder(path.join(root, "sandbox"))).to.deep.equal(EXPECTED_FILES);

    const written = {
      roles: ROLES.filter((r) => ["web", "deployer", "gh-build", "gh-release", "gh-docs"].includes(r.name)),
      buckets: BUCKETS,
      keys: KEYS.filter((k) => k.alias === "app"),
    };
    expectPlanMatches(planOf(compileIn(root, "sandbox", { region: "eu-west-1" })), built, written, new Set(["gen-console"]));

    const adoption = captured(root);
    expect(await main(["import-plan", "sandbox", "--region", "eu-west-1", "--out", "import.json"], adoption.io)).to.equal(0);
    const summary = adoption.stderr().split("\n");
    const sections = summary.filter((line) => !line.startsWith("  ") && line.endsWith(":"));
    expect(sections).to.deep.equal([`import-plan for account sandbox (${A}), Pulumi stack "sandbox":`, "found in AWS, to import (26):", "left alone: not in the YAML, and the stack never touches them (2):", "next, in the Pulumi project with this stack selected (docs/migrating.md):"]);
    expect(summary.filter((line) => line.startsWith("  buckets.") || line.startsWith("  keys.")).filter((line) => !line.includes(", id "))).to.deep.equal([
      '  buckets.gen-console: bucket "gen-console" has a bucket policy, but the YAML gives the bucket no statements; the stack leaves that policy as it is',
      `  keys.app: grant ${keyId.grantIds[2]} of alias/app (grantee arn:aws:iam::${A}:role/web; operations DescribeKey) is not in the YAML; the stack never touches it`,
    ]);
  });

  it("never overwrites a file, writes only what the folder does not declare, and a second run writes nothing", async () => {
    await buildAccount(moto.server.endpoint, A, { policies: [], roles: [{ ...base, name: "web", path: "/", trust: EC2 }, { ...base, name: "api", path: "/", trust: EC2 }, { ...base, name: "gone", path: "/", trust: EC2 }], buckets: [], keys: [] });
    const existing = lines("roles:", "  web:", "    allow_to_assume_me: {service: ec2}", "remove_roles: [gone]");
    const root = writeStacks({ accounts: ACCOUNTS, files: { "sandbox/roles.yaml": existing } });
    const first = captured(root);
    expect(await main(["generate", "sandbox"], first.io), first.stderr()).to.equal(0);
    expect(first.stderr()).to.equal(
      lines(
        `generate for account sandbox (${A}): roles under /`,
        "wrote (1):",
        "  sandbox/roles-2.yaml: roles api",
        "already in the YAML, left as they are (1):",
        "  role web",
        "left out: the dialect cannot express them as they are (1):",
        "  role gone: the YAML lists it in remove_roles",
        "next:",
        "  npx iam-syncr compile sandbox --format text",
        "  npx iam-syncr import-plan sandbox --out import-sandbox.json",
        '  then steps 1 (a stack for the account, if it has none) and 4 to 7 of docs/migrating.md: pulumi up --target <each provider>, pulumi import --file import-sandbox.json, pulumi preview --diff, pulumi up',
      ),
    );
    expect(filesUnder(path.join(root, "sandbox"))).to.deep.equal({
      "roles-2.yaml": lines(...HEADER, "roles:", "  api:", "    allow_to_assume_me:", "      - service: ec2"),
      "roles.yaml": existing,
    });

    const second = captured(root);
    expect(await main(["generate", "sandbox"], second.io)).to.equal(0);
    expect(second.stderr()).to.equal(
      lines(
        `generate for account sandbox (${A}): roles under /`,
        "already in the YAML, left as they are (2):",
        "  role api",
        "  role web",
        "left out: the dialect cannot express them as they are (1):",
        "  role gone: the YAML lists it in remove_roles",
        "nothing to write: every role, bucket and key asked for is in the YAML already, never written, or left out above",
      ),
    );
    expect(Object.keys(filesUnder(path.join(root, "sandbox")))).to.deep.equal(["roles-2.yaml", "roles.yaml"]);
  });

  it("--merge-inline-policies writes a role whose inline policies the dialect cannot name, and says what pulumi up replaces", async () => {
    const legacy = ROLES.find((r) => r.name === "legacy")!;
    const twoPolicies: RoleModel = { ...legacy, inline: [...legacy.inline, { name: "more", document: statement({ Effect: "Deny", Action: "sqs:DeleteQueue", Resource: "*" }) }] };
    const built = await buildAccount(moto.server.endpoint, A, { policies: [], roles: [twoPolicies], buckets: [], keys: [] });
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const run = captured(root);
    expect(await main(["generate", "sandbox", "--merge-inline-policies"], run.io)).to.equal(0);
    expect(run.stderr()).to.contain(
      lines("written; the stack leaves these parts alone (1):", '  role legacy: pulumi up replaces its inline policies "hand-made", "more" by "syncr_policy_legacy", with the same statements (--merge-inline-policies)'),
    );
    expect(filesUnder(path.join(root, "sandbox"))["roles.yaml"]).to.equal(
      lines(...HEADER, "roles:", "  legacy:", "    allow_to_assume_me:", "      - service: ec2", "    allow_permission:", "      - action: sqs:*", "        resource: '*'", "    deny_permission:", "      - action: sqs:DeleteQueue", "        resource: '*'"),
    );
    expectPlanMatches(planOf(compileIn(root, "sandbox")), built, { roles: [twoPolicies], buckets: [], keys: [] });
    const adoption = captured(root);
    expect(await main(["import-plan", "sandbox"], adoption.io)).to.equal(0);
    expect(adoption.stderr()).to.contain(
      lines(
        "not in AWS: pulumi up creates them (1):",
        "  aws:iam/rolePolicy:RolePolicy legacy (roles.legacy)",
        "pulumi up changes these after the import (2):",
        '  roles.legacy: inline policy "hand-made" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
        '  roles.legacy: inline policy "more" is not in the YAML; pulumi up deletes it (inline policies are exclusive)',
      ),
    );
  });

  it("--roles takes the roles under a path prefix; --out-dir writes elsewhere and says to move the files", async () => {
    await buildAccount(moto.server.endpoint, A, { policies: [], roles: [{ ...base, name: "web", path: "/", trust: EC2 }, { ...base, name: "runner", path: "/ops/ci/", trust: EC2 }], buckets: [], keys: [] });
    const root = writeStacks({ accounts: ACCOUNTS, files: { "sandbox/roles.yaml": lines("roles:", "  api:", "    allow_to_assume_me: {service: ec2}") } });
    const run = captured(root);
    expect(await main(["generate", "sandbox", "--roles", "/ops/", "--out-dir", "drafts"], run.io)).to.equal(0);
    expect(run.stderr()).to.equal(
      lines(
        `generate for account sandbox (${A}): roles under /ops/`,
        "wrote (1):",
        "  drafts/roles/ops/ci.yaml: roles ops/ci/runner",
        "next:",
        "  move the files from drafts into sandbox",
        "  npx iam-syncr compile sandbox --format text",
        "  npx iam-syncr import-plan sandbox --out import-sandbox.json",
        '  then steps 1 (a stack for the account, if it has none) and 4 to 7 of docs/migrating.md: pulumi up --target <each provider>, pulumi import --file import-sandbox.json, pulumi preview --diff, pulumi up',
      ),
    );
    expect(Object.keys(filesUnder(path.join(root, "drafts")))).to.deep.equal(["roles/ops/ci.yaml"]);
    expect(Object.keys(filesUnder(path.join(root, "sandbox")))).to.deep.equal(["roles.yaml"]);
  });

  it("a file it cannot write: exit 1, and the files it had written are removed again", async () => {
    await buildAccount(moto.server.endpoint, A, { policies: [], roles: [{ ...base, name: "web", path: "/", trust: EC2 }, { ...base, name: "runner", path: "/ops/", trust: EC2 }], buckets: [], keys: [] });
    const root = writeStacks({ accounts: ACCOUNTS, files: { "out/roles": "a file where a folder must go\n" } });
    const run = captured(root);
    expect(await main(["generate", "sandbox", "--out-dir", "out"], run.io)).to.equal(1);
    expect(run.stderr()).to.match(/^iam-syncr: could not write the files: E(EXIST|NOTDIR): .*\. Nothing was written\.\n$/);
    expect(filesUnder(path.join(root, "out"))).to.deep.equal({ roles: "a file where a folder must go\n" });
  });

  it("refuses credentials of another account: exit 1, one line, nothing read or written", async () => {
    const other = "210987654321";
    moto.server.useAsEnvironment({ credentials: await moto.server.credentialsFor(other) });
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const run = captured(root);
    expect(await main(["generate", "sandbox"], run.io)).to.equal(1);
    expect(run.stderr()).to.match(
      new RegExp(
        `^iam-syncr: the AWS credentials belong to account ${other} \\(arn:aws:iam::${other}:user/[^)]+\\), but account sandbox is ${A}; ` +
          `use credentials for ${A}\\. Nothing was read, and nothing was written\\.\\n$`,
      ),
    );
    expect(fs.existsSync(path.join(root, "sandbox"))).to.equal(false);
  });

  it("an AWS failure is one line: exit 1, nothing written", async () => {
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await closedPort()}`;
    process.env.AWS_MAX_ATTEMPTS = "1";
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const run = captured(root);
    expect(await main(["generate", "sandbox"], run.io)).to.equal(1);
    expect(run.stderr()).to.match(/^iam-syncr: could not look up the account of the AWS credentials \(STS GetCallerIdentity\): connect ECONNREFUSED 127\.0\.0\.1:\d+\. Nothing was written\.\n$/);
    expect(fs.existsSync(path.join(root, "sandbox"))).to.equal(false);
  });

  it("an unusable AWS setting in the environment is one line: exit 1, nothing written", async () => {
    process.env.AWS_MAX_ATTEMPTS = "0";
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const run = captured(root);
    expect(await main(["generate", "sandbox"], run.io)).to.equal(1);
    expect(run.stderr()).to.equal('iam-syncr: AWS_MAX_ATTEMPTS must be a whole number from 1 to 10, not "0". Nothing was written.\n');
    expect(fs.existsSync(path.join(root, "sandbox"))).to.equal(false);
  });

  it("errors in the folder or in accounts.yaml: the diagnostics, exit 1, and no AWS call", async () => {
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${await closedPort()}`;
    const broken = writeStacks({ accounts: ACCOUNTS, files: { "sandbox/iam.yaml": "roles:\n  web: {allow_to_assume_me: {service: ec2}, bogus: 1}\n" } });
    const run = captured(broken);
    expect(await main(["generate", "sandbox"], run.io)).to.equal(1);
    expect(run.stderr()).to.match(
      /^sandbox\/iam\.yaml:2:\d+: error: roles\.web\.bogus: .*\n1 error, 0 warnings\niam-syncr: fix these first: generate writes only what compiles together with the folder\. Nothing was read from AWS, and nothing was written\.\n$/,
    );
    const unknown = captured(writeStacks({ accounts: 'live: "210987654321"\n', files: {} }));
    expect(await main(["generate", "sandbox"], unknown.io)).to.equal(1);
    expect(unknown.stderr()).to.equal(
      lines(
        "accounts.yaml: error: account \"sandbox\" is not in accounts.yaml; known accounts: live (210987654321)",
        "1 error, 0 warnings",
        "iam-syncr: fix these first: generate writes only what compiles together with the folder. Nothing was read from AWS, and nothing was written.",
      ),
    );
  });

  it("a wrong command line: exit 2 with the usage", async () => {
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const cases: [string[], string][] = [
      [["generate"], "iam-syncr: missing required argument 'account-folder'"],
      [["generate", ""], "iam-syncr: <account-folder> must not be empty"],
      [["generate", "sandbox", "--keys", "app"], "iam-syncr: --keys needs --region: keys are looked up in that region"],
      [["generate", "sandbox", "--roles", "ops/"], 'iam-syncr: --roles must be a path prefix starting with "/", such as /ops/, not "ops/"'],
      [["generate", "sandbox", "--buckets", "a,,b"], 'iam-syncr: --buckets must be a comma-separated list of names, not "a,,b"'],
    ];
    for (const [args, message] of cases) {
      const run = captured(root);
      expect(await main(args, run.io), args.join(" ")).to.equal(2);
      expect(run.stderr().split("\n")[0]).to.equal(message);
      expect(run.stderr()).to.contain("\nUsage: iam-syncr generate [options] <account-folder>\n");
    }
  });

  it("the built command in a child process, configured by the SDK's environment", async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first with "npx tsc -p tsconfig.build.json" (npm test does it)`);
    await buildAccount(moto.server.endpoint, A, { policies: [], roles: [{ ...base, name: "web", path: "/", trust: EC2 }], buckets: [], keys: [] });
    const root = writeStacks({ accounts: ACCOUNTS, files: {} });
    const env: Record<string, string | undefined> = { ...process.env };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [MAIN, "generate", "sandbox"], { cwd: root, env, encoding: "utf8" }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr }),
      );
    });
    expect([result.code, result.stdout, result.stderr.split("\n").slice(0, 3)]).to.deep.equal([0, "", [`generate for account sandbox (${A}): roles under /`, "wrote (1):", "  sandbox/roles.yaml: roles web"]]);
    expect(filesUnder(path.join(root, "sandbox"))).to.deep.equal({ "roles.yaml": lines(...HEADER, "roles:", "  web:", "    allow_to_assume_me:", "      - service: ec2") });
  });
});
