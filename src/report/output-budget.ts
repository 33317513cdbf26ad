/**
 * GitHub accepts at most 1 MB of outputs per job, all steps' outputs together, counting each character as
 * UTF-16 (two bytes a code unit): about 500,000 characters. A run of tens of thousands of jobs would pass
 * that with its `jobs` list alone, and the runner then drops outputs or fails the job. This module keeps
 * the action's outputs inside a share of that limit, whatever the job count:
 * - scalar outputs (status, counts, paths, names) are always kept whole: they are small;
 * - list outputs (JSON arrays: `jobs`, `failed_jobs`, …) are cut to fit, keeping their first entries, and end
 *   with one string, the truncation marker `…N more (see summary_path)`: no job id can start with `…`, so a
 *   step that reads the list can tell the marker from an id, and the summary file has every entry;
 * - an output that must not be cut (the shard `matrix`: a missing shard entry would silently not run its
 *   jobs) is refused with an OutputTooLargeError naming it, its size and the limit.
 */

/** Code units of outputs this action allows itself: 80 % of GitHub's limit, leaving room for other steps. */
export const OUTPUT_BUDGET_UTF16 = 400_000;

/** The last element of a cut list output. */
export function truncationMarker(omitted: number): string {
  return `…${omitted} more (see summary_path)`;
}

export class OutputTooLargeError extends Error {
  override name = 'OutputTooLargeError';
}

export interface OutputBudgetSpec {
  /** Outputs holding a JSON array that may be cut (with the marker). */
  lists: readonly string[];
  /** Outputs that may never be cut. */
  whole: readonly string[];
}

/**
 * The outputs, each list cut so that all of them together stay within `budget` UTF-16 code units.
 * Lists share what the other outputs leave, the smallest served first, so a short list is never cut
 * because a long one is there. Linear in the size of the outputs.
 */
export function fitOutputs<T extends Record<string, string | undefined>>(
  outputs: T,
  spec: OutputBudgetSpec,
  budget = OUTPUT_BUDGET_UTF16,
): T {
  const fitted: Record<string, string | undefined> = { ...outputs };
  const lists = spec.lists.filter((name) => outputs[name] !== undefined);
  let fixed = 0;
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined || lists.includes(name)) continue;
    fixed += name.length + value.length;
  }
  for (const name of spec.whole) {
    const value = outputs[name];
    if (value !== undefined && fixed > budget) {
      throw new OutputTooLargeError(
        `The ${name} output would be ${value.length.toLocaleString('en-US')} characters, over the ` +
          `${budget.toLocaleString('en-US')} this action allows itself of GitHub's 1 MB output limit. It cannot be ` +
          'cut without losing entries.',
      );
    }
  }
  let remaining = Math.max(0, budget - fixed);
  const bySize = [...lists].sort((a, b) => (outputs[a] as string).length - (outputs[b] as string).length);
  bySize.forEach((name, index) => {
    const value = outputs[name] as string;
    const share = Math.floor(remaining / (bySize.length - index)) - name.length;
    const cut = value.length <= share ? value : cutJsonArray(value, share);
    fitted[name] = cut;
    remaining -= name.length + cut.length;
  });
  return fitted as T;
}

/**
 * A JSON array cut to at most `limit` characters: its first elements, then the truncation marker. The
 * result is always a valid JSON array (at the least `["…N more (see summary_path)"]`, even above `limit`
 * when not one element fits).
 */
export function cutJsonArray(json: string, limit: number): string {
  const items = JSON.parse(json) as unknown[];
  if (!Array.isArray(items)) throw new TypeError('cutJsonArray expects a JSON array.');
  const parts: string[] = [];
  // `[` + items joined by `,` + `,` + marker + `]`; the marker's length depends on how many are left out.
  let length = 2;
  for (let kept = 0; kept < items.length; kept++) {
    const part = JSON.stringify(items[kept]);
    const marker = JSON.stringify(truncationMarker(items.length - kept - 1));
    if (length + part.length + 1 + marker.length + 1 > limit) break;
    parts.push(part);
    length += part.length + 1;
  }
  if (parts.length === items.length) return json;
  parts.push(JSON.stringify(truncationMarker(items.length - parts.length)));
  return `[${parts.join(',')}]`;
}
