/**
 * The pure heart of `iam-syncr generate`: what the account holds (live.ts) and what the folder already declares
 * in, the definitions to write out, with everything left out and why. No AWS, no files: the command reads the
 * account before and lays out, verifies and writes the files after (generate.ts).
 */
import { compareText } from "../../compiler/values";
import { convertBucket, type GeneratedBucket } from "./buckets";
import { convertKey, type GeneratedKey } from "./keys";
import type { LiveAccount, LiveRole } from "./live";
import { convertRole, isReservedRole, type GeneratedRole } from "./roles";
import type { AccountDirectory } from "./specifiers";
import { chooseTrustTemplates, type TrustTemplate } from "./templates";

/** What the account folder already has; none of it is written again. */
export interface DeclaredNames {
  /** Role identities: the leaf, lower case (DIALECT.md 2.5). */
  readonly roles: ReadonlySet<string>;
  /** Identities of the roles listed in `remove_roles`. */
  readonly removedRoles: ReadonlySet<string>;
  readonly buckets: ReadonlySet<string>;
  /** Alias names without `alias/`. */
  readonly keys: ReadonlySet<string>;
  readonly templates: ReadonlySet<string>;
}

export interface GenerationInput {
  readonly accounts: AccountDirectory;
  readonly declared: DeclaredNames;
  readonly live: LiveAccount;
  readonly mergeInlinePolicies: boolean;
  /** Items that a verification of an earlier attempt found wrong, with why: left out. */
  readonly rejected?: ReadonlyMap<string, readonly string[]>;
}

export interface ItemReasons {
  /** `role ops/ci/runner`, `bucket logs`, `key alias/app`, `bucket logs (its policy)`. */
  readonly item: string;
  readonly reasons: readonly string[];
}

export interface ItemNote {
  readonly item: string;
  readonly note: string;
}

export interface Generation {
  /** Sorted by full name. */
  readonly roles: readonly (GeneratedRole & { readonly use?: string })[];
  readonly templates: readonly TrustTemplate[];
  readonly buckets: readonly GeneratedBucket[];
  readonly keys: readonly GeneratedKey[];
  /** What the dialect cannot express, left out of the YAML. */
  readonly leftOut: readonly ItemReasons[];
  /** What is written, but has parts the stack will leave alone (or replace, with --merge-inline-policies). */
  readonly notes: readonly ItemNote[];
  /** Already in the YAML (or listed in remove_roles): left as they are. */
  readonly alreadyDeclared: readonly string[];
  /** Service-linked and AWS-reserved roles, never written. */
  readonly reserved: readonly string[];
}

export function roleItem(role: LiveRole): string {
  return `role ${role.path.slice(1)}${role.name}`;
}

export const bucketItem = (name: string) => `bucket ${name}`;
export const keyItem = (alias: string) => `key alias/${alias}`;

export function generate(input: GenerationInput): Generation {
  const { accounts, declared, live, rejected } = input;
  const leftOut: ItemReasons[] = [];
  const notes: ItemNote[] = [];
  const alreadyDeclared: string[] = [];
  const reserved: string[] = [];
  const rejectedReasons = (item: string) => rejected?.get(item);

  const roles: GeneratedRole[] = [];
  for (const role of [...live.roles].sort((a, b) => compareText(roleItem(a), roleItem(b)))) {
    const item = roleItem(role);
    const identity = role.name.toLowerCase();
    if (isReservedRole(role)) reserved.push(item);
    else if (declared.roles.has(identity)) alreadyDeclared.push(item);
    else if (declared.removedRoles.has(identity)) leftOut.push({ item, reasons: ["the YAML lists it in remove_roles"] });
    else if (rejectedReasons(item) !== undefined) leftOut.push({ item, reasons: rejectedReasons(item)! });
    else {
      const converted = convertRole(role, accounts, { mergeInlinePolicies: input.mergeInlinePolicies });
      if (!converted.ok) leftOut.push({ item, reasons: converted.reasons });
      else {
        roles.push(converted.value);
        notes.push(...converted.value.notes.map((note) => ({ item, note })));
      }
    }
  }
  roles.sort((a, b) => compareText(a.fullName, b.fullName));

  const buckets: GeneratedBucket[] = [];
  for (const bucket of live.buckets) {
    const item = bucketItem(bucket.name);
    if (declared.buckets.has(bucket.name)) alreadyDeclared.push(item);
    else if (rejectedReasons(item) !== undefined) leftOut.push({ item, reasons: rejectedReasons(item)! });
    else {
      const converted = convertBucket(bucket, accounts);
      if (!converted.ok) leftOut.push({ item, reasons: converted.reasons });
      else {
        buckets.push(converted.value);
        if (converted.value.policyLeftOut.length > 0) {
          leftOut.push({
            item: `${item} (its policy)`,
            reasons: [...converted.value.policyLeftOut, "the bucket is written without statements, so the stack leaves its policy alone (DIALECT.md 7.4.3)"],
          });
        }
        notes.push(...converted.value.notes.map((note) => ({ item, note })));
      }
    }
  }

  const keys: GeneratedKey[] = [];
  const keyIds = new Map<string, string>();
  for (const key of live.keys) {
    const item = keyItem(key.alias);
    if (declared.keys.has(key.alias)) alreadyDeclared.push(item);
    else if (rejectedReasons(item) !== undefined) leftOut.push({ item, reasons: rejectedReasons(item)! });
    else if (key.status === "found" && keyIds.has(`${key.region} ${key.keyId}`)) {
      const other = keyIds.get(`${key.region} ${key.keyId}`)!;
      leftOut.push({ item, reasons: [`it is the same key as alias/${other}, which is written; the dialect declares each key by one alias (DIALECT.md 8.1)`] });
    } else if (key.status === "found" && key.aliases.some((alias) => alias !== key.alias && declared.keys.has(alias))) {
      const other = key.aliases.find((alias) => alias !== key.alias && declared.keys.has(alias))!;
      leftOut.push({ item, reasons: [`it is the same key as alias/${other}, which the YAML declares already; the dialect declares each key by one alias (DIALECT.md 8.1)`] });
    } else {
      const converted = convertKey(key, accounts);
      if (!converted.ok) leftOut.push({ item, reasons: converted.reasons });
      else {
        keys.push(converted.value);
        keyIds.set(`${converted.value.live.region} ${converted.value.live.keyId}`, key.alias);
        notes.push(...converted.value.notes.map((note) => ({ item, note })));
      }
    }
  }

  const templates = chooseTrustTemplates(roles, declared.templates);
  const templateOf = new Map(templates.flatMap((t) => t.roles.map((role) => [role, t.name] as const)));
  return {
    roles: roles.map((role) => (templateOf.has(role.fullName) ? { ...role, use: templateOf.get(role.fullName)! } : role)),
    templates,
    buckets,
    keys,
    leftOut,
    notes,
    alreadyDeclared,
    reserved,
  };
}
