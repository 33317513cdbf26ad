import type { Plan } from '../model/types.js';
import { escapeMarkdownInline } from '../report/escape.js';
import { renderStepSummary, type StepSummaryOptions } from '../report/markdown.js';
import type { Redactor } from '../report/redact.js';
import type { Summary } from '../report/summary.js';
import { pasteableCommand } from './console.js';

/** The part of `core.summary` used here (tests pass a recorder). */
export interface StepSummarySink {
  addRaw(text: string, addEOL?: boolean): unknown;
  write(): Promise<unknown>;
}

/** Jobs listed in a plan's step summary; more are counted, not listed (the log has them all). */
export const PLAN_SUMMARY_MAX_ROWS = 200;

/**
 * Appends `markdown` to the step summary. Without `GITHUB_STEP_SUMMARY` (a local run of the bundle) there is
 * nowhere to write: returns false and writes nothing. The Markdown is not masked as a whole: a secret that
 * is a common word or a single character would break its tables and tags. Every value in it that a job or a
 * user wrote is masked where the Markdown is built (from the redacted summary, or as below).
 */
export async function appendStepSummary(
  markdown: string,
  sink: StepSummarySink,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  sink.addRaw(markdown, true);
  await sink.write();
  return true;
}

/** The run's step summary: status, links, table, gantt, learning curves, failed jobs' tails (see renderStepSummary). */
export function runStepSummary(
  summary: Summary,
  options: Pick<StepSummaryOptions, 'links' | 'baseline'> = {},
): string {
  return renderStepSummary(summary, options);
}

/** The orchestrator's own faults (a summary that could not be written, …) as a caution block; '' when none. */
export function faultsMarkdown(errors: readonly string[]): string {
  if (errors.length === 0) return '';
  return `\n> [!CAUTION]\n${errors.map((error) => `> ${escapeMarkdownInline(error)}`).join('\n>\n')}\n`;
}

/**
 * A short step summary for `list_only` / `dry_run`, so the plan can be read from the run page without
 * opening the log: one row per job with its script and flags (list) or its full command (dry run), as
 * pasted into bash at `workspace` (see shellLine).
 */
export function planStepSummary(
  plan: Plan,
  mode: 'list' | 'dry-run',
  workspace: string,
  redactor: Redactor,
): string {
  const n = plan.jobs.length;
  const title = mode === 'list' ? 'Training jobs (list only)' : 'Training plan (dry run)';
  const lines = [`### ${title}`, '', `${n} job${n === 1 ? '' : 's'} planned; nothing was run.`, ''];
  if (mode === 'list') {
    lines.push('| Job | Script | Optional | Flags |', '| --- | --- | --- | --- |');
    for (const job of plan.jobs.slice(0, PLAN_SUMMARY_MAX_ROWS)) {
      const flags = (['output_dir', 'epochs', 'folds'] as const)
        .filter((flag) => job.supports[flag])
        .map((flag) => `--${flag.replace('_', '-')}`)
        .join(' ');
      lines.push(
        `| ${escapeMarkdownInline(job.id)} | ${escapeMarkdownInline(job.script ?? '(command)')} | ` +
          `${job.optional ? 'yes' : 'no'} | ${flags ? escapeMarkdownInline(flags) : '-'} |`,
      );
    }
  } else {
    lines.push('| Job | Optional | Command |', '| --- | --- | --- |');
    for (const job of plan.jobs.slice(0, PLAN_SUMMARY_MAX_ROWS)) {
      lines.push(
        `| ${escapeMarkdownInline(job.id)} | ${job.optional ? 'yes' : 'no'} | ` +
          `<code>${escapeMarkdownInline(redactor.redact(pasteableCommand(job, workspace, (text) => redactor.redact(text))))}</code> |`,
      );
    }
  }
  if (n > PLAN_SUMMARY_MAX_ROWS) lines.push('', `… and ${n - PLAN_SUMMARY_MAX_ROWS} more (see the log).`);
  for (const warning of plan.warnings)
    lines.push('', `> [!WARNING]\n> ${escapeMarkdownInline(redactor.redact(warning))}`);
  return lines.join('\n') + '\n';
}
