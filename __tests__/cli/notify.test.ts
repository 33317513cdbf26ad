/** The CLI's notification flags and its refusal of `auto`, driven through runCli with a real script. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli, type CliIo } from '../../src/cli/main.js';

const HOOK_SECRET = 'T111/B222/cliHookSecret333';
let workspace: string;
let server: http.Server;
let hookUrl: string;
const bodies: string[] = [];

beforeAll(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'to-cli-notify-'));
  fs.mkdirSync(path.join(workspace, 'training'));
  fs.writeFileSync(path.join(workspace, 'training/train_ok.py'), 'print("ok")\n');
  fs.writeFileSync(path.join(workspace, 'training/train_bad.py'), 'import sys\nprint("boom")\nsys.exit(3)\n');
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(bodies.length === 1 ? 503 : 200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/${HOOK_SECRET}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(workspace, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv = {}): CliIo & { text: () => string } {
  let text = '';
  return {
    out: (t) => void (text += t),
    err: (t) => void (text += t),
    env: { PATH: process.env.PATH, ...env },
    cwd: workspace,
    isTTY: false,
    text: () => text,
  };
}

describe('CLI', () => {
  it.each([
    ['--history', 'auto'],
    ['--rerun-failed', 'AUTO'],
  ])('refuses %s %s with a clear message (no GitHub to ask)', async (flag, value) => {
    const terminal = io();
    expect(await runCli([flag, value], terminal)).toBe(2);
    expect(terminal.text()).toMatch(
      new RegExp(
        `error: Invalid ${flag} 'auto'\\. Expected the path of a training summary JSON: the CLI has no GitHub run`,
      ),
    );
  });

  it('--notify-webhook from the environment: a failed run posts once more after a 503, the URL never printed', async () => {
    const terminal = io({ TRAINING_ORCHESTRATOR_NOTIFY_WEBHOOK: hookUrl });
    const code = await runCli(['--verbose'], terminal);
    expect(code).toBe(1);
    expect(bodies).toHaveLength(2);
    const payload = JSON.parse(bodies[1]) as { text: string };
    expect(payload.text).toMatch(/Training failed\*: 1 of 2 jobs succeeded, 1 failed/);
    expect(payload.text).toMatch(/Failed: [a-z_]*bad \(failed\)\./);
    expect(terminal.text()).toContain('Notification sent (2 attempts).');
    expect(terminal.text()).not.toContain(HOOK_SECRET);
    // Nor in the summary written to disk.
    const summaries = fs.readdirSync(path.join(workspace, 'summaries'));
    for (const file of summaries)
      expect(fs.readFileSync(path.join(workspace, 'summaries', file), 'utf8')).not.toContain(HOOK_SECRET);
  });

  it('refuses a bad --notify-on before running anything', async () => {
    const terminal = io();
    expect(await runCli(['--notify-on', 'never'], terminal)).toBe(2);
    expect(terminal.text()).toMatch(/Invalid --notify-on 'never'/);
  });
});
