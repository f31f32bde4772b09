/**
 * Random VALID configurations of an account folder (DIALECT.md), as data: accounts, templates with `use` chains,
 * roles with statements of every kind, buckets, keys with grants, removals. Everything generated compiles
 * without error (warnings are allowed), so a failure is the compiler's, not the generator's.
 *
 * What keeps it valid, where the dialect would otherwise reject a random combination:
 * - `use` names only earlier templates, so there is no cycle; each name at most once;
 * - templates write permission statements as lists, and a role writes one as a single mapping only when no template
 *   it uses defines that key: two mappings would be deep-merged into one statement (3.4), which may then hold
 *   both `action` and `notaction`. Trust statements may merge: any two valid ones merge into a valid one;
 * - `account` and `users` only beside `iam`; `"*"` only as the sole principal; `__self__` only where allowed;
 * - names are made unique by an index (roles also ignoring case, as IAM does);
 * - a Sid, when present, is unique: it is derived from its owner and position (see `assignSids`).
 */
import fc from "fast-check";
import { SYMMETRIC_OPERATIONS } from "../../compiler/keys";

export type Yaml = string | number | boolean | null | Yaml[] | YamlMapping;
export interface YamlMapping {
  [key: string]: Yaml;
}

export interface Account {
  name: string;
  /** 12 digits. */
  id: string;
}

export interface Configuration {
  /** accounts[0] is the account whose folder is compiled. */
  accounts: Account[];
  /** The stack's default region R. */
  region: string;
  templates: [string, YamlMapping][];
  roles: [string, YamlMapping][];
  buckets: [string, YamlMapping][];
  keys: [string, YamlMapping][];
  removals: string[];
}

type Kind = "role" | "bucket" | "key";

export const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"] as const;
const ACCOUNT_NAMES = ["sandbox", "live", "shared", "audit", "ops.prod", "team_a"];
const PERMISSION_KEYS = ["permission", "allow_permission", "deny_permission"] as const;
const STATEMENT_KEYS = ["allow_to_assume_me", "disallow_to_assume_me", ...PERMISSION_KEYS] as const;
/** Placeholder replaced by a unique Sid after generation. */
const SID = "\u0000sid";

const region = fc.constantFrom(...REGIONS);

function oneOrList<T>(item: fc.Arbitrary<T>, maxLength = 3): fc.Arbitrary<T | T[]> {
  return fc.oneof(item, fc.array(item, { minLength: 1, maxLength }));
}

/** Strings people write in descriptions and conditions, including non-ASCII (escaped in canonical JSON, 13.3). */
const text = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.:/-]{0,20}$/),
  fc.constantFrom("café", "naïve ☕", "日本語", "emoji 🎉", "𝄞 clef", 'quote " and \\ backslash', "", "yes", "012", "null", "2024-01-01"),
);
/** Condition values may also hold control characters (a description may not, 4.1). */
const conditionText = fc.oneof(text, fc.constantFrom("tab\tinside", "line\nbreak", "del\u007f"));

// Accounts (1.5, 1.6)

const accounts: fc.Arbitrary<Account[]> = fc
  .uniqueArray(fc.constantFrom(...ACCOUNT_NAMES), { minLength: 2, maxLength: 4 })
  .chain((names) =>
    fc
      .uniqueArray(fc.stringMatching(/^[0-9]{12}$/), { minLength: names.length, maxLength: names.length })
      .map((ids) => names.map((name, i) => ({ name, id: ids[i] }))),
  );

/**
 * A reference to an account of the configuration, written as a name, an id string or an integer: generated as a
 * placeholder (`\u0000account:<index>:<form>`) that `resolveAccounts` replaces once the accounts are known, so
 * that no arbitrary has to be rebuilt per account list (which would make generation slow).
 */
const ACCOUNT_TAG = "\u0000account:";
const oneAccount = fc.tuple(fc.nat(3), fc.constantFrom("name", "id", "integer")).map(([index, form]) => `${ACCOUNT_TAG}${index}:${form}`);

/** An `account` value: one reference, a list of them, or null or "" (both mean A). */
const accountRef: fc.Arbitrary<Yaml> = fc.oneof(
  { weight: 3, arbitrary: oneAccount },
  { weight: 1, arbitrary: fc.constantFrom(null, "") },
  { weight: 2, arbitrary: fc.array(oneAccount, { minLength: 1, maxLength: 2 }) },
);

// Specifiers (§6)

const action = fc.oneof(
  fc.constant("*"),
  fc
    .tuple(fc.constantFrom("s3", "ec2", "iam", "kms", "logs", "dynamodb", "sqs", "sts", "Logs"), fc.stringMatching(/^[A-Z][A-Za-z]{0,12}\*?$/))
    .map(([service, name]) => `${service}:${name}`),
);
const actions = oneOrList(action, 5);
const resourceArn = fc.oneof(
  fc.constantFrom("*", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders", "arn:aws:ssm:*:*:parameter/app/*"),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((b) => `arn:aws:s3:::${b}/*`),
);
const bucketish = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,15}(\/[a-z0-9*]{1,8})?$/);
const kmsAlias = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}(\/[a-z0-9_-]{1,6})?$/).filter((a) => !a.startsWith("alias/"));
const keyId = fc.uuid();
const topic = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const iamUser = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

function iamNames(kind: Kind): fc.Arbitrary<string> {
  const names = ["root", "role/deployer", "role/ops/ci", "user/alice", "assumed-role/admin", "arn:aws:iam::123456789012:role/literal", "policy/not-a-principal"];
  return fc.constantFrom(...(kind === "role" ? [...names, "__self__"] : names));
}

function iamSpecifier(kind: Kind): fc.Arbitrary<YamlMapping> {
  return fc.record(
    { iam: oneOrList(iamNames(kind), 2), account: accountRef, users: fc.oneof(iamUser, fc.array(iamUser, { maxLength: 2 })) },
    { requiredKeys: ["iam"] },
  ) as fc.Arbitrary<YamlMapping>;
}

function s3Specifier(kind: Kind): fc.Arbitrary<YamlMapping> {
  const name = kind === "bucket" ? fc.oneof(bucketish, fc.constant("__self__")) : bucketish;
  return fc.record({ s3: oneOrList(name) });
}

function kmsSpecifier(kind: Kind): fc.Arbitrary<YamlMapping> {
  const item = fc.oneof(
    kind === "key" ? fc.oneof(kmsAlias, fc.constant("__self__")) : kmsAlias,
    fc.record({ alias: kmsAlias, location: region }, { requiredKeys: ["alias"] }),
    fc.record({ key_id: keyId, location: region }, { requiredKeys: ["key_id"] }),
  );
  return fc.record({ kms: oneOrList(item as fc.Arbitrary<Yaml>), location: region, account: accountRef }, { requiredKeys: ["kms"] }) as fc.Arbitrary<YamlMapping>;
}

function snsSpecifier(): fc.Arbitrary<YamlMapping> {
  return fc.record({ sns: oneOrList(topic), location: region, account: accountRef }, { requiredKeys: ["sns"] }) as fc.Arbitrary<YamlMapping>;
}

function resourceValue(kind: Kind): fc.Arbitrary<Yaml> {
  const one: fc.Arbitrary<Yaml> = fc.oneof(resourceArn, s3Specifier(kind), kmsSpecifier(kind), snsSpecifier(), iamSpecifier(kind));
  return oneOrList(one, 2);
}

// Principals (6.5)

const service = oneOrList(fc.constantFrom("ec2", "lambda", "ecs-tasks", "states", "events.amazonaws.com"));

function federated(): fc.Arbitrary<Yaml> {
  return oneOrList(
    fc.oneof(
      fc.constant("arn:aws:iam::123456789012:saml-provider/corp"),
      fc.constant({ iam: "saml-provider/okta" }),
      fc.constant("cognito-identity.amazonaws.com"),
    ) as fc.Arbitrary<Yaml>,
    2,
  );
}

/** A principal mapping: at least one of service, federated, iam; account and users only with iam. */
function principalInstruction(kind: Kind): fc.Arbitrary<YamlMapping> {
  return fc
    .tuple(
      fc.option(service, { nil: undefined }),
      fc.option(federated(), { nil: undefined }),
      fc.option(iamSpecifier(kind), { nil: undefined }),
    )
    .filter(([s, f, i]) => s !== undefined || f !== undefined || i !== undefined)
    .map(([s, f, i]) => ({ ...(s !== undefined && { service: s }), ...(f !== undefined && { federated: f }), ...(i ?? {}) }));
}

function principalValue(kind: Kind): fc.Arbitrary<Yaml> {
  const arn = fc.constantFrom("arn:aws:iam::123456789012:root", "arn:aws:iam::210987654321:role/reader");
  const item = fc.oneof(principalInstruction(kind), arn) as fc.Arbitrary<Yaml>;
  return fc.oneof({ weight: 4, arbitrary: item }, { weight: 1, arbitrary: fc.constant("*") }, { weight: 2, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) });
}

// Statements (§5)

const condition: fc.Arbitrary<Yaml> = fc.dictionary(
  fc.constantFrom("StringEquals", "StringLike", "Bool", "ArnLike", "IpAddress", "ForAnyValue:StringLike"),
  fc.dictionary(
    fc.constantFrom("aws:PrincipalTag/team", "aws:SourceAccount", "aws:SecureTransport", "s3:prefix", "aws:SourceIp", "kms:ViaService"),
    fc.oneof(conditionText, fc.boolean(), fc.integer({ min: 0, max: 100 }), fc.constant(null), fc.array(conditionText, { maxLength: 3 })) as fc.Arbitrary<Yaml>,
    { minKeys: 1, maxKeys: 3 },
  ),
  { minKeys: 1, maxKeys: 2 },
);

/** Optional pass-through Sid (a placeholder until `assignSids`) and Condition. */
const passThroughExtras: fc.Arbitrary<YamlMapping> = fc.record({ Sid: fc.constant(SID), Condition: condition }, { requiredKeys: [] }) as fc.Arbitrary<YamlMapping>;

function trustStatement(): fc.Arbitrary<YamlMapping> {
  const action = fc.record({ Action: fc.constantFrom("sts:AssumeRoleWithWebIdentity", ["sts:AssumeRole", "sts:TagSession"]) as fc.Arbitrary<Yaml> }, { requiredKeys: [] });
  return fc.tuple(passThroughExtras, principalInstruction("role"), action).map(([extras, principal, a]) => ({ ...extras, ...a, ...principal }));
}

/** The Effect: `permission` needs `allow` or `Effect`; the other lists have one, which these may contradict (W4). */
function effectPart(listKey: (typeof PERMISSION_KEYS)[number]): fc.Arbitrary<YamlMapping> {
  const allow = fc.boolean().map((b) => ({ allow: b }));
  const effect = fc.constantFrom("Allow", "Deny").map((e) => ({ Effect: e }));
  const both = fc.tuple(allow, effect).map(([a, e]) => ({ ...e, ...a }));
  return listKey === "permission" ? fc.oneof(allow, effect, both) : fc.oneof(fc.constant({}), allow, effect);
}

function permissionStatement(kind: Kind, listKey: (typeof PERMISSION_KEYS)[number]): fc.Arbitrary<YamlMapping> {
  const actionPart = fc.oneof(
    actions.map((v) => ({ action: v })),
    actions.map((v) => ({ notaction: v })),
    actions.map((v) => ({ Action: v })),
    fc.tuple(actions, actions).map(([p, l]) => ({ Action: p, action: l })),
    fc.tuple(actions, actions).map(([p, l]) => ({ NotAction: p, notaction: l })),
  ) as fc.Arbitrary<YamlMapping>;
  const resourcePart = fc.oneof(
    resourceValue(kind).map((v) => ({ resource: v })),
    resourceValue(kind).map((v) => ({ notresource: v })),
    oneOrList(resourceArn).map((v) => ({ Resource: v })),
    fc.tuple(oneOrList(resourceArn), resourceValue(kind)).map(([p, l]) => ({ Resource: p, resource: l })),
  ) as fc.Arbitrary<YamlMapping>;
  const principalPart: fc.Arbitrary<YamlMapping> =
    kind === "role"
      ? fc.constant({})
      : fc.oneof(principalValue(kind).map((v) => ({ principal: v })), principalValue(kind).map((v) => ({ notprincipal: v })));
  return fc
    .tuple(passThroughExtras, effectPart(listKey), actionPart, resourcePart, principalPart)
    .map((parts) => Object.assign({}, ...parts) as YamlMapping);
}

/** Statement keys of a definition: each absent, a single statement or a list (sometimes empty). */
function statementKeys(kind: Kind, withTrust: boolean): fc.Arbitrary<YamlMapping> {
  const entries: Record<string, fc.Arbitrary<Yaml>> = {};
  if (withTrust) {
    for (const key of ["allow_to_assume_me", "disallow_to_assume_me"]) {
      entries[key] = fc.oneof({ weight: 3, arbitrary: trustStatement() }, { weight: 3, arbitrary: fc.array(trustStatement(), { maxLength: 2 }) });
    }
  }
  for (const key of PERMISSION_KEYS) {
    const statement = permissionStatement(kind, key);
    entries[key] = fc.oneof({ weight: 2, arbitrary: statement }, { weight: 3, arbitrary: fc.array(statement, { maxLength: 2 }) });
  }
  return fc.record(entries, { requiredKeys: [] }) as fc.Arbitrary<YamlMapping>;
}

// Roles and templates (§3, §4)

const tags = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.:/=+@-]{0,10}$/).filter((k) => !k.startsWith("aws:")),
  text,
  { maxKeys: 3 },
);
const managedPolicy = (): fc.Arbitrary<Yaml> =>
  fc.oneof(
    fc.constantFrom("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
    fc.record({ iam: fc.constantFrom("policy/ops-base", "policy/team/app") }),
    fc.record({ iam: fc.constant("policy/shared"), account: oneAccount }),
  ) as fc.Arbitrary<Yaml>;

/** The non-statement keys of a role or template; null cancels what a template set (3.5). */
function roleExtras(): fc.Arbitrary<YamlMapping> {
  return fc.record(
    {
      description: fc.oneof(text, fc.constant(null)),
      make_instance_profile: fc.boolean(),
      max_session_duration: fc.integer({ min: 3600, max: 43200 }),
      permissions_boundary: fc.constantFrom("arn:aws:iam::aws:policy/PowerUserAccess", { iam: "policy/boundary" }) as fc.Arbitrary<Yaml>,
      managed_policies: fc.oneof(fc.array(managedPolicy(), { maxLength: 4 }), fc.constant(null)),
      tags: fc.oneof(tags, fc.constant(null)),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<YamlMapping>;
}

interface Definition {
  /** Indexes of the templates named by `use`, in order. */
  use: number[];
  body: YamlMapping;
}

/** `use` holds template indexes; `assemble` drops those that do not exist or would make a cycle. */
function definition(): fc.Arbitrary<Definition> {
  const use = fc.uniqueArray(fc.nat(4), { maxLength: 3 });
  return fc
    .tuple(use, roleExtras(), statementKeys("role", true), fc.subarray([...STATEMENT_KEYS], { maxLength: 1 }))
    .map(([u, extras, statements, cancelled]) => ({ use: u, body: { ...extras, ...statements, ...Object.fromEntries(cancelled.map((k) => [k, null])) } }));
}

const roleLeafSuffix = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{0,10}$/);
const pathSegment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);

interface RoleNaming {
  segments: string[];
  suffix: string;
  upper: boolean;
}

const roleNaming: fc.Arbitrary<RoleNaming> = fc.record({ segments: fc.array(pathSegment, { maxLength: 2 }), suffix: roleLeafSuffix, upper: fc.boolean() });

/** Unique ignoring case thanks to the index before the first "-". */
function roleName(naming: RoleNaming, index: number): string {
  return [...naming.segments, `${naming.upper ? "R" : "r"}${index}-${naming.suffix}`].join("/");
}

const explicitPath = fc.stringMatching(/^\/?[a-z0-9_-]{1,8}(\/[a-z0-9_-]{1,8})?\/?$/);

// Buckets (§7) and keys (§8)

function bucket(): fc.Arbitrary<YamlMapping> {
  return fc
    .tuple(fc.record({ location: region, tags }, { requiredKeys: [] }), statementKeys("bucket", false))
    .map(([extras, statements]) => ({ ...extras, ...statements }) as YamlMapping);
}

/** Replaced by the grant's position in its key: a different grantee per grant keeps grants distinct (8.5.3). */
const GRANTEE = "\u0000grantee";

function grant(): fc.Arbitrary<YamlMapping> {
  const grantee = fc.constantFrom({ iam: `role/${GRANTEE}` }, `arn:aws:iam::123456789012:role/${GRANTEE}`) as fc.Arbitrary<Yaml>;
  const context = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9:_-]{0,8}$/), text, { minKeys: 1, maxKeys: 3 });
  return fc.record(
    {
      grantee,
      retiree: fc.oneof(fc.constant({ iam: "role/deployer" }), fc.record({ iam: fc.constant("role/ops"), account: oneAccount })) as fc.Arbitrary<Yaml>,
      operations: fc.oneof(fc.constantFrom(...SYMMETRIC_OPERATIONS), fc.uniqueArray(fc.constantFrom(...SYMMETRIC_OPERATIONS), { minLength: 1, maxLength: 4 })),
      // One kind of constraint per grant, or none (8.5).
      constraints: fc.oneof(fc.constant({}), fc.record({ EncryptionContextEquals: context }), fc.record({ EncryptionContextSubset: context })),
      grant_tokens: fc.array(fc.stringMatching(/^[A-Za-z0-9]{4,10}$/), { maxLength: 2 }),
    },
    { requiredKeys: ["grantee", "operations"] },
  ) as fc.Arbitrary<YamlMapping>;
}

function key(): fc.Arbitrary<YamlMapping> {
  const grants = fc.array(grant(), { maxLength: 3 });
  return fc
    .tuple(
      fc.record({ location: region, admin_users: principalValue("key") }, { requiredKeys: [] }),
      text,
      statementKeys("key", false),
      grants,
      fc.boolean(),
    )
    .map(([extras, description, statements, g, single]) => ({
      ...extras,
      description,
      ...statements,
      ...(g.length > 0 && { grant: single && g.length === 1 ? g[0] : g }),
    }) as YamlMapping);
}

// The whole configuration

const drawnConfigurations = fc.record({
  accounts,
  region,
  templates: fc.array(fc.tuple(definition(), fc.stringMatching(/^[a-z._-]{0,6}$/)), { maxLength: 4 }),
  roles: fc.array(fc.tuple(roleNaming, definition(), fc.option(explicitPath, { nil: undefined })), { minLength: 1, maxLength: 6 }),
  buckets: fc.array(fc.tuple(bucket(), fc.stringMatching(/^[a-z0-9]{0,8}$/)), { maxLength: 2 }),
  keys: fc.array(fc.tuple(key(), fc.stringMatching(/^(\/[A-Za-z0-9_-]{1,6})?$/)), { maxLength: 2 }),
  removals: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.boolean()), { maxLength: 3, selector: ([n]) => n }),
});

type Drawn = typeof drawnConfigurations extends fc.Arbitrary<infer T> ? T : never;

export const configurations: fc.Arbitrary<Configuration> = drawnConfigurations.map(assemble);

function assemble(drawn: Drawn): Configuration {
  const templateNames = drawn.templates.map(([, suffix], i) => `t${i}${suffix}`);
  /** Statement keys each template defines, itself or through the templates it uses. */
  const closureKeys: Set<string>[] = [];
  const templates = drawn.templates.map(([d], i): [string, YamlMapping] => {
    // A template may only use earlier templates: no cycle.
    const use = d.use.filter((u) => u < i);
    closureKeys[i] = new Set([...use.flatMap((u) => [...closureKeys[u]]), ...Object.keys(d.body).filter((k) => d.body[k] !== null)]);
    const body = withListStatements(d.body, () => true);
    return [templateNames[i], withUse(body, use.map((u) => templateNames[u]))];
  });
  const roles = drawn.roles.map(([naming, d, path], i): [string, YamlMapping] => {
    const use = d.use.filter((u) => u < templates.length);
    const inherited = new Set(use.flatMap((u) => [...closureKeys[u]]));
    let body = withListStatements(d.body, (k) => inherited.has(k));
    if (path !== undefined && naming.segments.length === 0) body = { path, ...body };
    return [roleName(naming, i), withUse(body, use.map((u) => templateNames[u]))];
  });
  const config: Configuration = {
    accounts: drawn.accounts,
    region: drawn.region,
    templates,
    roles,
    buckets: drawn.buckets.map(([b, suffix], i) => [`bk${i}${suffix ? `-${suffix}` : ""}`, b]),
    keys: drawn.keys.map(([k, suffix], i) => [`k${i}${suffix}`, numberGrantees(k)]),
    removals: drawn.removals.map(([n, withPath]) => (withPath ? `old/z${n}-gone` : `z${n}-gone`)),
  };
  assignSids(config);
  return resolveAccounts(config);
}

function numberGrantees(key: YamlMapping): YamlMapping {
  const grants = key.grant;
  if (grants === undefined) return key;
  const number = (g: Yaml, i: number) => JSON.parse(JSON.stringify(g).split(GRANTEE).join(`grantee-${i}`)) as Yaml;
  return { ...key, grant: Array.isArray(grants) ? grants.map(number) : number(grants, 0) };
}

/** Replaces account placeholders by a name, an id string or an integer of the configuration's accounts. */
function resolveAccounts(config: Configuration): Configuration {
  const resolve = (value: Yaml): Yaml => {
    if (typeof value === "string" && value.startsWith(ACCOUNT_TAG)) {
      const [index, form] = value.slice(ACCOUNT_TAG.length).split(":");
      const account = config.accounts[Number(index) % config.accounts.length];
      return form === "name" ? account.name : form === "id" ? account.id : Number(account.id);
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  const named = (entries: [string, YamlMapping][]) => entries.map(([name, body]): [string, YamlMapping] => [name, resolve(body) as YamlMapping]);
  return { ...config, templates: named(config.templates), roles: named(config.roles), buckets: named(config.buckets), keys: named(config.keys) };
}

/** Permission statements as lists where a single mapping could be deep-merged with a template's (see top). */
function withListStatements(body: YamlMapping, mustBeList: (key: string) => boolean): YamlMapping {
  const out: YamlMapping = {};
  for (const [k, v] of Object.entries(body)) {
    const isPermission = (PERMISSION_KEYS as readonly string[]).includes(k);
    out[k] = isPermission && mustBeList(k) && v !== null && !Array.isArray(v) ? [v] : v;
  }
  return out;
}

function withUse(body: YamlMapping, use: string[]): YamlMapping {
  if (use.length === 0) return body;
  return { use: use.length === 1 ? use[0] : use, ...body };
}

/** Replaces Sid placeholders by `S<owner>n<position>`: unique in any document, letters and digits only (5.1.4). */
function assignSids(config: Configuration): void {
  let owner = 0;
  for (const [, body] of [...config.templates, ...config.roles, ...config.buckets, ...config.keys]) {
    owner++;
    let position = 0;
    for (const k of STATEMENT_KEYS) {
      const value = body[k];
      for (const statement of value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]) {
        const mapping = statement as YamlMapping;
        if (mapping.Sid === SID) mapping.Sid = `S${owner}n${position++}`;
      }
    }
  }
}

/**
 * A role whose permission statements list many actions: its inline policy's size spreads across the 10,240
 * character limit (11.6), so compilation succeeds below it and fails with exactly the size error above it.
 */
export const bulkyConfigurations: fc.Arbitrary<Configuration> = fc
  .record({
    accounts,
    // About 30 characters per action: 150 to 600 actions are about 4,500 to 18,000 characters.
    count: fc.integer({ min: 150, max: 600 }),
    suffix: fc.stringMatching(/^[A-Za-z0-9]{0,12}$/),
    statements: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ accounts: list, count, suffix, statements }): Configuration => {
    const actions = Array.from({ length: count }, (_, i) => `svc${i % 7}:Action${i}${suffix}`);
    const per = Math.ceil(count / statements);
    const lists = Array.from({ length: statements }, (_, k) => actions.slice(k * per, (k + 1) * per)).filter((a) => a.length > 0);
    return {
      accounts: list,
      region: "eu-west-1",
      templates: [],
      roles: [["bulky", { allow_to_assume_me: { service: "ec2" }, allow_permission: lists.map((a) => ({ action: a, resource: "*" })) }]],
      buckets: [],
      keys: [],
      removals: [],
    };
  });
