/**
 * ARNs back to specifiers (DIALECT.md §6), the readable form of what the compiler expands: `{iam: role/x,
 * account: live}` for an account of accounts.yaml, `{s3: bucket}` for a bucket and its objects, `{kms: alias,
 * location: …}`, `{sns: topic, location: …}`, `{service: ec2}`. A value is turned into a specifier only when the
 * specifier expands to exactly that value; anything else is written verbatim, which the dialect always allows
 * for resources and ARNs.
 */
import { REGION_PATTERN } from "../../compiler/documents/specifiers";
import type { Mapping } from "../../compiler/values";

/** The accounts of accounts.yaml, as the conversion needs them. */
export interface AccountDirectory {
  /** A: the account being generated. */
  readonly self: string;
  /** The name to write for a known account id (the first name accounts.yaml gives it); undefined if unknown. */
  nameOf(id: string): string | undefined;
}

/** What `__self__` stands for in the document being converted (6.2–6.4). */
export interface SelfContext {
  readonly kind: "role" | "bucket" | "key";
  readonly roleArn?: string;
  readonly bucket?: string;
  readonly key?: { readonly alias: string; readonly location: string };
}

export const SELF = "__self__";
const IAM_ARN = /^arn:aws:(iam|sts)::([0-9]{12}):(.+)$/s;
const ACCOUNT_ID = /^[0-9]{12}$/;
const SERVICE_WORD = /^[a-z0-9][a-z0-9-]*$/;

/** One `{iam: names, account: …}` and the ARNs it stands for, or an ARN written as it is. */
type IamPart = { readonly kind: "specifier"; readonly names: string[]; readonly accounts: string[] } | { readonly kind: "literal"; readonly arn: string };

/** `arn:aws:iam::<id>:<name>` (or `sts` for `assumed-role…`) of a known account, as the name and account it expands from. */
function iamReference(arn: string, accounts: AccountDirectory): { account: string; name: string } | undefined {
  const match = IAM_ARN.exec(arn);
  if (match === null) return undefined;
  const [, service, account, name] = match;
  // The compiler picks the service from the name: only `assumed-role…` names are sts ARNs.
  if ((service === "sts") !== name.startsWith("assumed-role")) return undefined;
  if (name === SELF || name.startsWith("arn:")) return undefined;
  if (account !== accounts.self && accounts.nameOf(account) === undefined) return undefined;
  return { account, name };
}

/** The `account` value for a list of account ids: absent for this account alone, else names. */
function accountValue(ids: readonly string[], accounts: AccountDirectory): string | string[] | undefined {
  if (ids.length === 1 && ids[0] === accounts.self) return undefined;
  const names = ids.map((id) => (id === accounts.self ? accounts.nameOf(id) ?? id : accounts.nameOf(id)!));
  return names.length === 1 ? names[0] : names;
}

/**
 * IAM ARNs as specifiers: the names of each account together, accounts with the same names together, this
 * account's first (with `__self__` for the role's own ARN); ARNs of unknown accounts or of other shapes verbatim.
 */
function iamParts(arns: readonly string[], accounts: AccountDirectory, self: SelfContext): IamPart[] {
  const namesByAccount = new Map<string, string[]>();
  const literals: string[] = [];
  for (const arn of arns) {
    if (self.roleArn !== undefined && arn === self.roleArn) {
      namesByAccount.set(accounts.self, [...(namesByAccount.get(accounts.self) ?? []), SELF]);
      continue;
    }
    const reference = iamReference(arn, accounts);
    if (reference === undefined) literals.push(arn);
    else namesByAccount.set(reference.account, [...(namesByAccount.get(reference.account) ?? []), reference.name]);
  }
  const parts: IamPart[] = [];
  const own = namesByAccount.get(accounts.self);
  if (own !== undefined) parts.push({ kind: "specifier", names: own, accounts: [accounts.self] });
  // Other accounts whose names are the same share one specifier: `{iam: root, account: [live, shared]}`.
  const byNames = new Map<string, { names: string[]; accounts: string[] }>();
  for (const [account, names] of namesByAccount) {
    if (account === accounts.self) continue;
    const key = JSON.stringify(names);
    const group = byNames.get(key);
    if (group === undefined) byNames.set(key, { names, accounts: [account] });
    else group.accounts.push(account);
  }
  for (const group of byNames.values()) parts.push({ kind: "specifier", ...group });
  parts.push(...literals.map((arn): IamPart => ({ kind: "literal", arn })));
  return parts;
}

function iamSpecifier(part: { names: readonly string[]; accounts: readonly string[] }, accounts: AccountDirectory): Mapping {
  const specifier: Mapping = { iam: oneOrList(part.names) };
  const account = accountValue(part.accounts, accounts);
  if (account !== undefined) specifier.account = account;
  return specifier;
}

/**
 * The single `iam` instruction of a trust statement (a trust statement is one principal instruction, 5.2): the
 * group of names that stands for the most ARNs (this account's on a tie) with its `account`, every other ARN
 * verbatim in the same list (a literal ARN ignores `account`).
 */
export function trustIam(arns: readonly string[], accounts: AccountDirectory, self: SelfContext): Mapping {
  const parts = iamParts(arns, accounts, self);
  let chosen: Extract<IamPart, { kind: "specifier" }> | undefined;
  for (const part of parts) {
    if (part.kind !== "specifier") continue;
    if (chosen === undefined || part.names.length * part.accounts.length > chosen.names.length * chosen.accounts.length) chosen = part;
  }
  if (chosen === undefined) return { iam: oneOrList(parts.map((p) => (p as { arn: string }).arn)) };
  const names: string[] = [...chosen.names];
  for (const part of parts) {
    if (part === chosen) continue;
    if (part.kind === "literal") names.push(part.arn);
    else for (const account of part.accounts) for (const name of part.names) names.push(name === SELF ? self.roleArn! : arnOf(account, name));
  }
  return iamSpecifier({ names, accounts: chosen.accounts }, accounts);
}

function arnOf(account: string, name: string): string {
  return `arn:aws:${name.startsWith("assumed-role") ? "sts" : "iam"}::${account}:${name}`;
}

/** An ARN where the dialect requires one (boundary, managed policy, grantee, retiree): a specifier or the ARN. */
export function arnValue(arn: string, accounts: AccountDirectory): string | Mapping {
  const reference = iamReference(arn, accounts);
  return reference === undefined ? arn : iamSpecifier({ names: [reference.name], accounts: [reference.account] }, accounts);
}

/** An AWS principal entry can be written with specifiers when every value is an ARN (or an account id). */
export function awsPrincipalArns(values: readonly string[]): string[] | undefined {
  const arns = values.map((v) => (ACCOUNT_ID.test(v) ? `arn:aws:iam::${v}:root` : v));
  return arns.every((arn) => arn.startsWith("arn:")) ? arns : undefined;
}

/** `ec2.amazonaws.com` → `ec2`; dotted values as written; undefined when `service` cannot give the value. */
export function serviceValues(values: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const value of values) {
    if (value.endsWith(".amazonaws.com")) {
      const word = value.slice(0, -".amazonaws.com".length);
      if (SERVICE_WORD.test(word)) {
        out.push(word);
        continue;
      }
    }
    if (!value.includes(".")) return undefined;
    out.push(value);
  }
  return out;
}

/** Federated values: provider ARNs of known accounts as iam specifiers, anything else verbatim (6.5.4). */
export function federatedValues(values: readonly string[], accounts: AccountDirectory): (string | Mapping)[] {
  const arns = values.filter((v) => iamReference(v, accounts) !== undefined);
  const others = values.filter((v) => iamReference(v, accounts) === undefined);
  const parts = iamParts(arns, accounts, { kind: "role" });
  return [...parts.map((p) => (p.kind === "literal" ? p.arn : iamSpecifier(p, accounts))), ...others];
}

/** AWS principal ARNs as instructions of `principal:` (6.5): specifiers, and ARN strings as they are. */
export function principalInstructions(arns: readonly string[], accounts: AccountDirectory, self: SelfContext): (string | Mapping)[] {
  return iamParts(arns, accounts, self).map((p) => (p.kind === "literal" ? p.arn : iamSpecifier(p, accounts)));
}

/**
 * Resource values (6.1): `{s3: b}` for a bucket with its objects, `{s3: b/prefix/*}`, `{kms: alias, location}`,
 * `{sns: topic, location}`, iam specifiers, and every other value verbatim. Each specifier is written where its
 * first value was.
 */
export function resourceValues(values: readonly string[], accounts: AccountDirectory, self: SelfContext): (string | Mapping)[] {
  const slots: (string | (() => (string | Mapping)[]))[] = [];
  const grouped = new Map<string, string[]>();
  /** Adds `name` to the specifier `key`, which is written where its first name came. */
  const addTo = (key: string, name: string, build: (names: string[]) => (string | Mapping)[]) => {
    const names = grouped.get(key);
    if (names !== undefined) return void names.push(name);
    const fresh = [name];
    grouped.set(key, fresh);
    slots.push(() => build(fresh));
  };
  const s3 = (names: string[]) => [{ s3: oneOrList(names) }];
  const present = new Set(values);
  for (const value of values) {
    const s3Name = value.startsWith(S3_PREFIX) ? value.slice(S3_PREFIX.length) : undefined;
    if (s3Name !== undefined && s3Name !== "") {
      const bucketLevel = !s3Name.includes("/");
      if (bucketLevel && present.has(`${value}/*`)) {
        // A bucket and its objects: `{s3: b}` gives both.
        addTo("s3", self.kind === "bucket" && s3Name === self.bucket ? SELF : s3Name, s3);
        continue;
      }
      if (!bucketLevel) {
        const bucket = s3Name.slice(0, -2);
        if (s3Name.endsWith("/*") && !bucket.includes("/") && bucket !== "" && present.has(`${S3_PREFIX}${bucket}`)) continue; // written by its bucket
        addTo("s3", s3Name, s3);
        continue;
      }
    }
    const regional = REGIONAL_ARN.exec(value);
    if (regional !== null) {
      const [, type, location, account, resource] = regional;
      const name = type === "kms" ? (resource.startsWith("alias/") ? resource.slice("alias/".length) : undefined) : resource;
      const ownKey = self.kind === "key" && self.key !== undefined;
      if (type === "kms" && ownKey && account === accounts.self && location === self.key!.location && name === self.key!.alias) {
        addTo("kms self", SELF, () => [{ kms: SELF }]);
        continue;
      }
      const known = account === accounts.self || accounts.nameOf(account) !== undefined;
      const usable = name !== undefined && name !== "" && name !== SELF && !(type === "kms" && name.startsWith("alias/"));
      if (known && usable && REGION_PATTERN.test(location)) {
        addTo(`${type} ${location} ${account}`, name, (names) => {
          const specifier: Mapping = { [type]: oneOrList(names), location };
          const accountName = accountValue([account], accounts);
          if (accountName !== undefined) specifier.account = accountName;
          return [specifier];
        });
        continue;
      }
    }
    if (/^arn:aws:(iam|sts)::/.test(value)) {
      addTo("iam", value, (arns) => iamParts(arns, accounts, self).map((p) => (p.kind === "literal" ? p.arn : iamSpecifier(p, accounts))));
      continue;
    }
    slots.push(value);
  }
  return slots.flatMap((slot) => (typeof slot === "string" ? [slot] : slot()));
}

const S3_PREFIX = "arn:aws:s3:::";
const REGIONAL_ARN = /^arn:aws:(kms|sns):([^:]*):([0-9]{12}):(.+)$/s;

/** A one-item list is written as the item (the compiler listifies it again). */
export function oneOrList<T>(items: readonly T[]): T | T[] {
  return items.length === 1 ? items[0] : [...items];
}
