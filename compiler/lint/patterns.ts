/**
 * IAM's wildcard patterns (`*` any run of characters, `?` one character), as used in Action, NotAction,
 * Resource and NotResource. Action names compare ignoring case, ARNs with case.
 */

const compiled = new Map<string, RegExp>();

/** Whether a pattern has a wildcard at all. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/** The pattern as an anchored regular expression (cached: the same patterns recur across thousands of roles). */
export function patternRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "c"}${pattern}`;
  let regExp = compiled.get(key);
  if (regExp === undefined) {
    const source = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))).join("");
    regExp = new RegExp(`^${source}$`, ignoreCase ? "sui" : "su");
    compiled.set(key, regExp);
  }
  return regExp;
}

/** Whether `pattern` matches the plain string `text`. */
export function matchesPattern(pattern: string, text: string, ignoreCase: boolean): boolean {
  return patternRegExp(pattern, ignoreCase).test(text);
}

/**
 * Whether every string `inner` matches is also matched by `outer` (`s3:*` includes `s3:Get*`). Sound, not
 * complete: a true answer is always right, so a check built on it never claims a statement is covered when it
 * is not. `outer`'s `*` may stand for any part of `inner`, wildcards included; its `?` for one character or
 * `?` of `inner`; its other characters only for the same character.
 */
export function patternIncludes(outer: string, inner: string, ignoreCase: boolean): boolean {
  if (outer === "*") return true;
  const o = ignoreCase ? outer.toLowerCase() : outer;
  const n = ignoreCase ? inner.toLowerCase() : inner;
  // includes[i][j]: outer from i covers inner from j; filled from the ends backwards.
  const width = n.length + 1;
  const table = new Uint8Array((o.length + 1) * width);
  table[o.length * width + n.length] = 1;
  for (let i = o.length - 1; i >= 0; i--) {
    for (let j = n.length; j >= 0; j--) {
      const symbol = o[i];
      let covered: boolean;
      if (symbol === "*") covered = table[(i + 1) * width + j] === 1 || (j < n.length && table[i * width + j + 1] === 1);
      else if (j === n.length) covered = false;
      else if (symbol === "?") covered = n[j] !== "*" && table[(i + 1) * width + j + 1] === 1;
      else covered = n[j] === symbol && table[(i + 1) * width + j + 1] === 1;
      table[i * width + j] = covered ? 1 : 0;
    }
  }
  return table[0] === 1;
}
