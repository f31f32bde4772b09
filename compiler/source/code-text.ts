/**
 * A file's text without its comments, for the quick scans that decide whether a slow, exact check (a second
 * parse for positions and tags) is needed at all. It errs on the side of keeping text: only `#` at the start of
 * a line or after white space starts a comment, as in YAML, and a `#` inside a quoted value cuts the rest of
 * that line, which can only make a scan find less in a value, never a key or a tag it would have missed before.
 */
export function withoutComments(text: string): string {
  if (!text.includes("#")) return text;
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "$1"))
    .join("\n");
}
