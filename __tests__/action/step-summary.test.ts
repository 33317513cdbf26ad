import { appendStepSummary, planStepSummary, PLAN_SUMMARY_MAX_ROWS } from '../../src/action/step-summary.js';
import { Redactor } from '../../src/report/redact.js';
import { makeJob, makePlan } from '../report/fixtures.js';

function sink(): { added: string[]; writes: number; addRaw(text: string): void; write(): Promise<void> } {
  const state = {
    added: [] as string[],
    writes: 0,
    addRaw(text: string) {
      state.added.push(text);
    },
    async write() {
      state.writes += 1;
    },
  };
  return state;
}

test('the step summary is written as built: its Markdown is never masked as a whole', async () => {
  const recorder = sink();
  const written = await appendStepSummary('| a | b |\n| --- | --- |\n', recorder, {
    GITHUB_STEP_SUMMARY: '/tmp/summary.md',
  });
  expect(written).toBe(true);
  expect(recorder.added).toEqual(['| a | b |\n| --- | --- |\n']);
  expect(recorder.writes).toBe(1);
});

test('a dry run masks the commands and warnings, and no secret breaks the table', () => {
  const plan = makePlan(
    [makeJob('alpha', { command: ['/usr/bin/python3', 'train_alpha.py', '--token', 'hunter22'] })],
    ['a warning quoting hunter22'],
  );
  for (const secret of ['hunter22', '|', '-', 'a', 'code']) {
    const markdown = planStepSummary(plan, 'dry-run', '/work/repo', new Redactor([secret]));
    expect(markdown).toContain('| Job | Optional | Command |\n| --- | --- | --- |');
    expect(markdown).toContain('| alpha | no | <code>');
    if (secret === 'hunter22') {
      expect(markdown).not.toContain('hunter22');
      expect(markdown).toContain('> a warning quoting \\*\\*\\*');
    }
  }
});

test('without GITHUB_STEP_SUMMARY nothing is written', async () => {
  const recorder = sink();
  expect(await appendStepSummary('x', recorder, {})).toBe(false);
  expect(recorder).toMatchObject({ added: [], writes: 0 });
});

test('a dry run lists each command; table-breaking and HTML characters are escaped', () => {
  const plan = makePlan([
    makeJob('alpha', {
      command: ['/usr/bin/python3', 'train_alpha.py', '--note', 'a|b <script>', '$(rm -rf /)'],
    }),
  ]);
  const markdown = planStepSummary(plan, 'dry-run', '/work/repo', new Redactor([]));
  expect(markdown).toContain('### Training plan (dry run)');
  expect(markdown).toContain('1 job planned; nothing was run.');
  const row = markdown.split('\n').find((line) => line.startsWith('| alpha'));
  expect(row).toBeDefined();
  // Exactly the three cells: the `|` inside the command cannot split a cell.
  expect(row?.replace(/\\\|/g, '').split('|').length).toBe(5);
  expect(row).toContain('&lt;script&gt;');
  expect(row).not.toContain('<script>');
});

test('a list shows scripts, optional and supported flags; long plans are cut with a count', () => {
  const jobs = Array.from({ length: PLAN_SUMMARY_MAX_ROWS + 3 }, (_, i) =>
    makeJob(`job${i}`, { optional: i === 0 }),
  );
  const markdown = planStepSummary(
    makePlan(jobs, ['exclude id nope matches no job']),
    'list',
    '/work/repo',
    new Redactor([]),
  );
  expect(markdown).toContain('| job0 | training/train\\_job0.py | yes | --output-dir --epochs |');
  expect(markdown).toContain('… and 3 more (see the log).');
  expect(markdown).toContain('> [!WARNING]\n> exclude id nope matches no job');
  expect(markdown.split('\n').filter((line) => line.startsWith('| job'))).toHaveLength(PLAN_SUMMARY_MAX_ROWS);
});
