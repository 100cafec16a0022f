/** "Did you mean …?" for misspelt property names and enum values. */

/**
 * Optimal string alignment distance between a and b: insertions, deletions, substitutions and transpositions of
 * two adjacent characters ("rleu" → "relu" is 1), each costing 1 (Damerau–Levenshtein without editing a substring twice).
 */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/** The candidate closest to `input` (case-insensitively), if it is close enough to be a plausible typo. */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > 64) return undefined;
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) { best = candidate; bestDistance = distance; }
  }
  const allowed = Math.max(1, Math.floor((best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
}
