/**
 * `<root>/_shared` (DIALECT.md §14), read once per run: its files are found, parsed and validated once, their
 * placeholders checked and their selections resolved once, whatever the number of accounts. What depends on
 * the account (which definitions, which values) is left to `SharedFolder.forAccount` (account-view.ts), which
 * gives the declarations stage ordinary definitions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Accounts } from "../accounts";
import type { Diagnostics } from "../diagnostics";
import { Located } from "../located";
import { Messages } from "../messages";
import { brokenKeysOf, validateSharedFile } from "../schema/validate";
import { SELECTOR_KEYS } from "../schema/dialect";
import { discoverFiles } from "../source/discover";
import { errorReason, parseSourceFile, readSourceFile } from "../source/load";
import type { Segment } from "../source/positions";
import { SourceFile } from "../source/source-file";
import { suggestion } from "../suggest";
import { compareText, defineKey, isMapping, type Mapping } from "../values";
import { forEachString, hasPlaceholder, PLACEHOLDERS, substituteText, unknownPlaceholders, VALID_PLACEHOLDERS } from "./placeholders";
import { resolveSelection } from "./selection";

export const SHARED_FOLDER = "_shared";

export type SharedKind = "roles" | "buckets" | "keys";
export const SHARED_KINDS: readonly SharedKind[] = ["roles", "buckets", "keys"];
export type RemovalKey = "remove_roles" | "remove_role";
const REMOVAL_KEYS: readonly RemovalKey[] = ["remove_roles", "remove_role"];

/** A role, bucket or key of `_shared`, with the accounts it is for. */
export interface SharedDefinition {
  kind: SharedKind;
  /** The YAML key as written. */
  written: string;
  /** The definition without `accounts` and `except_accounts` (14.3), placeholders not yet replaced. */
  body: Mapping;
  /** Account names, in accounts.yaml order. */
  selection: readonly string[];
  /** Whether its name or a string in it has a placeholder: then each account gets its own copy. */
  placeholders: boolean;
}

/** A removal of `_shared`: `{role, accounts, except_accounts}` at `<key>[index]`. */
export interface SharedRemoval {
  key: RemovalKey;
  index: number;
  selection: readonly string[];
  placeholders: boolean;
}

/** One file of `_shared`, read. */
export interface SharedFile {
  file: SourceFile;
  data: Mapping;
  /** What failed validation (as in account files), and the definitions whose placeholders are wrong. */
  broken: ReadonlySet<string>;
  definitions: readonly SharedDefinition[];
  removals: readonly SharedRemoval[];
  /** Templates whose bodies have placeholders. */
  templatesWithPlaceholders: ReadonlySet<string>;
}

export class SharedFolder {
  constructor(
    /** As diagnostics name it: `stacks/_shared`. */
    readonly displayPath: string,
    /** In configuration order (1.3); only the files that could be read. */
    readonly files: readonly SharedFile[],
    /** A file or the folder could not be read: names are then unknown, and no account may be compiled. */
    readonly unreadable: boolean,
    /** Every account of accounts.yaml, for what is available to every account (templates). */
    readonly everyAccount: readonly string[],
  ) {}

  /** Whether anything of `_shared` (a role, bucket, key or removal) is selected for the account. */
  selectsAnythingFor(account: string): boolean {
    return this.files.some((f) => f.definitions.some((d) => d.selection.includes(account)) || f.removals.some((r) => r.selection.includes(account)));
  }
}

/**
 * Reads `<root>/_shared`; undefined when there is none (no error, 14.1). `accounts` is undefined when
 * accounts.yaml could not be read: the files are still read and validated, selections are not resolved.
 */
export function readSharedFolder(root: string, cwd: string, accounts: Accounts | undefined, diagnostics: Diagnostics): SharedFolder | undefined {
  const folder = path.join(root, SHARED_FOLDER);
  const display = SourceFile.displayPathOf(folder, cwd);
  const everyAccount = accounts?.names() ?? [];
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    diagnostics.report(Messages.cannotRead, { what: `folder ${display}`, reason: errorReason(e) }, {});
    return new SharedFolder(display, [], true, everyAccount);
  }
  // Not followed (1.3), as an account folder that is a link; and not ignored either: every account would lose what it shares.
  const problem = stat.isSymbolicLink() ? "it is a symbolic link, which is not followed (DIALECT.md 1.3)" : stat.isDirectory() ? undefined : "it is not a folder";
  if (problem !== undefined) {
    diagnostics.report(Messages.cannotRead, { what: `folder ${display}`, reason: problem }, {});
    return new SharedFolder(display, [], true, everyAccount);
  }
  const found = discoverFiles(folder, cwd, diagnostics);
  if (found === undefined) return new SharedFolder(display, [], true, everyAccount);
  const files: SharedFile[] = [];
  let unreadable = false;
  for (const { absolutePath, relativePath } of found) {
    const source = readSourceFile(absolutePath, `${SHARED_FOLDER}/${relativePath}`, cwd, diagnostics, true);
    try {
      const { data } = parseSourceFile(source, diagnostics);
      if (data === undefined) unreadable = true;
      else files.push(readFile(source, data, accounts, diagnostics));
    } catch (e) {
      // Never a stack trace (11.3); the file counts as unread.
      diagnostics.report(Messages.internalError, { reason: e instanceof Error ? e.message : String(e) }, { file: source });
      unreadable = true;
    }
  }
  return new SharedFolder(display, files, unreadable, everyAccount);
}

function readFile(file: SourceFile, data: Mapping, accounts: Accounts | undefined, diagnostics: Diagnostics): SharedFile {
  const document = Located.document(file, data);
  const broken = new Set(validateSharedFile(document, diagnostics));
  const placeholders = checkPlaceholders(document, broken, diagnostics);
  const definitions: SharedDefinition[] = [];
  for (const kind of SHARED_KINDS) {
    for (const [written, definition] of document.get(kind)?.entries() ?? []) {
      const id = `${kind}/${written}`;
      // A selector that failed validation has been reported; what it would select is unknown.
      const brokenKeys = brokenKeysOf(broken, id);
      if (broken.has(id) || !isMapping(definition.value) || accounts === undefined || SELECTOR_KEYS.some((k) => brokenKeys.has(k))) continue;
      const selection = resolveSelection(definition, accounts, diagnostics);
      if (selection === undefined) continue;
      if (selection.length === 0) diagnostics.report(Messages.selectedForNoAccount, { kind: KIND_NAMES[kind] }, definition.site("key"));
      if (kind === "buckets" && !bucketDiffersPerAccount(written, selection, accounts, definition, diagnostics)) continue;
      definitions.push({ kind, written, body: withoutSelectors(definition.value), selection, placeholders: placeholders.has(id) });
    }
  }
  const removals: SharedRemoval[] = [];
  for (const key of REMOVAL_KEYS) {
    const list = document.get(key);
    if (list === undefined || !Array.isArray(list.value) || accounts === undefined) continue;
    list.items().forEach((item, index) => {
      const id = `${key}/${index}`;
      if (broken.has(id) || [...broken].some((b) => b.startsWith(`${id}/`)) || typeof item.get("role")?.value !== "string") return;
      const selection = resolveSelection(item, accounts, diagnostics);
      if (selection === undefined) return;
      if (selection.length === 0) diagnostics.report(Messages.selectedForNoAccount, { kind: "removal" }, item.site());
      removals.push({ key, index, selection, placeholders: placeholders.has(id) });
    });
  }
  const templatesWithPlaceholders = new Set<string>();
  for (const id of placeholders) if (id.startsWith("templates/")) templatesWithPlaceholders.add(id.slice("templates/".length));
  return { file, data, broken, definitions, removals, templatesWithPlaceholders };
}

const KIND_NAMES: Record<SharedKind, string> = { roles: "role", buckets: "bucket", keys: "key" };

/** The definition without `accounts` and `except_accounts`, which are not role, bucket or key keys (14.3). */
function withoutSelectors(definition: Mapping): Mapping {
  const out: Mapping = {};
  for (const key of Object.keys(definition)) if (!(SELECTOR_KEYS as readonly string[]).includes(key)) defineKey(out, key, definition[key]);
  return out;
}

/**
 * 14.4: every `{{…}}` where placeholders are replaced (names of roles, buckets and keys; string values) must be
 * one of the placeholders. A definition with another one is reported and left out of every account (`broken`),
 * so that nothing is reported that only follows from it. Returns the definitions (`roles/<name>`, …) that have
 * placeholders to replace.
 */
function checkPlaceholders(document: Located, broken: Set<string>, diagnostics: Diagnostics): Set<string> {
  const withPlaceholders = new Set<string>();
  const check = (id: string, text: string, at: () => Located, point: "key" | "value"): void => {
    for (const placeholder of unknownPlaceholders(text)) {
      const hint = suggestion(placeholder, PLACEHOLDERS);
      diagnostics.report(Messages.placeholderUnknown, { placeholder, valid: VALID_PLACEHOLDERS, suggestion: hint }, at().site(point));
      broken.add(id);
    }
    if (hasPlaceholder(text)) withPlaceholders.add(id);
  };
  const body = (id: string, definition: Located, skip: readonly string[]): void => {
    if (!isMapping(definition.value)) return;
    for (const key of Object.keys(definition.value)) {
      if (skip.includes(key)) continue;
      forEachString(definition.value[key], [key], (text, at) => check(id, text, () => descend(definition, at), "value"));
    }
  };
  for (const [written, definition] of document.get("templates")?.entries() ?? []) body(`templates/${written}`, definition, SELECTOR_KEYS);
  for (const kind of SHARED_KINDS) {
    for (const [written, definition] of document.get(kind)?.entries() ?? []) {
      check(`${kind}/${written}`, written, () => definition, "key");
      body(`${kind}/${written}`, definition, SELECTOR_KEYS);
    }
  }
  for (const key of REMOVAL_KEYS) {
    const list = document.get(key);
    if (list === undefined || !Array.isArray(list.value)) continue;
    list.items().forEach((item, index) => body(`${key}/${index}`, item, SELECTOR_KEYS));
  }
  return withPlaceholders;
}

function descend(from: Located, segments: readonly Segment[]): Located {
  return segments.reduce<Located>((at, segment) => at.child(segment), from);
}

/**
 * 14.4: bucket names are global to S3, so a shared bucket must have a different name in each account it is
 * selected for (a name without a placeholder, or `{{account_id}}` where two names share an id, has not). Such a
 * bucket is reported once and left out of every account.
 */
function bucketDiffersPerAccount(written: string, selection: readonly string[], accounts: Accounts, definition: Located, diagnostics: Diagnostics): boolean {
  const accountsByName = new Map<string, string[]>();
  for (const account of selection) {
    const name = substituteText(written, { account, accountId: accounts.idOf(account)! });
    accountsByName.set(name, [...(accountsByName.get(name) ?? []), account]);
  }
  const same = [...accountsByName.values()].find((names) => names.length > 1);
  if (same === undefined) return true;
  const listed = [...same].sort(compareText).join(", ");
  diagnostics.report(Messages.bucketNotPerAccount, { name: written, accounts: listed, placeholder: "{{account}}" }, definition.site("key"));
  return false;
}
