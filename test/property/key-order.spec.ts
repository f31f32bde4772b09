/**
 * Property test: key order at every level of every document (DIALECT.md 13.1, 13.2), against a model written
 * here from the text of 13.2 and 5.2, 5.3, 6.5, 8.3, independently of the compiler:
 * - a document: `Version`, `Statement`;
 * - a statement: its pass-through keys in input order, then the keys the algorithm adds, in step order (trust:
 *   `Principal`/`NotPrincipal`, `Action`, `Effect`, `Sid`; permission: `Effect`, `Action`, `NotAction`,
 *   `Resource`, `NotResource`, `Principal`, `NotPrincipal`, `Action` (federated), `Sid` (buckets); a key's root
 *   and admin statements: `Sid`, `Effect`, `Action`, `Resource`, `Principal`); a key that already exists keeps its
 *   position;
 * - a principal mapping: its pass-through entries in input order, then `Service`, `Federated`, `AWS` in order of
 *   first addition;
 * - a `Condition`, at every depth: exactly as written.
 * Statements are generated with their pass-through and lower-case keys interleaved at random, which must not
 * matter. Keys that look like array indexes ("10") are not generated: a JavaScript object puts those first
 * whatever the input order, so the compiler cannot keep their order (a known limit, reported separately).
 */
import { expect } from "chai";
import fc from "fast-check";
import { formatDiagnostic, type PolicyDocument } from "../../compiler";
import type { Yaml, YamlMapping } from "./generators";
import { compileFiles, dump, Shuffler } from "./layout";
import { runs } from "./settings";

/** The key order of every mapping in a value, as a tree; arrays keep the items that hold mappings. */
type Skeleton = { keys: string[]; children: Record<string, Skeleton> } | Skeleton[];

function skeletonOf(value: unknown): Skeleton | null {
  if (Array.isArray(value)) {
    const items = value.map(skeletonOf).filter((s): s is Skeleton => s !== null);
    return items.length === 0 ? null : items;
  }
  if (value === null || typeof value !== "object") return null;
  const children: Record<string, Skeleton> = {};
  for (const [key, item] of Object.entries(value)) {
    const child = skeletonOf(item);
    if (child !== null) children[key] = child;
  }
  return { keys: Object.keys(value), children };
}

const ACCOUNT_ID = "012345678901";
const ARN = `arn:aws:iam::${ACCOUNT_ID}:root`;
const SAML = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/corp`;

// Conditions: operators and keys in any order, values of every YAML type, sometimes a mapping one level deeper.

const conditionKey = fc.oneof(
  fc.constantFrom("aws:SourceAccount", "s3:prefix", "aws:PrincipalTag/team", "kms:ViaService", "Zeta", "alpha", "aws:username", "ec2:Region"),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9:/_-]{0,10}$/),
);
const conditionOperator = fc.oneof(
  fc.constantFrom("StringEquals", "StringLike", "ArnLike", "Bool", "NumericLessThan", "ForAnyValue:StringLike", "IpAddress", "Null", "DateGreaterThan"),
  fc.stringMatching(/^[A-Z][A-Za-z:]{0,15}$/),
);
const scalar: fc.Arbitrary<Yaml> = fc.oneof(fc.stringMatching(/^[a-z0-9 ./*-]{0,8}$/), fc.integer({ min: 0, max: 999 }), fc.boolean(), fc.constant(null));
const conditionValue: fc.Arbitrary<Yaml> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Yaml> },
  { weight: 1, arbitrary: fc.dictionary(conditionKey, scalar, { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<Yaml> },
);
const condition: fc.Arbitrary<YamlMapping> = fc.dictionary(conditionOperator, fc.dictionary(conditionKey, conditionValue, { minKeys: 1, maxKeys: 4 }), {
  minKeys: 1,
  maxKeys: 3,
}) as fc.Arbitrary<YamlMapping>;

// Principals (6.5): a pass-through mapping, and instructions whose keys come in any order.

type PrincipalEntry = "Service" | "Federated" | "AWS" | "CanonicalUser";
const PASS_VALUES: Record<PrincipalEntry, string> = { Service: "ec2.amazonaws.com", Federated: SAML, AWS: ARN, CanonicalUser: "79a59df900b949e55d96a1e698fbace" };
const INSTRUCTION_VALUES: Record<string, Yaml> = { service: "lambda", federated: SAML, iam: "role/deployer" };
const ADDED_BY: Record<string, PrincipalEntry> = { service: "Service", federated: "Federated", iam: "AWS" };

/** A mapping instruction (its keys in the drawn order) or an ARN string. */
type Instruction = string[] | "arn";
const instruction: fc.Arbitrary<Instruction> = fc.oneof(
  { weight: 4, arbitrary: fc.shuffledSubarray(["service", "federated", "iam"], { minLength: 1 }) },
  { weight: 1, arbitrary: fc.constant("arn" as const) },
);

function instructionYaml(item: Instruction): Yaml {
  return item === "arn" ? ARN : Object.fromEntries(item.map((key) => [key, INSTRUCTION_VALUES[key]]));
}

/** 6.5.2: entries already there keep their place; the others follow in order of first addition. */
function principalKeys(passThrough: PrincipalEntry[], instructions: Instruction[]): string[] {
  const keys: string[] = [...passThrough];
  for (const item of instructions) {
    const added = item === "arn" ? ["AWS" as const] : (["service", "federated", "iam"] as const).filter((k) => item.includes(k)).map((k) => ADDED_BY[k]);
    for (const key of added) if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

const mentionsFederated = (instructions: Instruction[]) => instructions.some((item) => item !== "arn" && item.includes("federated"));

/** A generated statement: its YAML (keys in a random interleaving) and the skeleton 13.2 prescribes. */
interface Case {
  yaml: YamlMapping;
  expected: Skeleton;
}

/** Pass-through keys keep their relative order; lower-case keys go anywhere among them (seeded). */
function interleave(passThrough: [string, Yaml][], lower: [string, Yaml][], seed: number): YamlMapping {
  const shuffler = new Shuffler(seed);
  const rest = shuffler.shuffle(lower);
  const out: YamlMapping = {};
  let p = 0;
  let l = 0;
  while (p < passThrough.length || l < rest.length) {
    const [key, value] = l < rest.length && (p === passThrough.length || shuffler.below(2) === 0) ? rest[l++] : passThrough[p++];
    out[key] = value;
  }
  return out;
}

function statementSkeleton(keys: string[], condition: YamlMapping | null, principal: { key: string; keys: string[] } | null): Skeleton {
  const children: Record<string, Skeleton> = {};
  for (const key of keys) {
    if (key === "Condition" && condition !== null) children.Condition = skeletonOf(condition) as Skeleton;
    if (principal !== null && key === principal.key) children[key] = { keys: principal.keys, children: {} };
  }
  return { keys, children };
}

/** 5.2: one trust statement; `target` is Principal (allow_to_assume_me) or NotPrincipal (disallow_to_assume_me). */
function trustStatement(target: "Principal" | "NotPrincipal"): fc.Arbitrary<Case> {
  return fc
    .record({
      order: fc.shuffledSubarray(["Sid", "Condition", "Effect", "Action", target] as string[]),
      notAction: fc.boolean(),
      condition,
      effect: fc.constantFrom("Allow", "Deny"),
      passEntries: fc.shuffledSubarray(["AWS", "Service", "Federated"] as PrincipalEntry[], { minLength: 1 }),
      lower: fc.subarray(["service", "federated", "iam"]),
      seed: fc.integer(),
    })
    .filter(({ order, lower }) => order.includes(target) || lower.length > 0)
    .map(({ order, notAction, condition: written, effect, passEntries, lower, seed }) => {
      const values: Record<string, Yaml> = {
        Sid: "S0",
        Condition: written,
        Effect: effect,
        Action: ["sts:AssumeRole", "sts:TagSession"],
        [target]: Object.fromEntries(passEntries.map((e) => [e, PASS_VALUES[e]])),
      };
      // The pass-through keys as written; an Action key may be written NotAction.
      const passThrough = order.map((key): [string, Yaml] => [key === "Action" && notAction ? "NotAction" : key, values[key]]);
      const has = (key: string) => passThrough.some(([k]) => k === key);
      const keys = passThrough.map(([k]) => k);
      if (!has(target)) keys.push(target);
      if (!has("Action") && !has("NotAction")) keys.push("Action");
      if (!has("Effect")) keys.push("Effect");
      if (!has("Sid")) keys.push("Sid");
      const instructions: Instruction[] = lower.length > 0 ? [lower] : [];
      const yaml = interleave(passThrough, lower.map((k) => [k, INSTRUCTION_VALUES[k]]), seed);
      return {
        yaml,
        expected: statementSkeleton(keys, has("Condition") ? written : null, { key: target, keys: principalKeys(has(target) ? passEntries : [], instructions) }),
      };
    });
}

type Place = "role" | "bucket" | "key";

/** 5.3: one permission statement of `list`; buckets and keys take a principal, buckets get a Sid. */
function permissionStatement(place: Place, list: "permission" | "allow_permission" | "deny_permission"): fc.Arbitrary<Case> {
  const principalKinds = place === "role" ? ["none"] : ["Principal", "NotPrincipal"];
  return fc
    .record({
      order: fc.shuffledSubarray(["Sid", "Condition", "Effect", "Action", "Resource"]),
      notAction: fc.boolean(),
      notResource: fc.boolean(),
      condition,
      effect: fc.constantFrom("Allow", "Deny"),
      allow: fc.option(fc.boolean(), { nil: undefined }),
      lowerAction: fc.boolean(),
      lowerResource: fc.boolean(),
      principalKind: fc.constantFrom(...principalKinds),
      passPrincipal: fc.option(fc.shuffledSubarray(["AWS", "Service", "CanonicalUser"] as PrincipalEntry[], { minLength: 1 }), { nil: undefined }),
      instructions: fc.array(instruction, { maxLength: 3 }),
      seed: fc.integer(),
    })
    .filter((c) => {
      const federated = c.principalKind !== "none" && mentionsFederated(c.instructions);
      const effectGiven = list !== "permission" || c.order.includes("Effect") || c.allow !== undefined;
      const actionGiven = c.order.includes("Action") || c.lowerAction || federated;
      const resourceGiven = c.order.includes("Resource") || c.lowerResource;
      const principalGiven = c.principalKind === "none" || c.passPrincipal !== undefined || c.instructions.length > 0;
      return effectGiven && actionGiven && resourceGiven && principalGiven;
    })
    .map((c) => {
      const target = c.principalKind;
      const action = c.notAction ? "NotAction" : "Action";
      const resource = c.notResource ? "NotResource" : "Resource";
      const values: Record<string, Yaml> = {
        Sid: "S0",
        Condition: c.condition,
        Effect: c.effect,
        [action]: "s3:GetObject",
        [resource]: "arn:aws:s3:::assets/*",
      };
      const written = c.order.map((key) => (key === "Action" ? action : key === "Resource" ? resource : key));
      const passThrough: [string, Yaml][] = written.map((key) => [key, values[key]]);
      if (target !== "none" && c.passPrincipal !== undefined) {
        // A pass-through principal at a random place among the other pass-through keys.
        const at = new Shuffler(c.seed).below(passThrough.length + 1);
        passThrough.splice(at, 0, [target, Object.fromEntries(c.passPrincipal.map((e) => [e, PASS_VALUES[e]]))]);
      }
      const lower: [string, Yaml][] = [];
      if (c.allow !== undefined) lower.push(["allow", c.allow]);
      if (c.lowerAction) lower.push([action.toLowerCase(), ["s3:PutObject", "s3:GetObject"]]);
      if (c.lowerResource) lower.push([resource.toLowerCase(), { s3: "logs" }]);
      if (target !== "none" && c.instructions.length > 0) {
        lower.push([target.toLowerCase(), c.instructions.length === 1 ? instructionYaml(c.instructions[0]) : c.instructions.map(instructionYaml)]);
      }

      const has = (key: string) => passThrough.some(([k]) => k === key);
      const keys = passThrough.map(([k]) => k);
      const add = (key: string, when: boolean) => {
        if (when && !keys.includes(key)) keys.push(key);
      };
      add("Effect", true);
      add(action, c.lowerAction);
      add(resource, c.lowerResource);
      if (target !== "none") add(target, c.instructions.length > 0);
      add("Action", target !== "none" && mentionsFederated(c.instructions) && !keys.includes("NotAction"));
      add("Sid", place === "bucket");
      const principal = target === "none" ? null : { key: target, keys: principalKeys(has(target) ? (c.passPrincipal ?? []) : [], c.instructions) };
      return { yaml: interleave(passThrough, lower, c.seed), expected: statementSkeleton(keys, has("Condition") ? c.condition : null, principal) };
    });
}

/** Statements of a document, with a unique Sid where one is written (5.1.4). */
function numbered(cases: Case[]): Case[] {
  return cases.map((c, i) => ({ ...c, yaml: "Sid" in c.yaml ? { ...c.yaml, Sid: `S${i}` } : c.yaml }));
}

const permissionLists = (place: Place) =>
  fc.record({
    permission: fc.array(permissionStatement(place, "permission"), { maxLength: 2 }),
    allow_permission: fc.array(permissionStatement(place, "allow_permission"), { maxLength: 2 }),
    deny_permission: fc.array(permissionStatement(place, "deny_permission"), { maxLength: 2 }),
  });

const account = fc.record({
  trust: fc.record({
    allow_to_assume_me: fc.array(trustStatement("Principal"), { minLength: 1, maxLength: 3 }),
    disallow_to_assume_me: fc.array(trustStatement("NotPrincipal"), { maxLength: 2 }),
  }),
  inline: permissionLists("role"),
  bucket: permissionLists("bucket").filter((lists) => Object.values(lists).some((l) => l.length > 0)),
  key: permissionLists("key"),
  admins: fc.option(fc.array(instruction, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  style: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

type Lists = Record<string, Case[]>;

/** The statements of each list, numbered across the document in document order (4.6, 4.7, 7.3, 8.3). */
function documentCases(lists: Lists, order: string[]): { yaml: YamlMapping; statements: Skeleton[] } {
  const all = numbered(order.flatMap((list) => lists[list]));
  const yaml: YamlMapping = {};
  let i = 0;
  for (const list of order) {
    const cases = all.slice(i, i + lists[list].length);
    i += lists[list].length;
    if (cases.length > 0) yaml[list] = cases.map((c) => c.yaml);
  }
  return { yaml, statements: all.map((c) => c.expected) };
}

const documentSkeleton = (statements: Skeleton[]): Skeleton => ({ keys: ["Version", "Statement"], children: { Statement: statements } });

/** 8.3: the root and admin statements, built from {Sid, principal, action, resource}. */
function keyStatement(instructions: Instruction[]): Skeleton {
  return { keys: ["Sid", "Effect", "Action", "Resource", "Principal"], children: { Principal: { keys: principalKeys([], instructions), children: {} } } };
}

const PERMISSION_ORDER = ["permission", "allow_permission", "deny_permission"];

describe("property: key order at every level of every document (13.1, 13.2)", function () {
  this.timeout(60_000);

  it("follows the model of 13.2 in trust, inline, bucket and key policies, whatever order the YAML keys were written in", () => {
    fc.assert(
      fc.property(account, (drawn) => {
        const trust = documentCases(drawn.trust, ["allow_to_assume_me", "disallow_to_assume_me"]);
        const inline = documentCases(drawn.inline, PERMISSION_ORDER);
        const bucket = documentCases(drawn.bucket, PERMISSION_ORDER);
        const key = documentCases(drawn.key, PERMISSION_ORDER);
        const files = {
          "accounts.yaml": `sandbox: "${ACCOUNT_ID}"\n`,
          "sandbox/main.yaml": dump(
            {
              roles: { web: { ...trust.yaml, ...inline.yaml } },
              buckets: { "shop-assets": bucket.yaml },
              keys: {
                "shop/data": {
                  description: "Shop data",
                  ...(drawn.admins !== undefined && { admin_users: drawn.admins.map(instructionYaml) }),
                  ...key.yaml,
                },
              },
            },
            new Shuffler(drawn.style),
          ),
        };
        const result = compileFiles(files, "sandbox", "eu-west-1");
        if (!result.ok) throw new Error(`${result.diagnostics.map(formatDiagnostic).join("\n")}\n${files["sandbox/main.yaml"]}`);
        const role = result.plan.roles.web;
        const expectOrder = (document: PolicyDocument | null, statements: Skeleton[], what: string) => {
          expect(skeletonOf(document), `${what}\n${files["sandbox/main.yaml"]}`).to.deep.equal(documentSkeleton(statements));
        };
        expectOrder(role.trustPolicy, trust.statements, "trust policy");
        if (inline.statements.length === 0) expect(role.policy).to.equal(null);
        else expectOrder(role.policy, inline.statements, "inline policy");
        expectOrder(result.plan.buckets["shop-assets"].policy, bucket.statements, "bucket policy");
        const keyStatements = [keyStatement(["arn"]), ...(drawn.admins !== undefined ? [keyStatement(drawn.admins)] : []), ...key.statements];
        expectOrder(result.plan.keys["shop/data"].policy, keyStatements, "key policy");
      }),
      runs(100),
    );
  });
});
