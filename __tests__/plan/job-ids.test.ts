import { assignScriptIds, scriptId } from '../../src/plan/job-ids.js';

describe('job ids', () => {
  test.each<[string, string | undefined]>([
    ['training/train_brain_mri.py', 'brain_mri'],
    ['train_als.py', 'als'],
    ['scripts/train_v2.1.py', 'v2.1'],
    ['a/train_my model.py', 'my_model'],
    ['a/train_.py', 'train_'],
    ['a/train__private.py', 'private'],
    ['a/fit_x.py', 'fit_x'],
    ['a/train_模型.py', undefined],
    ['a/train_-.py', undefined],
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
});
