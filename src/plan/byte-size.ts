/*
 * Sizes in bytes, read from what people type and written for people to read: one set of units for every size
 * the user gives (the config's `memory`, the `memory` input and `--memory`, `--cache-size-limit`) and one
 * formatter for every size the product prints (memory, log limits, artifacts, the cache).
 *
 * Units are case-insensitive and may follow a space:
 * - `K`, `M`, `G`, `T` and `KiB`, `MiB`, `GiB`, `TiB` (also `Ki`…`Ti`) are binary (1 G = 1024³ bytes), as in
 *   Docker, the JVM and `free`;
 * - `KB`, `MB`, `GB`, `TB` are decimal (1 GB = 1000³ bytes), as disk makers write them;
 * - `B` is bytes.
 * Decimals are allowed (`1.5G`) and the result is rounded up to whole bytes.
 */

/** What a number without a unit means for one input. */
export type BareNumber =
  /**
   * Refused. For memory (config, input, flag): a bare `4` could mean bytes or gigabytes, and guessing wrong
   * either starves the job or lets it run out of memory.
   */
  | 'refused'
  /**
   * A whole number of bytes. For `--cache-size-limit`, which has always read `1048576` as bytes (the figure
   * `du -b` prints); a limit off by a unit only keeps more or fewer entries, it breaks no job.
   */
  | 'bytes';

const UNITS_TEXT = 'K, M, G, T and KiB…TiB are powers of 1024; KB, MB, GB, TB powers of 1000; B bytes';

/** The "Expected …" sentence of an error about a size, without the final full stop. */
export function byteSizeExpected(bare: BareNumber): string {
  return bare === 'refused'
    ? `Expected a size above 0 with a unit, such as 4GiB, 512MB or 1.5G (${UNITS_TEXT})`
    : `Expected a size above 0, such as 10GiB, 500MB or 2G (${UNITS_TEXT}; a whole number without a unit is bytes)`;
}

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

/**
 * `text` in bytes, or undefined when it is not a size above 0 (see byteSizeExpected). A number without a unit
 * is read as `bare` says. Never throws.
 */
export function parseByteSize(text: string, bare: BareNumber = 'refused'): number | undefined {
  const match = /^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  let unit: number | undefined;
  if (match[2] === '') unit = bare === 'bytes' && /^[0-9]+$/.test(match[1]) ? 1 : undefined;
  else unit = UNIT_BYTES[match[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.ceil(Number(match[1]) * unit);
  if (!(bytes > 0) || !Number.isSafeInteger(bytes)) return undefined;
  return bytes;
}

/**
 * How many digits a formatted size keeps:
 * - `tenths`: at most one decimal (`300.4 MiB`, `1.5 GiB`, `4 GiB`), for sentences;
 * - `three-digits`: at most three significant digits (`300 MiB`, `12.3 GiB`, `1.25 GiB`), for narrow table cells.
 */
export type SizePrecision = 'tenths' | 'three-digits';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * Bytes for people, in binary units (`512 B`, `1.5 KiB`, `4 GiB`; trailing zeros dropped), which
 * parseByteSize reads back (to the precision shown). `bytes` is a finite number ≥ 0.
 */
export function formatByteSize(bytes: number, precision: SizePrecision = 'tenths'): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let shown = round(value, unit, precision);
  // 1023.96 KiB rounds to 1024 KiB: say 1 MiB instead.
  if (shown >= 1024 && unit < UNITS.length - 1) {
    unit++;
    shown = round(value / 1024, unit, precision);
  }
  return `${shown} ${UNITS[unit]}`;
}

function round(value: number, unit: number, precision: SizePrecision): number {
  const decimals = unit === 0 ? 0 : precision === 'tenths' ? 1 : value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
