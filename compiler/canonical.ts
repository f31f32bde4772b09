/**
 * Canonical JSON text of a document (DIALECT.md 13.3): two-space indentation, every character above U+007F
 * as a lower-case `\uXXXX` escape (surrogate pairs above U+FFFF), no trailing newline. For the same document
 * this is byte-identical to Python's `json.dumps(document, indent=2)`, the original tool's output, and it
 * keeps every document within the character sets IAM, S3 and KMS accept. Python also escapes DEL (U+007F),
 * so this does too.
 */
export function canonicalJson(document: unknown): string {
  return JSON.stringify(document, null, 2).replace(ESCAPE_ALL, escapeCharacter);
}

/** A document's sizes, measured on its canonical text without building it. */
export interface CanonicalSizes {
  /** Characters other than white space: IAM's measure. */
  iam: number;
  /** The canonical text's length (S3 and KMS count it in bytes: the text is ASCII). */
  length: number;
}

const ESCAPED = /[\u007f-\uffff]/;
const ESCAPE_ALL = /[\u007f-\uffff]/g;

/**
 * The sizes of `canonicalJson(document)`, summed over the document's parts instead of taken from its text:
 * compiling a 10,000-role account measures every document, and their texts would be tens of megabytes of
 * garbage. A string that holds nothing to escape and no space, as nearly all in a policy, is its length and two
 * quotes; any other string is measured on its JSON text.
 */
export function canonicalSizes(document: unknown): CanonicalSizes {
  const sizes: CanonicalSizes = { iam: 0, length: 0 };
  addSizes(document, 0, sizes);
  return sizes;
}

/** Adds the sizes of `value`, written at nesting `level` of the canonical text (its first line not indented). */
function addSizes(value: unknown, level: number, sizes: CanonicalSizes): void {
  if (typeof value === "string") return addStringSizes(value, sizes);
  if (value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return addSizes((value as { toJSON(): unknown }).toJSON(), level, sizes);
  }
  if (value === null || typeof value !== "object") {
    // A number, a boolean or null (JSON.stringify writes NaN and the infinities as null too).
    const text = JSON.stringify(value) ?? "null";
    sizes.iam += text.length;
    sizes.length += text.length;
    return;
  }
  // `[`, `]` and, when not empty, a line break and indentation before each member and before the `]`.
  sizes.iam += 2;
  sizes.length += 2;
  let members = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      // As JSON.stringify: an item without a JSON form is null.
      addSizes(hasJsonForm(item) ? item : null, level + 1, sizes);
      members++;
    }
  } else {
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      // As JSON.stringify: a member without a JSON form is left out.
      if (!hasJsonForm(item)) continue;
      addStringSizes(key, sizes);
      // `: `
      sizes.iam += 1;
      sizes.length += 2;
      addSizes(item, level + 1, sizes);
      members++;
    }
  }
  if (members === 0) return;
  // Commas between members; each member's line break and indentation, and the closing line's.
  sizes.iam += members - 1;
  sizes.length += members - 1 + members * (1 + 2 * (level + 1)) + 1 + 2 * level;
}

const NEEDS_TEXT = /["\\ \u0000-\u001f\u007f-\uffff]/;

function addStringSizes(value: string, sizes: CanonicalSizes): void {
  if (!NEEDS_TEXT.test(value)) {
    sizes.iam += value.length + 2;
    sizes.length += value.length + 2;
    return;
  }
  // JSON's own escapes (quotes, backslashes, control characters, lone surrogates) are in its text; each
  // character from U+007F up becomes six characters; IAM does not count spaces.
  const text = JSON.stringify(value);
  const escaped = ESCAPED.test(text) ? (text.match(ESCAPE_ALL)?.length ?? 0) : 0;
  sizes.iam += text.length + 5 * escaped - countSpaces(text);
  sizes.length += text.length + 5 * escaped;
}

/** Spaces are rare in policy documents: indexOf finds each in native code, far faster than a loop over every character. */
function countSpaces(text: string): number {
  let n = 0;
  for (let i = text.indexOf(" "); i !== -1; i = text.indexOf(" ", i + 1)) n++;
  return n;
}

/** Characters gathered before `write` is called: a few system calls, no large string. */
const CHUNK = 64 * 1024;

/**
 * Writes the canonical text of a document (exactly `canonicalJson(document)`) in pieces of about 64 KiB, for
 * documents as large as a 10,000-role plan (30 MB): the text is never held whole, and each piece dies young,
 * which the garbage collector handles far more cheaply than one string of tens of megabytes and its escaped
 * copy. Objects and arrays are written member by member down to `depth` levels (2: a plan's roles, buckets and
 * keys one by one); below that each value is one `JSON.stringify`, re-indented to its depth.
 */
export function writeCanonicalJson(document: unknown, write: (text: string) => void, depth = 2): void {
  let pending: string[] = [];
  let pendingLength = 0;
  const emit = (text: string): void => {
    pending.push(text);
    pendingLength += text.length;
    if (pendingLength >= CHUNK) flush();
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    pendingLength = 0;
    write(holdsCharactersToEscape(text) ? text.replace(ESCAPE_ALL, escapeCharacter) : text);
  };
  writeValue(document, 0, depth, emit);
  flush();
}

/**
 * Whether a text holds a character from U+007F up, for pieces of 64 KiB: its UTF-8 length differs from its length
 * unless every character is below U+0080, which Buffer.byteLength finds in native code five times faster than a
 * regular expression; DEL is the one such character that stays a single byte.
 */
function holdsCharactersToEscape(text: string): boolean {
  return Buffer.byteLength(text, "utf8") !== text.length || text.includes("\u007f");
}

function escapeCharacter(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `value` at nesting `level`, as JSON.stringify(…, null, 2) prints it there (its first line not indented). */
function writeValue(value: unknown, level: number, depth: number, emit: (text: string) => void): void {
  if (!isNested(value) || level >= depth) {
    const text = JSON.stringify(value, null, 2);
    // JSON strings hold no raw line break, so every line break is indentation.
    emit(level === 0 ? text : text.replace(/\n/g, `\n${"  ".repeat(level)}`));
    return;
  }
  const array = Array.isArray(value);
  // As JSON.stringify: an object member that has no JSON form is left out, an array item becomes null.
  const members: [string, unknown][] = array
    ? value.map((item, index) => [String(index), hasJsonForm(item) ? item : null])
    : Object.keys(value as object)
        .map((key): [string, unknown] => [key, (value as Record<string, unknown>)[key]])
        .filter(([, item]) => hasJsonForm(item));
  if (members.length === 0) return emit(array ? "[]" : "{}");
  const inner = `\n${"  ".repeat(level + 1)}`;
  emit(array ? "[" : "{");
  let written = 0;
  let batch: [string, unknown][] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    emit(written === 0 ? inner : `,${inner}`);
    emit(membersText(batch, array, level));
    written += batch.length;
    batch = [];
  };
  for (const member of members) {
    if (level + 1 >= depth || !isNested(member[1])) {
      batch.push(member);
      if (batch.length === BATCH) flush();
      continue;
    }
    flush();
    emit(written === 0 ? inner : `,${inner}`);
    if (!array) emit(`${JSON.stringify(member[0])}: `);
    writeValue(member[1], level + 1, depth, emit);
    written++;
  }
  flush();
  emit(`\n${"  ".repeat(level)}${array ? "]" : "}"}`);
}

/** Members stringified together: fewer calls, and no re-indentation (see membersText). */
const BATCH = 32;

/**
 * The text of members of an object (or items of an array) at nesting `level`, as they appear in the whole
 * document, from their first character to their last (no trailing comma): JSON.stringify of the members
 * wrapped in `level` objects, so that it indents them as deep as the document does, less the wrapping lines.
 */
function membersText(members: readonly [string, unknown][], array: boolean, level: number): string {
  let wrapped: unknown;
  if (array) {
    wrapped = members.map(([, item]) => item);
  } else {
    const object: Record<string, unknown> = {};
    // defineProperty: a member named __proto__ is data, not the object's prototype.
    for (const [key, item] of members) Object.defineProperty(object, key, { value: item, enumerable: true, writable: true, configurable: true });
    wrapped = object;
  }
  for (let k = 0; k < level; k++) wrapped = { "": wrapped };
  const text = JSON.stringify(wrapped, null, 2);
  let start = 0;
  for (let k = 0; k <= level; k++) start = text.indexOf("\n", start) + 1;
  let end = text.length;
  for (let k = 0; k <= level; k++) end = text.lastIndexOf("\n", end - 1);
  return text.slice(start + 2 * (level + 1), end);
}

function isNested(value: unknown): value is object {
  return value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
