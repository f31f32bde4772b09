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
import { Origin, YamlPath } from "./location";
import type { Segment } from "./positions";
import { withoutComments } from "./code-text";
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

export function readSourceFile(absolutePath: string, relativePath: string, cwd: string, diagnostics: Diagnostics, shared = false): SourceFile {
  const displayPath = SourceFile.displayPathOf(absolutePath, cwd);
  let bytes: Buffer;
  try {
    const size = fs.statSync(absolutePath).size;
    if (size > MAX_FILE_BYTES) {
      const file = new SourceFile(absolutePath, displayPath, relativePath, undefined, shared);
      diagnostics.report(Messages.fileTooLarge, { size: size.toLocaleString("en-US"), limit: MAX_FILE_BYTES.toLocaleString("en-US") }, { file });
      return file;
    }
    bytes = fs.readFileSync(absolutePath);
  } catch (e) {
    const file = new SourceFile(absolutePath, displayPath, relativePath, undefined, shared);
    diagnostics.report(Messages.cannotRead, { what: "the file", reason: errorReason(e) }, { file });
    return file;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const file = new SourceFile(absolutePath, displayPath, relativePath, undefined, shared);
    diagnostics.report(Messages.notUtf8, { offset: firstInvalidUtf8(bytes) }, { file });
    return file;
  }
  return new SourceFile(absolutePath, displayPath, relativePath, text, shared);
}

export function parseSourceFile(file: SourceFile, diagnostics: Diagnostics, expected = "a mapping of top-level keys"): LoadedFile {
  if (file.text === undefined) return { file, data: undefined };
  let data: unknown;
  try {
    data = yaml.load(file.text, { schema: YAML_SCHEMA, filename: file.displayPath, maxDepth: MAX_NESTING } as yaml.LoadOptions);
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const { reason, offset } = explainYamlError(file.text, e);
      const at = offset === undefined ? undefined : file.positions()?.lineColumn(offset);
      diagnostics.report(Messages.yamlSyntax, { reason }, { file, at });
    } else {
      diagnostics.report(Messages.yamlSyntax, { reason: errorReason(e) }, { file });
    }
    return { file, data: undefined };
  }
  if (data === undefined || (data === null && holdsNoContent(file.text))) {
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
 * js-yaml's message and position, made precise where they are not: a second document has no position, a
 * duplicated key does not say which, and an unknown tag is reported after the node it tags.
 */
function explainYamlError(text: string, e: yaml.YAMLException): { reason: string; offset: number | undefined } {
  const mark = e.mark as { position?: number } | undefined;
  const offset = mark?.position;
  if (/expected a single document/.test(e.reason)) {
    return { reason: "a file holds exactly one YAML document; this is the start of a second one", offset: secondDocumentStart(text) };
  }
  if (e.reason === "duplicated mapping key" && offset !== undefined) {
    const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#\n]*?)\s*:(?:\s|$)/.exec(text.slice(offset))?.[1];
    return { reason: key === undefined ? e.reason : `duplicated mapping key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)}`, offset };
  }
  const tag = /^unknown tag !<(.*)>$/.exec(e.reason)?.[1];
  if (tag !== undefined && offset !== undefined) {
    const written = tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag.startsWith("!") ? tag : `!<${tag}>`;
    const at = text.lastIndexOf(written, offset);
    return { reason: `unknown tag ${written}: only the YAML core schema's tags are allowed`, offset: at < 0 ? offset : at };
  }
  return { reason: e.reason, offset };
}

/** Where a second document starts: a `---` after the first document's content, or content after `...`. */
function secondDocumentStart(text: string): number | undefined {
  let offset = 0;
  let content = false;
  let ended = false;
  for (const line of text.split("\n")) {
    const blank = /^\s*(#.*)?$/.test(line) || /^%/.test(line);
    if (/^---(\s|$)/.test(line)) {
      if (content || ended) return offset;
      content = /^---\s+[^\s#]/.test(line);
    } else if (/^\.\.\.(\s|$)/.test(line)) {
      ended = true;
    } else if (!blank) {
      if (ended) return offset;
      content = true;
    }
    offset += line.length + 1;
  }
  return undefined;
}

/**
 * One pass over the distinct nodes of the document: mapping keys must have been written as strings, and the
 * values that aliases add must stay bounded. js-yaml shares aliased nodes instead of copying them, so parsing
 * a "billion laughs" document is cheap; walking it (as every later stage does) is not. Sizes are memoised per
 * node, so this pass is linear in what the file writes.
 */
function checkStructure(file: SourceFile, root: object, diagnostics: Diagnostics): boolean {
  // Only anchors make nodes shared; a file without any needs no memo (most files: no "&" at all).
  const expanded = file.text?.includes("&") ? new Map<object, number>() : undefined;
  let written = 0;
  let ok = true;
  const segments: Segment[] = [];
  // A list or mapping used as a key becomes text that can look like any other key; when the file has the
  // syntax for such keys (`? key`, `[a]: x`, `{a: b}: x`), every key gets the slow check.
  const checkEveryKey = hasComplexKeySyntax(file.text ?? "");
  // Without anchors nothing is shared, so nothing can expand, and only a key that could have been typed needs
  // the walk below (which keeps each node's path for its message); in most files no key can be.
  if (expanded === undefined && !checkEveryKey && !hasKey(root, mightBeTyped)) return true;

  const visit = (value: object): number => {
    const known = expanded?.get(value);
    if (known !== undefined) return known;
    expanded?.set(value, 1); // a node reached again while being visited is an alias to an ancestor
    written++;
    let size = 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (child === null || typeof child !== "object") size++;
        else {
          segments.push(i);
          size += visit(child);
          segments.pop();
        }
      }
    } else {
      const mapping = value as Record<string, unknown>;
      for (const key in mapping) {
        segments.push(key);
        if (checkEveryKey || mightBeTyped(key)) {
          const type = file.positions()?.keyTypeAt(segments);
          if (type === "list" || type === "mapping") {
            // js-yaml made the key text ("[object Object]", "a,b") that was never written: name the parent.
            const at = { file, origin: originOf(file, segments), path: YamlPath.of(...segments.slice(0, -1)), point: "key" as const };
            diagnostics.report(Messages.keyNotScalar, { type }, at);
            ok = false;
          } else if (type !== undefined) {
            const at = { file, origin: originOf(file, segments), path: YamlPath.of(...segments), point: "key" as const };
            diagnostics.report(Messages.keyNotString, { key, type: articleFor(type) }, at);
            ok = false;
          }
        }
        const child = mapping[key];
        size += child === null || typeof child !== "object" ? 1 : visit(child);
        segments.pop();
      }
    }
    expanded?.set(value, size);
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

/** Whether a mapping anywhere in `value` has a key for which `test` holds (a quick walk: no paths, no memo). */
function hasKey(value: object, test: (key: string) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === "object" && hasKey(item, test)) return true;
    return false;
  }
  for (const key in value) {
    if (test(key)) return true;
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === "object" && hasKey(item, test)) return true;
  }
  return false;
}

const COMPLEX_KEY_SYNTAX = /(?:^|[\s,{[])\?(?:\s|$)|[\]}]\s*:(?:\s|$)/m;

/**
 * Whether the text may use a list or mapping as a key: its code, without comments and without `{{…}}`
 * placeholders (DIALECT.md 14.4: `logs-{{account}}:` is a plain key), which would otherwise send every shared
 * and every commented file through the slow check.
 */
function hasComplexKeySyntax(text: string): boolean {
  return COMPLEX_KEY_SYNTAX.test(text) && COMPLEX_KEY_SYNTAX.test(withoutComments(text).replace(/\{\{[^{}\n]*\}\}/g, "x"));
}


/**
 * Keys that the core schema could have typed as null, a boolean or a number, had they been written plain;
 * only these need the slow check of how they were written. Most keys are ruled out by their first character
 * or their length.
 */
function mightBeTyped(key: string): boolean {
  const first = key.charCodeAt(0);
  const letter = (first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a);
  if (letter) return key.length <= 5 && TYPED_WORDS.has(key);
  // A number, `.inf` or `~` when plain; "" is null. (Lists and mappings as keys have their own syntax, above.)
  return key === "" || key === "~" || NUMBER_LIKE.test(key);
}

const TYPED_WORDS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);
const NUMBER_LIKE = /^[-+]?(?:[0-9]|\.[0-9]|\.(?:inf|Inf|INF|nan|NaN|NAN))/;

function articleFor(type: string): string {
  return type === "null" ? "null" : type === "number" ? "a number" : type === "boolean" ? "a boolean" : `a ${type}`;
}

/**
 * Whether a text whose document is null holds nothing but blank lines, comments, directives and document
 * markers: an empty file (1.4.2), rather than a document that is written as null (`~`, `null`).
 */
function holdsNoContent(text: string): boolean {
  return text.split(/\r\n|\n|\r/).every((line) => /^\s*(#.*)?$/.test(line) || line.startsWith("%") || /^(---|\.\.\.)(\s+#.*)?\s*$/.test(line));
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
