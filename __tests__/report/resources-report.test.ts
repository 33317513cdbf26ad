import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { JobResources, RunResources } from '../../src/model/types.js';
import { formatFinalTable } from '../../src/report/console.js';
import { renderStepSummary } from '../../src/report/markdown.js';
import { renderResourcesSection } from '../../src/report/markdown-resources.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { Redactor } from '../../src/report/redact.js';
import { buildSummary } from '../../src/report/summary.js';
import { formatCpu, formatPeakMemory } from '../../src/report/resources-text.js';
import type { Summary } from '../../src/report/summary.js';
import { makeSummary, makeJob, makePlan, makeResult, makeSettings, T0 } from './fixtures.js';

/** The resource figures in every report: JSON (schema), console table, step summary (table, chart), merge. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
const validate = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(root, 'schemas/summary.schema.json'), 'utf8')),
);

const MIB = 1024 * 1024;

function figures(over: Partial<JobResources> = {}): JobResources {
  return {
    interval_ms: 500,
    samples: 12,
    peak_rss_bytes: 300 * MIB,
    cpu_user_seconds: 7.5,
    cpu_system_seconds: 0.5,
    cpu_avg_cores: 3.9,
    cpu_peak_cores: 4,
    peak_processes: 5,
    ...over,
  };
}

const RUN: RunResources = {
  interval_ms: 500,
  samples: 40,
  peak_rss_bytes: 3 * 1024 * MIB,
  cpu_seconds: 8,
  cpu_peak_cores: 4.2,
  peak_processes: 7,
  timeline: Array.from({ length: 40 }, (_, i): [number, number, number] => [
    i / 2,
    (i + 1) * 80 * MIB,
    i % 4,
  ]),
};

function measuredSummary(): Summary {
  const summary = makeSummary({
    jobs: [{ id: 'a' }, { id: 'b', status: 'failed' }, { id: 'c', status: 'skipped' }],
  });
  summary.jobs[0].resources = figures();
  summary.jobs[1].resources = figures({
    peak_rss_bytes: null,
    cpu_user_seconds: null,
    cpu_system_seconds: null,
    cpu_avg_cores: null,
    cpu_peak_cores: null,
    peak_processes: null,
    samples: 0,
    unavailable: ['memory, CPU time and process counts: no /proc on darwin (only Linux is sampled)'],
  });
  summary.jobs[2].resources = null;
  summary.resources = { ...RUN, timeline: [...RUN.timeline] };
  return summary;
}

describe('words', () => {
  test.each<[number | null, string]>([
    [null, '-'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [300 * MIB, '300 MiB'],
    [1.25 * 1024 * MIB, '1.25 GiB'],
    [12.34 * 1024 * MIB, '12.3 GiB'],
  ])('peak memory cell for %p = %p (three significant digits)', (bytes, text) => {
    expect(formatPeakMemory(figures({ peak_rss_bytes: bytes }))).toBe(text);
  });
  test('CPU: time, and the average cores when the job used more than one', () => {
    expect(formatCpu(figures())).toBe('8.0s (3.9 cores)');
    expect(formatCpu(figures({ cpu_avg_cores: 0.4 }))).toBe('8.0s');
    expect(formatCpu(null)).toBe('-');
  });
});

describe('summary JSON', () => {
  test('per job and run resources are written and valid against the schema', () => {
    const results = [
      { ...makeResult('a'), resources: figures() },
      { ...makeResult('b'), resources: null },
    ];
    const summary = buildSummary({
      settings: makeSettings({ resourceIntervalMs: 500 }),
      plan: makePlan([makeJob('a'), makeJob('b')]),
      results,
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 5000),
      status: 'success',
      redactor: new Redactor(['7.5']),
      resources: RUN,
    });
    // Secrets never turn measured numbers into masks: they are the orchestrator's.
    expect(summary.jobs[0].resources).toEqual(figures());
    expect(summary.jobs[1].resources).toBeNull();
    expect(summary.resources).toEqual(RUN);
    expect(summary.options.resource_interval_ms).toBe(500);
    expect(validate(summary)).toBe(true);
    expect(validate(measuredSummary())).toBe(true);
  });

  test('the schema refuses a timeline over 200 points and a negative figure', () => {
    const summary = measuredSummary();
    (summary.resources as RunResources).timeline = Array.from({ length: 201 }, (_, i) => [i, 1, 1]);
    expect(validate(summary)).toBe(false);
    const negative = measuredSummary();
    (negative.jobs[0].resources as JobResources).peak_rss_bytes = -1;
    expect(validate(negative)).toBe(false);
  });

  test('unmeasured runs have no resources anywhere', () => {
    const summary = buildSummary({
      settings: makeSettings(),
      plan: makePlan([makeJob('a')]),
      results: [makeResult('a')],
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 5000),
      status: 'success',
      redactor: new Redactor([]),
    });
    expect('resources' in summary).toBe(false);
    expect('resources' in summary.jobs[0]).toBe(false);
  });
});

describe('console table', () => {
  test('PEAK MEM and CPU columns when measured, `-` where a job has no figure', () => {
    const lines = formatFinalTable(measuredSummary()).split('\n');
    expect(lines[0]).toMatch(/^JOB\s+STATUS\s+ATTEMPTS\s+DURATION\s+PEAK MEM\s+CPU\s+RESULT$/);
    expect(lines[1]).toMatch(/\s300 MiB\s+8\.0s \(3\.9 cores\)\s/);
    expect(lines[2]).toMatch(/failed\s+1\s+1\.5s\s+-\s+-\s+exit 1/);
  });
  test('no resource columns when nothing was measured', () => {
    expect(formatFinalTable(makeSummary({ jobs: [{ id: 'a' }] })).split('\n')[0]).not.toContain('PEAK MEM');
  });
});

describe('step summary', () => {
  test('the jobs table gains Peak memory and CPU; a Resources section with totals and two charts', () => {
    const page = renderStepSummary(measuredSummary());
    expect(page).toContain('| Job | Status | Attempts | Duration | Peak memory | CPU | Main metric |');
    expect(page).toContain('| 300 MiB | 8.0s (3.9 cores) |');
    expect(page).toContain('| — | — |');
    expect(page).toContain('### Resources');
    expect(page).toContain(
      'All jobs together: peak memory 3 GiB · CPU time 8.0s · at most 4.2 cores · at most 7 processes',
    );
    expect(page).toContain('title "Memory of all jobs (GiB)"');
    expect(page).toContain('title "CPU cores in use"');
    expect((page.match(/```mermaid\nxychart-beta/g) ?? []).length).toBe(2);
  });

  test('not measured: the page is as before', () => {
    const page = renderStepSummary(makeSummary({ jobs: [{ id: 'a' }] }));
    expect(page).not.toContain('Peak memory');
    expect(page).not.toContain('### Resources');
  });

  test('charts are bounded and drop junk from a summary file', () => {
    const long: RunResources = {
      ...RUN,
      timeline: [
        ...Array.from({ length: 200 }, (_, i): [number, number, number] => [i, i * MIB, 1]),
        [NaN, 1, 1] as [number, number, number],
        [1, -5, 1],
        'x' as unknown as [number, number, number],
      ],
    };
    const section = renderResourcesSection(long);
    for (const line of section.split('\n').filter((l) => l.trim().startsWith('line ['))) {
      expect(line.split(',').length).toBeLessThanOrEqual(60);
      expect(line.slice(line.indexOf('['))).toMatch(/^\[[0-9., ]+\]$/);
    }
    expect(renderResourcesSection({ ...RUN, timeline: [] })).toBe(
      '### Resources\n\nAll jobs together: peak memory 3 GiB · CPU time 8.0s · at most 4.2 cores · at most 7 processes, sampled every 500 ms.',
    );
    expect(renderResourcesSection(undefined)).toBe('');
  });

  test('under a tight size budget the charts go with the timeline; the page stays within it', () => {
    const summary = measuredSummary();
    const page = renderStepSummary(summary, { maxBytes: 2048 });
    expect(Buffer.byteLength(page)).toBeLessThanOrEqual(2048);
  });
});

describe('merge', () => {
  test('each shard’s jobs keep their resources; the merged summary is valid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'to-merge-res-'));
    try {
      for (const [label, id] of [
        ['1/2', 'a'],
        ['2/2', 'b'],
      ]) {
        const summary = makeSummary({ jobs: [{ id }], shard: label });
        summary.jobs[0].resources = figures({ peak_processes: id === 'a' ? 2 : 3 });
        summary.resources = RUN;
        const file = path.join(dir, `shard-${id}`, 'training_summary_20261128T221000Z.json');
        fs.mkdirSync(path.dirname(file));
        fs.writeFileSync(file, JSON.stringify(summary));
      }
      const { summary } = await mergeSummaries({ directory: dir });
      expect(summary.jobs.map((job) => [job.id, job.resources?.peak_processes])).toEqual([
        ['a', 2],
        ['b', 3],
      ]);
      // Shards ran on different machines at different times: no run-wide total is made up.
      expect(summary.resources).toBeUndefined();
      expect(validate(summary)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
