/**
 * accounts.yaml (DIALECT.md 1.5) and account references (1.6): names map to 12-digit ids, and an `account`
 * modifier anywhere in the dialect resolves against them.
 */
import * as fs from "node:fs";
import type { Diagnostics, Site } from "./diagnostics";
import { Messages } from "./messages";
import { Origin, YamlPath } from "./source/location";
import { parseSourceFile, readSourceFile } from "./source/load";
import { SourceFile } from "./source/source-file";
import { suggestion } from "./suggest";
import { describeValue, quote } from "./values";

export interface Account {
  name: string;
  id: string;
}

const ACCOUNT_NAME = /^[A-Za-z0-9_.-]+$/;
const TWELVE_DIGITS = /^[0-9]{12}$/;

export class Accounts {
  private readonly idsByName = new Map<string, string>();
  private readonly ids = new Set<string>();

  constructor(
    readonly file: SourceFile,
    entries: readonly Account[],
  ) {
    for (const { name, id } of entries) {
      this.idsByName.set(name, id);
      this.ids.add(id);
    }
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
  resolve(value: unknown, self: string, diagnostics: Diagnostics, site: Site): string[] | undefined {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        diagnostics.report(Messages.emptyAccountList, {}, site);
        return undefined;
      }
      const ids: string[] = [];
      let ok = true;
      value.forEach((item, index) => {
        const id = this.resolveOne(item, self, diagnostics, childSite(site, index));
        if (id === undefined) ok = false;
        else ids.push(id);
      });
      return ok ? ids : undefined;
    }
    const id = this.resolveOne(value, self, diagnostics, site);
    return id === undefined ? undefined : [id];
  }

  private resolveOne(value: unknown, self: string, diagnostics: Diagnostics, site: Site): string | undefined {
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
      diagnostics.report(Messages.unknownAccount, { value: quote(value), known: this.describe(), suggestion: hint }, site);
    }
    return id;
  }
}

function childSite(site: Site, index: number): Site {
  return { ...site, origin: site.origin?.child(index), path: site.path?.child(index) };
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
    const id = normaliseId(data[name], () => file.positions()?.tagAt([name]));
    if (typeof id !== "string") {
      diagnostics.report(Messages.accountIdInvalid, { name, value: quote(data[name]) ?? "null", problem: id.problem }, { file, origin, path });
      ok = false;
      continue;
    }
    entries.push({ name, id });
  }
  return ok ? new Accounts(file, entries) : undefined;
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
