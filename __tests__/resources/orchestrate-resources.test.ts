import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { orchestrate } from '../../src/orchestrate/orchestrate.js';
import { makeSettings } from '../report/fixtures.js';
import { PYTHON, recordingLogger, tempDir } from '../run/helpers.js';

/** The whole product: `resource_interval` on gives figures per job and for the run, in a valid summary; 0 none. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

function workspace(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'training'));
  for (const id of ['a', 'b']) {
    fs.writeFileSync(
      path.join(dir, 'training', `train_${id}.py`),
      'import time\nx = b"1" * 20_000_000\ntime.sleep(0.6)\n',
    );
  }
  return dir;
}

(process.platform === 'linux' ? test : test.skip)(
  'measured run: per-job and run figures in a valid summary, and the sampler reports its cost',
  async () => {
    const dir = workspace();
    try {
      const logger = recordingLogger();
      const result = await orchestrate(
        makeSettings({ workingDirectory: dir, python: PYTHON, parallel: true, resourceIntervalMs: 100 }),
        { logger },
      );
      const summary = JSON.parse(fs.readFileSync(result.summaryPath as string, 'utf8'));
      expect(validate(summary)).toBe(true);
      for (const job of summary.jobs) {
        expect(job.resources.samples).toBeGreaterThan(1);
        expect(job.resources.peak_rss_bytes).toBeGreaterThan(20_000_000);
      }
      expect(summary.resources.samples).toBeGreaterThan(1);
      expect(summary.resources.peak_rss_bytes).toBeGreaterThan(20_000_000);
      expect(summary.resources.timeline.length).toBeGreaterThan(1);
      expect(summary.options.resource_interval_ms).toBe(100);
      expect(logger.lines.join('\n')).toMatch(/debug: Resource sampling: \d+ samples every 100 ms cost/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('resource_interval 0: nothing measured, nothing in the summary', async () => {
  const dir = workspace();
  try {
    const result = await orchestrate(
      makeSettings({ workingDirectory: dir, python: PYTHON, resourceIntervalMs: 0 }),
      { logger: recordingLogger() },
    );
    const summary = JSON.parse(fs.readFileSync(result.summaryPath as string, 'utf8'));
    expect(summary).not.toHaveProperty('resources');
    for (const job of summary.jobs) expect(job).not.toHaveProperty('resources');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
