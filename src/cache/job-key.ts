import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PlannedJob } from '../model/types.js';
import type { Redactor } from '../report/redact.js';

/**
 * The cache entry format. Bump it when the key's recipe or the entry's layout changes: every older entry then
 * misses (it is never read in a shape it was not written in).
 */
export const CACHE_FORMAT_VERSION = 1;

/** File path (relative to the working directory, POSIX) → sha256 of its bytes. */
export type FileDigests = Record<string, string>;

/**
 * Everything a job's key is made of, kept in each entry's manifest so a later run can say which part changed.
 * Holds no secret (values that contain one are masked) and no absolute path of the checkout.
 */
export interface KeyComponents {
  format: number;
  /** The script (or, for a `command:` job, the repository files its command names) and the local modules it imports. */
  code: FileDigests;
  /** argv after the interpreter, with the checkout's path replaced by `<checkout>` and secrets masked. */
  command: string[];
  /** The interpreter or program (command[0], checkout-relative when inside it) and `python --version`'s answer. */
  interpreter: { path: string; version: string | null };
  /** The job's own env (config `env`, Kaggle credentials, …), names sorted; a secret value is keyed on its presence. */
  env: Record<string, string>;
  /** Files matched by the config's `inputs:` (job and defaults). */
  inputs: FileDigests;
  /** The requirements files the action installs (`install_requirements`), always in. */
  requirements: FileDigests;
  /** Where the job runs and writes, relative to the working directory. */
  place: { cwd: string; output_dir: string };
}

/** The key: sha256 (hex) of the components' canonical JSON. */
export function keyOf(components: KeyComponents): string {
  return createHash('sha256').update(canonicalJson(components)).digest('hex');
}

/** What a job's components are built from, besides the job itself. */
export interface KeyContext {
  workingDirectory: string;
  /** `python --version` output of the run's interpreter (probed once per run). */
  pythonVersion: string | null;
  redactor: Redactor;
  code: FileDigests;
  inputs: FileDigests;
  requirements: FileDigests;
}

/**
 * The key components of one job. Pure: file digests come in through `context`. Never holds a secret: every word and
 * env value goes through the redactor (a secret anywhere in it is replaced by `***`, so the key says a secret was
 * there, not what it was: changing a secret's value alone does not rerun a job; `--force` does).
 */
export function keyComponents(job: PlannedJob, context: KeyContext): KeyComponents {
  const local = (text: string) => context.redactor.redact(withoutCheckout(text, context.workingDirectory));
  const [program = '', ...args] = job.command;
  return {
    format: CACHE_FORMAT_VERSION,
    code: sortedRecord(context.code),
    command: args.map(local),
    interpreter: { path: local(program), version: context.pythonVersion },
    env: sortedRecord(
      Object.fromEntries(Object.entries(job.env).map(([name, value]) => [name, local(value)])),
    ),
    inputs: sortedRecord(context.inputs),
    requirements: sortedRecord(context.requirements),
    place: {
      cwd: path.relative(context.workingDirectory, job.cwd).split(path.sep).join('/') || '.',
      output_dir: job.outputDir,
    },
  };
}

/** `text` with every occurrence of the checkout's absolute path replaced: two clones of one commit share keys. */
export function withoutCheckout(text: string, workingDirectory: string): string {
  const root = path.resolve(workingDirectory);
  if (root === path.parse(root).root || !text.includes(root)) return text;
  return text.split(root).join('<checkout>');
}

/**
 * Why a job's components differ from an earlier entry's, for people ("helpers/features.py changed", "command
 * changed: --epochs 3 → 5"). Empty when they are equal. Only names and masked values: nothing secret.
 */
export function describeChanges(before: KeyComponents, after: KeyComponents): string[] {
  const changes: string[] = [];
  if (before.format !== after.format) changes.push('the cache format changed');
  changes.push(...fileChanges(before.code, after.code, ''));
  if (canonicalJson(before.command) !== canonicalJson(after.command))
    changes.push(`command changed: ${commandChange(before.command, after.command)}`);
  if (canonicalJson(before.interpreter) !== canonicalJson(after.interpreter)) {
    changes.push(
      `interpreter changed: ${before.interpreter.path} ${before.interpreter.version ?? ''} → ${after.interpreter.path} ${after.interpreter.version ?? ''}`.replace(
        /\s+/g,
        ' ',
      ),
    );
  }
  const names = new Set([...Object.keys(before.env ?? {}), ...Object.keys(after.env ?? {})]);
  const changedEnv = [...names].filter((name) => before.env?.[name] !== after.env?.[name]).sort();
  if (changedEnv.length > 0) changes.push(`env changed: ${changedEnv.join(', ')}`);
  changes.push(...fileChanges(before.inputs, after.inputs, 'input '));
  changes.push(...fileChanges(before.requirements, after.requirements, 'requirements '));
  if (canonicalJson(before.place) !== canonicalJson(after.place))
    changes.push('cwd or output folder changed');
  return changes;
}

function fileChanges(before: FileDigests = {}, after: FileDigests = {}, label: string): string[] {
  const changes: string[] = [];
  const files = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const file of files) {
    if (!(file in before)) changes.push(`${label}${file} added`);
    else if (!(file in after)) changes.push(`${label}${file} removed`);
    else if (before[file] !== after[file]) changes.push(`${label}${file} changed`);
  }
  return changes;
}

/** The words that differ, around the first difference: `--epochs 3 → --epochs 5`. */
function commandChange(before: readonly string[], after: readonly string[]): string {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const from = Math.max(0, start - 1);
  const show = (words: readonly string[], end: number) => words.slice(from, end).join(' ') || '(nothing)';
  return `${show(before, endBefore)} → ${show(after, endAfter)}`;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** JSON with object keys sorted at every level: the same components always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
