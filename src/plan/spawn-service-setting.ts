import { InputError, type SpawnServiceMode } from '../model/types.js';
import { presentValue, quoteValue } from './input-values.js';

/**
 * The environment variable that turns the spawn service off (docs/decisions/0007-spawn-service.md): an escape
 * hatch for a machine where it misbehaves. Both shells read it with parseSpawnServiceMode and hand the result
 * down as `Settings.spawnService`; the core never reads the environment for it.
 */
export const SPAWN_SERVICE_ENV = 'TRAINING_ORCHESTRATOR_SPAWN_SERVICE';

/** Its values, in the order the error message lists them. */
export const SPAWN_SERVICE_MODES: readonly SpawnServiceMode[] = ['auto', 'off'];

/**
 * TRAINING_ORCHESTRATOR_SPAWN_SERVICE from `env`: unset, empty or blank is `auto` (a workflow's
 * `env: X: ${{ vars.X }}` sets an unset variable to ''), else `auto` or `off` as written (surrounding blanks
 * ignored). Anything else throws InputError naming the variable and its values, before any job starts.
 */
export function parseSpawnServiceMode(env: NodeJS.ProcessEnv): SpawnServiceMode {
  const value = presentValue(env[SPAWN_SERVICE_ENV]);
  if (value === undefined) return 'auto';
  const mode = SPAWN_SERVICE_MODES.find((known) => known === value);
  if (mode) return mode;
  throw new InputError(
    SPAWN_SERVICE_ENV,
    `Invalid ${SPAWN_SERVICE_ENV} ${quoteValue(value)}. Expected ${SPAWN_SERVICE_MODES.join(' or ')} (empty or unset means auto).`,
  );
}
