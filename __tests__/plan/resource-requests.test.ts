import type { Plan } from '../../src/model/types.js';
import { buildPlan } from '../../src/plan/plan.js';
import { inputError, memoryLogger, settingsFor, tempDir, writeTree } from './helpers.js';

const fakePython = async (): Promise<string> => '/opt/python/bin/python3';
const GiB = 1024 ** 3;

async function planOf(config: string): Promise<Plan> {
  const root = tempDir();
  writeTree(root, { 'jobs.yml': config });
  return buildPlan(settingsFor(root, { config: 'jobs.yml', no_auto_discover: 'true' }), {
    logger: memoryLogger(),
    resolvePython: fakePython,
  });
}

const requests = (plan: Plan) => Object.fromEntries(plan.jobs.map((job) => [job.id, job.resources]));

test('cpus, memory and gpus per job and in defaults, key by key; sweep variants inherit', async () => {
  const plan = await planOf(
    [
      'defaults:',
      '  memory: 2GiB',
      'jobs:',
      '  a:',
      '    command: [echo, a]',
      '    cpus: 2',
      '  b:',
      '    command: [echo, b]',
      '    memory: 512MB',
      '    gpus: 1',
      '  sweep:',
      '    command: [echo, s]',
      '    cpus: 0.5',
      '    gpus: 2',
      '    matrix:',
      '      lr: [1, 2]',
      '',
    ].join('\n'),
  );
  expect(requests(plan)).toEqual({
    a: { cpus: 2, memory_bytes: 2 * GiB, gpus: 0 },
    b: { cpus: 1, memory_bytes: 512e6, gpus: 1 },
    'sweep.lr-1': { cpus: 0.5, memory_bytes: 2 * GiB, gpus: 2 },
    'sweep.lr-2': { cpus: 0.5, memory_bytes: 2 * GiB, gpus: 2 },
  });
});

test('a config without resource keys plans jobs without a request (worker count only, as before)', async () => {
  const plan = await planOf('jobs:\n  a:\n    command: [echo, a]\n');
  expect(plan.jobs[0]).not.toHaveProperty('resources');
});

describe('a bad value is an error naming file:line and what is accepted', () => {
  test.each([
    [
      'jobs:\n  a:\n    command: [echo]\n    memory: 4\n',
      'jobs.yml:4',
      /jobs\.yml:4: invalid 'jobs\.a\.memory' '4'\. Expected a size above 0 with a unit, such as 4GiB, 512MB or 1\.5G/,
    ],
    [
      'jobs:\n  a:\n    command: [echo]\n    memory: lots\n',
      'jobs.yml:4',
      /invalid 'jobs\.a\.memory' 'lots'\. Expected a size above 0 with a unit/,
    ],
    [
      'defaults:\n  memory: 0G\n',
      'jobs.yml:2',
      /jobs\.yml:2: invalid 'defaults\.memory' '0G'\. Expected a size above 0/,
    ],
    [
      'jobs:\n  a:\n    command: [echo]\n    cpus: 0\n',
      'jobs.yml:4',
      /jobs\.yml:4: 'jobs\.a\.cpus' must be > 0/,
    ],
    [
      'jobs:\n  a:\n    command: [echo]\n    cpus: two\n',
      'jobs.yml:4',
      /'jobs\.a\.cpus' must be a number, not 'two'/,
    ],
    [
      'jobs:\n  a:\n    command: [echo]\n    gpus: 1.5\n',
      'jobs.yml:4',
      /jobs\.yml:4: 'jobs\.a\.gpus' must be a whole number, not 1\.5/,
    ],
    ['jobs:\n  a:\n    command: [echo]\n    gpus: -1\n', 'jobs.yml:4', /jobs\.yml:4: .*gpus.*/],
  ])('%j', async (config, where, message) => {
    const error = await inputError(() => planOf(config));
    expect(error.where).toBe(where);
    expect(error.message).toMatch(message);
  });
});
