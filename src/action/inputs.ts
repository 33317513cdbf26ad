import { splitForceList } from '../cache/force.js';
import { InputError, type Settings } from '../model/types.js';
import { INPUT_NAMES, type RawInputs } from '../plan/inputs.js';
import { splitLines } from '../plan/input-values.js';
import { parseNotifySettings, type NotifySettings } from '../plan/notify-settings.js';
import { parseSettings } from '../plan/settings.js';
import { parseArtifactSettings, type ArtifactSettings } from './artifacts.js';
import { parseCacheInputs, type CacheInputs } from './cache-inputs.js';
import { ACTION_MODES, ActionInput, type ActionMode } from './constants.js';
import { parseGitHubSettings, type GitHubSettings } from './github-report.js';

/** Every input name of action.yml: the planner's plus the action's own, each once. */
export const ALL_INPUT_NAMES: readonly string[] = [
  ...new Set<string>([...INPUT_NAMES, ...Object.values(ActionInput)]),
];

/** What the main step needs, validated before anything runs. */
export interface ActionInputs {
  /** `run` (default); `plan` and `merge` are routed by run-action.ts. */
  mode: ActionMode;
  settings: Settings;
  artifacts: ArtifactSettings;
  /** Glob (one or more lines) of requirement files to `pip install -r`; empty = off. */
  installRequirements: string;
  /** Both values, or undefined when neither was given (one alone is an InputError). */
  kaggle: { username: string; key: string } | undefined;
  /** `github_token`, `baseline_branch`, `comment_on_pr`, `pr_number`. */
  github: GitHubSettings;
  /** `notify_webhook`, `notify_on`. */
  notify: NotifySettings;
  /** `cache`, `cache_key_prefix`: the GitHub Actions job cache. */
  cache: CacheInputs;
}

/** Reads every input; `getInput` is `core.getInput` (already trimmed, '' when absent). */
export function readRawInputs(getInput: (name: string) => string): RawInputs {
  const raw: Record<string, string> = {};
  for (const name of ALL_INPUT_NAMES) raw[name] = getInput(name);
  return raw as RawInputs;
}

export function parseMode(value: string | undefined): ActionMode {
  const mode = (value ?? '').trim().toLowerCase();
  if (mode === '') return 'run';
  if ((ACTION_MODES as readonly string[]).includes(mode)) return mode as ActionMode;
  throw new InputError(
    ActionInput.Mode,
    `Invalid mode '${value}'. Expected one of: ${ACTION_MODES.join(', ')}.`,
  );
}

/** The workspace relative inputs resolve against: the runner's checkout, else where the process runs. */
export function workspaceFrom(env: NodeJS.ProcessEnv, cwd: string): string {
  const workspace = env.GITHUB_WORKSPACE?.trim();
  return workspace ? workspace : cwd;
}

/** Builds and validates everything the main step needs. Throws InputError naming the bad input. */
export function parseActionInputs(raw: RawInputs, opts: { workspace: string }): ActionInputs {
  const mode = parseMode(raw.mode);
  const settings = parseSettings(raw, { workspace: opts.workspace });
  const artifacts = parseArtifactSettings(raw);
  // The requirements files the action installs are in every job's cache key (src/cache/job-keys.ts).
  settings.cacheInputs = (raw.install_requirements ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  // parseSettings has refused one Kaggle value without the other and put both into the jobs' env.
  const username = settings.jobEnv.KAGGLE_USERNAME;
  const key = settings.jobEnv.KAGGLE_KEY;
  const cache = parseCacheInputs(raw, [
    ...settings.secrets,
    ...[raw.github_token, raw.notify_webhook].map((value) => value?.trim() ?? ''),
  ]);
  settings.cache = cache.enabled;
  // `force`: the CLI's --force, same selectors (ids or globs) and errors (src/cache/force.ts).
  settings.forceJobs = splitForceList(raw.force === undefined ? [] : [raw.force]);
  // The requirements files the action installs are in every job's key.
  if (cache.enabled) settings.cacheInputs = splitLines(raw.install_requirements);
  return {
    mode,
    settings,
    artifacts,
    installRequirements: raw.install_requirements ?? '',
    kaggle: username !== undefined && key !== undefined ? { username, key } : undefined,
    github: parseGitHubSettings(raw),
    notify: parseNotifySettings(raw),
    cache,
  };
}

/**
 * The resolved inputs for a `verbose` debug line: `secrets` left out and the jobs' env reduced to its
 * names (it holds the Kaggle key), so the line is safe even before redaction.
 */
export function describeInputs(inputs: ActionInputs): string {
  const { secrets: _secrets, jobEnv, ...settings } = inputs.settings;
  return JSON.stringify({
    mode: inputs.mode,
    ...settings,
    jobEnv: Object.keys(jobEnv),
    artifacts: inputs.artifacts,
    installRequirements: inputs.installRequirements || undefined,
    // The token and the webhook URL are credentials: only whether they are set.
    github: { ...inputs.github, token: inputs.github.token ? '(set)' : '' },
    notify: { on: inputs.notify.on, webhook: inputs.notify.webhook ? '(set)' : null },
  });
}
