import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActionLogger } from '../../src/action/logger.js';
import { runCli } from '../../src/cli/main.js';
import { formatDebugLines } from '../../src/report/console.js';
import { Redactor } from '../../src/report/redact.js';

const repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-debug-')));
fs.mkdirSync(path.join(repo, 'training'));
fs.writeFileSync(path.join(repo, 'training', 'train_als.py'), 'import argparse\n');
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

/** The CLI's --verbose stderr for `--list`, and the debug messages the planner logged to produce it. */
async function cliDebugLines(): Promise<string[]> {
  let err = '';
  const code = await runCli(['--list', '--verbose'], {
    out: () => {},
    err: (text) => void (err += text),
    env: {},
    cwd: repo,
    isTTY: false,
  });
  expect(code).toBe(0);
  return err.split('\n').filter((line) => line.length > 0);
}

describe('verbose debug lines are spelled the same by the action and the CLI', () => {
  test.each(['one line', 'resolved settings:\n  parallel: true', 'trailing\n', 'a\n\nb'])('%p', (message) => {
    const printed: string[] = [];
    const logger = createActionLogger(
      { info: (m) => printed.push(m), warning: () => {}, error: () => {}, debug: () => {} },
      { verbose: true, redactor: new Redactor([]) },
    );
    logger.debug(message);
    expect(printed).toEqual([formatDebugLines(message)]);
    for (const line of printed[0].split('\n')) expect(line.startsWith('debug: ')).toBe(true);
  });

  test('the CLI prints each debug line with the same prefix', async () => {
    const lines = await cliDebugLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^debug: /);
    expect(lines.join('\n')).not.toContain('[debug]');
  });
});
