#!/usr/bin/env node
// The floor of any Node orchestrator: `node bench/bare-pool.mjs WORKERS JOBS COMMAND [ARGS…]` runs COMMAND
// JOBS times, WORKERS at a time, with child_process.spawn in its own process group and its output piped
// into one log file per job (what the orchestrator must do at least), and nothing else: no plan, no
// summary, no console. The overhead measurement runs it as a peer to separate Node's own cost of starting a
// process from the orchestrator's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [workersArg, jobsArg, command, ...args] = process.argv.slice(2);
const workers = Number(workersArg);
const jobs = Number(jobsArg);
const logs = process.env.BARE_POOL_LOGS;
if (!command || !(workers > 0) || !(jobs > 0)) {
  console.error(
    'Usage: node bench/bare-pool.mjs WORKERS JOBS COMMAND [ARGS…]  (BARE_POOL_LOGS=DIR for logs)',
  );
  process.exit(2);
}
if (logs) fs.mkdirSync(logs, { recursive: true });

let next = 0;
let failed = 0;
function runOne(index) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = logs ? fs.createWriteStream(path.join(logs, `${index}.log`)) : undefined;
    for (const pipe of [child.stdout, child.stderr]) {
      if (log) pipe.pipe(log, { end: false });
      else pipe.resume();
    }
    child.on('error', () => {
      failed += 1;
      resolve();
    });
    child.on('close', (code) => {
      if (code !== 0) failed += 1;
      if (log) log.end(resolve);
      else resolve();
    });
  });
}
async function worker() {
  while (next < jobs) await runOne(next++);
}
await Promise.all(Array.from({ length: Math.min(workers, jobs) }, worker));
process.exitCode = failed ? 1 : 0;
