import { threadBudget, threadEnv, THREAD_VARIABLES } from '../../src/resources/thread-env.js';

test.each([
  // requested cpus, cores, jobs at once → threads
  [2, 8, 4, 2],
  [0.5, 8, 4, 1],
  [1.2, 8, 4, 2],
  [3, 2, 2, 3], // a request is honoured as asked, even above the share
  [undefined, 8, 4, 2],
  [undefined, 8, 3, 2],
  [undefined, 2, 4, 1],
  [undefined, 1, 1, 1],
  [undefined, 16, 1, 16],
])('threadBudget(%p, %p cores, %p at once) = %p', (cpus, cores, concurrency, threads) => {
  expect(threadBudget(cpus, cores, concurrency)).toBe(threads);
});

test('threadEnv sets each variable that neither the job nor the user set, and reports null when all are set', () => {
  expect(threadEnv(2, {}, {})).toEqual({
    env: Object.fromEntries(THREAD_VARIABLES.map((name) => [name, '2'])),
    threads: 2,
  });
  expect(threadEnv(2, { MKL_NUM_THREADS: '8' }, { OMP_NUM_THREADS: '1' })).toEqual({
    env: { OPENBLAS_NUM_THREADS: '2', NUMEXPR_NUM_THREADS: '2' },
    threads: 2,
  });
  const all = Object.fromEntries(THREAD_VARIABLES.map((name) => [name, '3']));
  expect(threadEnv(2, all, {})).toEqual({ env: {}, threads: null });
  // An empty value is still the user's choice.
  expect(threadEnv(2, { OMP_NUM_THREADS: '' }, {}).env).not.toHaveProperty('OMP_NUM_THREADS');
});
