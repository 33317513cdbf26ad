import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JobResult, PlannedJob } from '../model/types.js';
import { isReallyInside } from '../plan/real-path.js';
import { CACHE_FORMAT_VERSION, type KeyComponents } from './job-key.js';

/**
 * A cache entry is a folder: `output/` (the job's output folder, everything under it), `job.log`, `result.json`
 * (its JobResult, already redacted by the runner) and `manifest.json` (every other file's sha256 and size, every
 * folder, and the key's components for the "why did it run" diff). Stores copy it whole and never read inside.
 */
export interface EntryManifest {
  format: number;
  key: string;
  job_id: string;
  /** When the entry was made (for people and the local index; never part of a key). */
  created_at: string;
  /** The run that produced it: a run URL, or "local <iso date>". */
  source: string;
  components: KeyComponents;
  /** Entry-relative POSIX path → digest and size; manifest.json itself excluded. */
  files: Record<string, { sha256: string; size: number }>;
  /** Entry-relative folders (empty ones included, so a restored output folder has the same shape). */
  folders: string[];
}

export const MANIFEST_FILE = 'manifest.json';
const OUTPUT = 'output';
const LOG = 'job.log';
const RESULT = 'result.json';

/** An entry that cannot be made (a link in the output folder) or trusted (a file missing, changed, added). */
export class EntryError extends Error {
  override name = 'EntryError';
}

/**
 * Fills the empty folder `entry` with the job's outputs, log and result, and writes the manifest last.
 * Throws EntryError when the output folder holds a symbolic link or something other than files and folders
 * (an entry never carries a link out of the working directory).
 */
export async function packEntry(
  entry: string,
  input: {
    workingDirectory: string;
    job: PlannedJob;
    result: JobResult;
    key: string;
    components: KeyComponents;
    source: string;
    createdAt: string;
  },
): Promise<EntryManifest> {
  const { workingDirectory, job, result } = input;
  await copyTree(path.resolve(workingDirectory, job.outputDir), path.join(entry, OUTPUT), job.outputDir);
  const log = path.resolve(workingDirectory, job.logPath);
  if (fs.existsSync(log)) await fs.promises.copyFile(log, path.join(entry, LOG));
  else await fs.promises.writeFile(path.join(entry, LOG), '');
  const { cache: _cache, ...stored } = result;
  await fs.promises.writeFile(path.join(entry, RESULT), `${JSON.stringify(stored)}\n`);
  const { files, folders } = await inventory(entry);
  const manifest: EntryManifest = {
    format: CACHE_FORMAT_VERSION,
    key: input.key,
    job_id: job.id,
    created_at: input.createdAt,
    source: input.source,
    components: input.components,
    files,
    folders,
  };
  await fs.promises.writeFile(path.join(entry, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
  return manifest;
}

/** What a verified entry holds. */
export interface VerifiedEntry {
  manifest: EntryManifest;
  result: JobResult;
  log: string;
}

/**
 * Checks a restored folder against its manifest: same key and format, every listed file present with its size
 * and sha256, no file or link that is not listed. Throws EntryError naming the first problem.
 */
export async function verifyEntry(entry: string, key: string): Promise<VerifiedEntry> {
  let manifest: EntryManifest;
  try {
    manifest = JSON.parse(
      await fs.promises.readFile(path.join(entry, MANIFEST_FILE), 'utf8'),
    ) as EntryManifest;
  } catch {
    throw new EntryError('its manifest.json is missing or unreadable');
  }
  if (manifest?.format !== CACHE_FORMAT_VERSION) throw new EntryError('its format version differs');
  if (manifest.key !== key) throw new EntryError('its manifest names another key');
  const found = await inventory(entry, (name) => name === MANIFEST_FILE);
  const listed = manifest.files ?? {};
  for (const [file, expected] of Object.entries(listed)) {
    const actual = found.files[file];
    if (!actual) throw new EntryError(`${file} is missing`);
    if (actual.size !== expected.size || actual.sha256 !== expected.sha256)
      throw new EntryError(`${file} does not match its checksum`);
  }
  for (const file of Object.keys(found.files))
    if (!(file in listed)) throw new EntryError(`${file} is not in its manifest`);
  let result: JobResult;
  try {
    result = JSON.parse(await fs.promises.readFile(path.join(entry, RESULT), 'utf8')) as JobResult;
  } catch {
    throw new EntryError(`${RESULT} is unreadable`);
  }
  if (result?.id !== manifest.job_id) throw new EntryError(`${RESULT} belongs to another job`);
  const log = await fs.promises.readFile(path.join(entry, LOG), 'utf8');
  for (const folder of manifest.folders ?? [])
    await fs.promises.mkdir(path.join(entry, folder), { recursive: true });
  return { manifest, result, log };
}

/**
 * Moves a verified entry's output folder into the job's place and writes its log (`header` first, then the log the
 * job wrote). The old output folder is moved aside first and removed after, so the job's folder is at any moment
 * either the old one or the whole restored one, never half of each. `entry` must be on the working directory's
 * file system (a staging folder inside it) for the moves to be renames.
 */
export async function placeEntry(
  entry: string,
  verified: VerifiedEntry,
  job: PlannedJob,
  workingDirectory: string,
  header: string,
): Promise<void> {
  const target = path.resolve(workingDirectory, job.outputDir);
  const aside = path.join(entry, 'previous-output');
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  // Checked again now: a link planted since the plan (by a job of an earlier run) is refused, never followed.
  const log = path.resolve(workingDirectory, job.logPath);
  await fs.promises.mkdir(path.dirname(log), { recursive: true });
  for (const folder of [path.dirname(target), path.dirname(log)])
    if (!isReallyInside(workingDirectory, folder))
      throw new EntryError(`${path.relative(workingDirectory, folder)} leads outside the working directory`);
  if ((await fs.promises.lstat(target).catch(() => null))?.isSymbolicLink())
    throw new EntryError(`${job.outputDir} is a symbolic link`);
  let movedAside = false;
  try {
    await fs.promises.rename(target, aside);
    movedAside = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    await fs.promises.rename(path.join(entry, OUTPUT), target);
  } catch (error) {
    if (movedAside) await fs.promises.rename(aside, target).catch(() => undefined);
    throw error;
  }
  if (movedAside) await fs.promises.rm(aside, { recursive: true, force: true });
  const staged = path.join(entry, 'restored.log');
  await fs.promises.writeFile(staged, `${header}\n${verified.log}`);
  await fs.promises.rename(staged, log);
}

/** Copies a folder tree (files and folders only); a missing source makes an empty folder. */
async function copyTree(from: string, to: string, shown: string): Promise<void> {
  await fs.promises.mkdir(to, { recursive: true });
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) await copyTree(source, path.join(to, entry.name), `${shown}/${entry.name}`);
    else if (entry.isFile()) await fs.promises.copyFile(source, path.join(to, entry.name));
    else
      throw new EntryError(
        `${shown}/${entry.name} is a symbolic link or special file, which an entry does not carry`,
      );
  }
}

/** Every file (digest, size) and folder under `root`, entry-relative; a link or special file is an EntryError. */
async function inventory(
  root: string,
  skip: (relative: string) => boolean = () => false,
): Promise<{ files: EntryManifest['files']; folders: string[] }> {
  const files: EntryManifest['files'] = {};
  const folders: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (skip(child)) continue;
      if (entry.isDirectory()) {
        folders.push(child);
        await walk(child);
      } else if (entry.isFile()) {
        files[child] = await digestFile(path.join(root, child));
      } else throw new EntryError(`${child} is a symbolic link or special file`);
    }
  };
  await walk('');
  return { files, folders };
}

/** sha256 and size of a file, streamed (the size is what was read: no extra stat). */
function digestFile(absolute: string): Promise<{ sha256: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    fs.createReadStream(absolute, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => {
        size += chunk.length;
        hash.update(chunk);
      })
      .on('end', () => resolve({ sha256: hash.digest('hex'), size }))
      .on('error', reject);
  });
}
