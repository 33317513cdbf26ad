/**
 * The major version of each GitHub-maintained action that the workflows and the README's snippets use:
 * the current majors, all of which run on Node 24 (`runs.using: node24`). Dependabot (github-actions,
 * weekly) proposes the bumps for the workflows; accepting one means editing this table (and the README
 * snippets), and action-versions.test.ts then checks that every use agrees.
 *
 * Sources, as of December 2026: actions/checkout v7.0.1 (actions/checkout#2464, v7 prepared June 2026),
 * actions/setup-python v7.0.0 (July 2026; removed the `pip-install` input, which no workflow here uses),
 * actions/setup-node v7.0.0 (July 2026), actions/upload-artifact v7.0.1 (there is no v8) and
 * actions/download-artifact v8.0.1 (v8 is the download side of upload-artifact v7).
 */
export const ACTION_MAJORS: Readonly<Record<string, number>> = {
  'actions/checkout': 7,
  'actions/setup-python': 7,
  'actions/setup-node': 7,
  'actions/upload-artifact': 7,
  'actions/download-artifact': 8,
};

/** `owner/name@vN` for an action of the table. */
export function pinned(action: string): string {
  const major = ACTION_MAJORS[action];
  if (major === undefined) throw new Error(`${action} is not in ACTION_MAJORS`);
  return `${action}@v${major}`;
}
