import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../model/types.js';
import { quoteValue } from '../plan/input-values.js';
import { resolveInside } from '../plan/path-safety.js';
import { compareSummaries, formatComparisonTable } from '../report/comparison-text.js';
import { readSummaryFile } from '../report/read-summary.js';
import type { Redactor } from '../report/redact.js';
import { maskBySpec, type MaskSpec } from '../report/redact-summary.js';
import type { Summary } from '../report/summary.js';
import type { CliRequest } from './args.js';
import type { CliIo } from './main.js';

/**
 * `training-orchestrator compare OLD NEW [--json]`: every numeric metric of every job in two training
 * summaries (version 1 or 2), as a table or as JSON on stdout. Exit 0 whatever the verdicts (it reports,
 * it does not judge: gates do that in a run); 2 when a file cannot be read, is not a summary or lies
 * outside the working directory (-C, default the current folder), the message naming OLD or NEW.
 */
export async function runCompare(request: CliRequest, io: CliIo, redactor: Redactor): Promise<number> {
  const root = path.resolve(io.cwd, request.cwd ?? '.');
  try {
    const [oldFile, newFile] = request.files;
    const older = await readArgument('OLD', oldFile, root);
    const newer = await readArgument('NEW', newFile, root);
    const comparison = compareSummaries(older, newer);
    if (request.json) {
      io.out(`${JSON.stringify(maskBySpec(comparison, COMPARISON_MASK_SPEC, redactor), null, 2)}\n`);
      return 0;
    }
    const describe = (label: string, file: string, summary: Summary): string =>
      `${label}: ${file} (run of ${summary.started_at}${commitOf(summary)})`;
    io.out(
      redactor.redact(
        `${describe('OLD', oldFile, older)}\n${describe('NEW', newFile, newer)}\n\n${formatComparisonTable(comparison)}\n`,
      ),
    );
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`error: ${redactor.redact(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/** The JSON's own shape is kept; metric names come from jobs and are masked (see redact-summary.ts). */
const COMPARISON_MASK_SPEC: MaskSpec = {
  fields: {
    jobs: {
      items: { fields: { metrics: { items: { fields: { metric: 'text' }, other: 'keep' } } }, other: 'keep' },
    },
  },
  other: 'keep',
};

async function readArgument(label: 'OLD' | 'NEW', file: string, root: string): Promise<Summary> {
  if (!resolveInside(root, file)) {
    throw new InputError(
      label,
      `Invalid ${label} ${quoteValue(file)}: it is outside the working directory ${root}. ` +
        `Expected a training summary JSON inside it (use -C to work elsewhere).`,
    );
  }
  const absolute = path.resolve(root, file);
  const real = await fs.realpath(absolute).catch(() => absolute);
  const realRoot = await fs.realpath(root).catch(() => root);
  if (!resolveInside(realRoot, real)) {
    throw new InputError(
      label,
      `Invalid ${label} ${quoteValue(file)}: it leads outside the working directory ${root} through a symbolic link.`,
    );
  }
  if (
    !(await fs.stat(absolute).then(
      () => true,
      () => false,
    ))
  ) {
    throw new InputError(
      label,
      `Invalid ${label} ${quoteValue(file)}: the file does not exist (paths are relative to ${root}). ` +
        `Expected a training summary JSON (summaries/training_summary_*.json).`,
    );
  }
  const read = await readSummaryFile(absolute);
  if (typeof read === 'string') {
    throw new InputError(
      label,
      `Invalid ${label} ${quoteValue(file)}: ${read.replace(absolute, 'the file').replace(/^Cannot read the file: (.*?)\.?$/, 'it cannot be read ($1).')} ` +
        `Expected a training summary JSON (summaries/training_summary_*.json).`,
    );
  }
  return read;
}

function commitOf(summary: Summary): string {
  const commit = (summary.provenance as { commit?: unknown } | undefined)?.commit;
  return typeof commit === 'string' ? `, commit ${commit.slice(0, 12)}` : '';
}
