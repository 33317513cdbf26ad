/**
 * Every input of action.yml, in its order. The CLI maps its kebab-case flags onto these names and the
 * action reads them with `core.getInput`, so both shells hand `parseSettings` the same raw strings.
 * A test compares this list with action.yml: an input cannot be added on one side only.
 */
export const INPUT_NAMES = [
  'epochs',
  'folds',
  'only',
  'exclude',
  'parallel',
  'max_workers',
  'retries',
  'config',
  'extra_args',
  'dry_run',
  'list_only',
  'no_auto_discover',
  'discover_roots',
  'allow_partial_success',
  'verbose',
  'working_directory',
  'python',
  'results_dir',
  'logs_dir',
  'summaries_dir',
  'timeout_minutes',
  'upload_artifacts',
  'results_artifact_name',
  'summary_artifact_name',
  'results_retention_days',
  'summary_retention_days',
  'artifact_suffix',
  'kaggle_username',
  'kaggle_key',
  'secrets',
  'install_requirements',
  'history_file',
  'rerun_failed_from',
  'mode',
  'shards',
  'shard_target_minutes',
  'shard',
  'merge_from',
  'github_token',
  'baseline_branch',
  'comment_on_pr',
  'pr_number',
  'notify_webhook',
  'notify_on',

  'baseline',
  'upload_models',
  'models_artifact_name',

  'resource_interval',

  'cpus',
  'memory',
  'gpus',

  'cache',
  'cache_key_prefix',
  'force',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/** Inputs as strings, exactly as typed; an absent or empty value means "the default". */
export type RawInputs = Partial<Record<InputName, string>>;
