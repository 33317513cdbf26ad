import type { Logger, Plan, Settings, JobResult, RunStatus } from './types.js';
import type { RunEvent } from '../run/types.js';
import type { Summary } from '../report/summary.js';
import { buildPlan } from '../plan/plan.js';
import { readHistory } from '../plan/history.js';
import { applyShard } from '../plan/shard.js';
import { runPlan } from '../run/run-plan.js';
import { decideStatus, exitCodeFor } from '../report/status.js';
import { buildSummary, writeSummary } from '../report/summary.js';
import { Redactor } from '../report/redact.js';
import path from 'node:path';

export type OrchestrateMode = 'list' | 'dry-run' | 'run';

export interface OrchestrateDeps {
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM: no new job starts, running jobs are terminated, the summary is still written. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Called once the plan exists, before any job starts (the action saves state, prints the header). */
  onPlan?: (plan: Plan) => void | Promise<void>;
  now?: () => Date;
  /** Overrides for tests (grace periods, retry delay, echo limit). */
  runOverrides?: {
    retryDelayMs?: number;
    timeoutKillGraceMs?: number;
    cancelKillGraceMs?: number;
    echoLimitBytes?: number;
  };
}

export interface OrchestrateResult {
  mode: OrchestrateMode;
  plan: Plan;
  results: JobResult[];
  /** Present in `run` mode. */
  summary?: Summary;
  summaryPath?: string;
  status?: RunStatus;
  exitCode: 0 | 1 | 130;
  redactor: Redactor;
}

/**
 * The whole product minus GitHub: plan, and unless listing or dry-running, run and summarize.
 * Bad input throws InputError before any job starts; a failed job is a result, not an exception.
 */
export async function orchestrate(settings: Settings, deps: OrchestrateDeps): Promise<OrchestrateResult> {
  const now = deps.now ?? (() => new Date());
  const redactor = new Redactor(settings.secrets);
  // Read before the plan: `shard` without `only` splits the plan by it (see src/plan/shard.ts).
  const expectedDurations = settings.historyFile
    ? await readHistory(path.resolve(settings.workingDirectory, settings.historyFile))
    : undefined;
  const plan = applyShard(await buildPlan(settings, { logger: deps.logger }), settings, expectedDurations);
  const mode: OrchestrateMode = settings.listOnly ? 'list' : settings.dryRun ? 'dry-run' : 'run';
  await deps.onPlan?.(plan);
  if (mode !== 'run') return { mode, plan, results: [], exitCode: 0, redactor };

  const startedAt = now();
  const summariesDir = path.resolve(settings.workingDirectory, settings.summariesDir);
  let results: JobResult[];
  try {
    results = await runPlan(
      plan,
      {
        workingDirectory: settings.workingDirectory,
        parallel: settings.parallel,
        maxWorkers: settings.parallel ? settings.maxWorkers : 1,
        signal: deps.signal,
        redactor,
        onEvent: deps.onEvent,
        expectedDurations,
        ...deps.runOverrides,
      },
      { logger: deps.logger },
    );
  } catch (error) {
    // An orchestrator fault (not a job failure): still leave a summary behind, then report the fault.
    const failedAt = now();
    const summary = buildSummary({
      settings,
      plan,
      results: [],
      startedAt,
      finishedAt: failedAt,
      status: 'failure',
      redactor,
    });
    await writeSummary(summary, summariesDir, startedAt).catch(() => undefined);
    throw error;
  }
  const finishedAt = now();
  const cancelled = deps.signal?.aborted ?? false;
  const status = decideStatus(plan, results, {
    allowPartialSuccess: settings.allowPartialSuccess,
    cancelled,
  });
  const summary = buildSummary({ settings, plan, results, startedAt, finishedAt, status, redactor });
  const summaryPath = await writeSummary(summary, summariesDir, startedAt);
  return { mode, plan, results, summary, summaryPath, status, exitCode: exitCodeFor(status), redactor };
}
