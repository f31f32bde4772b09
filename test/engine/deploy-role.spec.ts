/**
 * Deploy roles under the real engine (docs/credentials.md): one central identity (moto's default account) and a
 * stacks root whose accounts.yaml names a deploy role for two other accounts (alpha through `_defaults`, beta by
 * its own entry). With ONLY the central credentials, `pulumi preview`, `iam-syncr import-plan`, `pulumi import`
 * and `pulumi up` of each stack act in the target account: every resource, the `remove_roles` removal and the
 * adoption end up there, signed by the assumed role's keys (the AWS proxy records the access key of every call,
 * and moto says which account each key belongs to), and nothing lands in the central account. A deploy role ARN
 * of another account stops the run before any AWS call; credentials that land in another account after
 * AssumeRole change nothing.
 */
import { CreateRoleCommand, GetRoleCommand, ListRolesCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import type { IAMClient } from "@aws-sdk/client-iam";
import { ListAliasesCommand } from "@aws-sdk/client-kms";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { canonicalJson } from "../../compiler/canonical";
import type { Plan } from "../../compiler/plan";
import { expectedContents, expectNoRole, readAccount } from "./support/account-contents";
import type { AwsRequest, Rule } from "./support/aws-proxy";
import { STEP_TIMEOUT_MS, useEngine } from "./support/engine-suite";
import { operationLines } from "./support/preview-text";
import { REPOSITORY_ROOT } from "./support/pulumi-cli";
import { planOf } from "./support/stack-plan";
import type { Credentials } from "./support/workspace";

const CENTRAL = "123456789012";
const ALPHA = "111111111111";
const BETA = "222222222222";
const GAMMA = "333333333333";
const REGION = "eu-west-1";
/** moto's default account's credentials: the only ones any command below is given. */
const CENTRAL_CREDENTIALS: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const ALPHA_DEPLOYER = `arn:aws:iam::${ALPHA}:role/ops/iam-syncr-deployer`;
const BETA_DEPLOYER = `arn:aws:iam::${BETA}:role/beta-deployer`;

const ACCOUNTS = `_defaults:
  deploy_role: ops/iam-syncr-deployer
ci: {id: "${CENTRAL}", deploy_role: null}
alpha: "${ALPHA}"
beta: {id: "${BETA}", deploy_role: beta-deployer}
gamma: {id: "${GAMMA}", deploy_role: null}
`;
const ALPHA_YAML = `roles:
  web:
    make_instance_profile: true
    allow_to_assume_me: {service: ec2}
    allow_permission: {action: "s3:GetObject", resource: {s3: alpha-assets}}
  adopted:
    allow_to_assume_me: {service: lambda}
remove_roles: [legacy-app]
buckets:
  alpha-assets:
    location: ${REGION}
    allow_permission: {principal: {iam: role/web}, action: "s3:GetObject", resource: {s3: __self__}}
keys:
  alpha-data:
    location: ${REGION}
    description: Alpha data
    grant:
      - {grantee: {iam: role/web}, operations: [Decrypt]}
`;
const GAMMA_YAML = `roles:
  worker:
    allow_to_assume_me: {service: ecs-tasks}
`;
const BETA_YAML = `roles:
  api:
    allow_to_assume_me: {service: lambda}
    allow_permission: {action: "s3:PutObject", resource: {s3: beta-logs}}
buckets:
  beta-logs:
    location: ${REGION}
`;
const trust = (principal: Record<string, string>) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] });
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::legacy/*" }] });

interface SignedCall {
  /** `service:Action`. */
  readonly call: string;
  readonly accessKeyId: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Reads only: the query and JSON APIs' Get/List/Describe calls, S3's GET and HEAD; and STS's AssumeRole. */
const changes = (call: string) => !/:(Get|List|Describe|GET|HEAD)/.test(call) && call !== "sts:AssumeRole";

describe("engine: deploy roles, one central identity for every account", function () {
  this.timeout(STEP_TIMEOUT_MS);
  const stacksRoot = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-deploy-role-"));
  fs.writeFileSync(path.join(stacksRoot, "accounts.yaml"), ACCOUNTS);
  for (const [stack, yaml] of [["alpha", ALPHA_YAML], ["beta", BETA_YAML], ["gamma", GAMMA_YAML]]) {
    fs.mkdirSync(path.join(stacksRoot, stack));
    fs.writeFileSync(path.join(stacksRoot, stack, "roles.yaml"), yaml);
  }
  const engine = useEngine({ stacksRoot });
  const plan = (stack: string): Plan => planOf(engine.workspace, stack, REGION);
  const iamOf = (account: string): IAMClient => engine.clients(account).iam;
  /** Every AWS call since the last `signed.length = 0`, with the access key that signed it. */
  const signed: SignedCall[] = [];
  const accountOfKey = new Map<string, string>();
  const importFile = () => path.join(engine.workspace.projectDir, "import-alpha.json");
  let nextCommands: string[] = [];

  /** A Pulumi command with only the central credentials. */
  const asCentral = (args: string[], allowFailure = false) => engine.workspace.pulumi(args, { credentials: CENTRAL_CREDENTIALS, allowFailure });
  /** `iam-syncr <args>` (the built command, as npx finds it) with only the central credentials. */
  const iamSyncr = (args: string[], allowFailure = false) =>
    engine.workspace.run("npx", ["iam-syncr", ...args], { credentials: CENTRAL_CREDENTIALS, cwd: REPOSITORY_ROOT, allowFailure });

  /** The account moto maps an access key to (it does not check signatures: the key alone says who acts). */
  async function accountOf(accessKeyId: string): Promise<string> {
    const known = accountOfKey.get(accessKeyId);
    if (known !== undefined) return known;
    const sts = new STSClient({ endpoint: engine.moto.endpoint, region: "us-east-1", credentials: { accessKeyId, secretAccessKey: "unchecked" } });
    try {
      const account = (await sts.send(new GetCallerIdentityCommand({}))).Account ?? "";
      accountOfKey.set(accessKeyId, account);
      return account;
    } finally {
      sts.destroy();
    }
  }

  /** The calls since the last reset as `<account of the key> <service:Action>`, each once, sorted. */
  async function callsByAccount(filter: (call: SignedCall) => boolean = () => true): Promise<string[]> {
    const lines = new Set<string>();
    for (const call of signed.filter(filter)) lines.add(`${await accountOf(call.accessKeyId)} ${call.call}`);
    return [...lines].sort();
  }

  /** Every AssumeRole since the last reset: signed by the central key, for `roleArn`, with the stack's session name. */
  function expectAssumeRoles(roleArn: string, sessionName: string): void {
    const assumed = signed.filter((call) => call.call === "sts:AssumeRole");
    expect(assumed.length, "AssumeRole calls").to.be.greaterThan(0);
    const distinct = new Set(assumed.map((call) => JSON.stringify([call.accessKeyId, call.params.RoleArn, call.params.RoleSessionName])));
    expect([...distinct]).to.deep.equal([JSON.stringify([CENTRAL_CREDENTIALS.accessKeyId, roleArn, sessionName])]);
  }

  /** What the central account holds: its roles, buckets and eu-west-1 aliases. */
  async function centralContents() {
    const central = engine.clients(CENTRAL, REGION);
    return {
      roles: ((await central.iam.send(new ListRolesCommand({}))).Roles ?? []).map((role) => role.Arn),
      buckets: ((await central.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((bucket) => bucket.Name),
      aliases: ((await central.kms.send(new ListAliasesCommand({}))).Aliases ?? []).map((alias) => alias.AliasName).filter((name) => !name?.startsWith("alias/aws/")),
    };
  }

  before(async function () {
    this.timeout(STEP_TIMEOUT_MS);
    // Each target account's deploy role trusts the central account (moto does not evaluate it; AWS would).
    await iamOf(ALPHA).send(new CreateRoleCommand({ RoleName: "iam-syncr-deployer", Path: "/ops/", AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${CENTRAL}:root` }) }));
    await iamOf(BETA).send(new CreateRoleCommand({ RoleName: "beta-deployer", AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${CENTRAL}:root` }) }));
    await iamOf(GAMMA).send(new CreateRoleCommand({ RoleName: "iam-syncr-deployer", Path: "/ops/", AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${CENTRAL}:root` }) }));
    // alpha holds a role its YAML declares (to adopt) and one its remove_roles lists; the central account has a
    // role of that name too, which must stay.
    const adoptedTrust = canonicalJson(plan("alpha").roles.adopted.trustPolicy);
    await iamOf(ALPHA).send(new CreateRoleCommand({ RoleName: "adopted", AssumeRolePolicyDocument: adoptedTrust }));
    for (const account of [ALPHA, CENTRAL]) {
      await iamOf(account).send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: trust({ Service: "ec2.amazonaws.com" }) }));
      await iamOf(account).send(new PutRolePolicyCommand({ RoleName: "legacy-app", PolicyName: "syncr_policy_legacy-app", PolicyDocument: POLICY }));
    }
    engine.proxy.use((request: AwsRequest) => {
      signed.push({ call: `${request.service}:${request.action}`, accessKeyId: request.accessKeyId, params: request.params });
      return undefined;
    });
    for (const stack of ["alpha", "beta", "gamma"]) await engine.workspace.initStack(stack, { region: REGION });
  });

  after(() => fs.rmSync(stacksRoot, { recursive: true, force: true }));

  it("pulumi preview of each stack, with only the central credentials, assumes the stack's deploy role and reads the target account", async () => {
    for (const [stack, account, roleArn] of [["alpha", ALPHA, ALPHA_DEPLOYER], ["beta", BETA, BETA_DEPLOYER]]) {
      signed.length = 0;
      const preview = await asCentral(["preview", "--stack", stack]);
      expect(operationLines(preview.output), preview.output).to.include(`create aws:iam:Role ${stack === "alpha" ? "web" : "api"}`);
      expectAssumeRoles(roleArn, `iam-syncr-${stack}`);
      // The central key only assumes the role; everything else (the providers' and the removal's account checks,
      // the removal's lookup) is the target account's. A preview changes nothing.
      expect(await callsByAccount((call) => call.call !== "sts:AssumeRole" && call.accessKeyId === CENTRAL_CREDENTIALS.accessKeyId)).to.deep.equal([]);
      expect(await callsByAccount((call) => call.call !== "sts:AssumeRole")).to.include(`${account} sts:GetCallerIdentity`);
      expect(signed.filter((call) => changes(call.call))).to.deep.equal([]);
    }
  });

  it("iam-syncr import-plan, with only the central credentials, finds the role that exists in alpha; pulumi import adopts it there", async () => {
    signed.length = 0;
    const run = await iamSyncr(["import-plan", path.join(engine.workspace.stacksDir, "alpha"), "--region", REGION, "--out", importFile()]);
    const file = JSON.parse(fs.readFileSync(importFile(), "utf8")) as { resources: { type: string; id: string }[] };
    // Only alpha's `adopted` exists (web, the bucket, the key are new; the central account's roles are not looked at).
    expect(file.resources.map((r) => `${r.type} ${r.id}`)).to.deep.equal(["aws:iam/role:Role adopted", "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive adopted"]);
    expectAssumeRoles(ALPHA_DEPLOYER, "iam-syncr-alpha");
    expect(await callsByAccount((call) => call.call !== "sts:AssumeRole")).to.include.members([`${ALPHA} sts:GetCallerIdentity`, `${ALPHA} iam:GetRole`]);
    expect(await callsByAccount((call) => call.call !== "sts:AssumeRole" && call.accessKeyId === CENTRAL_CREDENTIALS.accessKeyId)).to.deep.equal([]);

    const summary = run.stderr.split("\n");
    nextCommands = summary.slice(summary.indexOf("next, in the Pulumi project with this stack selected (docs/migrating.md):") + 1).filter((line) => line.trim() !== "").map((line) => line.trim());
    expect(nextCommands.slice(1)).to.deep.equal([`pulumi import --file ${importFile()} --protect=false --generate-code=false --yes`, "pulumi preview --diff"]);
    await engine.workspace.run("bash", ["-c", "pulumi stack select alpha"], { credentials: CENTRAL_CREDENTIALS });
    signed.length = 0;
    for (const command of nextCommands.slice(0, 2)) {
      const step = await engine.workspace.run("bash", ["-c", command], { credentials: CENTRAL_CREDENTIALS, allowFailure: true });
      expect(step.code, `${command}\n${step.output}`).to.equal(0);
    }
    expectAssumeRoles(ALPHA_DEPLOYER, "iam-syncr-alpha");
    expect(await callsByAccount((call) => call.call !== "sts:AssumeRole")).to.include(`${ALPHA} iam:GetRole`);
    expect(signed.filter((call) => changes(call.call))).to.deep.equal([]);
  });

  it("pulumi up of each stack, with only the central credentials: the target accounts hold the plans, the removal happened in alpha, the central account holds nothing new", async () => {
    const centralBefore = await centralContents();
    for (const [stack, account, roleArn] of [["alpha", ALPHA, ALPHA_DEPLOYER], ["beta", BETA, BETA_DEPLOYER]]) {
      signed.length = 0;
      await asCentral(["up", "--yes", "--stack", stack]);
      expectAssumeRoles(roleArn, `iam-syncr-${stack}`);
      // Every change was signed by the assumed role's keys, which moto maps to the target account.
      const changed = await callsByAccount((call) => changes(call.call));
      expect(changed, stack).to.include.members([`${account} iam:CreateRole`, `${account} iam:PutRolePolicy`, `${account} s3:PUT`]);
      expect(changed.filter((line) => !line.startsWith(`${account} `)), stack).to.deep.equal([]);
      expect(await readAccount((region) => engine.clients(account, region), plan(stack))).to.deep.equal(expectedContents(plan(stack)));
    }
    expect(centralBefore).to.deep.equal({ roles: [`arn:aws:iam::${CENTRAL}:role/legacy-app`], buckets: [], aliases: [] });
    expect(await centralContents()).to.deep.equal(centralBefore);

    // remove_roles acted in alpha: its legacy-app is gone and recorded; the central account's is untouched.
    await expectNoRole(iamOf(ALPHA), "legacy-app");
    expect((await iamOf(CENTRAL).send(new GetRoleCommand({ RoleName: "legacy-app" }))).Role?.Arn).to.equal(`arn:aws:iam::${CENTRAL}:role/legacy-app`);
    const outputs = await engine.workspace.stackOutputs("alpha");
    const removed = (outputs.removedRoles as Record<string, { status: string; removals: { arn: string }[] }>)["legacy-app"];
    expect([removed.status, removed.removals.map((r) => r.arn)]).to.deep.equal(["removed", [`arn:aws:iam::${ALPHA}:role/legacy-app`]]);
    for (const stack of ["alpha", "beta"]) await asCentral(["preview", "--expect-no-changes", "--stack", stack]);
  });

  it("an account deployed with its own credentials gets a deploy_role: the first pulumi up from the central credentials updates its providers and nothing else", async () => {
    // Deployed as before deploy roles: with the account's own credentials.
    await engine.workspace.pulumi(["up", "--yes", "--stack", "gamma"], { accountId: GAMMA });
    const deployed = await readAccount((region) => engine.clients(GAMMA, region), plan("gamma"));
    const accountsFile = path.join(engine.workspace.stacksDir, "accounts.yaml");
    fs.writeFileSync(accountsFile, ACCOUNTS.replace(`gamma: {id: "${GAMMA}", deploy_role: null}`, `gamma: "${GAMMA}"`));

    // A refresh reads the resources through the providers as the state records them (without the role) and
    // fails the account check: the first run after adding a deploy role is a plain preview or up.
    signed.length = 0;
    const refresh = await asCentral(["preview", "--refresh", "--stack", "gamma"], true);
    expect(refresh.code, refresh.output).to.not.equal(0);
    expect(refresh.output).to.include(`AWS account ID not allowed: ${CENTRAL}`);
    expect(signed.filter((call) => changes(call.call))).to.deep.equal([]);

    const preview = await asCentral(["preview", "--stack", "gamma"]);
    expect(operationLines(preview.output), preview.output).to.deep.equal(["update pulumi:providers:aws us-east-1"]);
    expect(preview.output).to.match(/pulumi:providers:aws\s+us-east-1\s+update\s+\[diff: \+assumeRoles\]/);
    signed.length = 0;
    await asCentral(["up", "--yes", "--stack", "gamma"]);
    expectAssumeRoles(`arn:aws:iam::${GAMMA}:role/ops/iam-syncr-deployer`, "iam-syncr-gamma");
    expect(signed.filter((call) => changes(call.call))).to.deep.equal([]);
    expect(await readAccount((region) => engine.clients(GAMMA, region), plan("gamma"))).to.deep.equal(deployed);
    await asCentral(["preview", "--refresh", "--expect-no-changes", "--stack", "gamma"]);
  });

  it("a deploy_role ARN of another account stops pulumi preview and up before any AWS call, with the diagnostic", async () => {
    const accountsFile = path.join(engine.workspace.stacksDir, "accounts.yaml");
    const accounts = fs.readFileSync(accountsFile, "utf8");
    fs.writeFileSync(accountsFile, accounts.replace(`alpha: "${ALPHA}"`, `alpha: {id: "${ALPHA}", deploy_role: "${BETA_DEPLOYER}"}`));
    try {
      for (const command of [["preview"], ["up", "--yes"]]) {
        signed.length = 0;
        const run = await asCentral([...command, "--stack", "alpha"], true);
        expect(run.code, run.output).to.not.equal(0);
        expect(run.output).to.include(
          `stacks/accounts.yaml:4:42: error: alpha.deploy_role: deploy_role ${BETA_DEPLOYER} is a role of account ${BETA}, not of account "alpha" (${ALPHA}): ` +
            `its credentials would act in another account; name a role of ${ALPHA}, or just its name`,
        );
        expect(signed).to.deep.equal([]);
      }
    } finally {
      fs.writeFileSync(accountsFile, accounts);
    }
  });

  it("credentials that land in another account after AssumeRole change nothing: preview, up and import-plan refuse them", async () => {
    // Work for an update to do, so that "nothing changed" means something: an edited role, a role to remove again.
    const alphaFile = path.join(engine.workspace.stacksDir, "alpha", "roles.yaml");
    fs.writeFileSync(alphaFile, ALPHA_YAML.replace("  adopted:\n", "  adopted:\n    description: edited\n"));
    await iamOf(ALPHA).send(new CreateRoleCommand({ RoleName: "legacy-app", AssumeRolePolicyDocument: trust({ Service: "ec2.amazonaws.com" }) }));
    const before = { alpha: await readAccount((region) => engine.clients(ALPHA, region), plan("alpha")), beta: await readAccount((region) => engine.clients(BETA, region), plan("beta")) };
    // STS answers alpha's AssumeRole with credentials of beta's deploy role.
    const stop = engine.proxy.use(answerAssumeRoleAs(ALPHA_DEPLOYER, BETA_DEPLOYER, engine.moto.endpoint));
    try {
      const refusals = [`AWS account ID not allowed: ${BETA}`, `the AWS credentials belong to account ${BETA} (arn:aws:sts::${BETA}:assumed-role/beta-deployer/iam-syncr-alpha)`];
      for (const command of [["preview"], ["up", "--yes"]]) {
        signed.length = 0;
        const run = await asCentral([...command, "--stack", "alpha"], true);
        expect(run.code, run.output).to.not.equal(0);
        expect(refusals.some((text) => run.output.includes(text)), run.output).to.equal(true);
        expect(signed.filter((call) => changes(call.call)), command.join(" ")).to.deep.equal([]);
      }
      signed.length = 0;
      const adoption = await iamSyncr(["import-plan", path.join(engine.workspace.stacksDir, "alpha"), "--region", REGION], true);
      expect([adoption.code, adoption.stdout, adoption.stderr]).to.deep.equal([
        1,
        "",
        `iam-syncr: the credentials of the deploy role ${ALPHA_DEPLOYER} belong to account ${BETA} (arn:aws:sts::${BETA}:assumed-role/beta-deployer/iam-syncr-alpha), ` +
          `but account alpha is ${ALPHA}; use credentials for ${ALPHA}. No resource was looked up, and nothing was written.\n`,
      ]);
      expect(signed.map((call) => call.call)).to.deep.equal(["sts:AssumeRole", "sts:GetCallerIdentity"]);
    } finally {
      stop();
      fs.writeFileSync(alphaFile, ALPHA_YAML);
    }
    expect({ alpha: await readAccount((region) => engine.clients(ALPHA, region), plan("alpha")), beta: await readAccount((region) => engine.clients(BETA, region), plan("beta")) }).to.deep.equal(before);
    expect((await iamOf(ALPHA).send(new GetRoleCommand({ RoleName: "legacy-app" }))).Role?.Arn).to.equal(`arn:aws:iam::${ALPHA}:role/legacy-app`);
  });
});

/**
 * A proxy rule: STS answers an AssumeRole of `asked` with the credentials of `given` (another account's role), as a
 * misdirected or compromised endpoint might. moto does not check signatures, so the request is simply sent on
 * with the other role's ARN.
 */
function answerAssumeRoleAs(asked: string, given: string, motoEndpoint: string): Rule {
  return async (request) => {
    if (request.service !== "sts" || request.action !== "AssumeRole" || request.params.RoleArn !== asked) return undefined;
    const form = new URLSearchParams(request.body);
    form.set("RoleArn", given);
    const answer = await fetch(motoEndpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        authorization: `AWS4-HMAC-SHA256 Credential=${request.accessKeyId}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=unchecked`,
      },
      body: form.toString(),
    });
    return { status: answer.status, body: await answer.text(), contentType: answer.headers.get("content-type") ?? "text/xml" };
  };
}

