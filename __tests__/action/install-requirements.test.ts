import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findRequirementFiles,
  installRequirements,
  type InstallDeps,
} from '../../src/action/install-requirements.js';
import { InputError, type Logger } from '../../src/model/types.js';
import { allSteps, readWorkflow, workflowsDir } from '../workflows/workflow-files.js';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-install-')));
}

function write(root: string, relative: string, text = '# none\n'): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function recordingLogger(): Logger & { warnings: string[]; infos: string[]; errors: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    infos,
    errors,
    info: (m) => infos.push(m),
    debug: () => {},
    error: (m) => errors.push(m),
    warn: (m) => warnings.push(m),
  };
}

/** What the dispatch workflow passes (the workflow tests check the sharded one passes the same). */
const WORKFLOW_DEFAULT = String(
  allSteps(readWorkflow(path.join(workflowsDir, 'training-orchestrator.yml'))).find(
    ({ step }) => step.uses === './',
  )!.step.with!.install_requirements,
);

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

  test('a file whose name could break the echoed command line or carry ##[ is skipped with a warning', async () => {
    const root = tempDir();
    write(root, 'requirements-ok.txt');
    write(root, 'requirements-a\n::add-mask::x.txt');
    write(root, 'requirements-##[add-mask]x.txt');
    write(root, 'requirements-b\u2028.txt');
    const logger = recordingLogger();
    const files = await findRequirementFiles('requirements-*.txt', root, logger);
    expect(files).toEqual([path.join(root, 'requirements-ok.txt')]);
    expect(logger.warnings.sort()).toEqual([
      "install_requirements: skipping requirements-##[add-mask]x.txt: its name holds a control character, a line break or '##['. Rename it.",
      "install_requirements: skipping requirements-a\\n::add-mask::x.txt: its name holds a control character, a line break or '##['. Rename it.",
      "install_requirements: skipping requirements-b\\u2028.txt: its name holds a control character, a line break or '##['. Rename it.",
    ]);
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

  test.each([
    ['the workflow default', WORKFLOW_DEFAULT],
    ['one wildcard line', 'requirements-*.txt'],
    ['several wildcard lines', 'requirements.tx[t]\nrequirements-*.txt\n**/requirements*.txt'],
  ])(
    '%s matching nothing installs nothing, silently: an info line, no warning, no error',
    async (_name, pattern) => {
      const root = tempDir();
      write(root, 'README.md');
      const fake = fakePython(tempDir());
      const logger = recordingLogger();
      const installed = await installRequirements(
        { pattern, workingDirectory: root, python: fake.python, logger },
        deps([]),
      );
      expect(installed).toEqual([]);
      expect(logger.warnings).toEqual([]);
      expect(logger.errors).toEqual([]);
      expect(logger.infos).toEqual([expect.stringContaining('nothing to install')]);
      expect(fake.calls()).toEqual([]);
    },
  );

  test.each([
    [['requirements.txt'], ['requirements.txt']],
    [['requirements-train.txt'], ['requirements-train.txt']],
    [
      ['requirements.txt', 'requirements-dev.txt', 'requirements.in', 'sub/requirements.txt'],
      ['requirements-dev.txt', 'requirements.txt'],
    ],
  ])(
    'the workflow default covers requirements.txt and requirements-*.txt: %j installs %j',
    async (present, expected) => {
      const root = tempDir();
      for (const file of present) write(root, file);
      const fake = fakePython(tempDir());
      const logger = recordingLogger();
      const installed = await installRequirements(
        { pattern: WORKFLOW_DEFAULT, workingDirectory: root, python: fake.python, logger },
        deps([]),
      );
      expect(installed).toEqual(expected);
      expect(fake.calls()).toEqual(expected.map((file) => `-m pip install -r ${path.join(root, file)}`));
      expect(logger.warnings).toEqual([]);
    },
  );

  test('a file named literally that does not exist is a warning naming it; wildcards stay silent', async () => {
    const root = tempDir();
    write(root, 'requirements-a.txt');
    const fake = fakePython(tempDir());
    const logger = recordingLogger();
    const installed = await installRequirements(
      {
        pattern: 'requirments.txt\nrequirements-*.txt\nmissing-*.txt\n!requirements-b.txt',
        workingDirectory: root,
        python: fake.python,
        logger,
      },
      deps([]),
    );
    expect(installed).toEqual(['requirements-a.txt']);
    expect(logger.warnings).toEqual([
      expect.stringMatching(/^install_requirements: requirments\.txt is not a file/),
    ]);
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
