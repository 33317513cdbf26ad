import fs from 'node:fs';
import path from 'node:path';
import { buildPlan } from '../../src/plan/plan.js';
import { parseSettings } from '../../src/plan/settings.js';
import { runPlan } from '../../src/run/run-plan.js';
import { PYTHON, tempDir } from './helpers.js';

/**
 * Folders named like Python options (`-c <code>`, `-m`) and an output folder starting with `-`: planned and run
 * with the real python3, the script file runs (not `-c`'s code) and argparse takes the folder as the value of
 * --output-dir.
 */
const SCRIPT = [
  'import argparse, json, os, sys',
  'parser = argparse.ArgumentParser()',
  'parser.add_argument("--output-dir", required=True)',
  'args = parser.parse_args()',
  'open(os.path.join(args.output_dir, "ran.json"), "w").write(json.dumps({"script": sys.argv[0], "out": args.output_dir}))',
  'print("RAN", sys.argv[0])',
  '',
].join('\n');

describe('script and output paths that start with -', () => {
  let wd: string;
  beforeEach(() => {
    wd = tempDir();
  });
  afterEach(() => {
    fs.rmSync(wd, { recursive: true, force: true });
  });

  test.each([
    ['a discovered script in a folder named -c<code>', '-cprint("PWNED")', {}, 'results/x_results'],
    ['a config script under -m', '-m', { config: 'jobs.yml' }, 'results/x_results'],
    ['an output folder starting with -', 'training', { results_dir: '-o' }, '-o/x_results'],
  ])('%s: python runs the file and writes where it should', async (_name, folder, raw, outputDir) => {
    fs.mkdirSync(path.join(wd, folder), { recursive: true });
    fs.writeFileSync(path.join(wd, folder, 'train_x.py'), SCRIPT);
    if ('config' in raw)
      fs.writeFileSync(path.join(wd, 'jobs.yml'), `jobs:\n  x: {script: "${folder}/train_x.py"}\n`);
    const discover = 'config' in raw ? { no_auto_discover: 'true' } : { discover_roots: folder };
    const settings = parseSettings({ ...discover, ...raw, python: PYTHON }, { workspace: wd });
    const plan = await buildPlan(settings);
    expect(plan.jobs.map((job) => job.id)).toEqual(['x']);
    const [result] = await runPlan(plan, { workingDirectory: wd, parallel: false, maxWorkers: 1 });
    expect(result.tail).not.toContain('PWNED'); // the folder name's code never ran
    expect(result.status).toBe('succeeded');
    expect(result.tail).toContain(`RAN ./${folder}/train_x.py`.replace(/^RAN \.\/training/, 'RAN training'));
    const ran = JSON.parse(fs.readFileSync(path.join(wd, outputDir, 'ran.json'), 'utf8')) as { out: string };
    expect(path.resolve(wd, ran.out)).toBe(path.join(wd, outputDir));
  });
});
