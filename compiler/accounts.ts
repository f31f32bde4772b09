/**
 * accounts.yaml (DIALECT.md 1.5) and account references (1.6): names map to 12-digit ids, and an `account`
 * modifier anywhere in the dialect resolves against them.
 */
import * as fs from "node:fs";
import { deployRoleArnFor, readDeployRole, type DeployRole } from "./deploy-role";
import type { Diagnostics, Site } from "./diagnostics";
import type { Located } from "./located";
import { Messages } from "./messages";
import { Origin, YamlPath } from "./source/location";
import { withoutComments } from "./source/code-text";
import { parseSourceFile, readSourceFile } from "./source/load";
import { SourceFile } from "./source/source-file";
import { suggestion } from "./suggest";
import { compareText, describeValue, hasOwn, isMapping, quote } from "./values";

export interface Account {
  name: string;
  id: string;
  /** The account's own quotas, where accounts.yaml declares them (1.5.4). */
  limits: AccountLimits;
  /** The groups the account belongs to, for selecting accounts in `_shared` (1.5.4, 14.3). */
  groups: readonly string[];
  /** The role iam-syncr assumes in the account (`deploy_role`, docs/credentials.md); null: the credentials as they are. */
  deployRoleArn: string | null;
}

export interface AccountLimits {
  /** AssumeRolePolicySizeQuota: 2,048 by default, raised on request up to 4,096. */
  trustPolicySize?: number;
}

/** A Map, not an object: a key the user wrote (`toString`, `__proto__`) must not find Object's own properties. */
const LIMIT_KEYS = new Map<string, { field: keyof AccountLimits; min: number; max: number }>([
  ["trust_policy_size", { field: "trustPolicySize", min: 2048, max: 4096 }],
]);

const ACCOUNT_NAME = /^[A-Za-z0-9_.-]+$/;
const TWELVE_DIGITS = /^[0-9]{12}$/;

export class Accounts {
  private readonly idsByName = new Map<string, string>();
  private readonly limitsByName = new Map<string, AccountLimits>();
  private readonly deployRolesByName = new Map<string, string | null>();
  private readonly ids = new Set<string>();
  /** Group name → its accounts, in accounts.yaml order. */
  private readonly membersByGroup = new Map<string, string[]>();

  constructor(
    readonly file: SourceFile,
    entries: readonly Account[],
  ) {
    for (const { name, id, limits, groups, deployRoleArn } of entries) {
      this.idsByName.set(name, id);
      this.limitsByName.set(name, limits);
      this.deployRolesByName.set(name, deployRoleArn);
      this.ids.add(id);
      for (const group of groups) {
        const members = this.membersByGroup.get(group) ?? [];
        if (!members.includes(name)) members.push(name);
        this.membersByGroup.set(group, members);
      }
    }
  }

  /** The group names of accounts.yaml, sorted. */
  groups(): string[] {
    return [...this.membersByGroup.keys()].sort(compareText);
  }

  /** The accounts of a group, in accounts.yaml order; undefined when no account is in that group. */
  membersOf(group: string): readonly string[] | undefined {
    return this.membersByGroup.get(group);
  }

  limitsOf(name: string): AccountLimits {
    return this.limitsByName.get(name) ?? {};
  }

  /** The ARN of the role to assume in the account (docs/credentials.md); null when there is none. */
  deployRoleOf(name: string): string | null {
    return this.deployRolesByName.get(name) ?? null;
  }

  /** The name of an account id; the first name when several share it. */
  nameOf(id: string): string | undefined {
    for (const [name, known] of this.idsByName) if (known === id) return name;
    return undefined;
  }

  idOf(name: string): string | undefined {
    return this.idsByName.get(name);
  }

  isKnownId(id: string): boolean {
    return this.ids.has(id);
  }

  names(): string[] {
    return [...this.idsByName.keys()];
  }

  /** `live (210987654321), sandbox (012345678901)`, sorted by name, for "known accounts" in messages. */
  describe(): string {
    return [...this.idsByName.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, id]) => `${name} (${id})`)
      .join(", ");
  }

  /**
   * Resolves an `account` value (1.6) to account ids, reporting what does not resolve. `self` is A, the id
   * of the stack being compiled. Returns undefined after an error.
   */
  resolve(at: Located, self: string, diagnostics: Diagnostics): string[] | undefined {
    const value = at.value;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        diagnostics.report(Messages.emptyAccountList, {}, at.site());
        return undefined;
      }
      const ids: string[] = [];
      let ok = true;
      value.forEach((item, index) => {
        const id = this.resolveOne(item, self, diagnostics, () => at.child(index).site());
        if (id === undefined) ok = false;
        else ids.push(id);
      });
      return ok ? ids : undefined;
    }
    const id = this.resolveOne(value, self, diagnostics, () => at.site());
    return id === undefined ? undefined : [id];
  }

  private resolveOne(value: unknown, self: string, diagnostics: Diagnostics, site: () => Site): string | undefined {
    if (value === undefined || value === null || value === "") return self;
    let id: string | undefined;
    if (typeof value === "string") {
      id = this.idsByName.get(value) ?? (TWELVE_DIGITS.test(value) && this.ids.has(value) ? value : undefined);
    } else if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
      const padded = String(value).padStart(12, "0");
      id = this.ids.has(padded) ? padded : undefined;
    }
    if (id === undefined) {
      const hint = typeof value === "string" ? suggestion(value, this.names()) : "";
      diagnostics.report(Messages.unknownAccount, { value: quote(value), known: this.describe(), suggestion: hint }, site());
    }
    return id;
  }
}

/** Reads accounts.yaml; returns undefined (with diagnostics) when it is missing or holds no valid entry. */
export function loadAccounts(accountsPath: string, cwd: string, diagnostics: Diagnostics): Accounts | undefined {
  const display = SourceFile.displayPathOf(accountsPath, cwd);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(accountsPath);
  } catch {
    stat = undefined;
  }
  if (stat === undefined || !stat.isFile()) {
    const problem = stat === undefined ? "does not exist" : "is not a file";
    diagnostics.report(Messages.accountsFileMissing, { file: display, problem }, {});
    return undefined;
  }
  const file = readSourceFile(accountsPath, "", cwd, diagnostics);
  const { data } = parseSourceFile(file, diagnostics, "a mapping of account names to 12-digit account ids");
  if (data === undefined) return undefined;
  // `_defaults` holds what every account shares; it is never an account (docs/credentials.md).
  const names = Object.keys(data).filter((name) => name !== DEFAULTS_KEY);
  const defaults = readDefaults(data, file, diagnostics);
  let ok = defaults !== undefined;
  if (names.length === 0) {
    diagnostics.report(Messages.accountsEmpty, {}, { file });
    return undefined;
  }
  const entries: Account[] = [];
  for (const name of names) {
    const origin = Origin.root(file).child(name);
    const path = YamlPath.of(name);
    if (!ACCOUNT_NAME.test(name) || TWELVE_DIGITS.test(name)) {
      const problem = TWELVE_DIGITS.test(name)
        ? "is 12 digits, which would read as an account id; choose a name"
        : "must be a non-empty string of A-Z a-z 0-9 _ . -";
      diagnostics.report(Messages.accountNameInvalid, { name, problem }, { file, origin, path, point: "key" });
      ok = false;
      continue;
    }
    // 1.5.4: an entry may be a mapping with the id, the account's groups and its own quotas.
    const entry = data[name];
    const detailed = isMapping(entry);
    const idPath = detailed ? [name, "id"] : [name];
    const written = detailed ? entry.id : entry;
    const limits = detailed ? readLimits(name, entry, file, diagnostics) : {};
    const groups = detailed ? readGroups(name, entry, file, diagnostics) : [];
    if (detailed && !checkEntryKeys(name, entry, file, diagnostics)) ok = false;
    const deployRoleSite = { file, origin: Origin.root(file).child(name).child("deploy_role"), path: YamlPath.of(name, "deploy_role") };
    const deployRole = detailed && hasOwn(entry, "deploy_role") ? readDeployRole(entry.deploy_role, deployRoleSite, diagnostics) : defaults?.deployRole;
    if (detailed && !Object.prototype.hasOwnProperty.call(entry, "id")) {
      // `_default: {deploy_role: …}` is a misspelt `_defaults` rather than an account without an id.
      const hint = name.startsWith("_") && suggestion(name, [DEFAULTS_KEY]) !== "" ? `; did you mean "${DEFAULTS_KEY}" (the settings every account shares)?` : "";
      diagnostics.report(Messages.missingKey, { key: "id", hint }, { file, origin: Origin.root(file).child(name), path: YamlPath.of(name), point: "key" });
      ok = false;
      continue;
    }
    // A float literal has a digit beside a `.`, an exponent or `.inf`/`.nan`: a file without any needs no positions.
    const id = normaliseId(written, () => (FLOAT_LIKE.test(withoutComments(file.text ?? "")) ? file.positions()?.tagAt(idPath) : undefined));
    if (typeof id !== "string") {
      const at = { file, origin: idPath.reduce((o, s) => o.child(s), Origin.root(file)), path: YamlPath.of(...idPath) };
      diagnostics.report(Messages.accountIdInvalid, { name, value: quote(written) ?? "null", problem: id.problem }, at);
      ok = false;
      continue;
    }
    const deployRoleArn = deployRole === undefined ? undefined : deployRoleArnFor(deployRole, { name, id }, deployRoleSite, diagnostics);
    if (limits === undefined || groups === undefined || deployRoleArn === undefined) {
      ok = false;
      continue;
    }
    entries.push({ name, id, limits, groups, deployRoleArn });
  }
  if (!checkGroupNames(entries, data, file, diagnostics)) ok = false;
  return ok ? new Accounts(file, entries) : undefined;
}

const ENTRY_KEYS = ["id", "groups", "limits", "deploy_role"];

/**
 * The reserved top-level key for what every account shares. An account name never begins with `_` in practice:
 * a folder so named is never an account (1.1), so no account that has a stack can be called this.
 */
export const DEFAULTS_KEY = "_defaults";
const DEFAULTS_KEYS = ["deploy_role"];

interface AccountDefaults {
  /** The deploy role of every account whose entry does not give its own. */
  deployRole: DeployRole;
}

/** `_defaults:` of accounts.yaml; undefined after an error. */
function readDefaults(data: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): AccountDefaults | undefined {
  const none: AccountDefaults = { deployRole: { kind: "none" } };
  if (!hasOwn(data, DEFAULTS_KEY)) return none;
  const written = data[DEFAULTS_KEY];
  const at = (...segments: string[]): Site => ({
    file,
    origin: [DEFAULTS_KEY, ...segments].reduce((o, s) => o.child(s), Origin.root(file)),
    path: YamlPath.of(DEFAULTS_KEY, ...segments),
  });
  if (!isMapping(written)) {
    diagnostics.report(Messages.accountsDefaultsNotMapping, { found: describeValue(written) }, at());
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(written)) {
    if (DEFAULTS_KEYS.includes(key)) continue;
    diagnostics.report(Messages.unknownKey, { key, suggestion: suggestion(key, DEFAULTS_KEYS) }, { ...at(key), point: "key" });
    ok = false;
  }
  const deployRole = hasOwn(written, "deploy_role") ? readDeployRole(written.deploy_role, at("deploy_role"), diagnostics) : none.deployRole;
  if (deployRole?.kind === "arn") {
    // An ARN names one account's role; as a default it would be another account's role for every other account.
    diagnostics.report(Messages.defaultDeployRoleArn, { arn: deployRole.arn }, at("deploy_role"));
    return undefined;
  }
  return ok && deployRole !== undefined ? { deployRole } : undefined;
}

/** `groups:` of an account entry: a list of names of the account-name character set (1.5.4). */
function readGroups(name: string, entry: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): string[] | undefined {
  const written = entry.groups;
  if (written === undefined || written === null) return [];
  const at = (...segments: (string | number)[]) => ({
    file,
    origin: [name, "groups", ...segments].reduce<Origin>((o, s) => o.child(s), Origin.root(file)),
    path: YamlPath.of(name, "groups", ...segments),
  });
  if (!Array.isArray(written)) {
    diagnostics.report(Messages.wrongType, { expected: "a list of group names", found: describeValue(written) }, at());
    return undefined;
  }
  let ok = true;
  written.forEach((group, index) => {
    if (typeof group !== "string" || !ACCOUNT_NAME.test(group)) {
      diagnostics.report(Messages.groupNameInvalid, { value: quote(group) }, at(index));
      ok = false;
    }
  });
  return ok ? (written as string[]) : undefined;
}

/** A name in `accounts` or `except_accounts` must mean one thing: a group may not be called like an account (1.5.4). */
function checkGroupNames(entries: readonly Account[], data: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): boolean {
  let ok = true;
  for (const { name, groups } of entries) {
    groups.forEach((group, index) => {
      if (!Object.prototype.hasOwnProperty.call(data, group)) return;
      const origin = [name, "groups", index].reduce<Origin>((o, s) => o.child(s), Origin.root(file));
      diagnostics.report(Messages.groupIsAccountName, { group, account: name }, { file, origin, path: YamlPath.of(name, "groups", index) });
      ok = false;
    });
  }
  return ok;
}

function checkEntryKeys(name: string, entry: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): boolean {
  let ok = true;
  for (const key of Object.keys(entry)) {
    if (ENTRY_KEYS.includes(key)) continue;
    const origin = Origin.root(file).child(name).child(key);
    diagnostics.report(Messages.unknownKey, { key, suggestion: suggestion(key, ENTRY_KEYS) }, { file, origin, path: YamlPath.of(name, key), point: "key" });
    ok = false;
  }
  return ok;
}

/** `limits:` of an account entry: each a whole number in the range AWS allows for that quota. */
function readLimits(name: string, entry: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): AccountLimits | undefined {
  if (entry.limits === undefined || entry.limits === null) return {};
  const at = (...segments: string[]) => ({
    file,
    origin: [name, "limits", ...segments].reduce((o, s) => o.child(s), Origin.root(file)),
    path: YamlPath.of(name, "limits", ...segments),
  });
  if (!isMapping(entry.limits)) {
    diagnostics.report(Messages.wrongType, { expected: "a mapping of quota names to numbers", found: describeValue(entry.limits) }, at());
    return undefined;
  }
  const limits: AccountLimits = {};
  let ok = true;
  for (const [key, value] of Object.entries(entry.limits)) {
    const known = LIMIT_KEYS.get(key);
    if (known === undefined) {
      diagnostics.report(Messages.unknownKey, { key, suggestion: suggestion(key, [...LIMIT_KEYS.keys()]) }, { ...at(key), point: "key" });
      ok = false;
    } else if (typeof value !== "number" || !Number.isInteger(value) || value < known.min || value > known.max) {
      const expected = `a whole number from ${known.min.toLocaleString("en-US")} to ${known.max.toLocaleString("en-US")}`;
      diagnostics.report(Messages.outOfRange, { expected, found: describeValue(value) }, at(key));
      ok = false;
    } else {
      limits[known.field] = value;
    }
  }
  return ok ? limits : undefined;
}

/**
 * 1.5.2: a string of exactly 12 ASCII digits is kept; a non-negative integer is written in decimal and padded
 * with zeros to 12 digits (so an unquoted `098765432101`, read as 98765432101, keeps its leading zero).
 */
const FLOAT_LIKE = /[0-9]\.|\.[0-9]|[0-9][eE][-+]?[0-9]|\.(?:inf|nan)/i;

function normaliseId(value: unknown, tagOf: () => string | undefined): string | { problem: string } {
  if (typeof value === "string") {
    if (TWELVE_DIGITS.test(value)) return value;
    return { problem: value.length === 12 ? "an account id has only the digits 0-9" : `an account id is exactly 12 digits, this string has ${value.length} characters` };
  }
  if (typeof value === "number") {
    if (!Number.isInteger(value) || tagOf() === "tag:yaml.org,2002:float") return { problem: "an account id cannot be a fractional number" };
    if (value < 0) return { problem: "an account id cannot be negative" };
    const digits = String(value);
    if (digits.length > 12) return { problem: `an account id has 12 digits, this number has ${digits.length}` };
    return digits.padStart(12, "0");
  }
  return { problem: `expected 12 digits, found ${describeValue(value)}` };
}
