import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findRequirementFiles,
  installRequirements,
  type InstallDeps,
} from '../../src/action/install-requirements.js';
import { InputError, type Logger } from '../../src/core/types.js';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-install-')));
}

function write(root: string, relative: string, text = '# none\n'): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => {}, debug: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
}

/**
 * A stand-in interpreter (a real process, run through the real @actions/exec): appends its argv to
 * calls.txt and exits with the code in FAIL_ON when the requirement file's name contains it.
 */
function fakePython(dir: string, failOn?: string): { python: string; calls: () => string[] } {
  const calls = path.join(dir, 'calls.txt');
  const python = path.join(dir, 'fake-python');
  fs.writeFileSync(
    python,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\n` +
      (failOn ? `case "$5" in *${failOn}*) echo "ERROR: no such package" >&2; exit 1;; esac\n` : '') +
      'exit 0\n',
    { mode: 0o755 },
  );
  return {
    python,
    calls: () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : []),
  };
}

/** The real exec, with groups recorded instead of printed. */
function deps(groups: string[]): InstallDeps {
  return {
    exec: async (command, args, opts) => {
      const { exec } = await import('@actions/exec');
      return exec(command, args, { cwd: opts.cwd, ignoreReturnCode: true, silent: true });
    },
    group: async (name, fn) => {
      groups.push(name);
      return fn();
    },
  };
}

describe('findRequirementFiles', () => {
  test('matches files inside the working directory, sorted; folders and other files are left out', async () => {
    const root = tempDir();
    write(root, 'requirements-train.txt');
    write(root, 'requirements-base.txt');
    write(root, 'requirements.in');
    fs.mkdirSync(path.join(root, 'requirements-dir.txt'));
    const files = await findRequirementFiles('requirements-*.txt', root, recordingLogger());
    expect(files).toEqual([
      path.join(root, 'requirements-base.txt'),
      path.join(root, 'requirements-train.txt'),
    ]);
  });

  test('several lines, ** and negation follow @actions/glob', async () => {
    const root = tempDir();
    write(root, 'a/requirements.txt');
    write(root, 'b/c/requirements.txt');
    write(root, 'b/skip/requirements.txt');
    const files = await findRequirementFiles('**/requirements.txt\n!b/skip/**', root, recordingLogger());
    expect(files.map((f) => path.relative(root, f))).toEqual(['a/requirements.txt', 'b/c/requirements.txt']);
  });

  test.each(['../requirements.txt', '/etc/*.txt', 'sub/../../x.txt'])(
    'a pattern leaving the working directory (%s) is an InputError',
    async (pattern) => {
      const root = tempDir();
      await expect(findRequirementFiles(pattern, root, recordingLogger())).rejects.toThrow(InputError);
      await expect(findRequirementFiles(pattern, root, recordingLogger())).rejects.toThrow(
        `Invalid install_requirements '${pattern}'`,
      );
    },
  );

  test('a file reached through a link that leaves the working directory is skipped with a warning', async () => {
    const outside = tempDir();
    const root = tempDir();
    write(outside, 'secret-requirements.txt');
    write(root, 'requirements-ok.txt');
    fs.symlinkSync(path.join(outside, 'secret-requirements.txt'), path.join(root, 'requirements-link.txt'));
    const logger = recordingLogger();
    const files = await findRequirementFiles('requirements-*.txt', root, logger);
    expect(files).toEqual([path.join(root, 'requirements-ok.txt')]);
    expect(logger.warnings).toEqual([expect.stringContaining('requirements-link.txt')]);
  });
});

describe('installRequirements', () => {
  test('runs `<python> -m pip install -r <file>` for each file, each in a group', async () => {
    const root = tempDir();
    write(root, 'requirements-b.txt');
    write(root, 'requirements-a.txt');
    const fake = fakePython(tempDir());
    const groups: string[] = [];
    const installed = await installRequirements(
      {
        pattern: 'requirements-*.txt',
        workingDirectory: root,
        python: fake.python,
        logger: recordingLogger(),
      },
      deps(groups),
    );
    expect(installed).toEqual(['requirements-a.txt', 'requirements-b.txt']);
    expect(groups).toEqual(['pip install -r requirements-a.txt', 'pip install -r requirements-b.txt']);
    expect(fake.calls()).toEqual([
      `-m pip install -r ${path.join(root, 'requirements-a.txt')}`,
      `-m pip install -r ${path.join(root, 'requirements-b.txt')}`,
    ]);
  });

  test('a failed install throws naming the file and the exit code, and stops there', async () => {
    const root = tempDir();
    write(root, 'requirements-a.txt');
    write(root, 'requirements-b.txt');
    write(root, 'requirements-c.txt');
    const fake = fakePython(tempDir(), 'requirements-b');
    const run = installRequirements(
      {
        pattern: 'requirements-*.txt',
        workingDirectory: root,
        python: fake.python,
        logger: recordingLogger(),
      },
      deps([]),
    );
    await expect(run).rejects.toThrow(
      /^Installing requirements from requirements-b\.txt failed: .* exited with code 1\. No job was started\.$/,
    );
    expect(fake.calls()).toHaveLength(2);
  });

  test('a glob that matches nothing is a warning, not a failure', async () => {
    const root = tempDir();
    const fake = fakePython(tempDir());
    const logger = recordingLogger();
    const installed = await installRequirements(
      { pattern: 'requirements-*.txt', workingDirectory: root, python: fake.python, logger },
      deps([]),
    );
    expect(installed).toEqual([]);
    expect(logger.warnings).toEqual([expect.stringContaining("'requirements-*.txt' matched no file")]);
    expect(fake.calls()).toEqual([]);
  });

  test('a cancellation stops before the next file', async () => {
    const root = tempDir();
    write(root, 'requirements-a.txt');
    write(root, 'requirements-b.txt');
    const fake = fakePython(tempDir());
    const controller = new AbortController();
    const base = deps([]);
    const cancelling: InstallDeps = {
      ...base,
      exec: async (command, args, opts) => {
        const code = await base.exec(command, args, opts);
        controller.abort();
        return code;
      },
    };
    const run = installRequirements(
      {
        pattern: 'requirements-*.txt',
        workingDirectory: root,
        python: fake.python,
        logger: recordingLogger(),
        signal: controller.signal,
      },
      cancelling,
    );
    await expect(run).rejects.toThrow('Cancelled while installing requirements; no job was started.');
    expect(fake.calls()).toHaveLength(1);
  });
});
