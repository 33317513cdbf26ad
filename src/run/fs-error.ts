/**
 * A file-system error for people: what went wrong and its code, without the path Node appends (the caller
 * names the file). `ENOSPC: no space left on device, write` → `no space left on device (ENOSPC)`.
 */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const text = WORDS[e?.code ?? ''];
  if (text) return `${text} (${e.code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+(?: '[^]*')?$/, '');
}

const WORDS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file is in the way',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EIO: 'input/output error',
};
