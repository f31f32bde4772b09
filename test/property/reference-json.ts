/**
 * DIALECT.md 13.3 written out from its definition, without JSON.stringify, to check compiler/canonical.ts against:
 * Python's `json.dumps(document, indent=2)` (ensure_ascii): two-space indentation, ", " never (items end the line),
 * ": " between key and value, `[]` and `{}` when empty, no trailing newline; in strings `\"`, `\\`, the five short
 * escapes \b \f \n \r \t, and every other UTF-16 code unit outside U+0020..U+007E as a lower-case `\uXXXX` (so
 * characters above U+FFFF become their surrogate pair, and DEL is escaped, as Python does; see
 * test/compiler/canonical.spec.ts for that choice).
 */
const SHORT_ESCAPES: Record<number, string> = { 0x22: '\\"', 0x5c: "\\\\", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t" };

export function referenceJson(value: unknown): string {
  return write(value, "");
}

function write(value: unknown, indent: string): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not JSON: ${value}`);
    // Number formatting is not what 13.3 is about; Object.is keeps -0 from printing as "-0".
    return Object.is(value, -0) ? "0" : String(value);
  }
  if (typeof value === "string") return quote(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => inner + write(item, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    for (const [key, item] of entries) if (item === undefined) throw new Error(`not JSON: undefined at ${key}`);
    return `{\n${entries.map(([key, item]) => `${inner}${quote(key)}: ${write(item, inner)}`).join(",\n")}\n${indent}}`;
  }
  throw new Error(`not JSON: ${typeof value}`);
}

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (SHORT_ESCAPES[unit] !== undefined) out += SHORT_ESCAPES[unit];
    else if (unit < 0x20 || unit > 0x7e) out += `\\u${unit.toString(16).padStart(4, "0")}`;
    else out += text[i];
  }
  return `${out}"`;
}
