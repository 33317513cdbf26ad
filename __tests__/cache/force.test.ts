import { InputError } from '../../src/model/types.js';
import { resolveForcedJobs, splitForceList } from '../../src/cache/force.js';

/** The CLI's --force and the action's `force` input: one reading, one set of errors. */
const jobs = ['resnet_a', 'resnet_b', 'gbm', 'gbm-lr0.1', 'x.y'].map((id) => ({ id }));

test.each<[string[], string[]]>([
  [[], []],
  [[''], []],
  [['a'], ['a']],
  [
    ['a', 'b,c'],
    ['a', 'b', 'c'],
  ],
  [['a, b  c\nd\r\ne'], ['a', 'b', 'c', 'd', 'e']],
  [[' ,\n, '], []],
  [['resnet_*,gbm'], ['resnet_*', 'gbm']],
])('splitForceList(%j) = %j', (values, expected) => {
  expect(splitForceList(values)).toEqual(expected);
});

test.each<[string[], string[]]>([
  [[], []],
  [['gbm'], ['gbm']],
  [['gbm', 'gbm'], ['gbm']],
  [['resnet_*'], ['resnet_a', 'resnet_b']],
  [['resnet_?'], ['resnet_a', 'resnet_b']],
  [['resnet_[a]'], ['resnet_a']],
  [['resnet_[!a]'], ['resnet_b']],
  [['gbm*'], ['gbm', 'gbm-lr0.1']],
  [['*'], ['resnet_a', 'resnet_b', 'gbm', 'gbm-lr0.1', 'x.y']],
  [['x.y'], ['x.y']], // a dot is literal in ids and globs
  [['x?y'], ['x.y']],
  [
    ['gbm', 'resnet_*'],
    ['gbm', 'resnet_a', 'resnet_b'],
  ],
])('resolveForcedJobs(%j) = %j', (selectors, expected) => {
  expect([...resolveForcedJobs(jobs, selectors)].sort()).toEqual([...expected].sort());
});

test.each<[string[], RegExp]>([
  [
    ['nope'],
    /^Invalid force 'nope': no job of the plan has this id\. Expected job ids or globs over them \(such as resnet_a, resnet_b, gbm, gbm-lr0\.1, x\.y\)\.$/,
  ],
  [['gbm', 'gbn'], /^Invalid force 'gbn': no job of the plan has this id/],
  [['vit_*'], /^Invalid force 'vit_\*': it matches no job id of the plan\./],
  [['x.y?'], /^Invalid force 'x\.y\?': it matches no job id of the plan/], // ? is exactly one character
  [['GBM'], /^Invalid force 'GBM': no job of the plan has this id/], // ids are case-sensitive
  [['a\nb::error::x'], /^Invalid force 'a\\nb::error::x'/], // one line, escaped
])('resolveForcedJobs(%j) refuses, naming force', (selectors, message) => {
  let error: unknown;
  try {
    resolveForcedJobs(jobs, selectors);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).where).toBe('force');
  expect((error as Error).message).toMatch(message);
});

test('an empty plan says so', () => {
  expect(() => resolveForcedJobs([], ['a'])).toThrow(/\(such as \(the plan is empty\)\)/);
});
