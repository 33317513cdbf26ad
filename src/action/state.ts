import * as core from '@actions/core';
import type { ArtifactSettings } from './artifacts.js';
import type { KaggleState } from './kaggle.js';

/**
 * What the main step tells the post step (`core.saveState` → `STATE_<name>` in the post step). The
 * runner keeps the state in a file on the runner's disk, so it never holds a secret: the post step
 * reads the secrets to redact from its inputs again.
 *
 * Contract for the main step:
 * - right after setupKaggle: `saveMainState({ kaggle })`;
 * - once a real run is planned (not dry_run/list_only), before any job starts: the folders, `artifacts`,
 *   `planned: true`, `uploaded: false`, `plannedAt`;
 * - once the upload has been attempted (succeeded or finally failed: the step already reports it), or
 *   when there is nothing to upload: `uploaded: true`.
 * The post step uploads only when a run was planned and `uploaded` is still false: the main step was
 * cancelled or timed out before it got there.
 */
export interface MainState {
  /** Absolute. */
  workingDirectory: string;
  /** Relative to workingDirectory, as in Settings. */
  resultsDir: string;
  logsDir: string;
  summariesDir: string;
  artifacts: ArtifactSettings;
  /** Never saved: the state file is not a place for secrets. */
  secrets?: never;
  uploaded: boolean;
  planned: boolean;
  /** ISO-8601 time the run was planned: summaries older than this are not this run's. */
  plannedAt?: string;
  kaggle?: KaggleState;
}

/** The one state entry; a JSON object, rewritten whole on each save (the last value wins). */
export const MAIN_STATE_KEY = 'training_orchestrator';

let saved: Partial<MainState> = {};

/** Merges `state` into what this process saved before and saves the whole. */
export function saveMainState(state: Partial<MainState>): void {
  const { secrets: _ignored, ...rest } = state as Partial<MainState> & { secrets?: unknown };
  saved = { ...saved, ...rest };
  core.saveState(MAIN_STATE_KEY, JSON.stringify(saved));
}

/**
 * The main step's state as the post step sees it; undefined when the main step saved nothing (it
 * failed before Kaggle setup or planning). Fields of the wrong type are dropped, so every field may be
 * missing: `planned` and `uploaded` default to false.
 */
export function readMainState(): (Partial<MainState> & { planned: boolean; uploaded: boolean }) | undefined {
  const raw = core.getState(MAIN_STATE_KEY);
  if (raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const value = parsed as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof value[key] === 'string' ? (value[key] as string) : undefined;
  const state: Partial<MainState> & { planned: boolean; uploaded: boolean } = {
    planned: value.planned === true,
    uploaded: value.uploaded === true,
  };
  for (const key of ['workingDirectory', 'resultsDir', 'logsDir', 'summariesDir', 'plannedAt'] as const) {
    const field = text(key);
    if (field !== undefined) state[key] = field;
  }
  if (isArtifactSettings(value.artifacts)) state.artifacts = value.artifacts;
  if (isKaggleState(value.kaggle)) state.kaggle = value.kaggle;
  return state;
}

/** For tests: forget what this process saved. */
export function resetSavedMainState(): void {
  saved = {};
}

function isArtifactSettings(value: unknown): value is ArtifactSettings {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.enabled === 'boolean' &&
    typeof v.resultsName === 'string' &&
    typeof v.summaryName === 'string' &&
    typeof v.resultsRetentionDays === 'number' &&
    typeof v.summaryRetentionDays === 'number' &&
    typeof v.suffix === 'string'
  );
}

function isKaggleState(value: unknown): value is KaggleState {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.path === 'string' && typeof v.created === 'boolean';
}
