// Bundles each entry point with ncc into dist/: the action's main and post steps and the CLI.
// One bundle per entry (like actions/upload-artifact) so the post step and CLI load only what they use.
import { execFileSync } from 'node:child_process';
import {
  rmSync,
  renameSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  chmodSync,
  copyFileSync,
} from 'node:fs';
import path from 'node:path';

const entries = [
  { source: 'src/action/main.ts', out: 'dist', runsJobs: true },
  { source: 'src/action/post.ts', out: 'dist/post' },
  { source: 'src/cli/index.ts', out: 'dist/cli', bin: true, runsJobs: true },
];
/** The spawn service (src/run/spawn-service.ts): found beside the bundle that runs jobs, at run time. */
const SPAWN_SERVICE = 'src/run/spawn-service.py';
const ncc = path.resolve('node_modules/@vercel/ncc/dist/ncc/cli.js');

rmSync('dist', { recursive: true, force: true });
for (const entry of entries) {
  execFileSync(
    process.execPath,
    [ncc, 'build', entry.source, '-o', entry.out, '--license', 'licenses.txt', '-q', '--target', 'es2022'],
    {
      stdio: 'inherit',
    },
  );
  // ncc names ESM output index.js already; drop the per-bundle package.json ncc may write.
  const file = path.join(entry.out, 'index.js');
  if (entry.bin) {
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('#!')) writeFileSync(file, `#!/usr/bin/env node\n${text}`);
    chmodSync(file, 0o755);
  }
  if (entry.runsJobs) copyFileSync(SPAWN_SERVICE, path.join(entry.out, path.basename(SPAWN_SERVICE)));
}
// Keep the listing stable: nothing else than the bundles, their licences and the spawn service.
for (const dir of ['dist', 'dist/post', 'dist/cli']) {
  for (const name of readdirSync(dir)) if (name.endsWith('.d.ts')) rmSync(path.join(dir, name));
}
void renameSync;
