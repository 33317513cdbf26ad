import { InputError } from '../model/types.js';
import type { RawInputs } from '../plan/inputs.js';
import { parseBooleanInput, presentValue, quoteValue } from '../plan/input-values.js';
import { ActionInput } from './constants.js';

/** The action's job-cache inputs (`cache`, `cache_key_prefix`). */
export interface CacheInputs {
  /** `cache`: restore unchanged jobs from the GitHub Actions cache and save the ones that succeed. */
  enabled: boolean;
  /** `cache_key_prefix`: the start of every key, `<prefix>-<runner OS>-<job key>`. */
  keyPrefix: string;
}

/** The default `cache_key_prefix` (action.yml says the same). */
export const DEFAULT_CACHE_KEY_PREFIX = 'training-job';

/**
 * What a prefix may hold: the cache service refuses commas and keys over 512 characters; the job key and
 * the OS take about 80, so 100 leaves room. Only characters that need no quoting anywhere a key is shown
 * (the cache list of the repository, the REST API, the summary).
 */
const KEY_PREFIX = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Reads `cache` and `cache_key_prefix`. A prefix holding a secret's value is refused: cache keys are
 * listed to anyone who can read the repository, and a redacted log would no longer name the entry.
 */
export function parseCacheInputs(raw: RawInputs, secrets: readonly string[]): CacheInputs {
  const enabled = parseBooleanInput(ActionInput.Cache, raw.cache);
  const given = presentValue(raw.cache_key_prefix);
  if (given === undefined) return { enabled, keyPrefix: DEFAULT_CACHE_KEY_PREFIX };
  if (secrets.some((secret) => secret.trim() !== '' && given.includes(secret.trim())))
    throw new InputError(
      ActionInput.CacheKeyPrefix,
      `Invalid ${ActionInput.CacheKeyPrefix}: it contains the value of a secret, and cache keys are visible to anyone who can read the repository.`,
    );
  if (!KEY_PREFIX.test(given))
    throw new InputError(
      ActionInput.CacheKeyPrefix,
      `Invalid ${ActionInput.CacheKeyPrefix} ${quoteValue(given)}. Expected 1 to 100 letters, digits, dots, dashes or underscores (empty means ${DEFAULT_CACHE_KEY_PREFIX}).`,
    );
  return { enabled, keyPrefix: given };
}
