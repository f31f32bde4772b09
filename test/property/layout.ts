/**
 * Writing a configuration as an account folder, in one of many equivalent layouts: the definitions spread over
 * several files with random names (so the configuration order changes, 1.3), and the keys of every mapping whose
 * order does not matter permuted. What the dialect says does matter is left alone:
 * - list order (statements, `use`, actions, accounts, managed policies, grants);
 * - the relative order of pass-through keys in a statement (13.2), and everything inside a pass-through value
 *   (Condition, Principal: copied verbatim, in input order).
 * Lower-case statement keys may move among the pass-through keys: the generated keys are inserted in step order.
 * Grant constraints are maps (an encryption context has no order): both levels are permuted.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { compileAccount, type CompileResult } from "../../compiler";
import type { Configuration, Yaml, YamlMapping } from "./generators";

/** A small seeded generator, so that a layout is a pure function of its seed. */
export class Shuffler {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  next(): number {
    // xorshift32
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** Files of the stacks root, by path relative to it. */
export type StacksFiles = Record<string, string | Buffer>;

export const STATEMENT_KEYS = new Set(["allow_to_assume_me", "disallow_to_assume_me", "permission", "allow_permission", "deny_permission"]);

/** The canonical layout: one file, every mapping in generated order, accounts.yaml ids quoted. */
export function canonicalFiles(config: Configuration): StacksFiles {
  return renderFiles(config, undefined);
}

/** A random layout of the same configuration. */
export function shuffledFiles(config: Configuration, seed: number): StacksFiles {
  return renderFiles(config, new Shuffler(seed));
}

/** The account folder's data, file by file (relative to the folder), before rendering to YAML. */
export function accountDocuments(config: Configuration, shuffler: Shuffler | undefined): Map<string, YamlMapping> {
  const fileCount = shuffler === undefined ? 1 : 1 + shuffler.below(4);
  const names = shuffler === undefined ? ["main.yaml"] : fileNames(fileCount, shuffler);
  const documents = names.map(() => ({}) as Record<string, YamlMapping | string[]>);
  const pick = () => (shuffler === undefined ? 0 : shuffler.below(fileCount));
  for (const topKey of ["templates", "roles", "buckets", "keys"] as const) {
    for (const [name, definition] of config[topKey]) {
      const document = documents[pick()];
      const mapping = (document[topKey] ??= {}) as YamlMapping;
      mapping[name] = definition;
    }
  }
  for (const name of config.removals) {
    const file = pick();
    // remove_role is an alias of remove_roles (2.1); one file uses one of them, so no name is listed twice in it.
    const key = shuffler !== undefined && file % 2 === 1 ? "remove_role" : "remove_roles";
    ((documents[file][key] ??= []) as string[]).push(name);
    // The same name in the removal lists of two files is allowed (2.6).
    if (shuffler !== undefined && fileCount > 1 && shuffler.below(3) === 0) {
      const other = (file + 1) % fileCount;
      const otherKey = other % 2 === 1 ? "remove_role" : "remove_roles";
      const list = (documents[other][otherKey] ??= []) as string[];
      if (!list.includes(name)) list.push(name);
    }
  }
  const out = new Map<string, YamlMapping>();
  documents.forEach((document, i) => {
    if (Object.keys(document).length === 0) return;
    out.set(names[i], shuffler === undefined ? (document as YamlMapping) : shuffleFile(document as YamlMapping, shuffler));
  });
  // An account folder needs a file; an empty `roles` mapping is a valid one.
  if (out.size === 0) out.set(names[0], { roles: {} });
  return out;
}

function renderFiles(config: Configuration, shuffler: Shuffler | undefined): StacksFiles {
  const account = config.accounts[0].name;
  const files: StacksFiles = { "accounts.yaml": accountsText(config, shuffler) };
  for (const [name, document] of accountDocuments(config, shuffler)) files[`${account}/${name}`] = dump(document, shuffler);
  return files;
}

/** Ids quoted or written as integers (1.5.2 pads them), entries in any order. */
function accountsText(config: Configuration, shuffler: Shuffler | undefined): string {
  const entries = shuffler === undefined ? config.accounts : shuffler.shuffle(config.accounts);
  return entries
    .map(({ name, id }) => {
      const asInteger = shuffler !== undefined && shuffler.below(2) === 0;
      return `${JSON.stringify(name)}: ${asInteger ? String(Number(id)) : JSON.stringify(id)}\n`;
    })
    .join("");
}

function fileNames(count: number, shuffler: Shuffler): string[] {
  const folders = ["", "", "teams/", "teams/ops/", "legacy/", "Z/", "a b/"];
  const names = new Set<string>();
  while (names.size < count) {
    const stem = ["roles", "iam", "00", "zz", "Buckets", "keys-ü", "é"][shuffler.below(7)];
    names.add(`${folders[shuffler.below(folders.length)]}${stem}-${shuffler.below(1000)}.${shuffler.below(2) === 0 ? "yaml" : "yml"}`);
  }
  return [...names];
}

/** js-yaml with a style drawn per file: block or flow at some depth, plain or quoted strings. */
export function dump(document: YamlMapping, shuffler: Shuffler | undefined): string {
  const flowLevel = shuffler === undefined ? -1 : [-1, -1, 1, 2, 3][shuffler.below(5)];
  return yaml.dump(document, {
    noRefs: true,
    lineWidth: -1,
    flowLevel,
    quotingType: shuffler !== undefined && shuffler.below(2) === 0 ? '"' : "'",
    forceQuotes: shuffler !== undefined && shuffler.below(4) === 0,
  });
}

// Key permutations, by context

function permute(mapping: YamlMapping, shuffler: Shuffler, value: (key: string, value: Yaml) => Yaml): YamlMapping {
  const out: YamlMapping = {};
  for (const key of shuffler.shuffle(Object.keys(mapping))) out[key] = value(key, mapping[key]);
  return out;
}

function shuffleFile(document: YamlMapping, shuffler: Shuffler): YamlMapping {
  return permute(document, shuffler, (_topKey, value) => {
    if (Array.isArray(value) || value === null || typeof value !== "object") return value;
    return permute(value, shuffler, (_name, definition) => shuffleDefinition(definition as YamlMapping, shuffler));
  });
}

function shuffleDefinition(definition: YamlMapping, shuffler: Shuffler): YamlMapping {
  return permute(definition, shuffler, (key, value) => {
    if (value === null) return value;
    if (STATEMENT_KEYS.has(key)) return eachItem(value, (s) => shuffleStatement(s as YamlMapping, shuffler));
    if (key === "grant") return eachItem(value, (g) => shuffleGrant(g as YamlMapping, shuffler));
    if (key === "tags") return permute(value as YamlMapping, shuffler, (_k, v) => v);
    if (key === "use") return value;
    // managed_policies, permissions_boundary, admin_users: specifiers and principal instructions.
    return shuffleSpecifiers(value, shuffler);
  });
}

/** Lower-case keys anywhere; pass-through keys in their relative order, their values untouched. */
function shuffleStatement(statement: YamlMapping, shuffler: Shuffler): YamlMapping {
  const keys = Object.keys(statement);
  const passThrough = keys.filter((k) => /^\p{Lu}/u.test(k));
  const lower = shuffler.shuffle(keys.filter((k) => !/^\p{Lu}/u.test(k)));
  const order: string[] = [];
  let p = 0;
  let l = 0;
  while (p < passThrough.length || l < lower.length) {
    const takeLower = p === passThrough.length || (l < lower.length && shuffler.below(2) === 0);
    order.push(takeLower ? lower[l++] : passThrough[p++]);
  }
  const out: YamlMapping = {};
  for (const key of order) out[key] = passThrough.includes(key) ? statement[key] : shuffleSpecifiers(statement[key], shuffler);
  return out;
}

function shuffleGrant(grant: YamlMapping, shuffler: Shuffler): YamlMapping {
  return permute(grant, shuffler, (key, value) => {
    if (key === "grantee" || key === "retiree") return shuffleSpecifiers(value, shuffler);
    if (key === "constraints") return permute(value as YamlMapping, shuffler, (_k, context) => permute(context as YamlMapping, shuffler, (_p, v) => v));
    return value;
  });
}

/** Specifier and principal mappings hold only dialect keys: every level may be permuted; lists keep their order. */
function shuffleSpecifiers(value: Yaml, shuffler: Shuffler): Yaml {
  if (Array.isArray(value)) return value.map((item) => shuffleSpecifiers(item, shuffler));
  if (value !== null && typeof value === "object") return permute(value, shuffler, (_k, v) => shuffleSpecifiers(v, shuffler));
  return value;
}

function eachItem(value: Yaml, f: (item: Yaml) => Yaml): Yaml {
  return Array.isArray(value) ? value.map(f) : f(value);
}

/**
 * Writes the files into a new temporary stacks root, compiles the configuration's account with the root as the
 * current directory (so diagnostics name `<account>/<file>`), and removes the root again.
 */
export function compileFiles(files: StacksFiles, account: string, region: string | undefined): CompileResult {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "iam-syncr-property-"));
  try {
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(root, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    return compileAccount({ accountFolder: path.join(root, account), cwd: root, region });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function compileConfiguration(config: Configuration, files: StacksFiles): CompileResult {
  return compileFiles(files, config.accounts[0].name, config.region);
}
