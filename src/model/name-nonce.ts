/**
 * `digits` random hex digits (at most 12) for the name of a temporary or probe file, so that two processes,
 * or two calls in one, never pick the same name. Every caller creates the file with O_EXCL (`flag: 'wx'`): a
 * name that is taken fails, nothing is followed or overwritten, so the name only has to be unlikely to
 * collide, not unguessable. Math.random, not node:crypto: loading node:crypto and drawing its first bytes
 * cost ~8 ms of every CLI start, for a name (bench/notes.md, section 5).
 */
export function nameNonce(digits: number): string {
  const value = Math.floor(Math.random() * 16 ** digits);
  return value.toString(16).padStart(digits, '0');
}
