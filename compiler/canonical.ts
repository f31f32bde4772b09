/**
 * Canonical JSON text of a document (DIALECT.md 13.3): two-space indentation, every character above U+007F
 * as a lower-case `\uXXXX` escape (surrogate pairs above U+FFFF), no trailing newline. For the same document
 * this is byte-identical to Python's `json.dumps(document, indent=2)`, the original tool's output, and it
 * keeps every document within the character sets IAM, S3 and KMS accept. Python also escapes DEL (U+007F),
 * so this does too.
 */
export function canonicalJson(document: unknown): string {
  return JSON.stringify(document, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A document's sizes, measured without building its canonical text unless its full length is needed. */
export interface CanonicalSizes {
  /** Characters other than white space: IAM's measure. */
  iam: number;
  /** No more than the canonical text's length; equal to it when `length()` has been needed. */
  lengthAtMost: number;
  /** The canonical text's length (S3 and KMS count it in bytes: the text is ASCII). */
  length(): number;
}

const ESCAPED = /[\u007f-\uffff]/;

/**
 * The canonical text is `JSON.stringify(document, null, 2)` with each character from U+007F up written as a
 * six-character escape. It differs from the compact `JSON.stringify(document)` only by white space outside
 * strings, so IAM's measure comes from the compact text: its length, less the spaces inside strings, plus
 * five for each escape.
 */
export function canonicalSizes(document: unknown): CanonicalSizes {
  const compact = JSON.stringify(document);
  const escaped = ESCAPED.test(compact) ? count(compact, (ch) => ch >= 0x7f) : 0;
  const spaces = compact.includes(" ") ? count(compact, (ch) => ch === 0x20) : 0;
  const iam = compact.length - spaces + 5 * escaped;
  let exact: number | undefined;
  // Indentation breaks the line at most once per character of the compact text, each break adding a newline
  // and two spaces per level of nesting, and a colon adds one space.
  const sizes: CanonicalSizes = {
    iam,
    lengthAtMost: compact.length * (2 * depthOf(document) + 3) + 5 * escaped,
    length() {
      exact ??= JSON.stringify(document, null, 2).length + 5 * escaped;
      sizes.lengthAtMost = exact;
      return exact;
    },
  };
  return sizes;
}

/** How deeply arrays and objects nest in a value (a string: 0). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let deepest = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === "object") deepest = Math.max(deepest, depthOf(item));
  } else {
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== null && typeof item === "object") deepest = Math.max(deepest, depthOf(item));
    }
  }
  return deepest + 1;
}

function count(text: string, matches: (ch: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (matches(text.charCodeAt(i))) n++;
  return n;
}
