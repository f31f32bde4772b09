/**
 * Canonical JSON text of a document (DIALECT.md 13.3): two-space indentation, every character above U+007F
 * as a lower-case `\uXXXX` escape (surrogate pairs above U+FFFF), no trailing newline. For the same document
 * this is byte-identical to Python's `json.dumps(document, indent=2)`, the original tool's output, and it
 * keeps every document within the character sets IAM, S3 and KMS accept.
 */
export function canonicalJson(document: unknown): string {
  return JSON.stringify(document, null, 2).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** IAM counts policy sizes in characters other than white space (DIALECT.md 11.6). */
export function iamSize(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 0x20 && ch !== 0x0a && ch !== 0x0d && ch !== 0x09) size++;
  }
  return size;
}

/** S3 and KMS count policy sizes in UTF-8 bytes. */
export function byteSize(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
