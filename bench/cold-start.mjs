// 5. Cold start: list_only on the example repository through the action's bundle (`node dist/index.js`, with
// the INPUT_* environment the runner would give it) and through the CLI, against `node -e 0` (Node's own start).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { alternate, expectExit, runTimed, summarize } from './measure.mjs';
import { which } from './machine.mjs';

/** INPUT_<NAME> for every input of action.yml that has a default, as the runner sets them. */
function actionDefaults(actionYml) {
  const inputs = YAML.parse(fs.readFileSync(actionYml, 'utf8')).inputs ?? {};
  const env = {};
  for (const [name, spec] of Object.entries(inputs)) {
    const value = spec?.default;
    if (value === undefined || String(value).includes('${{')) continue;
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value);
  }
  return env;
}

const LOAD_HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) appendFileSync(process.env.BENCH_LOADED_FILES, result.url + '\\n');
  return result;
}
`;

/**
 * The bundle files one run loads: the entry and each chunk ncc split off (chunks are loaded with import(),
 * so a module resolve hook sees them). Tells whether the artifact client's chunk stays unloaded.
 */
async function loadedFiles(ctx, script, args, env) {
  const hooks = path.join(ctx.tmp, 'load-hooks.mjs');
  const list = path.join(ctx.tmp, 'loaded-files.txt');
  fs.writeFileSync(hooks, LOAD_HOOKS);
  fs.writeFileSync(list, '');
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
  const run = await runTimed(
    ctx.node,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, script, ...args],
    { env: { ...env, BENCH_LOADED_FILES: list } },
  );
  expectExit(run, `${path.basename(script)} with a load probe`);
  const dir = path.dirname(script);
  return [...new Set(fs.readFileSync(list, 'utf8').split('\n').filter(Boolean))]
    .map((url) => fileURLToPath(url))
    .filter((file) => path.dirname(file) === dir);
}

/** The file of a bundle that holds a client, by a name only that client's code contains. */
function chunkHolding(bundleDir, marker) {
  return fs
    .readdirSync(bundleDir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => path.join(bundleDir, name))
    .find((file) => fs.readFileSync(file, 'utf8').includes(marker));
}

/** The chunk of a bundle that holds the artifact client. */
function artifactChunk(bundleDir) {
  return chunkHolding(bundleDir, 'DefaultArtifactClient');
}

/** The chunk that holds @actions/cache (loaded only with `cache: true`), by its Twirp method's name. */
function cacheChunk(bundleDir) {
  return chunkHolding(bundleDir, 'GetCacheEntryDownloadURL');
}

/** What `python: auto` finds first on this PATH, and whether it is a script (a version manager's shim). */
function autoFinds() {
  for (const name of ['python3', 'python']) {
    const found = which(name);
    if (!found) continue;
    let script = false;
    try {
      const fd = fs.openSync(found, 'r');
      const head = Buffer.alloc(2);
      fs.readSync(fd, head, 0, 2, 0);
      fs.closeSync(fd);
      script = head.toString('latin1') === '#!';
    } catch {
      // unreadable: say only where it is
    }
    return `${found}${script ? ', a script' : ''}`;
  }
  return 'nothing';
}

export const coldStart = {
  id: 'cold-start',
  title: 'Cold start',
  async run(ctx) {
    const { rounds, warmup } = ctx.size.coldStart;
    const examples = path.join(ctx.tmp, 'examples');
    fs.cpSync(path.join(ctx.repo, 'examples'), examples, {
      recursive: true,
      filter: (source) => !/\/(results|logs|summaries|__pycache__)$/.test(source),
    });
    // The same repository without its config file: shows what loading and validating the config costs.
    const noConfig = path.join(ctx.tmp, 'examples-no-config');
    fs.cpSync(examples, noConfig, { recursive: true });
    fs.rmSync(path.join(noConfig, '.github', 'training-jobs.yml'), { force: true });
    const githubOutput = path.join(ctx.tmp, 'github-output.txt');
    const stepSummary = path.join(ctx.tmp, 'step-summary.md');
    const actionEnv = {
      ...process.env,
      ...actionDefaults(path.join(ctx.repo, 'action.yml')),
      INPUT_LIST_ONLY: 'true',
      INPUT_UPLOAD_ARTIFACTS: 'false',
      INPUT_WORKING_DIRECTORY: examples,
      GITHUB_WORKSPACE: examples,
      GITHUB_OUTPUT: githubOutput,
      GITHUB_STEP_SUMMARY: stepSummary,
      RUNNER_TEMP: ctx.tmp,
    };
    // The interpreter the targeted rows probe: python3's real executable, what `python: auto` finds on GitHub's
    // runners (actions/setup-python and the images put real interpreters on PATH). Where `auto` finds a version
    // manager's shim first, as pyenv's on this machine, its probe also runs the shim (0.1-0.3 s here): the
    // `auto` rows show that, as a diagnosis.
    const python = ctx.python;
    const pythonArgs = python ? ['--python', python] : [];
    if (python) actionEnv.INPUT_PYTHON = python;
    const variants = [
      {
        id: 'node',
        label: 'node -e 0 (Node start-up alone)',
        run: async () => expectExit(await runTimed(ctx.node, ['-e', '0']), 'node -e 0'),
      },
      {
        id: 'cli',
        label: `CLI --list on examples/${python ? ` --python ${python}` : ''}`,
        run: async () =>
          expectExit(await ctx.cli(['-C', examples, '--list', ...pythonArgs]), 'orchestrator CLI --list'),
      },
    ];
    // Diagnosis rows (no target): where the CLI's start-up goes beyond Node's own.
    // NODE_EXTRA_CA_CERTS makes Node 20 load and parse its whole root store plus the file at every start (Node 24
    // does it on first TLS use): ~40 ms here before any of our code runs. GitHub's runners do not set it.
    if (!ctx.smoke && process.env.NODE_EXTRA_CA_CERTS) {
      const withoutCa = { ...process.env };
      delete withoutCa.NODE_EXTRA_CA_CERTS;
      variants.push(
        {
          id: 'node-no-extra-ca',
          label: 'node -e 0 without NODE_EXTRA_CA_CERTS (set in this environment)',
          run: async () => expectExit(await runTimed(ctx.node, ['-e', '0'], { env: withoutCa }), 'node -e 0'),
        },
        {
          id: 'cli-no-extra-ca',
          label: 'CLI --list on examples/ without NODE_EXTRA_CA_CERTS',
          run: async () =>
            expectExit(
              await ctx.cli(['-C', examples, '--list', ...pythonArgs], { env: withoutCa }),
              'orchestrator CLI --list',
            ),
        },
      );
    }
    if (!ctx.smoke && python) {
      variants.push({
        id: 'cli-auto',
        label:
          "CLI --list with python 'auto' (this machine's PATH: the interpreter found first may be a shim)",
        run: async () => expectExit(await ctx.cli(['-C', examples, '--list']), 'orchestrator CLI --list'),
      });
    }
    if (!ctx.smoke) {
      variants.push({
        id: 'cli-no-config',
        label: 'CLI --list on examples/ without its config file (no schema validation)',
        run: async () =>
          expectExit(await ctx.cli(['-C', noConfig, '--list', ...pythonArgs]), 'orchestrator CLI --list'),
      });
    }
    // `/bin/true` as the interpreter: the probe becomes a no-op exec, so these rows show what list_only would
    // cost if it did not run Python at all (list_only never runs the interpreter it resolves).
    const noProbe = !ctx.smoke && fs.existsSync('/bin/true');
    if (noProbe) {
      variants.push({
        id: 'cli-no-probe',
        label: 'CLI --list --python /bin/true (stands in for: no interpreter probe)',
        run: async () =>
          expectExit(
            await ctx.cli(['-C', examples, '--list', '--python', '/bin/true']),
            'orchestrator CLI --list',
          ),
      });
    }
    const runAction = (env) => async () => {
      fs.writeFileSync(githubOutput, '');
      fs.writeFileSync(stepSummary, '');
      const run = expectExit(
        await runTimed(ctx.node, [ctx.action], { env, stdout: 'pipe' }),
        'action list_only',
      );
      const output = fs.readFileSync(githubOutput, 'utf8');
      if (!/^jobs<</m.test(output) && !/^jobs=/m.test(output)) {
        throw new Error(`action list_only set no 'jobs' output:\n${run.stdout.slice(-2000)}`);
      }
      return run;
    };
    if (fs.existsSync(ctx.action)) {
      variants.push({
        id: 'action',
        label: `node dist/index.js, INPUT_LIST_ONLY=true${python ? `, INPUT_PYTHON=${python}` : ''}`,
        run: runAction(actionEnv),
      });
      if (!ctx.smoke && python) {
        variants.push({
          id: 'action-auto',
          label: "node dist/index.js, INPUT_LIST_ONLY=true, python 'auto' (this machine's PATH)",
          run: runAction({ ...actionEnv, INPUT_PYTHON: 'auto' }),
        });
      }
      if (noProbe) {
        variants.push({
          id: 'action-no-probe',
          label:
            'node dist/index.js, INPUT_LIST_ONLY=true, INPUT_PYTHON=/bin/true (stands in for: no interpreter probe)',
          run: runAction({ ...actionEnv, INPUT_PYTHON: '/bin/true' }),
        });
      }
    } else ctx.note('cold-start', `${ctx.action} not built: the action row is skipped.`);

    const samples = await alternate(variants, { rounds, warmup, onSample: ctx.onSample });
    const stats = Object.fromEntries(variants.map((variant) => [variant.id, summarize(samples[variant.id])]));
    const peers = [{ label: 'node -e 0', ms: stats.node.median }];
    const result = {
      workload: 'list_only on a copy of examples/ (warm page cache)',
      variants: variants.map((variant) => ({
        id: variant.id,
        label: variant.label,
        wall_ms: stats[variant.id],
      })),
      figures: [
        {
          label: 'Cold start, CLI --list',
          value: stats.cli.median,
          unit: 'ms',
          limit: 300,
          detail:
            `${(stats.cli.median - stats.node.median).toFixed(0)} ms above Node's own start` +
            (stats['cli-no-probe']
              ? `; without the interpreter probe ${stats['cli-no-probe'].median.toFixed(0)} ms`
              : '') +
            (stats['cli-auto']
              ? `; with python 'auto' on this machine's PATH (${autoFinds()}) ${stats['cli-auto'].median.toFixed(0)} ms`
              : '') +
            (stats['cli-no-extra-ca']
              ? `; without NODE_EXTRA_CA_CERTS ${stats['cli-no-extra-ca'].median.toFixed(0)} ms ` +
                `(node -e 0 ${stats['node-no-extra-ca'].median.toFixed(0)} ms)`
              : ''),
          peers,
        },
      ],
    };
    if (stats.action) {
      const loaded = await loadedFiles(ctx, ctx.action, [], actionEnv);
      const chunk = artifactChunk(path.dirname(ctx.action));
      const kib = (files) => (files.reduce((sum, file) => sum + fs.statSync(file).size, 0) / 1024).toFixed(0);
      result.action_loaded_files = loaded.map((file) => path.basename(file));
      result.figures.push({
        label: 'Cold start, action list_only',
        value: stats.action.median,
        unit: 'ms',
        limit: 300,
        detail:
          `${(stats.action.median - stats.node.median).toFixed(0)} ms above Node's own start` +
          (stats['action-no-probe']
            ? `; without the interpreter probe ${stats['action-no-probe'].median.toFixed(0)} ms`
            : '') +
          (stats['action-auto']
            ? `; with python 'auto' on this machine's PATH (${autoFinds()}) ${stats['action-auto'].median.toFixed(0)} ms`
            : ''),
        peers,
      });
      result.figures.push({
        label: 'Artifact client loaded by action list_only',
        value: chunk && loaded.includes(chunk) ? 'yes' : 'no',
        expect: 'no',
        detail: chunk
          ? `loaded ${loaded.map((file) => path.basename(file)).join(', ')} (${kib(loaded)} KiB); the artifact client is ${path.basename(chunk)} (${kib([chunk])} KiB)`
          : `no chunk of ${path.dirname(ctx.action)} holds the artifact client: it is either not bundled or not split off`,
        peers: [],
      });
      const cache = cacheChunk(path.dirname(ctx.action));
      result.figures.push({
        label: 'Cache client loaded by action list_only',
        value: cache && loaded.includes(cache) ? 'yes' : 'no',
        expect: 'no',
        detail: cache
          ? `the cache client is ${path.basename(cache)} (${kib([cache])} KiB), loaded only with cache: true`
          : `no chunk of ${path.dirname(ctx.action)} holds the cache client: it is either not bundled or not split off`,
        peers: [],
      });
    }
    return result;
  },
};
