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

/**
 * Sizes of a document's canonical text, measured without building it: the canonical text is
 * `JSON.stringify(document, null, 2)` with each character from U+007F up written as a six-character escape.
 */
export function canonicalSizes(document: unknown): { length: number; iam: number } {
  const text = JSON.stringify(document, null, 2);
  let escaped = 0;
  let whitespace = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0x7f) escaped++;
    else if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) whitespace++;
  }
  const length = text.length + 5 * escaped;
  return { length, iam: length - whitespace };
}
