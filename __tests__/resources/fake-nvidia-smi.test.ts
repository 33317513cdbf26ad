import fs from 'node:fs';
import path from 'node:path';
import { runPlan } from '../../src/run/run-plan.js';
import { UsageMonitor } from '../../src/resources/usage-monitor.js';
import { job, plan, PYTHON, tempDir } from '../run/helpers.js';

/*
 * GPUs through a fake `nvidia-smi` on PATH (a Python script): it reports two devices, and 512 MiB on the
 * second for every pid the job wrote to a file, so the real lookup on PATH, the real query (execFile) and the
 * attribution of processes to jobs are all exercised.
 */
const fake = (pidsFile: string): string => `#!${PYTHON}
import sys
args = ' '.join(sys.argv[1:])
if '--query-compute-apps' in args:
    try:
        pids = open(${JSON.stringify(pidsFile)}).read().split()
    except OSError:
        pids = []
    for pid in pids:
        print(f"{pid}, GPU-fake-1, 512")
    print("1, GPU-fake-0, 4096")  # somebody else's process
elif '--query-gpu' in args:
    print("0, GPU-fake-0, 10")
    print("1, GPU-fake-1, 75")
else:
    sys.exit(2)
`;

const linux = process.platform === 'linux';

(linux ? test : test.skip)(
  'a job whose process holds GPU memory: its device, peak memory and utilisation; no other device',
  async () => {
    const wd = tempDir();
    const bin = path.join(wd, 'bin');
    fs.mkdirSync(bin);
    const pids = path.join(wd, 'gpu-pids');
    // The pids file is named in the script: Jest's process.env is not what execFile hands a child.
    fs.writeFileSync(path.join(bin, 'nvidia-smi'), fake(pids), { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    try {
      const monitor = new UsageMonitor({ intervalMs: 100, gpuIntervalMs: 100 });
      const script = `import os, time\nopen(${JSON.stringify(pids)}, 'w').write(str(os.getpid()))\ntime.sleep(2.5)\n`;
      const [result] = await runPlan(plan([job(wd, 'gpu', [PYTHON, '-c', script])]), {
        workingDirectory: wd,
        parallel: false,
        maxWorkers: 1,
        monitor,
      });
      monitor.close();
      expect(result.status).toBe('succeeded');
      expect(result.resources?.gpus).toEqual([
        { index: 1, uuid: 'GPU-fake-1', peak_memory_bytes: 512 * 1024 * 1024, avg_utilization_percent: 75 },
      ]);
    } finally {
      process.env.PATH = savedPath;
      fs.rmSync(wd, { recursive: true, force: true });
    }
  },
);

test('without nvidia-smi on PATH there is no `gpus` field', () => {
  const savedPath = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const monitor = new UsageMonitor({ intervalMs: 100, reader: null });
    const planned = job('/tmp', 'x', ['true']);
    monitor.attemptStarted(planned, 1, 1);
    monitor.attemptEnded(planned, 1);
    expect(monitor.jobResources(planned)).not.toHaveProperty('gpus');
  } finally {
    process.env.PATH = savedPath;
  }
});
