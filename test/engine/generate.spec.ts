/**
 * An account with no YAML yet, adopted under the real engine: an account built by hand in varied shapes (roles
 * under several paths, a condition, NotAction and NotResource, cross-account principals known and unknown to
 * accounts.yaml, an AWS managed policy, a permissions boundary, a session duration, tags, an instance profile, a
 * bucket with a policy and tags and one without, a key with an alias, a key policy and grants), then
 * docs/generate.md and docs/migrating.md literally: `iam-syncr generate` into the empty account folder, the
 * commands its summary prints (`compile`, `import-plan`), the commands import-plan prints (`pulumi up --target`,
 * `pulumi import --file`, `pulumi preview --diff`), then `pulumi up`: nothing in the account changes, and
 * `pulumi preview --expect-no-changes` passes.
 */
import { EnableKeyRotationCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Plan } from "../../compiler/plan";
import { buildAccount, expectPlanMatches, type AccountModel, type BuiltAccount, type RoleModel } from "../adopt/live-accounts";
import { readAccount, type AccountContents } from "./support/account-contents";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { operationLines, propertyChanges, resourceSummary } from "./support/preview-text";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";

const STACK = "sandbox";
const ACCOUNT = "123456789012";
const LIVE = "210987654321";
const UNKNOWN = "999999999999";
const REGION = "eu-west-1";
/** What `npx iam-syncr` runs in the repository (package.json `bin`). */
const BUILT_COMMAND = path.join(REPOSITORY_ROOT, "bin", "cli", "main.js");

const statement = (fields: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [fields] });
const GITHUB_TRUST = statement({
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
    trust: statement({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
    tags: { team: "web", "cost-center": "012", Name: "Shop web: front = 1" },
    profile: "own",
    inline: [
      {
        name: "syncr_policy_web",
        document: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:ListBucket"],
              Resource: ["arn:aws:s3:::gen-assets", "arn:aws:s3:::gen-assets/*"],
              Condition: { Bool: { "aws:SecureTransport": "true" } },
            },
            // A policy variable, which the dialect passes through.
            { Sid: "Home", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::gen-assets/home/${aws:userid}/*" },
          ],
        },
      },
    ],
  },
  {
    ...base,
    name: "deployer",
    path: "/ops/ci/",
    description: "Déploie la boutique (prod)",
    maxSessionDuration: 43200,
    boundary: "arn:aws:iam::<OWN>:policy/boundary",
    attached: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::<OWN>:policy/ops/write"],
    trust: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Humans",
          Effect: "Allow",
          // An account of accounts.yaml, and one it does not know.
          Principal: { AWS: [`arn:aws:iam::${LIVE}:root`, `arn:aws:iam::${UNKNOWN}:role/partner`] },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
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
            {
              Effect: "Deny",
              NotAction: ["iam:*", "sts:*"],
              NotResource: [`arn:aws:kms:${REGION}:<OWN>:alias/app`, `arn:aws:sns:${REGION}:${LIVE}:alerts`, "arn:aws:s3:::gen-logs/2024/*"],
            },
          ],
        },
      },
    ],
  },
  {
    ...base,
    name: "gh-build",
    path: "/ci/",
    // Characters YAML must quote, and a tag with an empty value.
    description: "Builds the shop: #42 & more",
    tags: { release: "" },
    trust: GITHUB_TRUST,
    attached: ["arn:aws:iam::<OWN>:policy/ops/write"],
  },
  // Every character IAM allows in a role name besides letters and digits.
  { ...base, name: "app.worker+blue=1,x@y_z-2", path: "/", trust: statement({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:role/web" }, Action: "sts:AssumeRole" }) },
  { ...base, name: "gh-release", path: "/ci/", trust: GITHUB_TRUST },
  {
    ...base,
    name: "reporter",
    path: "/service-role/",
    trust: statement({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
    attached: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    tags: { team: "ops" },
  },
  {
    // Its inline policy is named after the leaf, as the original named it: generate writes `path:`.
    ...base,
    name: "runner",
    path: "/ops/",
    trust: {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"] }, Action: "sts:AssumeRole" },
        { Effect: "Deny", NotPrincipal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    },
    profile: "own",
    inline: [{ name: "syncr_policy_runner", document: statement({ Effect: "Allow", Action: "logs:PutLogEvents", Resource: `arn:aws:logs:${REGION}:<OWN>:log-group:/ops/*` }) }],
  },
  {
    ...base,
    name: "admins",
    path: "/sso/",
    // Documents as a hand writes them: Statement an object rather than a list.
    trust: {
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::<OWN>:saml-provider/corp" },
        Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      },
    },
    attached: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    boundary: "arn:aws:iam::aws:policy/PowerUserAccess",
    inline: [
      {
        name: "syncr_policy_sso__admins",
        document: {
          Version: "2012-10-17",
          Statement: {
            Effect: "Deny",
            Action: ["ec2:TerminateInstances"],
            Resource: ["*"],
            Condition: { "ForAnyValue:StringNotLike": { "aws:PrincipalTag/team": ["ops", "sre*"] }, NumericGreaterThan: { "aws:MultiFactorAuthAge": "3600" } },
          },
        },
      },
    ],
  },
  // Never written: AWS manages it (docs/generate.md).
  {
    ...base,
    name: "AWSServiceRoleForECS",
    path: "/aws-service-role/ecs.amazonaws.com/",
    trust: statement({ Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }),
  },
];

const MODEL: AccountModel = {
  policies: ["/boundary", "/ops/write"],
  roles: ROLES,
  buckets: [
    {
      name: "gen-assets",
      region: REGION,
      tags: { team: "web", public: "" },
      policy: {
        Version: "2012-10-17",
        Statement: [
          { Sid: "Web", Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:role/web" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::gen-assets/*" },
          // A number as a condition value (not the string "100"), and the Null operator.
          {
            Sid: "Partner",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${UNKNOWN}:root` },
            Action: "s3:ListBucket",
            Resource: "arn:aws:s3:::gen-assets",
            Condition: { NumericLessThanEquals: { "s3:max-keys": 100 }, Null: { "aws:SourceVpce": "false" } },
          },
          { Sid: "AccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::gen-assets/logs/*", Condition: { StringEquals: { "aws:SourceAccount": "<OWN>" } } },
          { Sid: "KeepObjects", Effect: "Deny", NotPrincipal: { AWS: ["arn:aws:iam::<OWN>:role/web", "arn:aws:iam::<OWN>:root"] }, Action: "s3:DeleteObject", Resource: "arn:aws:s3:::gen-assets/*" },
          { Sid: "TLS", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::gen-assets", "arn:aws:s3:::gen-assets/*"], Condition: { Bool: { "aws:SecureTransport": false } } },
        ],
      },
    },
    { name: "gen-logs", region: "us-east-1", tags: {}, policy: null },
  ],
  keys: [
    {
      alias: "app",
      region: REGION,
      description: "Shop data",
      tags: {},
      policy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:root" }, Action: "kms:*", Resource: "*" },
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:role/ops/ci/deployer" }, Action: "kms:*", Resource: `arn:aws:kms:${REGION}:<OWN>:alias/app` },
          { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::<OWN>:role/web", `arn:aws:iam::${LIVE}:root`] }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*" },
        ],
      },
      grants: [
        { grantee: "arn:aws:iam::<OWN>:role/web", operations: ["Decrypt", "Encrypt"], constraints: { EncryptionContextEquals: { app: "shop" } } },
        { grantee: `arn:aws:iam::${LIVE}:root`, retiree: "arn:aws:iam::<OWN>:role/ops/ci/deployer", operations: ["Decrypt"] },
        { grantee: "arn:aws:iam::<OWN>:role/ops/runner", operations: ["GenerateDataKey", "Decrypt"], constraints: { EncryptionContextSubset: { team: "ops" } } },
      ],
    },
    // No description, only the root statement, no grant; its rotation is turned on below.
    {
      alias: "bare",
      region: REGION,
      description: "",
      tags: {},
      policy: statement({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::<OWN>:root" }, Action: "kms:*", Resource: "*" }),
      grants: [],
    },
  ],
};

/** The roles generate writes (every one but the service-linked role). */
const WRITTEN_ROLES = ROLES.filter((role) => !role.path.startsWith("/aws-service-role/"));

/** An AWS call that may change something: anything but the query and JSON APIs' Get/List/Describe and S3's GET and HEAD. */
function changesAws(call: string): boolean {
  return !/:(Get|List|Describe|GET|HEAD)/.test(call);
}

/** What a summary prints under a heading, without the two spaces of indentation. */
function sectionOf(summary: string, heading: string): string[] {
  const lines = summary.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    items.push(line.trim());
  }
  return items;
}

describe("engine: an account with no YAML yet, adopted with iam-syncr generate (docs/generate.md, docs/migrating.md)", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-generate-"));
  fs.writeFileSync(path.join(stacksRoot, "accounts.yaml"), `${STACK}: "${ACCOUNT}"\nlive: "${LIVE}"\n`);
  fs.mkdirSync(path.join(stacksRoot, STACK));
  const engine = useEngine({ stacksRoot });
  const plan = (): Plan => planOf(engine.workspace, STACK, REGION);
  const accountNow = (): Promise<AccountContents> => readAccount((region) => engine.clients(ACCOUNT, region), plan());
  let built: BuiltAccount;
  /** What the account held before the first command that may write to it. */
  let heldAtFirst: AccountContents;
  /** What generate, then import-plan, printed to run next. */
  let generateNext: string[] = [];
  let importNext: string[] = [];
  /** The compiler's warnings about the generated files, as generate printed them. */
  let warnings: string[] = [];

  /** `line:column` of the value after `key: ` on the only line of a stacks file holding `text`, as diagnostics give it. */
  const positionOf = (file: string, text: string): string => {
    const lines = fs.readFileSync(path.join(engine.workspace.projectDir, file), "utf8").split("\n");
    const found = lines.flatMap((line, index) => (line.includes(text) ? [index] : []));
    expect(found, `${file}: lines holding ${text}`).to.have.length(1);
    const line = lines[found[0]];
    return `${found[0] + 1}:${line.indexOf(text) + text.indexOf(": ") + 3}`;
  };

  /**
   * A command as docs/generate.md and docs/migrating.md show it, run in the Pulumi project as the account. The
   * project of users is the repository, where `npx iam-syncr` runs the built command; the test's project is a
   * copy whose package.json is a link, where npx would try to install the package, so the test runs that
   * command itself.
   */
  const shell = (command: string) =>
    engine.workspace.run("bash", ["-c", command.replace(/^npx iam-syncr /, `node ${BUILT_COMMAND} `)], { accountId: ACCOUNT, allowFailure: true });

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    if (!fs.existsSync(BUILT_COMMAND)) throw new Error(`${BUILT_COMMAND} is missing: build first with "npm run prepare" (npm test does it)`);
    built = await buildAccount(engine.moto.endpoint, ACCOUNT, MODEL);
    // Rotation turned on by hand: the dialect does not manage it, and the stack leaves it on (docs/migrating.md step 6).
    await engine.clients(ACCOUNT, REGION).kms.send(new EnableKeyRotationCommand({ KeyId: built.keys.get("bare")?.keyId }));
  });

  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  it("generate.md: iam-syncr generate writes every role, the buckets and the keys into the empty folder, and leaves nothing out", async () => {
    expect(fs.readdirSync(path.join(engine.workspace.stacksDir, STACK))).to.deep.equal([]);
    engine.proxy.clearCalls();
    const run = await shell(`npx iam-syncr generate stacks/${STACK} --region ${REGION} --buckets gen-assets,gen-logs --keys app,bare`);
    expect(run.code, run.output).to.equal(0);
    expect(run.stdout).to.equal("");
    expect(sectionOf(run.stderr, "wrote (")).to.deep.equal([
      `stacks/${STACK}/roles.yaml: roles app.worker+blue=1,x@y_z-2, web`,
      `stacks/${STACK}/roles/ci.yaml: roles ci/gh-build, ci/gh-release`,
      `stacks/${STACK}/roles/ops.yaml: roles runner`,
      `stacks/${STACK}/roles/ops/ci.yaml: roles ops/ci/deployer`,
      `stacks/${STACK}/roles/service-role.yaml: roles service-role/reporter`,
      `stacks/${STACK}/roles/sso.yaml: roles sso/admins`,
      `stacks/${STACK}/templates.yaml: templates federated-trust`,
      `stacks/${STACK}/buckets.yaml: buckets gen-assets, gen-logs`,
      `stacks/${STACK}/keys.yaml: keys app, bare`,
    ]);
    expect(sectionOf(run.stderr, "service-linked and AWS-reserved roles")).to.deep.equal(["role aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"]);
    // Everything in this account can be said in the dialect: nothing is left out, nothing left alone.
    expect(sectionOf(run.stderr, "left out:"), run.stderr).to.deep.equal([]);
    expect(sectionOf(run.stderr, "written; the stack leaves these parts alone"), run.stderr).to.deep.equal([]);
    warnings = [
      `stacks/${STACK}/buckets.yaml:${positionOf(`stacks/${STACK}/buckets.yaml`, "principal: '*'")}: warning: buckets.gen-assets.deny_permission[1].principal: principal "*" grants anyone`,
      `stacks/${STACK}/roles/ops/ci.yaml:${positionOf(`stacks/${STACK}/roles/ops/ci.yaml`, "Principal: {AWS: '*'}")}: warning: roles.ops/ci/deployer.allow_to_assume_me[1].Principal: principal "*" grants anyone`,
    ];
    expect(sectionOf(run.stderr, "the compiler's warnings about the new files")).to.deep.equal(warnings);
    generateNext = sectionOf(run.stderr, "next:");
    expect(generateNext).to.deep.equal([
      `npx iam-syncr compile stacks/${STACK} --region ${REGION} --format text`,
      `npx iam-syncr import-plan stacks/${STACK} --region ${REGION} --out import-${STACK}.json`,
      `then steps 1 (a stack for the account, if it has none) and 4 to 7 of docs/migrating.md: pulumi up --target <each provider>, pulumi import --file import-${STACK}.json, pulumi preview --diff, pulumi up`,
    ]);
    expect(engine.proxy.recordedCalls().filter(changesAws)).to.deep.equal([]);
    // The compiled YAML holds exactly what the account holds (the test's own record of what it built).
    expectPlanMatches(plan(), built, { roles: WRITTEN_ROLES, buckets: MODEL.buckets, keys: MODEL.keys });
    heldAtFirst = await accountNow();
  });

  it("the commands it prints (migrating.md steps 2 and 3): it compiles, and import-plan finds every generated resource with nothing to change", async () => {
    engine.proxy.clearCalls();
    const compile = await shell(generateNext[0]);
    expect(compile.code, compile.output).to.equal(0);
    const importPlan = await shell(generateNext[1]);
    expect(importPlan.code, importPlan.output).to.equal(0);
    const summary = importPlan.stderr;
    // web and runner: role, inline policy, exclusive policies, profile; ops/ci/deployer: role, inline policy,
    // exclusive policies, two attachments, exclusive attachments; ci/gh-build: role, exclusive policies,
    // attachment, exclusive attachments; ci/gh-release: role, exclusive policies; service-role/reporter and
    // sso/admins: as ci/gh-build; app.worker…: role, exclusive policies; gen-assets and its policy; gen-logs;
    // alias/app: the key, its alias and its three grants; alias/bare: the key and its alias.
    const imported = 4 + 4 + 6 + 4 + 2 + 4 + 5 + 2 + 3 + 5 + 2;
    // Only "found in AWS, to import": nothing to create, nothing "pulumi up changes these after the import".
    expect(summary.split("\n").filter((line) => line !== "" && !line.startsWith("  ")), summary).to.deep.equal([
      // The compiler's warnings come first, as generate listed them.
      ...warnings,
      "0 errors, 2 warnings",
      `import-plan for account ${STACK} (${ACCOUNT}), Pulumi stack "${STACK}":`,
      `found in AWS, to import (${imported}):`,
      `wrote the import file (${imported} resources) to import-${STACK}.json`,
      "next, in the Pulumi project with this stack selected (docs/migrating.md):",
    ]);
    importNext = sectionOf(summary, "next, in the Pulumi project");
    expect(importNext).to.have.length(3);
    expect(importNext[0]).to.equal(
      `pulumi up --yes --target 'urn:pulumi:${STACK}::iam-syncr::pulumi:providers:aws::eu-west-1' --target 'urn:pulumi:${STACK}::iam-syncr::pulumi:providers:aws::us-east-1'`,
    );
    expect(importNext[1]).to.equal(`pulumi import --file import-${STACK}.json --protect=false --generate-code=false --yes`);
    expect(engine.proxy.recordedCalls().filter(changesAws)).to.deep.equal([]);
  });

  it("then migrating.md step 1, a stack for the account, and steps 4 and 5: the providers, pulumi import; neither changes anything in AWS", async () => {
    await engine.workspace.initStack(STACK, { region: REGION });
    await shell(`pulumi stack select ${STACK}`);
    engine.proxy.clearCalls();
    for (const command of importNext.slice(0, 2)) {
      const run = await shell(command);
      expect(run.code, `${command}\n${run.output}`).to.equal(0);
    }
    expect(engine.proxy.recordedCalls().filter(changesAws)).to.deep.equal([]);
    expect(await accountNow()).to.deep.equal(heldAtFirst);
  });

  it("migrating.md step 6: pulumi preview --diff shows only the stack's own record of each imported role", async () => {
    expect(importNext[2]).to.equal("pulumi preview --diff");
    const preview = await shell(importNext[2]);
    expect(preview.code, preview.output).to.equal(0);
    const roles = Object.values(plan().roles).map((role) => role.name);
    // An import records forceDetachPolicies: false, the program declares true (docs/migrating.md step 6): only
    // the stack's record of each role changes. Nothing else differs, not even in formatting.
    expect(operationLines(preview.output).sort(), preview.output).to.deep.equal(roles.map((name) => `update aws:iam:Role ${name}`).sort());
    expect(propertyChanges(preview.output), preview.output).to.deep.equal(
      Object.fromEntries(roles.map((name) => [`aws:iam:Role ${name}`, ["~ forceDetachPolicies: false => true"]])),
    );
    expect(resourceSummary(preview.output)[0]).to.equal(`~ ${roles.length} to update`);
  });

  it("migrating.md step 7: pulumi up changes nothing in the account, and then nothing is left to change", async () => {
    engine.proxy.clearCalls();
    const up = await shell(`pulumi up --yes --stack ${STACK}`);
    expect(up.code, up.output).to.equal(0);
    expect(engine.proxy.recordedCalls().filter(changesAws)).to.deep.equal([]);
    expect(await accountNow()).to.deep.equal(heldAtFirst);
    const rotation = await engine.clients(ACCOUNT, REGION).kms.send(new GetKeyRotationStatusCommand({ KeyId: built.keys.get("bare")?.keyId }));
    expect(rotation.KeyRotationEnabled).to.equal(true);
    const again = await shell(`pulumi preview --expect-no-changes --stack ${STACK}`);
    expect(again.code, again.output).to.equal(0);
  });
});
