/**
 * The variables that size the thread pools of OpenMP, MKL, OpenBLAS and numexpr (NumPy, SciPy, PyTorch on the
 * CPU, scikit-learn). Unset, each library starts a thread per core in every job, and parallel jobs then fight
 * over the cores (spinning BLAS threads make oversubscription far costlier than a context switch).
 */
export const THREAD_VARIABLES = [
  'OMP_NUM_THREADS',
  'MKL_NUM_THREADS',
  'OPENBLAS_NUM_THREADS',
  'NUMEXPR_NUM_THREADS',
] as const;

/**
 * The thread budget of one job: its `cpus` request rounded up, or with no request the cores divided by the
 * jobs that run at once (floor); at least 1.
 */
export function threadBudget(requestedCpus: number | undefined, cores: number, concurrency: number): number {
  if (requestedCpus !== undefined) return Math.max(1, Math.ceil(requestedCpus - 1e-9));
  return Math.max(1, Math.floor(cores / Math.max(1, concurrency)));
}

/**
 * The thread variables a job gets: `threads` for each one that neither the job's own env nor the user's
 * environment sets (theirs win: someone who set OMP_NUM_THREADS meant it). `threads` is null when all four
 * are set already.
 */
export function threadEnv(
  threads: number,
  userEnv: NodeJS.ProcessEnv,
  jobEnv: Readonly<Record<string, string>>,
): { env: Record<string, string>; threads: number | null } {
  const env: Record<string, string> = {};
  for (const name of THREAD_VARIABLES) {
    if (jobEnv[name] !== undefined || userEnv[name] !== undefined) continue;
    env[name] = String(threads);
  }
  return { env, threads: Object.keys(env).length > 0 ? threads : null };
}
