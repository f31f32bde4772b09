/**
 * The round trip of `iam-syncr generate` on random accounts: random (valid) roles, buckets and keys built in
 * moto_server, the command run on them, the folder it wrote compiled, and the plan compared with what was built
 * (documents after canonical normalisation, every other property exactly), then import-plan given what was built:
 * every generated resource found, nothing to change. Each run uses a fresh moto account (moto keeps one state per
 * account id) instead of a reset, so one server serves every run.
 *
 * The accounts hold, on purpose, some things the dialect cannot express (an inline policy under another name, a
 * trust policy of Version 2008-10-17, a description with a line break, a key policy whose root statement has a Sid,
 * a tagged key, a bucket policy with an Id, a named grant); the property says exactly which items are then left
 * out, and that nothing else is.
 *
 * IAM_SYNCR_GENERATE_RUNS sets the number of accounts (default 200); PROPERTY_SEED the seed (test/property/settings.ts).
 */
import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { generateCommand } from "../../cli/generate-command";
import { SYMMETRIC_OPERATIONS } from "../../compiler/keys";
import { SEED } from "../property/settings";
import { AwsClients } from "../../adopt/aws-clients";
import { useMoto } from "../support/moto";
import { compileIn, planOf, writeStacks } from "../support/stacks";
import {
  buildAccount,
  expectAdoptedWithoutChange,
  expectPlanMatches,
  type AccountModel,
  type BucketModel,
  type KeyModel,
  type ProfileModel,
  type RoleModel,
} from "./live-accounts";

const RUNS = process.env.IAM_SYNCR_GENERATE_RUNS !== undefined ? Number(process.env.IAM_SYNCR_GENERATE_RUNS) : 200;
const OTHER_ACCOUNTS = 'live: "210987654321"\nshared: 98765432101\n';

// Values, as AWS would hold them. `<OWN>` is the account, `<SELF>` the role's own ARN (see live-accounts.ts).

const oneOrList = <T>(items: fc.Arbitrary<T[]>): fc.Arbitrary<T | T[]> => items.chain((list) => (list.length === 1 ? fc.constantFrom<T | T[]>(list[0], list) : fc.constant(list)));
/** A list without values AWS treats as one (an account id and its root ARN). */
const distinct = <T extends string>(values: fc.Arbitrary<T>, maxLength: number) =>
  fc.uniqueArray(values, { minLength: 1, maxLength, selector: (v) => (/^[0-9]{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v) });

const awsArn = fc.constantFrom(
  "arn:aws:iam::<OWN>:root",
  "arn:aws:iam::<OWN>:role/admin",
  "arn:aws:iam::<OWN>:role/ops/deployer",
  "arn:aws:iam::<OWN>:user/alice",
  "arn:aws:iam::210987654321:root",
  "arn:aws:iam::210987654321:role/ci",
  "arn:aws:iam::098765432101:root",
  "arn:aws:iam::999999999999:root",
  "arn:aws:iam::999999999999:role/partner",
  "arn:aws:sts::<OWN>:assumed-role/admin/alice",
  "arn:aws:sts::210987654321:federated-user/bob",
  "210987654321",
  "999999999999",
);
const service = fc.constantFrom("ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "states.eu-west-1.amazonaws.com", "elasticmapreduce.amazonaws.com.cn");
const federated = fc.constantFrom(
  "arn:aws:iam::<OWN>:saml-provider/corp",
  "arn:aws:iam::<OWN>:oidc-provider/token.actions.githubusercontent.com",
  "cognito-identity.amazonaws.com",
  "arn:aws:iam::999999999999:saml-provider/partner",
  "arn:aws:iam::210987654321:saml-provider/live",
);
/** Conditions IAM's inline policies accept in moto (it rejects JSON numbers there). */
const roleCondition = fc.constantFrom<Record<string, unknown>>(
  { StringEquals: { "aws:SourceAccount": "<OWN>" } },
  { Bool: { "aws:SecureTransport": "false" } },
  { Bool: { "aws:MultiFactorAuthPresent": true } },
  { StringLike: { "s3:prefix": ["home/", "home/${aws:username}/*"] } },
  { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] } },
  { StringEquals: { "aws:PrincipalTag/team": "café ☕", "aws:RequestedRegion": ["eu-west-1", "yes", "012"] } },
  { "ForAnyValue:StringLike": { "aws:TagKeys": "env*" } },
  { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main" } },
  { Null: { "aws:TokenIssueTime": "true" } },
);
const anyCondition = fc.oneof(roleCondition, fc.constantFrom<Record<string, unknown>>({ NumericLessThan: { "s3:max-keys": 10 } }, { StringEquals: { "s3:x-amz-acl": "line\nbreak\ttab" } }));
const sidText = fc.constantFrom("", "Allow", "ReadOnly1", "x");

/** Statement keys, then a Sid made unique within its document by its position. */
function withSids(statements: Record<string, unknown>[], sids: (string | null)[], anyText: boolean): Record<string, unknown>[] {
  return statements.map((statement, i) => {
    const sid = sids[i];
    if (sid === null) return statement;
    const unique = sid === "" ? "" : anyText ? `${sid} ${i}` : `${sid}${i}`;
    return { Sid: unique, ...statement };
  });
}

const trustStatement = fc
  .record({
    effect: fc.constantFrom("Allow", "Allow", "Allow", "Deny"),
    not: fc.constantFrom(false, false, false, false, true),
    principal: fc.oneof(
      { weight: 8, arbitrary: fc.record({ Service: oneOrList(fc.uniqueArray(service, { minLength: 1, maxLength: 2 })), AWS: oneOrList(distinct(awsArn, 3)), Federated: oneOrList(fc.uniqueArray(federated, { minLength: 1, maxLength: 2 })) }, { requiredKeys: [] }).filter((p) => Object.keys(p).length > 0) },
      { weight: 2, arbitrary: fc.record({ AWS: oneOrList(distinct(fc.oneof(awsArn, fc.constant("<SELF>")), 3)) }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>("*", { AWS: "*" }) },
    ),
    action: fc.constantFrom<[string, unknown]>(
      ["Action", "sts:AssumeRole"],
      ["Action", ["sts:AssumeRole"]],
      ["Action", ["sts:AssumeRole", "sts:TagSession"]],
      ["Action", "sts:AssumeRoleWithSAML"],
      ["Action", ["sts:AssumeRoleWithWebIdentity"]],
      ["NotAction", "sts:TagSession"],
    ),
    condition: fc.option(roleCondition, { freq: 2 }),
  })
  .map(({ effect, not, principal, action, condition }) => ({
    Effect: effect,
    [not ? "NotPrincipal" : "Principal"]: principal,
    [action[0]]: action[1],
    ...(condition !== null && { Condition: condition }),
  }));

const roleResource = fc.constantFrom(
  "*",
  "arn:aws:s3:::assets",
  "arn:aws:s3:::assets/*",
  "arn:aws:s3:::logs/2024/*",
  "arn:aws:s3:::lonely",
  "arn:aws:kms:eu-west-1:<OWN>:alias/app",
  "arn:aws:kms:us-east-1:210987654321:alias/shared",
  "arn:aws:kms:eu-west-1:999999999999:alias/x",
  "arn:aws:kms:eu-west-1:<OWN>:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "arn:aws:sns:eu-west-1:<OWN>:alerts",
  "arn:aws:sns:ap-southeast-2:210987654321:ops",
  "arn:aws:iam::<OWN>:role/app-*",
  "arn:aws:iam::210987654321:role/ci",
  "arn:aws:dynamodb:eu-west-1:<OWN>:table/orders",
  "<SELF>",
);
const action = fc.constantFrom("s3:GetObject", "s3:PutObject", "s3:*", "kms:Decrypt", "ec2:Describe*", "iam:PassRole", "*", "logs:CreateLogStream", "Logs:Get*");

function permissionStatement(resource: fc.Arbitrary<string>, condition: fc.Arbitrary<Record<string, unknown>>, principal?: fc.Arbitrary<unknown>) {
  return fc
    .record({
      effect: fc.constantFrom("Allow", "Allow", "Deny"),
      notAction: fc.constantFrom(false, false, false, true),
      actions: oneOrList(fc.uniqueArray(action, { minLength: 1, maxLength: 3 })),
      notResource: fc.constantFrom(false, false, false, true),
      resources: oneOrList(fc.uniqueArray(resource, { minLength: 1, maxLength: 4 })),
      condition: fc.option(condition, { freq: 3 }),
      principal: principal ?? fc.constant(undefined),
    })
    .map((s) => ({
      Effect: s.effect,
      [s.notAction ? "NotAction" : "Action"]: s.actions,
      [s.notResource ? "NotResource" : "Resource"]: s.resources,
      ...(s.principal !== undefined && { Principal: s.principal }),
      ...(s.condition !== null && { Condition: s.condition }),
    }));
}

const resourcePrincipal = fc.oneof(
  { weight: 6, arbitrary: fc.record({ AWS: oneOrList(distinct(awsArn, 3)) }) },
  { weight: 2, arbitrary: fc.record({ Service: oneOrList(fc.uniqueArray(service, { minLength: 1, maxLength: 2 })) }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>("*", { AWS: "*" }, { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }) },
);

type RoleDraft = Omit<RoleModel, "name" | "inline"> & {
  inline: { statements: Record<string, unknown>[]; naming: "matching" | "path key" | "custom"; second: boolean } | null;
  trustVersion: string;
};

const roleDraft: fc.Arbitrary<RoleDraft> = fc.record({
  path: fc.constantFrom("/", "/", "/ops/", "/ops/ci/", "/service-role/", "/a.b/c-d/", "/weird!:x/", "/aws-service-role/ec2.amazonaws.com/"),
  description: fc.option(fc.constantFrom("", "Deploys things", "café ☕ 日本語", "yes", "012", "line\nbreak", 'quote " and \\ backslash'), { nil: undefined }),
  maxSessionDuration: fc.option(fc.constantFrom(3600, 7200, 43200), { nil: undefined }),
  boundary: fc.option(fc.constant("arn:aws:iam::<OWN>:policy/boundary"), { nil: undefined, freq: 3 }),
  tags: fc.dictionary(fc.constantFrom("team", "env", "cost-center", "012", "yes", "a.b", "Name"), fc.constantFrom("", "ops", "012", "true", "café", "a b"), { maxKeys: 3 }),
  trust: fc
    .tuple(fc.array(trustStatement, { minLength: 1, maxLength: 3 }), fc.array(fc.option(fc.constantFrom("", "Trust", "A1")), { minLength: 3, maxLength: 3 }), fc.boolean())
    .map(([statements, sids, single]) => {
      const withSid = withSids(statements, sids, false);
      return { Version: "2012-10-17", Statement: single && withSid.length === 1 ? withSid[0] : withSid };
    }),
  trustVersion: fc.constantFrom("2012-10-17", "2012-10-17", "2012-10-17", "2012-10-17", "2012-10-17", "2012-10-17", "2012-10-17", "2008-10-17"),
  inline: fc.option(
    fc.record({
      statements: fc
        .tuple(fc.array(permissionStatement(roleResource, roleCondition), { minLength: 1, maxLength: 3 }), fc.array(fc.option(sidText), { minLength: 3, maxLength: 3 }))
        .map(([statements, sids]) => withSids(statements, sids, false)),
      naming: fc.constantFrom<"matching" | "path key" | "custom">("matching", "matching", "path key", "custom"),
      second: fc.constantFrom(false, false, false, false, true),
    }),
    { freq: 3 },
  ),
  attached: fc.subarray(["arn:aws:iam::<OWN>:policy/read", "arn:aws:iam::<OWN>:policy/ops/write"]),
  profile: fc.constantFrom<ProfileModel>("none", "none", "own", "own name, other path", "other name"),
});

/** The name the dialect derives the inline policy's from (4.3), in the form `naming` picks. */
function inlinePolicyName(name: string, rolePath: string, naming: "matching" | "path key" | "custom"): string {
  if (naming === "custom") return "custom";
  const inName = rolePath === "/" ? name : `${rolePath.slice(1)}${name}`;
  const valid = /^[A-Za-z0-9+=,.@_-]{1,128}$/.test(`syncr_policy_${inName.replaceAll("/", "__")}`);
  return `syncr_policy_${(naming === "matching" && valid ? inName : name).replaceAll("/", "__")}`;
}

function roleOf(draft: RoleDraft, index: number, suffix: string): RoleModel {
  const name = `role${index}${suffix}`;
  const inline =
    draft.inline === null
      ? []
      : [
          { name: inlinePolicyName(name, draft.path, draft.inline.naming), document: { Version: "2012-10-17", Statement: draft.inline.statements } },
          ...(draft.inline.second ? [{ name: "extra", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] } }] : []),
        ];
  return { ...draft, name, trust: { ...(draft.trust as object), Version: draft.trustVersion }, inline };
}

const bucketDraft = fc.record({
  region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
  tags: fc.dictionary(fc.constantFrom("team", "env", "012"), fc.constantFrom("ops", "", "yes"), { maxKeys: 2 }),
  policy: fc.option(
    fc.record({
      id: fc.constantFrom(false, false, false, false, true),
      statements: fc
        .tuple(
          fc.array(permissionStatement(fc.constantFrom("arn:aws:s3:::<BUCKET>", "arn:aws:s3:::<BUCKET>/*", "arn:aws:s3:::<BUCKET>/logs/*"), anyCondition, resourcePrincipal), { minLength: 1, maxLength: 2 }),
          fc.array(fc.option(fc.constantFrom("", "Public Read", "AllowSSL")), { minLength: 2, maxLength: 2 }),
        )
        .map(([statements, sids]) => withSids(statements, sids, true)),
    }),
    { freq: 3 },
  ),
});

const keyDraft = fc.record({
  description: fc.constantFrom("", "App data", "clé ☕", "012"),
  root: fc.constantFrom<[string | null, string]>([null, "arn:aws:iam::<OWN>:root"], ["", "arn:aws:iam::<OWN>:root"], [null, "<OWN>"], ["Enable IAM User Permissions", "arn:aws:iam::<OWN>:root"]),
  admin: fc.option(oneOrList(distinct(fc.constantFrom("arn:aws:iam::<OWN>:role/admin", "arn:aws:iam::210987654321:root", "arn:aws:iam::999999999999:role/partner"), 2)), { freq: 2 }),
  users: fc.array(
    permissionStatement(fc.constantFrom("*", "arn:aws:kms:<REGION>:<OWN>:alias/<ALIAS>", "arn:aws:kms:<REGION>:<OWN>:key/1234abcd-12ab-34cd-56ef-1234567890ab"), anyCondition, resourcePrincipal),
    { maxLength: 2 },
  ),
  order: fc.nat(),
  tagged: fc.constantFrom(false, false, false, false, true),
  grants: fc.array(
    fc.record(
      {
        grantee: fc.constantFrom("arn:aws:iam::<OWN>:role/app", "arn:aws:iam::210987654321:root", "arn:aws:iam::999999999999:role/partner"),
        retiree: fc.constantFrom("arn:aws:iam::<OWN>:role/admin", "arn:aws:iam::999999999999:root"),
        operations: fc.uniqueArray(fc.constantFrom(...SYMMETRIC_OPERATIONS), { minLength: 1, maxLength: 3 }),
        constraints: fc.constantFrom({ EncryptionContextEquals: { app: "x" } }, { EncryptionContextSubset: { k: "café", "012": "yes" } }),
        name: fc.constantFrom("named-grant"),
      },
      { requiredKeys: ["grantee", "operations"] },
    ),
    { maxLength: 2 },
  ),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

interface Draft {
  roles: { draft: RoleDraft; suffix: string }[];
  buckets: ValueOf<typeof bucketDraft>[];
  keys: ValueOf<typeof keyDraft>[];
  region: string;
  merge: boolean;
}

const account: fc.Arbitrary<Draft> = fc.record({
  roles: fc.array(fc.record({ draft: roleDraft, suffix: fc.constantFrom("", "-app", ".x", "@y", "+z", "=1", ",2", "_Q") }), { maxLength: 3 }),
  buckets: fc.array(bucketDraft, { maxLength: 1 }),
  keys: fc.array(keyDraft, { maxLength: 1 }),
  region: fc.constantFrom("us-east-1", "eu-west-1"),
  merge: fc.constantFrom(false, false, false, true),
});

/**
 * The command's own AWS clients (adopt/aws-clients.ts, configured from the environment useMoto() sets), each made
 * to act in one moto account with moto's `x-moto-account-id` header: a fresh account per run costs no call.
 */
class ClientsInAccount extends AwsClients {
  private readonly marked = new WeakSet<object>();

  constructor(private readonly accountId: string) {
    super();
  }

  override sts() {
    return this.inAccount(super.sts());
  }

  override iam() {
    return this.inAccount(super.iam());
  }

  override s3(region: string) {
    return this.inAccount(super.s3(region));
  }

  override kms(region: string) {
    return this.inAccount(super.kms(region));
  }

  private inAccount<T extends { middlewareStack: { add: (middleware: never, options: { step: "build" }) => void } }>(client: T): T {
    if (this.marked.has(client)) return client;
    const accountId = this.accountId;
    client.middlewareStack.add(
      ((next: (args: { request: { headers: Record<string, string> } }) => unknown) => (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers["x-moto-account-id"] = accountId;
        return next(args);
      }) as never,
      { step: "build" },
    );
    this.marked.add(client);
    return client;
  }
}

/** The model of one run, with its names made unique in moto (bucket names are global to all its accounts). */
function modelOf(draft: Draft, run: number): AccountModel {
  const roles = draft.roles.map(({ draft: role, suffix }, i) => roleOf(role, i, suffix));
  const buckets: BucketModel[] = draft.buckets.map((b, i) => {
    const name = `gen-${run}-${i}`;
    const policy =
      b.policy === null
        ? null
        : JSON.parse(JSON.stringify({ Version: "2012-10-17", ...(b.policy.id && { Id: "Policy1415115909152" }), Statement: b.policy.statements }).replaceAll("<BUCKET>", name));
    return { name, region: b.region, tags: b.tags, policy };
  });
  const keys: KeyModel[] = draft.keys.map((k, i) => {
    const alias = `k${i}-app`;
    const root = { ...(k.root[0] !== null && { Sid: k.root[0] }), Effect: "Allow", Principal: { AWS: k.root[1] }, Action: "kms:*", Resource: "*" };
    const admin = k.admin === null ? [] : [{ Effect: "Allow", Principal: { AWS: k.admin }, Action: "kms:*", Resource: "arn:aws:kms:<REGION>:<OWN>:alias/<ALIAS>" }];
    const statements: Record<string, unknown>[] = [...admin, ...k.users];
    statements.splice(k.order % (statements.length + 1), 0, root);
    const policy = JSON.parse(JSON.stringify({ Version: "2012-10-17", Statement: statements }).replaceAll("<REGION>", draft.region).replaceAll("<ALIAS>", alias));
    return { alias, region: draft.region, description: k.description, policy, tags: k.tagged ? { team: "data" } : ({} as Record<string, string>), grants: k.grants };
  });
  const used = new Set(roles.flatMap((r) => [...r.attached, ...(r.boundary === undefined ? [] : [r.boundary])]));
  const policies = ["/boundary", "/read", "/ops/write"].filter((p) => used.has(`arn:aws:iam::<OWN>:policy${p}`));
  return { policies, roles, buckets, keys };
}

/** What generate must leave out, by item, each with a reason it must give. */
function expectedLeftOut(model: AccountModel, merge: boolean): Map<string, RegExp[]> {
  const out = new Map<string, RegExp[]>();
  const add = (item: string, reason: RegExp) => out.set(item, [...(out.get(item) ?? []), reason]);
  for (const role of model.roles) {
    if (role.path.startsWith("/aws-service-role/")) continue;
    const item = `role ${role.path.slice(1)}${role.name}`;
    if ((role.trust as { Version: string }).Version !== "2012-10-17") add(item, /^the trust policy has Version "2008-10-17"/);
    if (role.description?.includes("\n")) add(item, /^its description .* has a control character/);
    const expected = role.inline.length === 1 && role.inline[0].name !== "custom";
    if (role.inline.length > 0 && !expected && !merge) add(item, /^its inline polic(y is|ies are) /);
  }
  for (const bucket of model.buckets) {
    if ((bucket.policy as { Id?: string } | null)?.Id !== undefined) add(`bucket ${bucket.name} (its policy)`, /^the bucket policy has an Id \("Policy1415115909152"\)/);
  }
  for (const key of model.keys) {
    const item = `key alias/${key.alias}`;
    if (Object.keys(key.tags).length > 0) add(item, /^it has tags \(team\)/);
    const root = (key.policy as { Statement: { Sid?: string }[] }).Statement.find((s) => s.Sid === "Enable IAM User Permissions");
    if (root !== undefined) add(item, /^the key policy's statement \d allows arn:aws:iam::\d{12}:root kms:\* with Sid "Enable IAM User Permissions"/);
  }
  return out;
}

/** `  <item>: <reason>` lines of one section of the summary. */
function sectionLines(stderr: string, title: string): [string, string][] {
  const lines = stderr.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${title} (`));
  if (start < 0) return [];
  const out: [string, string][] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    const at = line.indexOf(": ");
    out.push(at < 0 ? [line.slice(2), ""] : [line.slice(2, at), line.slice(at + 2)]);
  }
  return out;
}

describe("iam-syncr generate: the round trip on random accounts in moto_server (property)", () => {
  const moto = useMoto();
  let run = 0;

  const roundTrip = fc.asyncProperty(account, async (draft) => {
    run += 1;
    const id = String(300_000_000_000 + run);
    const model = modelOf(draft, run);
    const built = await buildAccount(moto.server.endpoint, id, model);
    const root = writeStacks({ accounts: `sandbox: "${id}"\n${OTHER_ACCOUNTS}`, files: {} });
    let stderr = "";
    const code = await generateCommand(
      {
        accountFolder: "sandbox",
        region: draft.region,
        buckets: model.buckets.map((b) => b.name),
        keys: model.keys.map((k) => k.alias),
        mergeInlinePolicies: draft.merge,
        cwd: root,
      },
      { stdout: () => undefined, stderr: (text) => void (stderr += text), cwd: root },
      () => new ClientsInAccount(id),
    );
    expect(code, stderr).to.equal(0);
    expect(stderr).not.to.contain("defect");
    expect(stderr).not.to.contain("does not compile");

    const expected = expectedLeftOut(model, draft.merge);
    const leftOut = sectionLines(stderr, "left out: the dialect cannot express them as they are");
    expect([...new Set(leftOut.map(([item]) => item))].sort(), stderr).to.deep.equal([...expected.keys()].sort());
    for (const [item, reasons] of expected) {
      for (const reason of reasons) expect(leftOut.some(([i, r]) => i === item && reason.test(r)), `${item}: ${reason}\n${stderr}`).to.equal(true);
    }
    expect(sectionLines(stderr, "service-linked and AWS-reserved roles, never written").map(([item]) => item)).to.deep.equal(
      model.roles.filter((r) => r.path.startsWith("/aws-service-role/")).map((r) => `role ${r.path.slice(1)}${r.name}`).sort(),
    );

    const written = {
      roles: model.roles.filter((r) => !r.path.startsWith("/aws-service-role/") && !expected.has(`role ${r.path.slice(1)}${r.name}`)),
      buckets: model.buckets,
      keys: model.keys.filter((k) => !expected.has(`key alias/${k.alias}`)),
    };
    const policyLeftAlone = new Set(model.buckets.filter((b) => expected.has(`bucket ${b.name} (its policy)`)).map((b) => b.name));
    if (written.roles.length + written.buckets.length + written.keys.length === 0) {
      expect(fs.existsSync(path.join(root, "sandbox"))).to.equal(false);
      return;
    }
    const plan = planOf(compileIn(root, "sandbox", { region: draft.region }));
    expectPlanMatches(plan, built, written, policyLeftAlone);
    const merged = new Set(draft.merge ? written.roles.filter((r) => r.inline.length > 1 || r.inline.some((p) => p.name === "custom")).map((r) => r.name) : []);
    expectAdoptedWithoutChange(plan, model, built, merged);
  });

  it(`holds on ${RUNS} random accounts: the written YAML compiles to what each account holds, and import-plan finds it unchanged`, async function () {
    this.timeout(0);
    const started = Date.now();
    await fc.assert(roundTrip, { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: 1 });
    // The runtime is reported, not asserted: speed goals live in `npm run bench`.
    console.log(`      ${RUNS} random accounts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
