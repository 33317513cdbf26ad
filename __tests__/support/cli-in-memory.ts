/**
 * The CLI run in this process with in-memory streams, as tests that check what it prints and its exit code
 * need it: no bundle, no child process, the environment and working directory given explicitly.
 */
import { runCli, type CliIo } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCliInMemory(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    env,
    cwd,
    isTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}
