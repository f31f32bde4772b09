/**
 * Reading one YAML file into data (DIALECT.md 1.4), with every way a file can be unreadable turned into a
 * diagnostic: unreadable, too large, not UTF-8, YAML syntax, more than one document, not a mapping, a key
 * that is not a string, and aliases that expand without bound ("billion laughs").
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import type { Diagnostics } from "../diagnostics";
import { Messages } from "../messages";
import { describeValue } from "../values";
import { Origin } from "./location";
import type { Segment } from "./positions";
import { SourceFile } from "./source-file";
import { YAML_SCHEMA } from "./yaml-schema";

/** Far above any real account folder file (10,000 roles are about 6 MB), low enough to bound time and memory. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Deeper than any document of the dialect needs; bounds the parser's recursion. */
const MAX_NESTING = 64;
/** Values that aliases may add beyond those written, before a document counts as an alias bomb. */
const MAX_ALIAS_EXPANSION = 1_000_000;

export interface LoadedFile {
  file: SourceFile;
  /** The document: a mapping, or undefined when the file could not be read as one. */
  data: Record<string, unknown> | undefined;
}

export function readSourceFile(absolutePath: string, relativePath: string, cwd: string, diagnostics: Diagnostics): SourceFile {
  const displayPath = SourceFile.displayPathOf(absolutePath, cwd);
  let bytes: Buffer;
  try {
    const size = fs.statSync(absolutePath).size;
    if (size > MAX_FILE_BYTES) {
      const file = new SourceFile(absolutePath, displayPath, relativePath, undefined);
      diagnostics.report(Messages.fileTooLarge, { size: size.toLocaleString("en-US"), limit: MAX_FILE_BYTES.toLocaleString("en-US") }, { file });
      return file;
    }
    bytes = fs.readFileSync(absolutePath);
  } catch (e) {
    const file = new SourceFile(absolutePath, displayPath, relativePath, undefined);
    diagnostics.report(Messages.cannotRead, { what: "the file", reason: errorReason(e) }, { file });
    return file;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const file = new SourceFile(absolutePath, displayPath, relativePath, undefined);
    diagnostics.report(Messages.notUtf8, { offset: firstInvalidUtf8(bytes) }, { file });
    return file;
  }
  return new SourceFile(absolutePath, displayPath, relativePath, text);
}

export function parseSourceFile(file: SourceFile, diagnostics: Diagnostics, expected = "a mapping of top-level keys"): LoadedFile {
  if (file.text === undefined) return { file, data: undefined };
  let data: unknown;
  try {
    data = yaml.load(file.text, { schema: YAML_SCHEMA, filename: file.displayPath, maxDepth: MAX_NESTING } as yaml.LoadOptions);
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const mark = e.mark as { line?: number; column?: number } | undefined;
      const at = mark?.line !== undefined ? { line: mark.line + 1, column: (mark.column ?? 0) + 1 } : undefined;
      diagnostics.report(Messages.yamlSyntax, { reason: e.reason }, { file, at });
    } else {
      diagnostics.report(Messages.yamlSyntax, { reason: errorReason(e) }, { file });
    }
    return { file, data: undefined };
  }
  if (data === undefined || (data === null && file.text.trim() === "")) {
    diagnostics.report(Messages.emptyFile, { expected }, { file });
    return { file, data: undefined };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    diagnostics.report(Messages.documentNotMapping, { found: describeValue(data), expected }, { file, origin: Origin.root(file) });
    return { file, data: undefined };
  }
  if (!checkStructure(file, data, diagnostics)) return { file, data: undefined };
  return { file, data: data as Record<string, unknown> };
}

/**
 * One pass over the distinct nodes of the document: mapping keys must have been written as strings, and the
 * values that aliases add must stay bounded. js-yaml shares aliased nodes instead of copying them, so parsing
 * a "billion laughs" document is cheap; walking it (as every later stage does) is not. Sizes are memoised per
 * node, so this pass is linear in what the file writes.
 */
function checkStructure(file: SourceFile, root: object, diagnostics: Diagnostics): boolean {
  const expanded = new Map<object, number>();
  let written = 0;
  let ok = true;
  const segments: Segment[] = [];

  const visit = (value: unknown): number => {
    if (value === null || typeof value !== "object") return 1;
    const known = expanded.get(value);
    if (known !== undefined) return known;
    expanded.set(value, 1); // a node reached again while being visited is an alias to an ancestor
    written++;
    let size = 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        segments.push(i);
        size += visit(value[i]);
        segments.pop();
      }
    } else {
      for (const [key, child] of Object.entries(value)) {
        segments.push(key);
        if (looksTyped(key)) {
          const type = file.positions()?.keyTypeAt(segments);
          if (type !== undefined) {
            diagnostics.report(Messages.keyNotString, { key, type: articleFor(type) }, { file, origin: originOf(file, segments), point: "key" });
            ok = false;
          }
        }
        size += visit(child);
        segments.pop();
      }
    }
    expanded.set(value, size);
    return size;
  };

  const total = visit(root);
  if (total - written > MAX_ALIAS_EXPANSION) {
    diagnostics.report(
      Messages.aliasBomb,
      { limit: (written + MAX_ALIAS_EXPANSION).toLocaleString("en-US"), written: written.toLocaleString("en-US") },
      { file },
    );
    return false;
  }
  return ok;
}

/** Plain scalars that the core schema types as null, a boolean or a number; only these need the slow check. */
function looksTyped(key: string): boolean {
  return /^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?(?:[0-9]|\.[0-9]|\.(?:inf|Inf|INF|nan|NaN|NAN)).*)$/.test(key);
}

function articleFor(type: string): string {
  return type === "null" ? "null" : type === "number" ? "a number" : type === "boolean" ? "a boolean" : `a ${type}`;
}

function originOf(file: SourceFile, segments: readonly Segment[]): Origin {
  return segments.reduce((origin, segment) => origin.child(segment), Origin.root(file));
}

function errorReason(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
    const code = (e as { code: string }).code;
    const known: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a folder", ELOOP: "too many symbolic links" };
    return known[code] ?? code;
  }
  return e instanceof Error ? e.message : String(e);
}

function firstInvalidUtf8(bytes: Buffer): number {
  // TextDecoder does not say where it failed; find the first offset whose prefix stops decoding.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return low;
}

export { errorReason };
