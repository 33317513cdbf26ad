import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { JOB_ID_PATTERN } from '../../src/plan/defaults.js';
import { assignScriptIds, scriptId } from '../../src/plan/job-ids.js';

const sha8 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

describe('job ids', () => {
  test.each<[string, string]>([
    ['training/train_brain_mri.py', 'brain_mri'],
    ['train_als.py', 'als'],
    ['scripts/train_v2.1.py', 'v2.1'],
    ['a/train_my model.py', 'my_model'],
    ['a/train_.py', 'train_'],
    ['a/train__private.py', 'private'],
    ['a/fit_x.py', 'fit_x'],
    ['a/train_café.py', 'cafe'],
    ['a/train_cafe\u0301.py', 'cafe'],
    ['a/train_naïve_bayes.py', 'naive_bayes'],
    ['a/train_Ｍｏｄｅｌ.py', 'Model'],
    ['a/train_模型_v2.py', 'v2'],
    ['a/train_模型.py', `x-${sha8('train_模型.py')}`],
    ['a/train_🚀.py', `x-${sha8('train_🚀.py')}`],
    ['a/train_-.py', `x-${sha8('train_-.py')}`],
    ['a/train_\uFFFD.py', `x-${sha8('train_\uFFFD.py')}`],
  ])('%p is %p', (script, id) => {
    expect(scriptId(script)).toBe(id);
  });

  test('collisions: the first by path keeps the id, later ones get their folder, with a warning', () => {
    const { ids: assigned, warnings } = assignScriptIds([
      'mlops/pipelines/train_als.py',
      'scripts/train_als.py',
      'train_als.py',
      'training/train_als.py',
      'training/train_diabetes.py',
    ]);
    expect(assigned).toEqual(['als', 'als.scripts', 'als.root', 'als.training', 'diabetes']);
    expect(warnings).toEqual([
      "Job id 'als' is taken by mlops/pipelines/train_als.py, so scripts/train_als.py is 'als.scripts'. Name them in the config (jobs: <id>: script: …) to choose other ids.",
      expect.stringContaining("so train_als.py is 'als.root'"),
      expect.stringContaining("so training/train_als.py is 'als.training'"),
    ]);
  });

  test('a collision suffix never takes an id another script has', () => {
    const { ids: assigned } = assignScriptIds([
      'a/train_x.py',
      'b/train_x.py',
      'c/train_x.b.py',
      'd/b/train_x.py',
    ]);
    // c/train_x.b.py has the stem train_x.b, so its own id is x.b: b/train_x.py may not take it.
    expect(assigned).toEqual(['x', 'x.b.2', 'x.b', 'x.d.b']);
    expect(new Set(assigned).size).toBe(assigned.length);
  });

  test('property: any names, in any folders, get unique valid ids and never an error', () => {
    const segment = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      fc.constantFrom('模型', 'café', 'cafe\u0301', '🚀', '-', '_', '.', 'a'.repeat(140), 'x'),
    );
    const script = fc
      .tuple(
        fc.array(
          segment.map((text) => text.replaceAll('/', '_')),
          { maxLength: 3 },
        ),
        segment,
      )
      .map(([folders, stem]) => [...folders, `train_${stem.replaceAll('/', '_')}.py`].join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(script, { maxLength: 12 }), (scripts) => {
        const sorted = [...scripts].sort();
        const { ids } = assignScriptIds(sorted);
        expect(ids).toHaveLength(sorted.length);
        for (const id of ids) expect([id, JOB_ID_PATTERN.test(id)]).toEqual([id, true]);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 500 },
    );
  });

  test('a collision with a very long id or folder still gets a valid id', () => {
    const long = 'a'.repeat(128);
    const { ids } = assignScriptIds([`one/train_${long}.py`, `${'f'.repeat(100)}/train_${long}.py`]);
    expect(ids[0]).toBe(long);
    expect(ids[1]).toMatch(JOB_ID_PATTERN);
    expect(ids[1]).not.toBe(long);
  });
});
