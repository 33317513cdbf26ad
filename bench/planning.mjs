// 7. Planning at scale (issue 14): `--dry-run` of explicit config jobs (2,000 and 20,000) and of sweeps
// (5,000 and 100,000 variants: config jobs × a learning-rate matrix), output discarded. Planning must be
// linear: ms per job at the large size within 1.3x of the small one; 100,000 jobs in under 3 s.
import fs from 'node:fs';
import path from 'node:path';
import { alternate, expectExit, summarize } from './measure.mjs';
import { jobIds } from './workloads.mjs';

/** A workspace whose config holds `jobs` command jobs (JSON is YAML) and no script to discover. */
function explicitWorkspace(dir, jobs) {
  const config = { jobs: Object.fromEntries(jobIds(jobs).map((id) => [id, { command: ['true', id] }])) };
  return writeWorkspace(dir, config);
}

/** `bases` config jobs, each a sweep of `variants` learning rates. */
function sweepWorkspace(dir, bases, variants) {
  const rates = Array.from({ length: variants }, (_, i) => Number((0.0001 * (i + 1)).toFixed(4)));
  const config = {
    jobs: Object.fromEntries(
      jobIds(bases, 's').map((id) => [id, { command: ['true', id], matrix: { lr: rates } }]),
    ),
  };
  return writeWorkspace(dir, config);
}

function writeWorkspace(dir, config) {
  fs.mkdirSync(path.join(dir, '.github'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.github', 'training-jobs.yml'), `${JSON.stringify(config, null, 1)}\n`);
  return dir;
}

export const planning = {
  id: 'planning',
  title: 'Planning at scale (--dry-run)',
  async run(ctx) {
    const { explicitSmall, explicitLarge, sweepSmall, sweepLarge, rounds, warmup } = ctx.size.planning;
    const workloads = [
      {
        id: `explicit-${explicitSmall}`,
        jobs: explicitSmall,
        dir: explicitWorkspace(path.join(ctx.tmp, 'plan-e1'), explicitSmall),
      },
      {
        id: `explicit-${explicitLarge}`,
        jobs: explicitLarge,
        dir: explicitWorkspace(path.join(ctx.tmp, 'plan-e2'), explicitLarge),
      },
      ...[sweepSmall, sweepLarge].map(([bases, rates], index) => ({
        id: `sweep-${bases * rates}`,
        jobs: bases * rates,
        dir: sweepWorkspace(path.join(ctx.tmp, `plan-s${index + 1}`), bases, rates),
      })),
    ];
    const variants = workloads.map((workload) => ({
      id: workload.id,
      label: `--dry-run, ${workload.jobs.toLocaleString('en-US')} jobs`,
      run: async () => {
        const run = await ctx.cli(['--dry-run', '--no-auto-discover', '-C', workload.dir], { sampleMs: 20 });
        return expectExit(run, `--dry-run of ${workload.id}`);
      },
    }));
    const samples = await alternate(variants, { rounds, warmup, onSample: ctx.onSample });
    const stats = Object.fromEntries(variants.map((variant) => [variant.id, summarize(samples[variant.id])]));
    const rss = Object.fromEntries(
      variants.map((variant) => [variant.id, summarize(samples[variant.id], 'peakRssKb')]),
    );
    const perJob = (workload) => stats[workload.id].median / workload.jobs;
    const [e1, e2, s1, s2] = workloads;
    const describe = (workload) =>
      `${workload.id}: ${stats[workload.id].median.toFixed(0)} ms, ${perJob(workload).toFixed(4)} ms/job` +
      (rss[workload.id] ? `, peak RSS ${(rss[workload.id].median / 1024).toFixed(0)} MB` : '');
    return {
      workload: `config jobs running \`true\` (no script to read), printed by --dry-run into /dev/null; explicit: one config entry per job; sweep: config jobs × a matrix of learning rates (${sweepSmall.join(' × ')} and ${sweepLarge.join(' × ')})`,
      variants: variants.map((variant) => ({
        id: variant.id,
        label: variant.label,
        wall_ms: stats[variant.id],
      })),
      figures: [
        {
          label: `Per-job planning cost, ${explicitLarge} vs ${explicitSmall} explicit config jobs`,
          value: perJob(e2) / perJob(e1),
          unit: 'x',
          limit: 1.3,
          detail: `${describe(e1)}; ${describe(e2)}`,
        },
        {
          label: `Per-job planning cost, ${s2.jobs} vs ${s1.jobs} sweep variants`,
          value: perJob(s2) / perJob(s1),
          unit: 'x',
          limit: 1.3,
          detail: `${describe(s1)}; ${describe(s2)}`,
        },
        {
          label: `--dry-run of ${s2.jobs.toLocaleString('en-US')} jobs`,
          value: stats[s2.id].median,
          unit: 'ms',
          limit: ctx.smoke ? undefined : 3000,
          strict: true,
          detail: describe(s2),
        },
      ],
    };
  },
};
