/** "Did you mean …?": the candidate nearest to a mistyped word, by edit distance, when one is near enough. */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive), if it is within a third of its length (at least one edit);
 * `loose` drops that limit, for names where the nearest existing one is worth showing even when far off.
 */
export function closest(word: string, candidates: readonly string[], loose = false): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    const nearEnough = loose || distance <= Math.max(1, Math.floor(candidate.length / 3));
    if (nearEnough && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
