/**
 * Names the action shares with action.yml. The inputs that build `Settings` are listed by the planner
 * (`INPUT_NAMES` in src/plan/inputs.ts, shared with the CLI); these are the ones only the action reads.
 * A test compares both lists with action.yml, so a new input cannot be forgotten on either side.
 */
export const ActionInput = {
  Mode: 'mode',
  InstallRequirements: 'install_requirements',
  UploadArtifacts: 'upload_artifacts',
  ResultsArtifactName: 'results_artifact_name',
  SummaryArtifactName: 'summary_artifact_name',
  ResultsRetentionDays: 'results_retention_days',
  SummaryRetentionDays: 'summary_retention_days',
  ArtifactSuffix: 'artifact_suffix',
  KaggleUsername: 'kaggle_username',
  KaggleKey: 'kaggle_key',
  Secrets: 'secrets',
  Shards: 'shards',
  ShardTargetMinutes: 'shard_target_minutes',
  MergeFrom: 'merge_from',
  GithubToken: 'github_token',
  BaselineBranch: 'baseline_branch',
  CommentOnPr: 'comment_on_pr',
  PrNumber: 'pr_number',

  UploadModels: 'upload_models',
  ModelsArtifactName: 'models_artifact_name',

  Cache: 'cache',
  CacheKeyPrefix: 'cache_key_prefix',
  Force: 'force',
} as const;

export type ActionInputName = (typeof ActionInput)[keyof typeof ActionInput];

/** The outputs declared in action.yml. */
export const ActionOutput = {
  Status: 'status',
  SummaryPath: 'summary_path',
  Jobs: 'jobs',
  Succeeded: 'succeeded',
  Failed: 'failed',
  FailedJobs: 'failed_jobs',
  DurationSeconds: 'duration_seconds',
  ResultsArtifactId: 'results_artifact_id',
  SummaryArtifactId: 'summary_artifact_id',
  ResultsArtifactName: 'results_artifact_name',
  SummaryArtifactName: 'summary_artifact_name',
  Matrix: 'matrix',
  GatesPassed: 'gates_passed',
  RegressedJobs: 'regressed_jobs',
  ImprovedJobs: 'improved_jobs',
  ModelsArtifactId: 'models_artifact_id',
  ModelsArtifactName: 'models_artifact_name',
} as const;

export type ActionOutputName = (typeof ActionOutput)[keyof typeof ActionOutput];

/** What `mode` accepts; only `run` is implemented here, `plan` and `merge` arrive with sharding (issue 7). */
export const ACTION_MODES = ['run', 'plan', 'merge'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/**
 * In parallel runs without `verbose`, how many of a job's last log lines are echoed (in a group) once it
 * ends. The whole output is always in `logs/<id>.log`.
 */
export const PARALLEL_TAIL_LINES = 30;
