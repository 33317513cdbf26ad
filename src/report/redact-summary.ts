import type { Redactor } from './redact.js';
import type { Summary } from './summary.js';

/**
 * How each field of a summary is masked. The summary mixes two kinds of text:
 * - what the orchestrator builds: keys, status words, ids, timestamps, counts, file names and paths it
 *   chose (`log_path`, `output_dir`, the summary's own name). These are kept as they are, so that a secret
 *   that happens to be a common word (a Kaggle user name like `mary`, a three-letter value) never renames a
 *   file, breaks a path, corrupts a key, or makes `merge` reject a shard's summary;
 * - what jobs and users produce: arguments, metrics, log tails, messages. These are masked.
 *
 * A field this table does not name is masked as free-form data (its strings, keys and spelled-out numbers):
 * adding a field to the summary can never leak a secret, at worst it masks too much until it is named here.
 */
export type MaskSpec =
  /** The orchestrator's own value: kept. */
  | 'keep'
  /** Strings a user or a job produced (alone or in arrays and objects): masked; keys, numbers and booleans kept. */
  | 'text'
  /** Free-form data (metrics): strings, keys, and numbers or booleans that spell a secret. */
  | 'data'
  /** An array whose items follow the spec. */
  | { items: MaskSpec }
  /** An object whose named fields follow their spec; other fields follow `other` (default `data`). */
  | { fields: Record<string, MaskSpec>; other?: MaskSpec };

const ATTEMPT: MaskSpec = { fields: {}, other: 'keep' };
/** Measured numbers and GPU ids are the orchestrator's; only the `unavailable` sentences are text. */
const RESOURCES: MaskSpec = { fields: { unavailable: { items: 'text' } }, other: 'keep' };

export const JOB_MASK_SPEC: MaskSpec = {
  fields: {
    id: 'keep',
    base_id: 'keep',
    script: 'keep',
    command: { items: 'text' },
    source: 'keep',
    optional: 'keep',
    retries: 'keep',
    timeout_minutes: 'keep',
    runs_on: 'keep',
    status: 'keep',
    attempts: 'keep',
    attempt_details: { items: ATTEMPT },
    exit_code: 'keep',
    signal: 'keep',
    started_at: 'keep',
    finished_at: 'keep',
    duration_seconds: 'keep',
    log_path: 'keep',
    output_dir: 'keep',
    metrics: 'data',
    output_bytes: 'keep',
    tail: { items: 'text' },
    shard: 'keep',
    // Problems with the job's files: messages that may quote a job's data.
    notes: { items: 'text' },
    // Version 2. Sweep values are the user's text. A comparison's and a gate's numbers were already set to
    // null by buildSummary when they spell a secret (the schema wants numbers); metric names and messages
    // come from the job's metrics.
    params: 'text',
    comparison: { items: { fields: { metric: 'text' }, other: 'keep' } },
    gates: {
      fields: {
        passed: 'keep',
        broken: { items: { fields: { metric: 'text', message: 'text' }, other: 'keep' } },
        skipped: { items: 'text' },
      },
    },
    resources: RESOURCES,
  },
};

export const SUMMARY_MASK_SPEC: MaskSpec = {
  fields: {
    schema_version: 'keep',
    generator: 'keep',
    status: 'keep',
    started_at: 'keep',
    finished_at: 'keep',
    duration_seconds: 'keep',
    shard: 'keep',
    // The effective settings are the user's: their strings are masked, their numbers and switches kept, and
    // `job_env` holds names only (its values are already `***`).
    options: { fields: { job_env: 'keep', shard: 'keep' }, other: 'text' },
    counts: 'keep',
    jobs: { items: JOB_MASK_SPEC },
    warnings: { items: 'text' },
    errors: { items: 'text' },
    // Version 2: the environment's and the baseline file's strings are masked; gate results are ids and counts.
    provenance: { fields: {}, other: 'text' },
    baseline: { fields: { started_at: 'keep' }, other: 'text' },
    gates: 'keep',
    resources: RESOURCES,
  },
};

/**
 * The summary with every secret masked where jobs and users wrote text, and nothing the orchestrator built
 * changed (see MaskSpec). Returns a new object; the input is not modified.
 */
export function redactSummary<T extends Summary>(summary: T, redactor: Redactor): T {
  if (!redactor.active) return summary;
  return maskBySpec(summary, SUMMARY_MASK_SPEC, redactor) as T;
}

/** Applies `spec` to `value` (see MaskSpec). */
export function maskBySpec(value: unknown, spec: MaskSpec, redactor: Redactor): unknown {
  if (spec === 'keep') return value;
  if (spec === 'data') return redactor.redactData(value);
  if (spec === 'text') return maskStrings(value, redactor);
  if ('items' in spec) {
    if (!Array.isArray(value)) return maskBySpec(value, 'data', redactor);
    return value.map((item) => maskBySpec(item, spec.items, redactor));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return maskBySpec(value, 'data', redactor);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const itemSpec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : (spec.other ?? 'data');
    Object.defineProperty(out, key, {
      value: maskBySpec(item, itemSpec, redactor),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Every string inside `value` masked; keys, numbers, booleans and null kept. */
function maskStrings(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) return value.map((item) => maskStrings(item, redactor));
  if (value !== null && typeof value === 'object') {
    return maskBySpec(value, { fields: {}, other: 'text' }, redactor);
  }
  return value;
}
