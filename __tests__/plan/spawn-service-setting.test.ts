/**
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE, as both shells read it (src/plan/spawn-service-setting.ts): the escape
 * hatch that turns the spawn service off. A value it does not know is an input error, never a silent `auto`.
 */
import { InputError } from '../../src/model/types.js';
import { parseSpawnServiceMode, SPAWN_SERVICE_ENV } from '../../src/plan/spawn-service-setting.js';

test('the variable’s name', () => {
  expect(SPAWN_SERVICE_ENV).toBe('TRAINING_ORCHESTRATOR_SPAWN_SERVICE');
});

test.each<[string, string | undefined, 'auto' | 'off']>([
  ['unset', undefined, 'auto'],
  ['empty (a workflow’s `${{ vars.X }}` when X is not set)', '', 'auto'],
  ['blank', '  \t', 'auto'],
  ['auto', 'auto', 'auto'],
  ['off', 'off', 'off'],
  ['off with blanks around it', ' off\n', 'off'],
])('%s → %s', (_, value, expected) => {
  const env = value === undefined ? {} : { [SPAWN_SERVICE_ENV]: value };
  expect(parseSpawnServiceMode(env)).toBe(expected);
});

test.each<[string, string, string]>([
  ['another word', 'on', "'on'"],
  ['another case', 'OFF', "'OFF'"],
  ['a boolean', 'false', "'false'"],
  ['a number', '0', "'0'"],
  ['a line break inside (escaped, one line)', 'of\nf', "'of\\nf'"],
])('%s is an input error naming the variable and its values', (_, value, quoted) => {
  let error: unknown;
  try {
    parseSpawnServiceMode({ [SPAWN_SERVICE_ENV]: value });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).where).toBe('TRAINING_ORCHESTRATOR_SPAWN_SERVICE');
  expect((error as InputError).message).toBe(
    `Invalid TRAINING_ORCHESTRATOR_SPAWN_SERVICE ${quoted}. Expected auto or off (empty or unset means auto).`,
  );
});

test('other variables are not read', () => {
  expect(parseSpawnServiceMode({ SPAWN_SERVICE: 'off', TRAINING_ORCHESTRATOR_SPAWN_SERVICES: 'off' })).toBe(
    'auto',
  );
});
