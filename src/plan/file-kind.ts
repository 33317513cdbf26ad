import type fs from 'node:fs';

/** What a path that is not a regular file is, in words for a warning ("a FIFO", "a folder", …). */
export function describeFileKind(stats: fs.Stats, otherwise = 'not a regular file'): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device';
  return otherwise;
}
