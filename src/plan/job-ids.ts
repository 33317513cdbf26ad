import { createRequire } from 'node:module';
import path from 'node:path';
import { JOB_ID_PATTERN, SCRIPT_ID_PREFIX } from './defaults.js';
import { fileSafe } from './sweep.js';

/** Prefix of an id made from a hash, for a name with no ASCII letter or digit to keep. */
export const HASHED_ID_PREFIX = 'x-';

/**
 * The job id of a script: its file stem without the `train_` prefix (`training/train_brain_mri.py` is
 * `brain_mri`). Accents are dropped (`train_café.py` is `cafe`: compatibility decomposition, then
 * combining marks removed); other characters not allowed in ids become `_`; leading `.`, `_`, `-` are
 * dropped; a stem that is only the prefix keeps it. When no ASCII letter or digit is left
 * (`train_模型.py`, `train_🚀.py`, `train_-.py`), the id is `x-` and the first 8 hex digits of the
 * SHA-256 of the file name: the same on every machine, always a valid id. Never fails.
 */
export function scriptId(script: string): string {
  const name = script.slice(script.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const bare =
    stem.startsWith(SCRIPT_ID_PREFIX) && stem.length > SCRIPT_ID_PREFIX.length
      ? stem.slice(SCRIPT_ID_PREFIX.length)
      : stem;
  const id = asciiId(bare).slice(0, 128);
  return JOB_ID_PATTERN.test(id) ? id : hashedId(name);
}

/** `text` as id characters: accents dropped, the rest of what ids cannot hold `_`, no leading `._-`. */
function asciiId(text: string): string {
  return fileSafe(text.normalize('NFKD').replace(/\p{M}/gu, '')).replace(/^[._-]+/, '');
}

function hashedId(name: string): string {
  return HASHED_ID_PREFIX + shortHash(name);
}

/**
 * node:crypto is loaded here, on the first name that needs it, not with this module: loading it costs every
 * CLI start ~5 ms, and most plans have no such name.
 */
function shortHash(text: string): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/** `scripts/ml` → `scripts.ml`; the working directory itself → `root`; a folder with no ASCII left → its hash. */
function folderSuffix(script: string): string {
  const folder = path.posix.dirname(script);
  if (folder === '.') return 'root';
  return asciiId(folder.split('/').join('.')) || shortHash(folder);
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
  const bare = scripts.map((script) => scriptId(script));
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
    // Never too long for an id: a long id or folder is cut and the script's path hashed in instead.
    let base = `${id}.${folderSuffix(scripts[index])}`;
    if (base.length > 120) base = `${id.slice(0, 110)}.${shortHash(scripts[index])}`;
    let candidate = base;
    for (let n = 2; owners.has(candidate) || bareIds.has(candidate); n++) candidate = `${base}.${n}`;
    warnings.push(
      `Job id '${id}' is taken by ${owners.get(id)}, so ${scripts[index]} is '${candidate}'. ` +
        `Name them in the config (jobs: <id>: script: …) to choose other ids.`,
    );
    owners.set(candidate, scripts[index]);
    ids[index] = candidate;
  });
  return { ids: ids as string[], warnings };
}
