import path from 'node:path';
import { InputError, type Logger } from '../model/types.js';
import { orchestrate } from '../orchestrate/orchestrate.js';
import { cancelOnSignals, exitCodeForSignal } from '../model/cancel.js';
import { parseSettings } from '../plan/settings.js';
import { planToJson } from '../plan/plan.js';
import { shellLine } from '../plan/shell-line.js';
import { formatDebugLines, formatFinalTable, formatJobList, formatPlanHeader } from '../report/console.js';
import { Redactor, shortSecretsWarning } from '../report/redact.js';
import type { WebhookPost } from '../report/webhook.js';
import { parseNotifySettings } from '../plan/notify-settings.js';
import { parseSpawnServiceMode } from '../plan/spawn-service-setting.js';

import { formatQualityLines } from '../report/comparison-text.js';
import { isSuccessStatus } from '../report/outcome.js';
import { provenanceEnvironment } from '../report/provenance.js';
import { HELP, parseCliArgs, type CliRequest } from './args.js';
import { cliMessage } from './flag-names.js';
import { pipeSafeWriter } from './pipe-safe-writer.js';
import { createEventRenderer, type Terminal } from './render.js';
import { VERSION } from '../version.js';
import { formatByteSize } from '../plan/byte-size.js';
import type { LocalCacheStore } from '../cache/local-store.js';

// What only some commands need is loaded with import() when they run (`compare`, `cache`, `plan`, `merge`,
// `--cache`, a webhook): a plain run compiles and evaluates none of it, which is most of the CLI's fixed
// start-up cost after Node's own (bench/notes.md, section 5). __tests__/e2e/cli-lazy-modules.test.ts keeps it so.

/** Exit codes; a cancelled run exits 128 + the signal's number (129 SIGHUP, 130 SIGINT, 143 SIGTERM). */
export const EXIT = { ok: 0, failure: 1, input: 2, cancelled: 130 } as const;

/** The signals that cancel a CLI run: Ctrl-C, `kill`, and a closed terminal or SSH session. */
export const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface CliIo extends Terminal {
  env: NodeJS.ProcessEnv;
  cwd: string;
  isTTY: boolean;
  /** The webhook POST (tests); default fetch. */
  post?: WebhookPost;
}

/** The real terminal; output to a reader that went away (`| head -1`) is dropped, never fatal. */
function processIo(): CliIo {
  const stdout = pipeSafeWriter(process.stdout);
  const stderr = pipeSafeWriter(process.stderr);
  return {
    out: stdout.write,
    err: stderr.write,
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Runs the CLI and returns its exit code; never calls process.exit itself so tests can drive it. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // Secrets the shell environment already holds are redacted like the action's inputs, from the first
  // message on (a flag's value quoted in an error message included).
  const envSecrets = [
    io.env.KAGGLE_KEY,
    io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK?.trim(),
    ...(io.env.TRAINING_ORCHESTRATOR_SECRETS ?? '').split('\n'),
  ].filter((value): value is string => typeof value === 'string' && value.trim().length > 0);
  let redactor = new Redactor(envSecrets);
  let request: CliRequest;
  try {
    request = parseCliArgs(argv);
  } catch (error) {
    return reportError(error, io, redactor);
  }
  if (request.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (request.version) {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  // The webhook URL may come from the environment (kept out of shell history and `ps`); the flag wins.
  // Either way it is a credential: redacted from everything from here on.
  if (request.inputs.notify_webhook === undefined && io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK)
    request.inputs.notify_webhook = io.env.TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK;
  const webhook = request.inputs.notify_webhook?.trim();
  if (webhook && !envSecrets.includes(webhook)) {
    envSecrets.push(webhook);
    redactor = new Redactor(envSecrets);
  }
  const verbose = request.inputs.verbose === 'true';
  // With --json, stdout carries only JSON; everything for people goes to stderr.
  const info = request.json ? io.err : io.out;
  const logger: Logger = {
    info: (message) => info(`${redactor.redact(message)}\n`),
    warn: (message) => io.err(`warning: ${redactor.redact(message)}\n`),
    error: (message) => io.err(`error: ${redactor.redact(message)}\n`),
    debug: (message) => {
      if (verbose) io.err(`${formatDebugLines(redactor.redact(message))}\n`);
    },
  };
  const color = request.color ?? (io.isTTY && !io.env.NO_COLOR);
  const short = shortSecretsWarning(envSecrets);
  if (short) logger.warn(short);
  if (request.command === 'compare') return (await import('./compare.js')).runCompare(request, io, redactor);
  if (request.command === 'cache') return runCacheCommand(request, io, redactor);

  const cancel = cancelOnSignals(CANCEL_SIGNALS, (signal) =>
    io.err(`\nReceived ${signal}: cancelling (running jobs get SIGTERM, then SIGKILL).\n`),
  );
  try {
    const workspace = path.resolve(io.cwd, request.cwd ?? '.');
    const settings = parseSettings(request.inputs, { workspace });
    const notify = parseNotifySettings(request.inputs, { webhook: '--notify-webhook', on: '--notify-on' });
    settings.secrets.push(...envSecrets);
    // Read here, as the action reads it, and handed down: the core never looks at the environment for it.
    settings.spawnService = parseSpawnServiceMode(io.env);
    settings.cache = request.cache.enabled ?? false;
    settings.forceJobs = request.cache.force;
    if (settings.cache)
      settings.cacheSizeLimitBytes =
        request.cache.sizeLimit ?? (await import('../cache/local-store.js')).DEFAULT_CACHE_SIZE_LIMIT;
    if (request.command === 'plan') {
      const { parsePlanModeInputs, runPlanMode } = await import('../orchestrate/modes.js');
      const result = await runPlanMode(settings, { ...parsePlanModeInputs(request.inputs), logger });
      for (const warning of result.plan.warnings) logger.warn(warning);
      // --json: stdout is the matrix alone, ready for `echo "matrix=$(…)" >> "$GITHUB_OUTPUT"`. The matrix holds
      // only what the orchestrator built (ids, shard numbers, runner labels): nothing in it is masked.
      if (request.json) io.out(`${JSON.stringify(result.matrix)}\n`);
      else io.out(`${JSON.stringify(result.matrix, null, 2)}\n`);
      return EXIT.ok;
    }
    if (request.command === 'merge') {
      const { parseMergeModeInputs, runMergeMode } = await import('../orchestrate/modes.js');
      const result = await runMergeMode(settings, {
        ...parseMergeModeInputs(request.inputs, settings),
        logger,
      });
      for (const problem of result.problems) logger.error(problem);
      if (request.json) io.out(`${JSON.stringify(result.summary, null, 2)}\n`);
      info(`\n${formatFinalTable(result.summary, { missingShards: result.missingShards })}\n`);
      info(`Summary: ${path.relative(io.cwd, result.summaryPath) || result.summaryPath}\n`);
      return result.exitCode;
    }
    const terminal: Terminal = { out: (text) => io.out(redactor.redact(text)), err: io.err };
    const result = await orchestrate(settings, {
      logger,
      signal: cancel.signal,
      onEvent: createEventRenderer(terminal, { parallel: settings.parallel, color }),
      environment: provenanceEnvironment(io.env),
      cacheStore: settings.cache ? await localCacheStore(request, io) : undefined,
      onPlan: (plan, { workers }) => {
        if (settings.listOnly || settings.dryRun) return;
        info(
          `${formatPlanHeader(plan, { parallel: settings.parallel, workers, auto: settings.maxWorkersAuto })}\n`,
        );
      },
    });
    if (result.mode !== 'run') {
      if (request.json)
        io.out(
          `${JSON.stringify(
            planToJson(result.plan, (text) => result.redactor.redact(text)),
            null,
            2,
          )}\n`,
        );
      else if (result.mode === 'list') io.out(formatJobList(result.plan));
      else {
        // Lines are written in batches of about 64 KiB: one write per job cost ~0.3 s for 100,000 jobs.
        let batch = '';
        for (const job of result.plan.jobs) {
          const line = shellLine(job, io.cwd, (text) => result.redactor.redact(text));
          batch += `${result.redactor.redact(line)}\n`;
          if (batch.length >= 65_536) {
            io.out(batch);
            batch = '';
          }
        }
        if (batch !== '') io.out(batch);
      }
      for (const warning of result.plan.warnings) logger.warn(warning);
      return EXIT.ok;
    }
    if (result.summary) info(`\n${formatFinalTable(result.summary)}\n`);
    const quality = result.summary ? formatQualityLines(result.summary) : '';
    if (quality) info(`${redactor.redact(quality)}\n`);
    if (result.summaryPath)
      info(`Summary: ${path.relative(io.cwd, result.summaryPath) || result.summaryPath}\n`);
    // Faults of the orchestrator (a summary that could not be written): one plain line each, after the table.
    for (const error of result.errors) logger.error(error);
    if (result.summary && notify.webhook)
      await (
        await import('../report/notify-run.js')
      ).notifyRun(result.summary, notify, {
        logger,
        redactor: result.redactor,
        workingDirectory: settings.workingDirectory,
        post: io.post,
      });
    if (result.status === 'failure') {
      const failed =
        result.summary?.jobs
          .filter((job) => !job.optional && !isSuccessStatus(job.status))
          .map((job) => job.id) ?? [];
      if (failed.length > 0) logger.error(`Required job(s) failed: ${failed.join(', ')}`);
      const gated =
        result.summary?.jobs
          .filter((job) => !job.optional && isSuccessStatus(job.status) && job.gates?.passed === false)
          .map((job) => job.id) ?? [];
      if (gated.length > 0) logger.error(`Required job(s) broke a quality gate: ${gated.join(', ')}`);
    }
    return result.status === 'cancelled' ? exitCodeForSignal(cancel.reason()) : result.exitCode;
  } catch (error) {
    return reportError(error, io, redactor);
  } finally {
    cancel.dispose();
  }
}

/** The local cache folder the flags name (or the user's default one). */
async function localCacheStore(request: CliRequest, io: CliIo): Promise<LocalCacheStore> {
  const { DEFAULT_CACHE_SIZE_LIMIT, defaultCacheDir, LocalCacheStore } =
    await import('../cache/local-store.js');
  const dir = request.cache.dir ? path.resolve(io.cwd, request.cache.dir) : defaultCacheDir(io.env);
  return new LocalCacheStore(dir, request.cache.sizeLimit ?? DEFAULT_CACHE_SIZE_LIMIT);
}

/** `cache list` (one line per entry, most recently used first) and `cache clear`. */
async function runCacheCommand(request: CliRequest, io: CliIo, redactor: Redactor): Promise<number> {
  const store = await localCacheStore(request, io);
  try {
    if (request.cache.action === 'clear') {
      const { entries, bytes } = await store.clear();
      io.out(
        `Removed ${entries} cache entr${entries === 1 ? 'y' : 'ies'} (${formatByteSize(bytes)}) from ${store.root}.\n`,
      );
      return EXIT.ok;
    }
    const entries = await store.list();
    if (request.json) {
      io.out(`${JSON.stringify(entries, null, 2)}\n`);
      return EXIT.ok;
    }
    const total = entries.reduce((sum, entry) => sum + entry.size, 0);
    io.out(
      `${entries.length} cache entr${entries.length === 1 ? 'y' : 'ies'}, ${formatByteSize(total)} of ${formatByteSize(store.sizeLimit)}, in ${store.root}\n`,
    );
    for (const entry of entries)
      io.out(
        `${entry.job_id}  ${entry.key.slice(0, 12)}  ${formatByteSize(entry.size)}  stored ${entry.created_at}  used ${new Date(entry.last_used).toISOString()}\n`,
      );
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io, redactor);
  }
}

/** Every message goes through the redactor: a bad flag's value, a path or a stack may quote a secret. */
function reportError(error: unknown, io: CliIo, redactor: Redactor): number {
  if (error instanceof InputError) {
    io.err(`error: ${redactor.redact(cliMessage(error.message))}\n`);
    return EXIT.input;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`error: ${redactor.redact(message)}\n`);
  return EXIT.failure;
}
