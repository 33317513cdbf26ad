import fc from 'fast-check';
import { InputError } from '../../src/model/types.js';
import { formatMemorySize, parseMemorySize } from '../../src/plan/memory-size.js';
import {
  parseCpusInput,
  parseGpusInput,
  parseMaxWorkers,
  parseMemoryInput,
} from '../../src/plan/resource-inputs.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('parseMemorySize', () => {
  test.each([
    ['4GiB', 4 * GiB],
    ['4 GiB', 4 * GiB],
    ['4gib', 4 * GiB],
    ['4Gi', 4 * GiB],
    ['4G', 4 * GiB],
    ['4g', 4 * GiB],
    ['1.5G', 1.5 * GiB],
    ['.5G', 0.5 * GiB],
    ['4GB', 4e9],
    ['512MB', 512e6],
    ['512MiB', 512 * MiB],
    ['512M', 512 * MiB],
    ['64K', 64 * KiB],
    ['64KB', 64_000],
    ['64kib', 64 * KiB],
    ['2T', 2 * 1024 ** 4],
    ['2TB', 2e12],
    ['100B', 100],
    ['1.5B', 2], // rounded up to whole bytes
    ['0.0000000001B', 1],
    ['4Gb', 4e9], // units are case-insensitive: Gb is GB, not gigabits
    [' 8 GiB ', 8 * GiB],
  ])('%j is %d bytes', (text, bytes) => {
    expect(parseMemorySize(text)).toBe(bytes);
  });

  test.each([
    ['4', 'no unit: bytes or gigabytes?'],
    ['4096', 'no unit'],
    ['', 'empty'],
    ['GiB', 'no number'],
    ['0G', 'zero'],
    ['-1G', 'negative'],
    ['1e3M', 'exponent'],
    ['4 GiBs', 'unknown unit'],
    ['4PB', 'unit beyond terabytes'],
    ['4 G B', 'two words'],
    ['1,5G', 'decimal comma'],
    ['99999999999T', 'beyond a safe integer'],
    ['0x10G', 'hex'],
  ])('%j is refused (%s)', (text) => {
    expect(parseMemorySize(text)).toBeUndefined();
  });

  test('property: any positive amount in any unit parses to the amount times the unit, rounded up', () => {
    const units: Array<[string, number]> = [
      ['B', 1],
      ['K', KiB],
      ['KiB', KiB],
      ['KB', 1000],
      ['M', MiB],
      ['MiB', MiB],
      ['MB', 1e6],
      ['G', GiB],
      ['GiB', GiB],
      ['GB', 1e9],
      ['T', 1024 ** 4],
      ['TiB', 1024 ** 4],
      ['TB', 1e12],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(...units),
        fc.constantFrom('', ' '),
        fc.boolean(),
        (whole, hundredths, [unit, factor], space, lower) => {
          const text = `${whole}.${String(hundredths).padStart(2, '0')}${space}${lower ? unit.toLowerCase() : unit}`;
          const expected = Math.ceil(Number(`${whole}.${String(hundredths).padStart(2, '0')}`) * factor);
          const parsed = parseMemorySize(text);
          if (Number.isSafeInteger(expected)) expect(parsed).toBe(expected);
          else expect(parsed).toBeUndefined();
        },
      ),
    );
  });

  test('property: arbitrary text never throws and yields undefined or a positive safe integer', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseMemorySize(text);
        if (parsed !== undefined) {
          expect(Number.isSafeInteger(parsed)).toBe(true);
          expect(parsed).toBeGreaterThan(0);
        }
      }),
    );
  });

  test('formatMemorySize reads back (within the rounding of one decimal)', () => {
    expect(formatMemorySize(4 * GiB)).toBe('4 GiB');
    expect(formatMemorySize(1.5 * GiB)).toBe('1.5 GiB');
    expect(formatMemorySize(512 * MiB)).toBe('512 MiB');
    expect(formatMemorySize(100)).toBe('100 B');
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
