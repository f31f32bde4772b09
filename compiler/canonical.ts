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
 * Sizes of a document's canonical text, measured without building it, in one pass over the compact
 * `JSON.stringify(document)`: the canonical text adds a line break and indentation after `{`, `[` and `,`
 * and before `}` and `]` (empty ones excepted), a space after `:`, and turns each character from U+007F up into
 * a six-character escape. `iam` counts the characters other than white space (IAM's measure).
 */
export function canonicalSizes(document: unknown): { length: number; iam: number } {
  const text = JSON.stringify(document);
  let depth = 0;
  let added = 0;
  let escaped = 0;
  let spacesInStrings = 0;
  let inString = false;
  let afterBackslash = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0x7f) escaped++;
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (ch === 0x5c /* \ */) afterBackslash = true;
      else if (ch === 0x22 /* " */) inString = false;
      else if (ch === 0x20) spacesInStrings++;
      continue;
    }
    switch (ch) {
      case 0x22: // "
        inString = true;
        break;
      case 0x7b: // {
      case 0x5b: {
        // [
        const next = text.charCodeAt(i + 1);
        if (next !== 0x7d && next !== 0x5d) added += 1 + 2 * ++depth;
        break;
      }
      case 0x7d: // }
      case 0x5d: {
        // ]
        const previous = text.charCodeAt(i - 1);
        if (previous !== 0x7b && previous !== 0x5b) added += 1 + 2 * --depth;
        break;
      }
      case 0x2c: // ,
        added += 1 + 2 * depth;
        break;
      case 0x3a: // :
        added += 1;
        break;
    }
  }
  return { length: text.length + added + 5 * escaped, iam: text.length - spacesInStrings + 5 * escaped };
}
