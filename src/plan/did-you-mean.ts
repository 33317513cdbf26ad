/** Levenshtein distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const substitution = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length];
}

/**
 * The candidate closest to `word` when it is a plausible typo (distance ≤ max(2, length / 3) and less
 * than the word's length); ties go
 * to the earlier candidate, so the hint is stable.
 */
export function closestCandidate(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    // The distance is at least the length difference: skip what cannot be a plausible typo, unscanned.
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A candidate that shares nothing with the word (`z` → `a`) is no typo, however short both are.
  return bestDistance <= limit && bestDistance < word.length ? best : undefined;
}

/** ` Did you mean 'retries'?` or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closestCandidate(word, candidates);
  return best === undefined ? '' : ` Did you mean '${best}'?`;
}
