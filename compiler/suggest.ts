/**
 * "Did you mean" (DIALECT.md 0.3): the known name within edit distance 2 of what was written, comparing
 * without regard to case; the closest wins, then the first in the order given.
 */
export function closest(written: string, known: Iterable<string>): string | undefined {
  const target = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(target, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?`, or nothing. */
export function suggestion(written: string, known: Iterable<string>): string {
  const match = closest(written, known);
  return match === undefined ? "" : `; did you mean ${JSON.stringify(match)}?`;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMinimum = Math.min(rowMinimum, current[j]);
    }
    if (rowMinimum >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}
