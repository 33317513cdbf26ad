import fc from 'fast-check';
import { InputError } from '../../src/model/types.js';
import {
  byteSizeExpected,
  formatByteSize,
  parseByteSize,
  type BareNumber,
  type SizePrecision,
} from '../../src/plan/byte-size.js';
import {
  parseCpusInput,
  parseGpusInput,
  parseMaxWorkers,
  parseMemoryInput,
} from '../../src/plan/resource-inputs.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const TiB = 1024 ** 4;

/*
 * One set of units for every size the user types: the config's `memory`, the `memory` input / --memory
 * (a bare number refused) and --cache-size-limit (a bare whole number is bytes).
 */
describe('parseByteSize', () => {
  // Every accepted spelling, with what it meant before the two parsers became one: memory (config, input,
  // flag) and --cache-size-limit. 'same' = unchanged; otherwise what the cache limit used to read.
  test.each<[string, number, string]>([
    ['4GiB', 4 * GiB, 'same'],
    ['4 GiB', 4 * GiB, 'same'],
    ['4gib', 4 * GiB, 'same'],
    ['4Gi', 4 * GiB, 'the cache refused it'],
    ['4gi', 4 * GiB, 'the cache refused it'],
    ['4G', 4 * GiB, 'same'],
    ['4g', 4 * GiB, 'same'],
    ['1.5G', 1.5 * GiB, 'same'],
    ['1.5g', 1.5 * GiB, 'same'],
    ['.5G', 0.5 * GiB, 'the cache refused it'],
    ['4.G', 4 * GiB, 'the cache refused it'],
    ['4GB', 4e9, 'the cache read 4 GiB'],
    ['4Gb', 4e9, 'the cache read 4 GiB'], // case-insensitive: Gb is GB, not gigabits
    ['512MB', 512e6, 'the cache read 512 MiB'],
    ['512mb', 512e6, 'the cache read 512 MiB'],
    ['512MiB', 512 * MiB, 'same'],
    ['512Mi', 512 * MiB, 'the cache refused it'],
    ['512M', 512 * MiB, 'same'],
    ['64K', 64 * KiB, 'same'],
    ['64k', 64 * KiB, 'same'],
    ['64Ki', 64 * KiB, 'the cache refused it'],
    ['64KiB', 64 * KiB, 'same'],
    ['64kib', 64 * KiB, 'same'],
    ['64KB', 64_000, 'the cache read 64 KiB'],
    ['2T', 2 * TiB, 'same'],
    ['2Ti', 2 * TiB, 'the cache refused it'],
    ['2TiB', 2 * TiB, 'same'],
    ['2TB', 2e12, 'the cache read 2 TiB'],
    ['100B', 100, 'same'],
    ['100 b', 100, 'same'],
    ['1.5B', 2, 'the cache read 1 (rounded down)'], // rounded up to whole bytes
    ['0.0000000001B', 1, 'the cache read 0 and refused it'],
    [' 8 GiB ', 8 * GiB, 'same'],
    ['\t8GiB\n', 8 * GiB, 'same'],
  ])('%j is %d bytes for every input (%s)', (text, bytes) => {
    for (const bare of ['refused', 'bytes'] as BareNumber[]) expect(parseByteSize(text, bare)).toBe(bytes);
  });

  test.each<[string, number | undefined, number | undefined]>([
    // text, memory (bare refused), --cache-size-limit (bare bytes)
    ['4', undefined, 4],
    ['4096', undefined, 4096],
    ['1048576', undefined, 1048576],
    [' 1048576 ', undefined, 1048576],
    ['1.5', undefined, undefined], // a fraction of a byte: the cache used to round it down
    ['0', undefined, undefined],
    ['9007199254740992', undefined, undefined], // beyond a safe integer
  ])('a bare number %j: memory %p, --cache-size-limit %p', (text, memory, cache) => {
    expect(parseByteSize(text, 'refused')).toBe(memory);
    expect(parseByteSize(text)).toBe(memory); // refused is the default
    expect(parseByteSize(text, 'bytes')).toBe(cache);
  });

  test.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['GiB', 'no number'],
    ['0G', 'zero'],
    ['0.0G', 'zero'],
    ['-1G', 'negative'],
    ['+1G', 'sign'],
    ['1e3M', 'exponent'],
    ['1e3', 'exponent, bare'],
    ['4 GiBs', 'unknown unit'],
    ['4PB', 'unit beyond terabytes'],
    ['4P', 'unit beyond terabytes'],
    ['4 G B', 'two words'],
    ['1,5G', 'decimal comma'],
    ['1_000', 'digit separator'],
    ['99999999999T', 'beyond a safe integer'],
    ['0x10G', 'hex'],
    ['0x10', 'hex, bare'],
    ['ten', 'a word'],
    ['Infinity', 'a word'],
    ['NaN', 'a word'],
  ])('%j is refused for every input (%s)', (text) => {
    expect(parseByteSize(text, 'refused')).toBeUndefined();
    expect(parseByteSize(text, 'bytes')).toBeUndefined();
  });

  test('the expected text names every unit family, and what a bare number means', () => {
    expect(byteSizeExpected('refused')).toBe(
      'Expected a size above 0 with a unit, such as 4GiB, 512MB or 1.5G (K, M, G, T and KiB…TiB are powers of ' +
        '1024; KB, MB, GB, TB powers of 1000; B bytes)',
    );
    expect(byteSizeExpected('bytes')).toMatch(
      /^Expected a size above 0, such as 10GiB, 500MB or 2G \(K, M, G, T/,
    );
    expect(byteSizeExpected('bytes')).toMatch(/a whole number without a unit is bytes\)$/);
  });

  test('property: any positive amount in any unit parses to the amount times the unit, rounded up', () => {
    const units: Array<[string, number]> = [
      ['B', 1],
      ['K', KiB],
      ['Ki', KiB],
      ['KiB', KiB],
      ['KB', 1000],
      ['M', MiB],
      ['MiB', MiB],
      ['MB', 1e6],
      ['G', GiB],
      ['GiB', GiB],
      ['GB', 1e9],
      ['T', TiB],
      ['TiB', TiB],
      ['TB', 1e12],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(...units),
        fc.constantFrom('', ' '),
        fc.boolean(),
        fc.constantFrom<BareNumber>('refused', 'bytes'),
        (whole, hundredths, [unit, factor], space, lower, bare) => {
          const text = `${whole}.${String(hundredths).padStart(2, '0')}${space}${lower ? unit.toLowerCase() : unit}`;
          const expected = Math.ceil(Number(`${whole}.${String(hundredths).padStart(2, '0')}`) * factor);
          const parsed = parseByteSize(text, bare);
          if (Number.isSafeInteger(expected)) expect(parsed).toBe(expected);
          else expect(parsed).toBeUndefined();
        },
      ),
    );
  });

  test('property: arbitrary text never throws and yields undefined or a positive safe integer', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom<BareNumber>('refused', 'bytes'), (text, bare) => {
        const parsed = parseByteSize(text, bare);
        if (parsed !== undefined) {
          expect(Number.isSafeInteger(parsed)).toBe(true);
          expect(parsed).toBeGreaterThan(0);
        }
      }),
    );
  });
});

/* One formatter for every size the product prints: memory, the echo limit, artifacts, the cache, resources. */
describe('formatByteSize', () => {
  test.each<[number, SizePrecision | undefined, string]>([
    [0, undefined, '0 B'],
    [100, undefined, '100 B'],
    [640, undefined, '640 B'], // the echo limit notice said "640 bytes" before
    [1023, undefined, '1023 B'],
    [1024, undefined, '1 KiB'], // artifacts said "1.0 KiB" before
    [1536, undefined, '1.5 KiB'],
    [2 * KiB, undefined, '2 KiB'],
    [512 * MiB, undefined, '512 MiB'],
    [MiB, undefined, '1 MiB'],
    [MiB - 1, undefined, '1 MiB'], // 1023.999 KiB rounds to 1024 KiB: the next unit
    [64 * MiB, undefined, '64 MiB'],
    [300.44 * MiB, undefined, '300.4 MiB'],
    [1.5 * GiB, undefined, '1.5 GiB'],
    [1.25 * GiB, undefined, '1.3 GiB'],
    [3 * GiB, undefined, '3 GiB'],
    [4 * GiB, undefined, '4 GiB'],
    [2 * TiB, undefined, '2 TiB'],
    [2048 * TiB, undefined, '2048 TiB'], // the largest unit the parser reads
    [512, 'three-digits', '512 B'],
    [1536, 'three-digits', '1.5 KiB'],
    [300 * MiB, 'three-digits', '300 MiB'],
    [300.44 * MiB, 'three-digits', '300 MiB'],
    [1.25 * GiB, 'three-digits', '1.25 GiB'],
    [12.34 * GiB, 'three-digits', '12.3 GiB'],
    [99.96 * MiB, 'three-digits', '100 MiB'],
    [MiB - 1, 'three-digits', '1 MiB'],
  ])('formatByteSize(%p, %p) = %p', (bytes, precision, text) => {
    expect(formatByteSize(bytes, precision)).toBe(text);
  });

  test('property: format → parse round-trips exactly for sizes the formatter shows exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 10239 }),
        fc.constantFrom<SizePrecision>('tenths', 'three-digits'),
        fc.constantFrom<BareNumber>('refused', 'bytes'),
        (unit, tenths, precision, bare) => {
          // n/10 of a unit (whole numbers of bytes only); three-digits shows it exactly below 100 units.
          const bytes = (tenths * 1024 ** unit) / 10;
          fc.pre(Number.isInteger(bytes) && (unit === 0 || bytes < 1024 ** (unit + 1)));
          fc.pre(precision === 'tenths' || tenths < 1000 || tenths % 10 === 0);
          expect(parseByteSize(formatByteSize(bytes, precision), bare)).toBe(bytes);
        },
      ),
    );
  });

  test('property: format → parse round-trips any size within the rounding shown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 50 }),
        fc.constantFrom<SizePrecision>('tenths', 'three-digits'),
        (bytes, precision) => {
          const text = formatByteSize(bytes, precision);
          const parsed = parseByteSize(text, 'refused');
          expect(parsed).toBeDefined();
          // Half a step of the last digit shown, relative: tenths of at least 1 unit (5 %), or 3 digits (0.5 %).
          const bound = precision === 'tenths' ? 0.05 : 0.005;
          expect(Math.abs(parsed! - bytes)).toBeLessThanOrEqual(Math.max(1, bytes * bound));
        },
      ),
    );
  });
});

describe('resource inputs', () => {
  const message = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return `${(error as InputError).where}: ${(error as Error).message}`;
    }
    throw new Error('expected an InputError');
  };

  test('max_workers: auto or a whole number; anything else names the input and both forms', () => {
    expect(parseMaxWorkers('auto')).toEqual({ maxWorkers: 1024, maxWorkersAuto: true });
    expect(parseMaxWorkers('AUTO')).toEqual({ maxWorkers: 1024, maxWorkersAuto: true });
    expect(parseMaxWorkers('3')).toEqual({ maxWorkers: 3 });
    expect(parseMaxWorkers('')).toEqual({ maxWorkers: 4 });
    for (const bad of ['0', 'autos', '-1', '2.5', '5000']) {
      const text = message(() => parseMaxWorkers(bad));
      expect(text).toMatch(
        /^max_workers: Invalid max_workers '.*'\. Expected a whole number from 1 to 1024 or auto \(empty means 4\)\.$/,
      );
    }
  });

  test('cpus: a number above 0, decimals allowed; empty means detected', () => {
    expect(parseCpusInput('')).toBeUndefined();
    expect(parseCpusInput('2')).toBe(2);
    expect(parseCpusInput('0.5')).toBe(0.5);
    for (const bad of ['0', '-2', 'two', '1e3', '2000000']) {
      expect(message(() => parseCpusInput(bad))).toMatch(
        /^cpus: Invalid cpus '.*'\. Expected a number of CPU cores above 0/,
      );
    }
  });

  test('memory: a size with a unit; empty means detected', () => {
    expect(parseMemoryInput(undefined)).toBeUndefined();
    expect(parseMemoryInput('16GiB')).toBe(16 * GiB);
    for (const bad of ['16', 'lots', '0G', '-1G']) {
      expect(message(() => parseMemoryInput(bad))).toMatch(
        /^memory: Invalid memory '.*'\. Expected a size above 0 with a unit, such as 4GiB, 512MB or 1\.5G/,
      );
    }
  });

  test('gpus: device indices or none; duplicates and words refused', () => {
    expect(parseGpusInput('')).toBeUndefined();
    expect(parseGpusInput('0,1')).toEqual([0, 1]);
    expect(parseGpusInput('3, 1 2')).toEqual([1, 2, 3]);
    expect(parseGpusInput('none')).toEqual([]);
    expect(message(() => parseGpusInput('0,0'))).toMatch(
      /^gpus: Invalid gpus '0,0': 0 is listed twice\. Expected GPU device indices/,
    );
    expect(message(() => parseGpusInput('gpu0'))).toMatch(
      /^gpus: Invalid gpus 'gpu0': 'gpu0' is not an index/,
    );
    expect(message(() => parseGpusInput('-1'))).toMatch(/^gpus: Invalid gpus/);
    expect(message(() => parseGpusInput('5000'))).toMatch(/^gpus: Invalid gpus/);
    expect(message(() => parseGpusInput(','))).toMatch(/^gpus: Invalid gpus ','\. Expected/);
  });
});
