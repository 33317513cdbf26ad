import path from 'node:path';
import { InputError } from '../core/types.js';
import { JOB_ID_PATTERN, SCRIPT_ID_PREFIX } from './defaults.js';
import { quoteValue } from './input-values.js';
import { fileSafe } from './sweep.js';

/**
 * The job id of a script: its file stem without the `train_` prefix (`training/train_brain_mri.py` is
 * `brain_mri`). Characters not allowed in ids become `_`; leading `.`, `_`, `-` are dropped; a stem that
 * is only the prefix keeps it. Returns undefined when nothing usable is left.
 */
export function scriptId(script: string): string | undefined {
  const name = script.slice(script.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const bare =
    stem.startsWith(SCRIPT_ID_PREFIX) && stem.length > SCRIPT_ID_PREFIX.length
      ? stem.slice(SCRIPT_ID_PREFIX.length)
      : stem;
  const id = fileSafe(bare)
    .replace(/^[._-]+/, '')
    .slice(0, 128);
  return JOB_ID_PATTERN.test(id) ? id : undefined;
}

/** `scripts/ml` → `scripts.ml`; the working directory itself → `root`. */
function folderSuffix(script: string): string {
  const folder = path.posix.dirname(script);
  return folder === '.' ? 'root' : fileSafe(folder.split('/').join('.')).replace(/^[._-]+/, '') || 'root';
}

/**
 * Ids for discovered scripts, given sorted by path. When two scripts would get the same id, the first
 * by path keeps it and each later one gets its folder appended: `scripts/train_als.py` is `als`,
 * `training/train_als.py` is `als.training` (then `.2`, `.3`, … should even that be taken). An id in
 * `reserved` (a config job that names another discovered script) is taken before any script, so a
 * script whose id it is gets the suffix too. Nothing is dropped and each script runs once; a warning
 * says what happened so the config can name the scripts instead.
 */
export function assignScriptIds(
  scripts: readonly string[],
  reserved: ReadonlyMap<string, string> = new Map(),
): { ids: string[]; warnings: string[] } {
  const bare = scripts.map((script) => {
    const id = scriptId(script);
    if (id === undefined) {
      throw new InputError(
        'discover_roots',
        `The discovered script ${quoteValue(script)} has no usable job id (its name must contain a letter or digit ` +
          `after 'train_'). Rename it, or leave it out with discovery.exclude in the config.`,
      );
    }
    return id;
  });
  const owners = new Map(reserved);
  const ids: (string | undefined)[] = bare.map((id, index) => {
    if (owners.has(id)) return undefined;
    owners.set(id, scripts[index]);
    return id;
  });
  const bareIds = new Set(bare);
  const warnings: string[] = [];
  bare.forEach((id, index) => {
    if (ids[index] !== undefined) return;
    const base = `${id}.${folderSuffix(scripts[index])}`;
    let candidate = base;
    for (let n = 2; owners.has(candidate) || bareIds.has(candidate); n++) candidate = `${base}.${n}`;
    if (!JOB_ID_PATTERN.test(candidate)) {
      throw new InputError(
        'discover_roots',
        `The discovered script ${quoteValue(scripts[index])} needs a job id other than '${id}', and '${candidate}' ` +
          `is too long. Give it an id in the config.`,
      );
    }
    warnings.push(
      `Job id '${id}' is taken by ${owners.get(id)}, so ${scripts[index]} is '${candidate}'. ` +
        `Name them in the config (jobs: <id>: script: …) to choose other ids.`,
    );
    owners.set(candidate, scripts[index]);
    ids[index] = candidate;
  });
  return { ids: ids as string[], warnings };
}
