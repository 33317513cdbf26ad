/**
 * Odd names on a real disk (issue 10): non-ASCII, NFC/NFD twins, emoji, control characters, bytes that
 * are not UTF-8, and files or folders that cannot be jobs. One odd name never fails the plan: it gets a
 * safe id, or it is left out with a warning naming it.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { JOB_ID_PATTERN } from '../../src/plan/defaults.js';
import { discoverScripts, type ReadFolder } from '../../src/plan/discover.js';
import { buildPlan } from '../../src/plan/plan.js';
import type { OpenFile } from '../../src/plan/script-file.js';
import { memoryLogger, settingsFor, tempDir, writeTree } from './helpers.js';

const fakePython = async (): Promise<string> => '/usr/bin/python3';

/** A name part as bytes: valid UTF-8 text of any kind, or raw bytes (never `/` or NUL). */
const namePart = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map((text) => Buffer.from(text, 'utf8')),
  fc
    .constantFrom(
      '模型',
      'café',
      'cafe\u0301',
      '🚀',
      'a\nb',
      '\r',
      '\t',
      '\u001b[1m',
      '\u0085',
      '\u2028',
      '::warning::x',
      '##[add-mask]y',
      '%0A',
      '-',
      ' ',
      '\uFFFD',
    )
    .map((text) => Buffer.from(text, 'utf8')),
  fc.uint8Array({ minLength: 1, maxLength: 4 }).map((bytes) => Buffer.from(bytes)),
);

const FOLDERS: readonly (Buffer | undefined)[] = [
  undefined,
  Buffer.from('sub'),
  Buffer.from('模型'),
  Buffer.from('ü'),
  Buffer.from([0x62, 0xff, 0x63]),
  Buffer.from('a\nb'),
];

function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function clean(bytes: Buffer): Buffer {
  return Buffer.from(bytes.filter((byte) => byte !== 0x2f && byte !== 0));
}

describe('odd file names through discovery and planning', () => {
  test('property: never fails; ids unique and valid; every job is a file by its path; every odd name is a warning', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(FOLDERS.length - 1), namePart), { minLength: 1, maxLength: 6 }),
        async (entries) => {
          const root = tempDir();
          const training = Buffer.from(path.join(root, 'training'));
          fs.mkdirSync(training);
          const expected = new Set<string>();
          let odd = 0;
          const made = new Set<string>();
          for (const [folderIndex, part] of entries) {
            const folder = FOLDERS[folderIndex];
            const name = Buffer.concat([Buffer.from('train_'), clean(part), Buffer.from('.py')]);
            const dir = folder ? Buffer.concat([training, Buffer.from('/'), folder]) : training;
            const file = Buffer.concat([dir, Buffer.from('/'), name]);
            if (made.has(file.toString('hex'))) continue;
            made.add(file.toString('hex'));
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(file, 'print("ok")\n');
            const relative = Buffer.concat([
              Buffer.from('training/'),
              folder ? Buffer.concat([folder, Buffer.from('/')]) : Buffer.alloc(0),
              name,
            ]);
            if (isUtf8(relative) && !CONTROL.test(relative.toString('utf8')))
              expected.add(relative.toString('utf8'));
            else odd += 1;
          }

          const plan = await buildPlan(settingsFor(root, { discover_roots: 'training' }), {
            resolvePython: fakePython,
            logger: memoryLogger(),
          }).catch((error: unknown) => {
            // Zero usable scripts is the one legitimate error ("no jobs to run").
            if (expected.size === 0) return undefined;
            throw error;
          });
          if (!plan) return;
          const ids = plan.jobs.map((job) => job.id);
          for (const id of ids) expect([id, JOB_ID_PATTERN.test(id)]).toEqual([id, true]);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(plan.jobs.map((job) => job.script))).toEqual(expected);
          for (const job of plan.jobs) {
            // The string path opens the very file: a job can be spawned by it.
            expect(fs.statSync(path.join(root, job.script as string)).isFile()).toBe(true);
          }
          const skipped = plan.warnings.filter((warning) => /Discovery skipped/.test(warning));
          // One warning per odd file, except those inside a folder that is skipped as a whole.
          if (odd > 0) expect(skipped.length).toBeGreaterThan(0);
          for (const warning of plan.warnings) expect(CONTROL.test(warning)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('NFC and NFD twins, CJK and emoji names: distinct jobs with safe ids', async () => {
    const root = writeTree(tempDir(), {
      'training/train_café.py': '',
      'training/train_cafe\u0301.py': '',
      'training/train_模型.py': '',
      'training/train_🚀.py': '',
      'training/train_ok.py': '',
    });
    const plan = await buildPlan(settingsFor(root), { resolvePython: fakePython });
    const byScript = Object.fromEntries(plan.jobs.map((job) => [job.script, job.id]));
    expect(byScript['training/train_cafe\u0301.py']).toBe('cafe');
    expect(byScript['training/train_café.py']).toBe('cafe.training');
    expect(byScript['training/train_模型.py']).toMatch(/^x-[0-9a-f]{8}$/);
    expect(byScript['training/train_🚀.py']).toMatch(/^x-[0-9a-f]{8}$/);
    expect(byScript['training/train_ok.py']).toBe('ok');
    expect(plan.warnings).toEqual([expect.stringContaining("Job id 'cafe' is taken")]);
  });

  test('a name that is not UTF-8 is left out with a warning showing its bytes; the rest still plan', async () => {
    const root = writeTree(tempDir(), { 'training/train_ok.py': '' });
    fs.writeFileSync(Buffer.from(`${root}/training/train_\xff.py`, 'latin1'), '');
    fs.mkdirSync(Buffer.from(`${root}/training/d\xfe`, 'latin1'));
    fs.writeFileSync(Buffer.from(`${root}/training/d\xfe/train_in.py`, 'latin1'), '');
    const plan = await buildPlan(settingsFor(root), { resolvePython: fakePython });
    expect(plan.jobs.map((job) => job.id)).toEqual(['ok']);
    expect(plan.warnings).toEqual([
      'Discovery skipped the folder training/d\\xfe: its name is not valid UTF-8, so nothing in it can be run by name. Rename it.',
      'Discovery skipped training/train_\\xff.py: its name is not valid UTF-8, so it cannot be run by name. Rename it.',
    ]);
  });

  test('a name with a line break or control character is left out with a warning, escaped', async () => {
    const root = writeTree(tempDir(), {
      'training/train_ok.py': '',
      'training/train_a\n::warning::x.py': '',
      'training/train_b\u2028.py': '',
    });
    const plan = await buildPlan(settingsFor(root), { resolvePython: fakePython });
    expect(plan.jobs.map((job) => job.id)).toEqual(['ok']);
    expect(plan.warnings.sort()).toEqual([
      'Discovery skipped training/train_a\\n::warning::x.py: its path holds a control character or line break. Rename it.',
      'Discovery skipped training/train_b\\u2028.py: its path holds a control character or line break. Rename it.',
    ]);
  });

  test('a matching name that is a folder, a FIFO or a dangling link is not a job; nothing hangs', async () => {
    const root = writeTree(tempDir(), {
      'training/train_ok.py': '',
      'training/train_dir.py/train_inner.py': '',
    });
    const fifo = path.join(root, 'training', 'train_fifo.py');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
    const plan = await buildPlan(settingsFor(root), { resolvePython: fakePython });
    expect(plan.jobs.map((job) => job.script)).toEqual([
      'training/train_dir.py/train_inner.py',
      'training/train_ok.py',
    ]);
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        'training/train_dir.py matches train_*.py but is a folder: it is not a job.',
        'training/train_fifo.py matches train_*.py but is a FIFO: it is not a job.',
      ]),
    );
  });

  test('a script that cannot be opened (EACCES, EIO) is left out with a warning', async () => {
    const root = writeTree(tempDir(), { 'training/train_ok.py': '', 'training/train_locked.py': '' });
    const open: OpenFile = async (file, flags) => {
      if (file.endsWith('train_locked.py'))
        throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return fs.promises.open(file, flags);
    };
    const plan = await buildPlan(settingsFor(root), { resolvePython: fakePython, openFile: open });
    expect(plan.jobs.map((job) => job.id)).toEqual(['ok']);
    expect(plan.warnings).toEqual([
      'Discovery skipped training/train_locked.py: it is unreadable (EACCES), so it cannot run.',
    ]);
  });

  test.each(['EACCES', 'EIO', 'EMFILE'])(
    'a folder that cannot be read (%s) is a warning naming it, not silence',
    async (code) => {
      const root = writeTree(tempDir(), { 'training/train_ok.py': '', 'training/locked/train_x.py': '' });
      const readFolder = (async (folder: string, options: never) => {
        if (folder.endsWith('locked')) throw Object.assign(new Error('nope'), { code });
        return fs.promises.readdir(folder, options);
      }) as unknown as ReadFolder;
      const warnings: string[] = [];
      const found = await discoverScripts(root, ['training'], {
        readFolder,
        onWarning: (message) => warnings.push(message),
      });
      expect(found).toEqual(['training/train_ok.py']);
      expect(warnings).toEqual([
        `Discovery could not read the folder training/locked (${code}); scripts in it are not run.`,
      ]);
    },
  );

  test('without onWarning, discovery warnings go to the logger', async () => {
    const root = writeTree(tempDir(), { 'training/train_ok.py': '', 'training/locked/': '' });
    const readFolder = (async (folder: string, options: never) => {
      if (folder.endsWith('locked')) throw Object.assign(new Error('nope'), { code: 'EACCES' });
      return fs.promises.readdir(folder, options);
    }) as unknown as ReadFolder;
    const logger = memoryLogger();
    await discoverScripts(root, ['training'], { readFolder, logger });
    expect(logger.lines).toContain(
      'warn: Discovery could not read the folder training/locked (EACCES); scripts in it are not run.',
    );
  });
});
