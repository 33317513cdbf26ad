import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultCapacityDeps,
  detectCapacity,
  parseMemAvailable,
  parseNvidiaSmiList,
  type CapacityDeps,
} from '../../src/resources/capacity.js';
import { fakeNvidiaSmi, TWO_GPUS } from './fake-nvidia-smi.js';

const fixed = (over: Partial<CapacityDeps> = {}): CapacityDeps => ({
  availableParallelism: () => 8,
  readMeminfo: () =>
    'MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:   16000000 kB\n',
  freemem: () => 1_000_000_000,
  listGpus: async () => TWO_GPUS,
  ...over,
});

describe('detectCapacity', () => {
  test('detects CPUs, MemAvailable and nvidia-smi GPUs; inputs override each one', async () => {
    const detected = await detectCapacity({}, true, fixed());
    expect(detected).toMatchObject({ cpus: 8, memoryBytes: 16_000_000 * 1024, gpus: [0, 1] });
    const given = await detectCapacity({ cpus: 3, memoryBytes: 1024, gpus: [2] }, true, fixed());
    expect(given).toMatchObject({ cpus: 3, memoryBytes: 1024, gpus: [2] });
    expect(given.sources).toEqual({
      cpus: 'the cpus input',
      memory: 'the memory input',
      gpus: 'the gpus input',
    });
  });

  test('without /proc/meminfo (macOS, Windows) or without MemAvailable, free memory is the capacity', async () => {
    expect((await detectCapacity({}, false, fixed({ readMeminfo: () => undefined }))).memoryBytes).toBe(1e9);
    expect(
      (await detectCapacity({}, false, fixed({ readMeminfo: () => 'MemTotal: 5 kB\n' }))).memoryBytes,
    ).toBe(1e9);
  });

  test('nvidia-smi is only asked when some job wants GPUs', async () => {
    let asked = 0;
    const deps = fixed({ listGpus: async () => (asked++, TWO_GPUS) });
    expect((await detectCapacity({}, false, deps)).gpus).toEqual([]);
    expect(asked).toBe(0);
  });

  test('a fake nvidia-smi on PATH is found and read; absent or failing means no GPU', async () => {
    const bin = fakeNvidiaSmi(
      TWO_GPUS + 'GPU 3: Tesla T4 (UUID: GPU-c)\n  MIG 1g.5gb Device 0: (UUID: MIG-x)\n',
    );
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'to-no-smi-'));
    const failing = fakeNvidiaSmi(
      'NVIDIA-SMI has failed because it could not communicate with the driver.',
      9,
    );
    try {
      expect((await detectCapacity({}, true, defaultCapacityDeps({ PATH: bin }))).gpus).toEqual([0, 1, 3]);
      const none = await detectCapacity({}, true, defaultCapacityDeps({ PATH: empty }));
      expect(none.gpus).toEqual([]);
      expect(none.sources.gpus).toBe('detected: nvidia-smi -L is not available');
      expect((await detectCapacity({}, true, defaultCapacityDeps({ PATH: failing }))).gpus).toEqual([]);
    } finally {
      for (const dir of [bin, empty, failing]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the real machine: at least one CPU and some memory', async () => {
    const real = await detectCapacity({}, false, defaultCapacityDeps());
    expect(real.cpus).toBeGreaterThanOrEqual(1);
    expect(real.memoryBytes).toBeGreaterThan(0);
  });
});

test.each([
  ['MemAvailable:   16000000 kB', 16_000_000 * 1024],
  ['MemTotal: 1 kB\nMemAvailable:       0 kB\n', 0],
  ['MemTotal: 1 kB\n', undefined],
  ['MemAvailable: lots', undefined],
])('parseMemAvailable(%j)', (text, bytes) => {
  expect(parseMemAvailable(text)).toBe(bytes);
});

test.each([
  [TWO_GPUS, [0, 1]],
  ['', []],
  ['No devices were found\n', []],
  ['GPU 1: X\r\nGPU 0: Y\r\nGPU 1: X again\r\n', [0, 1]],
])('parseNvidiaSmiList(%j)', (text, indices) => {
  expect(parseNvidiaSmiList(text)).toEqual(indices);
});
