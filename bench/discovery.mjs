// 4. Discovery: `--list --discover-roots .` on a synthetic repository of many files against `find` with the
// same pruning and `git ls-files | grep`. Whole-command wall times; the CLI's --list on a tree holding only
// the scripts is reported as its fixed cost (start-up, planning, output), so the walking share is visible.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { alternate, expectExit, runTimed, summarize } from './measure.mjs';
import { buildRepoTree, buildScriptsOnly } from './repo-tree.mjs';

// The orchestrator's pruning by name (src/plan/defaults.ts); find cannot cheaply test each folder for
// pyvenv.cfg, so the synthetic .venv is pruned by name on that side.
const FIND_PRUNE =
  "\\( -type d \\( -name .git -o -name node_modules -o -name .venv -o -name venv -o -name site-packages -o -name __pycache__ -o -name '.?*' \\) \\) -prune";
const FIND = `find . ${FIND_PRUNE} -o -type f -name 'train_*.py' -print | sort`;
const GIT = "git ls-files | grep -E '(^|/)train_[^/]*\\.py$'";

function listedScripts(stdout) {
  return stdout
    .split('\n')
    .map((line) => line.trim().replace(/^\.\//, ''))
    .filter((line) => line.length > 0);
}

export const discovery = {
  id: 'discovery',
  title: 'Discovery',
  async run(ctx) {
    const { rounds, warmup, ...shape } = ctx.size.discovery;
    const big = path.join(ctx.tmp, 'repo');
    const small = path.join(ctx.tmp, 'repo-scripts-only');
    const started = performance.now();
    const tree = buildRepoTree(big, shape);
    buildScriptsOnly(small, shape.scripts);
    ctx.log(`  built ${tree.files} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    let gitReady = false;
    if (ctx.tools.git) {
      const t0 = performance.now();
      fs.writeFileSync(path.join(big, '.gitignore'), 'node_modules/\n.venv/\n__pycache__/\n.cache/\n');
      const git = (...args) => execFileSync('git', args, { cwd: big, stdio: ['ignore', 'ignore', 'pipe'] });
      git('init', '-q');
      git('add', '-A');
      gitReady = true;
      ctx.log(`  git index of the tracked files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else ctx.note('discovery', 'git not found: the `git ls-files | grep` comparison is skipped.');

    const check = (what, found) => {
      const missing = tree.expected.filter((file) => !found.includes(file));
      const extra = found.filter((file) => !tree.expected.includes(file));
      if (missing.length || extra.length) {
        throw new Error(
          `${what}: found ${found.length} scripts, missing [${missing}], unexpected [${extra}]`,
        );
      }
    };
    const cliList = (dir, verify) => async () => {
      const run = expectExit(
        await ctx.cli(['-C', dir, '--list', '--json', '--discover-roots', '.'], { stdout: 'pipe' }),
        'orchestrator CLI --list',
      );
      if (verify)
        check(
          'orchestrator CLI',
          JSON.parse(run.stdout).jobs.map((job) => job.script),
        );
      return run;
    };
    const shell = (what, script) => async () => {
      const run = expectExit(await runTimed('sh', ['-c', script], { cwd: big, stdout: 'pipe' }), what);
      check(what, listedScripts(run.stdout));
      return run;
    };
    const variants = [
      { id: 'cli', label: `orchestrator CLI --list, ${tree.files} files`, run: cliList(big, true) },
      {
        id: 'cli-fixed',
        label: `orchestrator CLI --list, the ${shape.scripts} scripts only`,
        run: cliList(small),
      },
    ];
    if (ctx.tools.find)
      variants.push({ id: 'find', label: 'find with the same pruning | sort', run: shell('find', FIND) });
    else ctx.note('discovery', 'find not found: its comparison is skipped.');
    if (gitReady) variants.push({ id: 'git', label: 'git ls-files | grep', run: shell('git ls-files', GIT) });

    try {
      const samples = await alternate(variants, { rounds, warmup, onSample: ctx.onSample });
      const stats = Object.fromEntries(
        variants.map((variant) => [variant.id, summarize(samples[variant.id])]),
      );
      const result = {
        workload: `${tree.files} files: node_modules ${shape.nodeModules}, .venv ${shape.venv} (with pyvenv.cfg), ${shape.scripts} train_*.py in ${['training', 'files/training', 'scripts', 'mlops/pipelines'].join(', ')}, decoys in pruned folders; warm page cache`,
        variants: variants.map((variant) => ({
          id: variant.id,
          label: variant.label,
          wall_ms: stats[variant.id],
        })),
        figures: [],
      };
      const cli = stats.cli.median;
      const fixed = stats['cli-fixed'].median;
      const peers = [];
      if (stats.find) peers.push({ label: 'find', ms: stats.find.median });
      if (stats.git) peers.push({ label: 'git ls-files | grep', ms: stats.git.median });
      if (stats.find) {
        result.figures.push({
          label: 'Wall time vs find (same pruning)',
          value: cli / stats.find.median,
          unit: 'x',
          limit: 1.5,
          detail: `CLI ${cli.toFixed(0)} ms, of which fixed cost ${fixed.toFixed(0)} ms, walking ${(cli - fixed).toFixed(0)} ms`,
          peers,
        });
      }
      if (stats.find) {
        result.figures.push({
          label: 'Walking share (CLI minus its fixed cost) vs find',
          value: (cli - fixed) / stats.find.median,
          unit: 'x',
          detail: `${(cli - fixed).toFixed(0)} ms of walking and pruning against find's whole ${stats.find.median.toFixed(0)} ms`,
          peers,
        });
      }
      result.figures.push({
        label: `Discovery wall time, ${tree.files} files`,
        value: cli,
        unit: 'ms',
        limit: 1000,
        strict: true,
        detail: `fixed cost (--list on the scripts alone) ${fixed.toFixed(0)} ms`,
        peers,
      });
      return result;
    } finally {
      const t0 = performance.now();
      fs.rmSync(big, { recursive: true, force: true });
      fs.rmSync(small, { recursive: true, force: true });
      ctx.log(`  removed the tree in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  },
};
