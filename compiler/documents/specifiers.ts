/**
 * Specifiers (DIALECT.md 6.1–6.4): the mappings that stand for ARNs, `{iam: role/x, account: prod}`,
 * `{s3: bucket}`, `{kms: alias}`, `{sns: topic}`, expanded in the order written.
 */
import type { Located } from "../located";
import { Messages } from "../messages";
import { suggestion } from "../suggest";
import { describeValue, isMapping } from "../values";
import { describeDocument, SELF, type DocumentContext } from "./context";

const RESOURCE_TYPES = ["iam", "kms", "sns", "s3"] as const;
type ResourceType = (typeof RESOURCE_TYPES)[number];
const MODIFIERS: Record<ResourceType, readonly string[]> = {
  iam: ["account", "users"],
  kms: ["account", "location"],
  sns: ["account", "location"],
  s3: ["account", "location"],
};
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

/** A resource value (6.1): strings verbatim, mappings expanded; undefined after an error. */
export function expandResources(value: Located, context: DocumentContext): string[] | undefined {
  const out: string[] = [];
  let ok = true;
  for (const item of value.items()) {
    const arns = expandResource(item, context);
    if (arns === undefined) ok = false;
    else out.push(...arns);
  }
  return ok ? out : undefined;
}

function expandResource(item: Located, context: DocumentContext): string[] | undefined {
  if (typeof item.value === "string") return [item.value];
  const mapping = item.asMapping();
  if (mapping === undefined) {
    context.diagnostics.report(Messages.resourceValueInvalid, { found: describeValue(item.value) }, item.site());
    return undefined;
  }
  const keys = Object.keys(mapping.value);
  const types = RESOURCE_TYPES.filter((t) => keys.includes(t));
  if (types.length === 0) {
    const found = keys.length === 0 ? ", found an empty mapping" : `, found ${keys.map((k) => `"${k}"`).join(", ")}`;
    context.diagnostics.report(Messages.resourceTypeUnknown, { found }, item.site());
    return undefined;
  }
  if (types.length > 1) {
    context.diagnostics.report(Messages.resourceTypeAmbiguous, { keys: types.join(", ") }, item.site());
    return undefined;
  }
  const type = types[0];
  let ok = true;
  for (const key of keys) {
    if (key === type || MODIFIERS[type].includes(key)) continue;
    const allowed = type === "s3" ? "no modifiers" : MODIFIERS[type].join(" and ");
    context.diagnostics.report(
      Messages.resourceKeyInvalid,
      { key, type, allowed, suggestion: suggestion(key, [type, ...MODIFIERS[type]]) },
      mapping.child(key).site("key"),
    );
    ok = false;
  }
  if (!ok) return undefined;
  switch (type) {
    case "iam":
      return expandIam(mapping, context);
    case "s3":
      return expandS3(mapping, context);
    case "kms":
    case "sns":
      return expandKmsOrSns(type, mapping, context);
  }
}

/**
 * An iam specifier mapping (6.2.2): for each account (outer) and each name (inner), `__self__`, a literal ARN
 * or `arn:aws:<iam|sts>::<account>:<name>`, each with `/<user>` appended per user when users are given.
 */
export function expandIam(specifier: Located, context: DocumentContext): string[] | undefined {
  const { diagnostics } = context;
  const namesAt = specifier.child("iam");
  const names = stringList(namesAt.value);
  if (names === undefined || names.includes("")) {
    diagnostics.report(Messages.iamNamesInvalid, { found: describeValue(namesAt.value) }, namesAt.site());
    return undefined;
  }
  const usersAt = specifier.get("users");
  let users: string[] = [];
  if (usersAt !== undefined) {
    const list = Array.isArray(usersAt.value) && usersAt.value.length === 0 ? [] : stringList(usersAt.value);
    if (list === undefined) {
      diagnostics.report(Messages.usersInvalid, { found: describeValue(usersAt.value) }, usersAt.site());
      return undefined;
    }
    users = list;
  }
  const accountAt = specifier.child("account");
  const accounts = context.accounts.resolve(accountAt, context.account, diagnostics);
  if (accounts === undefined) return undefined;
  if (names.includes(SELF) && context.kind !== "role") {
    diagnostics.report(Messages.selfNotHere, { specifier: "{iam: __self__}", context: describeDocument(context.kind) }, namesAt.site());
    return undefined;
  }
  const withUsers = (arn: string) => (users.length === 0 ? [arn] : users.map((user) => `${arn}/${user}`));
  const out: string[] = [];
  for (const account of accounts) {
    names.forEach((name, index) => {
      if (name === SELF) out.push(...withUsers(context.roleArn!));
      else if (name.startsWith("arn:")) out.push(name);
      else {
        const arn = `arn:aws:${name.startsWith("assumed-role") ? "sts" : "iam"}::${account}:${name}`;
        context.records?.references.push({ account, name, arn, at: Array.isArray(namesAt.value) ? namesAt.child(index) : namesAt });
        out.push(...withUsers(arn));
      }
    });
  }
  return out;
}

/** `{s3: b}` (6.3): the bucket ARN, and its objects' ARN when `b` has no `/`. */
function expandS3(specifier: Located, context: DocumentContext): string[] | undefined {
  const { diagnostics } = context;
  for (const modifier of ["account", "location"]) {
    const at = specifier.get(modifier);
    if (at !== undefined) diagnostics.report(Messages.modifierIgnored, { modifier }, at.site("key"));
  }
  const namesAt = specifier.child("s3");
  const names = stringList(namesAt.value);
  if (names === undefined || names.includes("")) {
    diagnostics.report(Messages.s3NameInvalid, { found: describeValue(namesAt.value) }, namesAt.site());
    return undefined;
  }
  const out: string[] = [];
  for (const name of names) {
    let bucket = name;
    if (name === SELF) {
      if (context.kind !== "bucket") {
        diagnostics.report(Messages.selfNotHere, { specifier: "{s3: __self__}", context: describeDocument(context.kind) }, namesAt.site());
        return undefined;
      }
      bucket = context.bucket!;
    }
    out.push(`arn:aws:s3:::${bucket}`);
    if (!bucket.includes("/")) out.push(`arn:aws:s3:::${bucket}/*`);
  }
  return out;
}

/** `{kms: …}` and `{sns: …}` (6.4). */
function expandKmsOrSns(type: "kms" | "sns", specifier: Located, context: DocumentContext): string[] | undefined {
  const { diagnostics } = context;
  const accountAt = specifier.child("account");
  const accounts = context.accounts.resolve(accountAt, context.account, diagnostics);
  const sharedLocation = specifier.get("location");
  if (sharedLocation !== undefined && !checkLocation(sharedLocation, context)) return undefined;
  if (accounts === undefined) return undefined;

  const itemsAt = specifier.child(type);
  const items = itemsAt.value === null || itemsAt.value === undefined ? [] : itemsAt.items();
  if (items.length === 0 || (Array.isArray(itemsAt.value) && itemsAt.value.length === 0)) {
    report(`${type} must name ${type === "kms" ? "a key alias" : "a topic"} or a list of them, found ${describeValue(itemsAt.value)}`, itemsAt);
    return undefined;
  }

  // Resolve each item to its resource part and location once; accounts multiply them afterwards.
  const resolved: { resource: string; location: string; self: boolean }[] = [];
  let ok = true;
  for (const item of items) {
    const one = type === "kms" ? kmsItem(item) : snsItem(item);
    if (one === undefined) ok = false;
    else resolved.push(one);
  }
  if (!ok) return undefined;
  // 6.4.1: a key policy names its own key, in A, whatever `account` says.
  if (resolved.some((r) => r.self) && specifier.get("account") !== undefined && accounts.some((a) => a !== context.account)) {
    const others = [...new Set(accounts.filter((a) => a !== context.account))].join(", ");
    diagnostics.report(Messages.kmsSelfAccountIgnored, { others, account: context.account }, specifier.child("account").site("key"));
  }
  const out: string[] = [];
  for (const account of accounts) {
    for (const { resource, location, self } of resolved) {
      out.push(`arn:aws:${type}:${location}:${self ? context.account : account}:${resource}`);
    }
  }
  return out;

  function report(problem: string, at: Located): void {
    diagnostics.report(Messages.kmsItemInvalid, { problem }, at.site());
  }

  /** First that is set: the item's own location, the mapping's, the key's own (key policies), R. */
  function locationFor(itemLocation: Located | undefined, at: Located): string | undefined {
    if (itemLocation !== undefined) return checkLocation(itemLocation, context) ? (itemLocation.value as string) : undefined;
    if (sharedLocation !== undefined) return sharedLocation.value as string;
    const own = context.kind === "key" ? context.key?.location : undefined;
    if (own !== undefined) return own;
    if (context.region === undefined) {
      diagnostics.report(Messages.locationMissing, { type }, at.site());
      return undefined;
    }
    if (!REGION_PATTERN.test(context.region)) {
      diagnostics.report(Messages.defaultRegionInvalid, { region: context.region }, at.site());
      return undefined;
    }
    return context.region;
  }

  function kmsItem(item: Located): { resource: string; location: string; self: boolean } | undefined {
    if (item.value === SELF) {
      if (context.kind !== "key") {
        diagnostics.report(Messages.selfNotHere, { specifier: "{kms: __self__}", context: describeDocument(context.kind) }, item.site());
        return undefined;
      }
      // A key without a location has its own error already (8.2).
      const location = context.key!.location;
      return location === undefined ? undefined : { resource: `alias/${context.key!.alias}`, location, self: true };
    }
    if (typeof item.value === "string") {
      if (!checkAlias(item.value, item)) return undefined;
      const location = locationFor(undefined, item);
      return location === undefined ? undefined : { resource: `alias/${item.value}`, location, self: false };
    }
    const mapping = item.asMapping();
    if (mapping === undefined) {
      report(`a kms item must be an alias name or a mapping with alias or key_id, found ${describeValue(item.value)}`, item);
      return undefined;
    }
    for (const key of Object.keys(mapping.value)) {
      if (!["alias", "key_id", "location"].includes(key)) {
        diagnostics.report(
          Messages.resourceKeyInvalid,
          { key, type: "kms item", allowed: "alias or key_id, and location", suggestion: suggestion(key, ["alias", "key_id", "location"]) },
          mapping.child(key).site("key"),
        );
        return undefined;
      }
    }
    const alias = mapping.get("alias");
    const keyId = mapping.get("key_id");
    if ((alias === undefined) === (keyId === undefined)) {
      report("a kms item mapping needs exactly one of alias and key_id", item);
      return undefined;
    }
    const given = (alias ?? keyId)!;
    if (typeof given.value !== "string" || given.value === "") {
      report(`${alias ? "alias" : "key_id"} must be a non-empty string, found ${describeValue(given.value)}`, given);
      return undefined;
    }
    if (alias !== undefined && !checkAlias(given.value, given)) return undefined;
    const location = locationFor(mapping.get("location"), item);
    if (location === undefined) return undefined;
    return { resource: `${alias ? "alias" : "key"}/${given.value}`, location, self: false };
  }

  function snsItem(item: Located): { resource: string; location: string; self: boolean } | undefined {
    if (typeof item.value !== "string" || item.value === "") {
      diagnostics.report(Messages.snsTopicInvalid, { found: describeValue(item.value) }, item.site());
      return undefined;
    }
    if (item.value === SELF) {
      diagnostics.report(Messages.selfNotHere, { specifier: "{sns: __self__}", context: "any document" }, item.site());
      return undefined;
    }
    const location = locationFor(undefined, item);
    return location === undefined ? undefined : { resource: item.value, location, self: false };
  }

  function checkAlias(alias: string, at: Located): boolean {
    if (!alias.startsWith("alias/")) return true;
    diagnostics.report(Messages.kmsAliasPrefix, { alias, bare: alias.slice("alias/".length) }, at.site());
    return false;
  }
}

/** A location must look like a region (6.4.3). */
export function checkLocation(location: Located, context: DocumentContext): boolean {
  if (typeof location.value === "string" && REGION_PATTERN.test(location.value)) return true;
  context.diagnostics.report(Messages.locationInvalid, { location: typeof location.value === "string" ? location.value : describeValue(location.value) }, location.site());
  return false;
}

/** A string or a list of strings, as a list; undefined for anything else. */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

/** An ARN and the value it was written as. */
export interface LocatedArn {
  arn: string;
  at: Located;
}

/**
 * Where an ARN is required (grantee, retiree, permissions boundary, managed policies, 6.2.1): each item an ARN
 * string or an iam specifier. Every item is checked; `ok` says whether all were valid.
 */
export function expandArns(items: readonly Located[], context: DocumentContext, what: string): { arns: LocatedArn[]; ok: boolean } {
  const out: LocatedArn[] = [];
  let ok = true;
  for (const item of items) {
    if (typeof item.value === "string") {
      if (item.value.startsWith("arn:")) out.push({ arn: item.value, at: item });
      else {
        context.diagnostics.report(Messages.arnRequired, { what, value: item.value }, item.site());
        ok = false;
      }
    } else if (isMapping(item.value) && "iam" in item.value) {
      const extra = Object.keys(item.value).filter((k) => !["iam", "account", "users"].includes(k));
      for (const key of extra) {
        context.diagnostics.report(
          Messages.resourceKeyInvalid,
          { key, type: "iam", allowed: "account and users", suggestion: suggestion(key, ["iam", "account", "users"]) },
          item.child(key).site("key"),
        );
      }
      const arns = extra.length > 0 ? undefined : expandIam(item, context);
      if (arns === undefined) ok = false;
      else out.push(...arns.map((arn) => ({ arn, at: item })));
    } else {
      context.diagnostics.report(Messages.iamRequired, { what, found: describeValue(item.value) }, item.site());
      ok = false;
    }
  }
  return { arns: out, ok };
}
