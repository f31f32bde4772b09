/**
 * YAML text for generated definitions, written for people: block style for the structure (files, definitions,
 * their keys, statement lists and statements), flow style for a value that fits on its line (`{s3: logs}`,
 * `[ec2, lambda]`, a short Condition), block style again for one that does not. Every scalar and every flow value
 * is written by js-yaml, which quotes what the compiler would otherwise read as another type (`"012"`, `"yes"`);
 * the text is read back with the compiler's own YAML schema and must give the same data, or nothing is written.
 */
import * as yaml from "js-yaml";
import { YAML_SCHEMA } from "../../compiler/source/yaml-schema";
import { isMapping } from "../../compiler/values";
import { stableJson } from "./equivalence";

/** Keys whose value is a list of statements (or grants): always a block list of block mappings. */
const STATEMENT_LISTS = new Set(["allow_to_assume_me", "disallow_to_assume_me", "permission", "allow_permission", "deny_permission", "grant"]);
/** Lines longer than this are written in block style. */
const WIDTH = 100;
/** Depth of a definition's keys (file → `roles` → role → key): values above it are never flow. */
const FLOW_DEPTH = 3;

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/**
 * The text of one file: `header` lines as comments, then the top-level keys, with a blank line between the
 * definitions of a top-level key.
 */
export function renderYaml(document: Record<string, unknown>, header: readonly string[] = []): string {
  const lines = header.map((line) => `# ${line}`.trimEnd());
  for (const [key, value] of Object.entries(document)) {
    if (lines.length > 0) lines.push("");
    lines.push(`${keyText(key)}:`);
    const entries = Object.entries(value as Record<string, unknown>);
    entries.forEach(([name, definition], index) => {
      if (index > 0) lines.push("");
      writeEntry(lines, name, definition, 2, 2);
    });
  }
  const text = `${lines.join("\n")}\n`;
  assertReadsBack(text, document);
  return text;
}

/** `key: value`, `key: {flow}`, or `key:` followed by the block form of the value. */
function writeEntry(lines: string[], key: string, value: unknown, indent: number, depth: number): void {
  const pad = " ".repeat(indent);
  const head = `${pad}${keyText(key)}:`;
  const inline = inlineText(value, depth + 1, STATEMENT_LISTS.has(key), head.length + 1);
  if (inline !== undefined) {
    lines.push(`${head} ${inline}`);
    return;
  }
  lines.push(head);
  if (Array.isArray(value)) writeSequence(lines, value, indent + 2, depth + 1, STATEMENT_LISTS.has(key));
  else writeMapping(lines, value as Record<string, unknown>, indent + 2, depth + 1);
}

function writeMapping(lines: string[], mapping: Record<string, unknown>, indent: number, depth: number): void {
  for (const [key, value] of Object.entries(mapping)) writeEntry(lines, key, value, indent, depth);
}

/** Items `- …`; a block mapping item starts on the dash's line. */
function writeSequence(lines: string[], items: readonly unknown[], indent: number, depth: number, statements: boolean): void {
  const pad = " ".repeat(indent);
  for (const item of items) {
    const inline = statements && isMapping(item) && Object.keys(item).length > 0 ? undefined : inlineText(item, depth + 1, false, indent + 2);
    if (inline !== undefined) {
      lines.push(`${pad}- ${inline}`);
    } else if (isMapping(item)) {
      const start = lines.length;
      writeMapping(lines, item, indent + 2, depth + 1);
      lines[start] = `${pad}- ${lines[start].slice(indent + 2)}`;
    } else {
      lines.push(`${pad}-`);
      writeSequence(lines, item as unknown[], indent + 2, depth + 1, false);
    }
  }
}

/** The value on the key's line: a scalar, an empty collection, or a flow collection that fits. */
function inlineText(value: unknown, depth: number, neverFlow: boolean, column: number): string | undefined {
  if (value === null || typeof value !== "object") return scalarText(value);
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  if (empty) return Array.isArray(value) ? "[]" : "{}";
  if (neverFlow || depth <= FLOW_DEPTH) return undefined;
  const flow = yaml.dump(value, { flowLevel: 0, lineWidth: -1, noRefs: true }).replace(/\n$/, "");
  return flow.includes("\n") || column + flow.length > WIDTH ? undefined : flow;
}

function keyText(key: string): string {
  return scalarText(key);
}

/** A scalar as js-yaml writes it on one line; a string with a line break as a double-quoted string. */
function scalarText(value: unknown): string {
  if (typeof value === "string" && /[\n\r\u0085\u2028\u2029]/.test(value)) return doubleQuoted(value);
  const text = yaml.dump(value, { lineWidth: -1, noRefs: true }).replace(/\n$/, "");
  return text.includes("\n") || /^[|>]/.test(text) ? doubleQuoted(String(value)) : text;
}

/** YAML's double-quoted style: JSON's escapes, plus `\x..` for what YAML does not accept raw. */
function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The compiler must read exactly the data back; anything else is a bug here, never a file with other content. */
function assertReadsBack(text: string, document: Record<string, unknown>): void {
  const read = yaml.load(text, { schema: YAML_SCHEMA });
  if (stableJson(read) !== stableJson(document)) {
    throw new Error("the YAML written does not read back as the data it was written from");
  }
}
