import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteHandle {
  /** `http://127.0.0.1:<port>/devstoreaccount1` (path-style, as Azurite serves it). */
  blobEndpoint: string;
  accountName: string;
  accountKey: string;
  port: number;
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/**
 * Starts Azurite's blob service on a free loopback port (port 0, read back from its start line), in
 * memory, telemetry off, from a temporary folder. Resolves once it listens.
 */
export async function startAzurite(opts: { timeoutMs?: number; node?: string } = {}): Promise<AzuriteHandle> {
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'azurite-blob');
  if (!fs.existsSync(bin)) throw new Error(`Azurite is not installed (${bin} is missing).`);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'to-azurite-'));
  const args = [
    bin,
    '--silent',
    '--inMemoryPersistence',
    '--extentMemoryLimit',
    '256',
    '--disableTelemetry',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--skipApiVersionCheck',
    '--loose',
    '--disableProductStyleUrl',
  ];
  const child = spawn(opts.node ?? process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within ${opts.timeoutMs ?? 30000} ms:\n${output}`));
    }, opts.timeoutMs ?? 30000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /successfully listens on https?:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code ?? signal}) before listening:\n${output}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  // Keep draining its output so a chatty Azurite can never block on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    blobEndpoint: `http://127.0.0.1:${port}/${DEV_ACCOUNT_NAME}`,
    accountName: DEV_ACCOUNT_NAME,
    accountKey: DEV_ACCOUNT_KEY,
    port,
    stop: () => stopChild(child, cwd),
  };
}

async function stopChild(child: ChildProcess, cwd: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(cwd, { recursive: true, force: true });
}
