/**
 * accounts.yaml (DIALECT.md 1.5) and account references (1.6): names map to 12-digit ids, and an `account`
 * modifier anywhere in the dialect resolves against them.
 */
import * as fs from "node:fs";
import type { Diagnostics, Site } from "./diagnostics";
import type { Located } from "./located";
import { Messages } from "./messages";
import { Origin, YamlPath } from "./source/location";
import { parseSourceFile, readSourceFile } from "./source/load";
import { SourceFile } from "./source/source-file";
import { suggestion } from "./suggest";
import { describeValue, isMapping, quote } from "./values";

export interface Account {
  name: string;
  id: string;
  /** The account's own quotas, where accounts.yaml declares them (an extension of 1.5). */
  limits: AccountLimits;
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
  private readonly ids = new Set<string>();

  constructor(
    readonly file: SourceFile,
    entries: readonly Account[],
  ) {
    for (const { name, id, limits } of entries) {
      this.idsByName.set(name, id);
      this.limitsByName.set(name, limits);
      this.ids.add(id);
    }
  }

  limitsOf(name: string): AccountLimits {
    return this.limitsByName.get(name) ?? {};
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
  const names = Object.keys(data);
  if (names.length === 0) {
    diagnostics.report(Messages.accountsEmpty, {}, { file });
    return undefined;
  }
  const entries: Account[] = [];
  let ok = true;
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
    // Extension: an entry may be a mapping with the id and the account's own quotas.
    const entry = data[name];
    const detailed = isMapping(entry) && "id" in entry;
    const idPath = detailed ? [name, "id"] : [name];
    const written = detailed ? (entry as Record<string, unknown>).id : entry;
    const limits = detailed ? readLimits(name, entry as Record<string, unknown>, file, diagnostics) : {};
    if (detailed && !checkEntryKeys(name, entry as Record<string, unknown>, file, diagnostics)) ok = false;
    const id = normaliseId(written, () => file.positions()?.tagAt(idPath));
    if (typeof id !== "string") {
      const at = { file, origin: idPath.reduce((o, s) => o.child(s), Origin.root(file)), path: YamlPath.of(...idPath) };
      diagnostics.report(Messages.accountIdInvalid, { name, value: quote(written) ?? "null", problem: id.problem }, at);
      ok = false;
      continue;
    }
    if (limits === undefined) {
      ok = false;
      continue;
    }
    entries.push({ name, id, limits });
  }
  return ok ? new Accounts(file, entries) : undefined;
}

function checkEntryKeys(name: string, entry: Record<string, unknown>, file: SourceFile, diagnostics: Diagnostics): boolean {
  let ok = true;
  for (const key of Object.keys(entry)) {
    if (key === "id" || key === "limits") continue;
    const origin = Origin.root(file).child(name).child(key);
    diagnostics.report(Messages.unknownKey, { key, suggestion: suggestion(key, ["id", "limits"]) }, { file, origin, path: YamlPath.of(name, key), point: "key" });
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
