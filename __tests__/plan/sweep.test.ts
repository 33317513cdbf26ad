import { InputError } from '../../src/model/types.js';
import type { SweepSpec } from '../../src/plan/config.js';
import { expandSweep, fileSafe, flagFor } from '../../src/plan/sweep.js';

function spec(
  parameters: Record<string, string[]>,
  extra: {
    include?: Record<string, string>[];
    exclude?: Record<string, string>[];
    flags?: Record<string, string>;
  } = {},
): SweepSpec {
  return {
    parameters: Object.entries(parameters).map(([key, values]) => ({ key, values })),
    include: (extra.include ?? []).map((entry) => new Map(Object.entries(entry))),
    exclude: (extra.exclude ?? []).map((entry) => new Map(Object.entries(entry))),
    flags: new Map(Object.entries(extra.flags ?? {})),
    where: 'jobs.yml:7',
  };
}

const suffixes = (sweep: SweepSpec): string[] => expandSweep(sweep, 'als').map((variant) => variant.suffix);

describe('expandSweep', () => {
  test('the cartesian product, parameters in declared order, values in listed order', () => {
    const variants = expandSweep(
      spec({ learning_rate: ['0.001', '0.0001'], batch_size: ['16', '32'] }),
      'als',
    );
    expect(variants.map((variant) => variant.suffix)).toEqual([
      'learning_rate-0.001.batch_size-16',
      'learning_rate-0.001.batch_size-32',
      'learning_rate-0.0001.batch_size-16',
      'learning_rate-0.0001.batch_size-32',
    ]);
    expect(variants[1].flags).toEqual(['--learning-rate', '0.001', '--batch-size', '32']);
    expect(variants[1].values).toEqual([
      ['learning_rate', '0.001'],
      ['batch_size', '32'],
    ]);
  });

  test('values are made file-safe in the id but passed as they are', () => {
    const [variant] = expandSweep(spec({ model: ['resnet/50 v2'] }), 'als');
    expect(variant.suffix).toBe('model-resnet_50_v2');
    expect(variant.flags).toEqual(['--model', 'resnet/50 v2']);
  });

  test('matrix_flags overrides the flag name', () => {
    const [variant] = expandSweep(
      spec({ lr: ['1e-3'], l2: ['0'] }, { flags: { lr: '--learning-rate', l2: '-w' } }),
      'als',
    );
    expect(variant.flags).toEqual(['--learning-rate', '1e-3', '-w', '0']);
  });

  test('exclude removes every combination matching all its values', () => {
    expect(
      suffixes(
        spec(
          { a: ['1', '2'], b: ['x', 'y'] },
          {
            exclude: [
              { a: '2', b: 'y' },
              { b: 'x', a: '1' },
            ],
          },
        ),
      ),
    ).toEqual(['a-1.b-y', 'a-2.b-x']);
    expect(suffixes(spec({ a: ['1', '2'], b: ['x', 'y'] }, { exclude: [{ a: '1' }] }))).toEqual([
      'a-2.b-x',
      'a-2.b-y',
    ]);
  });

  test("include follows GitHub's rules (the documented fruit/animal example)", () => {
    const sweep = spec(
      { fruit: ['apple', 'pear'], animal: ['cat', 'dog'] },
      {
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' },
        ],
      },
    );
    expect(suffixes(sweep)).toEqual([
      'fruit-apple.animal-cat.color-pink.shape-circle',
      'fruit-apple.animal-dog.color-green.shape-circle',
      'fruit-pear.animal-cat.color-pink',
      'fruit-pear.animal-dog.color-green',
      'fruit-banana',
      'fruit-banana.animal-cat',
    ]);
  });

  test('a matrix of include entries only', () => {
    expect(suffixes(spec({}, { include: [{ lr: '1' }, { lr: '2', seed: '3' }] }))).toEqual([
      'lr-1',
      'lr-2.seed-3',
    ]);
  });

  test('fileSafe and flagFor', () => {
    expect(fileSafe('a b/c:d*e')).toBe('a_b_c_d_e');
    expect(fileSafe('1e-3_x.y')).toBe('1e-3_x.y');
    expect(flagFor('batch_size', new Map())).toBe('--batch-size');
  });

  test.each<[string, SweepSpec, string]>([
    ['everything excluded', spec({ a: ['1'] }, { exclude: [{ a: '1' }] }), 'expands to no combination'],
    ['an empty matrix', spec({}), 'expands to no combination'],
    [
      'too many combinations',
      spec({ a: Array.from({ length: 17 }, String), b: Array.from({ length: 17 }, String) }),
      'more than 256 combinations',
    ],
    [
      'too many include entries',
      spec({}, { include: Array.from({ length: 257 }, (_, i) => ({ n: String(i) })) }),
      'more than 256',
    ],
    ['values that collide once file-safe', spec({ tag: ['a b', 'a_b'] }), "would both be 'als.tag-a_b'"],
    ['a repeated value', spec({ seed: ['1', '1'] }), "would both be 'als.seed-1'"],
    [
      'exclude naming an unknown parameter',
      spec({ a: ['1'] }, { exclude: [{ b: '1' }] }),
      "matrix exclude names 'b'",
    ],
    [
      'matrix_flags naming an unknown parameter',
      spec({ a: ['1'] }, { flags: { b: '--b' } }),
      "matrix_flags names 'b'",
    ],
  ])('%s is an InputError at the matrix line', (_name, sweep, message) => {
    let caught: unknown;
    try {
      expandSweep(sweep, 'als');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).where).toBe('jobs.yml:7');
    expect((caught as InputError).message).toContain(message);
    expect((caught as InputError).message.startsWith("jobs.yml:7: job 'als': ")).toBe(true);
  });
});
