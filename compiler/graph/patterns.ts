/**
 * Two questions about IAM wildcard patterns (`*`, `?`) that compiler/lint/patterns.ts does not answer: can a
 * pattern match some string that starts with a given text (does `arn:aws:s3:::logs-*` name objects of bucket
 * `logs-2024`?), and can two patterns match a common string (does a Deny of `s3:*Object` touch `s3:Get*`?).
 * Both are decided exactly, by walking the patterns character by character.
 */

/** Whether `pattern` matches at least one string that begins with the plain text `prefix`. */
export function canMatchWithPrefix(pattern: string, prefix: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const q = ignoreCase ? prefix.toLowerCase() : prefix;
  // The positions in the pattern reachable after reading q[0..j); a `*` may consume any run, so it stays.
  let states = closeOverStars(new Set([0]), p);
  for (const c of q) {
    const next = new Set<number>();
    for (const i of states) {
      if (i >= p.length) continue;
      if (p[i] === "*") next.add(i);
      else if (p[i] === "?" || p[i] === c) next.add(i + 1);
    }
    states = closeOverStars(next, p);
    if (states.size === 0) return false;
  }
  // Any pattern left can be completed by some string (literal characters, `?` and `*` all can).
  return states.size > 0;
}

/** A `*` may also match nothing: a position at a `*` reaches the position after it. */
function closeOverStars(states: Set<number>, pattern: string): Set<number> {
  for (const i of [...states]) {
    let at = i;
    while (at < pattern.length && pattern[at] === "*") states.add(++at);
  }
  return states;
}

/** Whether two patterns match at least one string in common. */
export function patternsOverlap(a: string, b: string, ignoreCase: boolean): boolean {
  const x = ignoreCase ? a.toLowerCase() : a;
  const y = ignoreCase ? b.toLowerCase() : b;
  const width = y.length + 1;
  // overlap[i][j]: x from i and y from j match a common string; filled from the ends backwards.
  const table = new Uint8Array((x.length + 1) * width);
  for (let i = x.length; i >= 0; i--) {
    for (let j = y.length; j >= 0; j--) {
      let common: boolean;
      if (i === x.length && j === y.length) common = true;
      else if (i < x.length && x[i] === "*") common = table[(i + 1) * width + j] === 1 || (j < y.length && table[i * width + j + 1] === 1);
      else if (j < y.length && y[j] === "*") common = table[i * width + j + 1] === 1 || (i < x.length && table[(i + 1) * width + j] === 1);
      else if (i === x.length || j === y.length) common = false;
      else common = (x[i] === "?" || y[j] === "?" || x[i] === y[j]) && table[(i + 1) * width + j + 1] === 1;
      table[i * width + j] = common ? 1 : 0;
    }
  }
  return table[0] === 1;
}
