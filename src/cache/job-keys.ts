import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Plan, PlannedJob, Settings } from '../model/types.js';
import { globToRegExp } from '../plan/glob-match.js';
import { probedPythonVersion } from '../plan/python.js';
import type { Redactor } from '../report/redact.js';
import { keyComponents, keyOf, type FileDigests, type KeyComponents } from './job-key.js';
import { buildSuffixIndex, localModuleFiles } from './module-files.js';
import { listRepositoryFiles } from './repository-files.js';

/** A job's key and what it is made of. */
export interface JobKey {
  key: string;
  components: KeyComponents;
}

export interface JobKeys {
  /** Job id → key. */
  keys: Map<string, JobKey>;
  /** For people: a declared input that matched no file, … (never a secret). */
  warnings: string[];
}

/**
 * The key of every job of the plan: reads the repository once (file list, each file hashed at most once, data files
 * streamed so memory stays bounded), then builds each job's components (see job-key.ts).
 */
export async function computeJobKeys(
  plan: Plan,
  settings: Pick<Settings, 'workingDirectory' | 'resultsDir' | 'logsDir' | 'summariesDir' | 'cacheInputs'>,
  redactor: Redactor,
): Promise<JobKeys> {
  const root = settings.workingDirectory;
  const files = await listRepositoryFiles(root, [
    settings.resultsDir,
    settings.logsDir,
    settings.summariesDir,
  ]);
  const fileSet = new Set(files);
  let suffixIndex: Map<string, string[]> | undefined;
  const suffixes = () => (suffixIndex ??= buildSuffixIndex(files));
  const digests = new Map<string, Promise<string | null>>();
  const digest = (relative: string) => {
    let pending = digests.get(relative);
    if (!pending) {
      pending = hashFile(path.join(root, relative));
      digests.set(relative, pending);
    }
    return pending;
  };
  const texts = new Map<string, Promise<string | null>>();
  const source = {
    files: fileSet,
    read: (relative: string) => {
      let pending = texts.get(relative);
      if (!pending) {
        pending = fs.promises.readFile(path.join(root, relative), 'utf8').catch(() => null);
        texts.set(relative, pending);
      }
      return pending;
    },
  };
  const warnings: string[] = [];
  const globCache = new Map<string, string[]>();
  const matching = (pattern: string, where: string): string[] => {
    let matched = globCache.get(pattern);
    if (!matched) {
      const body = pattern.replace(/^\.\//, '');
      const regex = globToRegExp(body);
      // A folder named without a wildcard stands for everything under it.
      matched = files.filter((file) => regex.test(file) || file.startsWith(`${body.replace(/\/+$/, '')}/`));
      globCache.set(pattern, matched);
      if (matched.length === 0)
        warnings.push(`${where}: '${pattern}' matches no file; it adds nothing to the key.`);
    }
    return matched;
  };
  const digestsOf = async (list: readonly string[]): Promise<FileDigests> => {
    const out: FileDigests = {};
    for (const file of [...new Set(list)].sort()) out[file] = (await digest(file)) ?? 'unreadable';
    return out;
  };

  // install_requirements lines: globs, `!glob` removes matches (as @actions/glob reads them).
  const lines = settings.cacheInputs ?? [];
  const removed = new Set(
    lines
      .filter((line) => line.startsWith('!'))
      .flatMap((line) => matching(line.slice(1), 'install_requirements')),
  );
  const requirements = await digestsOf(
    lines
      .filter((line) => !line.startsWith('!'))
      .flatMap((pattern) => matching(pattern, 'install_requirements'))
      .filter((file) => !removed.has(file)),
  );
  const version = plan.python ? probedPythonVersion(plan.python) : null;
  const keys = new Map<string, JobKey>();
  const relative = (absolute: string) => path.relative(root, absolute).split(path.sep).join('/') || '.';
  for (const job of plan.jobs) {
    const bases = [...new Set(['.', relative(job.cwd)])];
    const entry = job.script ?? commandFiles(job, root, fileSet);
    const scripts = Array.isArray(entry) ? entry : [entry];
    const code: string[] = [...scripts];
    for (const script of scripts) {
      if (script.endsWith('.py')) code.push(...(await localModuleFiles(script, bases, source, suffixes)));
    }
    const inputs = (job.inputs ?? []).flatMap((pattern) => matching(pattern, `inputs of job ${job.id}`));
    const components = keyComponents(job, {
      workingDirectory: root,
      pythonVersion: version,
      redactor,
      code: await digestsOf(code),
      inputs: await digestsOf(inputs),
      requirements,
    });
    keys.set(job.id, { key: keyOf(components), components });
  }
  return { keys, warnings };
}

/** For a `command:` job: the repository files its words name (relative to its cwd or the working directory). */
function commandFiles(job: PlannedJob, root: string, files: ReadonlySet<string>): string[] {
  const named: string[] = [];
  for (const word of job.command) {
    for (const base of [job.cwd, root]) {
      const candidate = path.relative(root, path.resolve(base, word)).split(path.sep).join('/');
      if (files.has(candidate)) {
        named.push(candidate);
        break;
      }
    }
  }
  return named;
}

/** sha256 of a regular file's bytes, streamed; null when it cannot be read or is not a regular file. */
async function hashFile(absolute: string): Promise<string | null> {
  try {
    if (!(await fs.promises.lstat(absolute)).isFile()) return null;
  } catch {
    return null;
  }
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    fs.createReadStream(absolute)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', () => resolve(null));
  });
}
