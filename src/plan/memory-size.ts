/**
 * Memory sizes as people write them (`4GiB`, `512MB`, `1.5G`), for the config's `memory` and the `memory`
 * input. Units are case-insensitive and may follow a space:
 * - `K`, `M`, `G`, `T` and `KiB`, `MiB`, `GiB`, `TiB` (also `Ki`…`Ti`) are binary (1 G = 1024³ bytes), as in
 *   Docker, the JVM and `free`;
 * - `KB`, `MB`, `GB`, `TB` are decimal (1 GB = 1000³ bytes), as disk makers write them;
 * - `B` is bytes.
 * A unit is required: a bare `4` could mean bytes or gigabytes, and guessing wrong either starves the job
 * or lets it run out of memory. Decimals are allowed and the result is rounded up to whole bytes.
 */
export const MEMORY_SIZE_EXPECTED =
  'Expected a size above 0 with a unit, such as 4GiB, 512MB or 1.5G (K, M, G, T and KiB…TiB are ' +
  'powers of 1024; KB, MB, GB, TB powers of 1000; B bytes)';

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  k: 1024,
  ki: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
};

/** `text` in bytes, or undefined when it is not a size above 0 with a known unit (see MEMORY_SIZE_EXPECTED). */
export function parseMemorySize(text: string): number | undefined {
  const match = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = UNIT_BYTES[match[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.ceil(Number(match[1]) * unit);
  if (!(bytes > 0) || !Number.isSafeInteger(bytes)) return undefined;
  return bytes;
}

/** Bytes for people: `4 GiB`, `512 MiB`, `1.5 GiB` (binary units, at most one decimal). */
export function formatMemorySize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
  return `${text} ${units[unit]}`;
}
