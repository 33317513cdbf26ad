import { InputError } from '../model/types.js';
import { globToRegExp } from '../plan/glob-match.js';
import { quoteValue } from '../plan/input-values.js';

/*
 * Which jobs run even when their entry is cached: the CLI's `--force` (repeatable) and the action's `force`
 * input name them the same way, and the same errors come back (InputError `force`; the CLI says `--force`).
 */

/** `--force a --force b,c`, or the input `a, b c` (lines too): the selectors, in order, empty ones dropped. */
export function splitForceList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/[\s,]+/).filter((selector) => selector.length > 0));
}

/** Characters no job id holds (ids are letters, digits, `.`, `_`, `-`): a selector with one is a glob. */
const GLOB_CHARS = /[*?[]/;

/**
 * The ids of `jobs` the selectors name: a job id exactly, or a glob (`*`, `?`, `[…]`, e.g. `resnet_*`) over the
 * ids. A selector that names no job of the plan is an InputError naming `force`, thrown before anything runs:
 * a typo would otherwise silently restore the job it meant to rerun.
 */
export function resolveForcedJobs(
  jobs: readonly { id: string }[],
  selectors: readonly string[],
): Set<string> {
  const forced = new Set<string>();
  if (selectors.length === 0) return forced;
  const ids = new Set(jobs.map((job) => job.id));
  for (const selector of selectors) {
    if (!GLOB_CHARS.test(selector)) {
      if (!ids.has(selector)) throw unknown(selector, 'no job of the plan has this id', jobs);
      forced.add(selector);
      continue;
    }
    const pattern = globToRegExp(selector);
    let matched = false;
    for (const id of ids) {
      if (!pattern.test(id)) continue;
      matched = true;
      forced.add(id);
    }
    if (!matched) throw unknown(selector, 'it matches no job id of the plan', jobs);
  }
  return forced;
}

function unknown(selector: string, why: string, jobs: readonly { id: string }[]): InputError {
  const examples =
    jobs
      .slice(0, 5)
      .map((job) => job.id)
      .join(', ') || '(the plan is empty)';
  return new InputError(
    'force',
    `Invalid force ${quoteValue(selector)}: ${why}. Expected job ids or globs over them (such as ${examples}).`,
  );
}
