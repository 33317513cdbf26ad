/**
 * The headline count of a run, `7 of 9 jobs succeeded`, shared by the console and the step summary.
 * A merge with shards missing cannot know how many jobs those shards had, so there the count says
 * it covers only the jobs reported and which shards are missing, never a complete-looking `3 of 3`.
 */
export function describeSucceeded(
  counts: { succeeded: number; total: number },
  missingShards: readonly string[] = [],
): string {
  const jobs = `job${counts.total === 1 ? '' : 's'}`;
  if (missingShards.length === 0) return `${counts.succeeded} of ${counts.total} ${jobs} succeeded`;
  const shown = missingShards.slice(0, 10).join(', ');
  const more = missingShards.length > 10 ? ` and ${missingShards.length - 10} more` : '';
  return (
    `${counts.succeeded} of ${counts.total} reported ${jobs} succeeded, ` +
    `shard${missingShards.length === 1 ? '' : 's'} ${shown}${more} missing: the count is incomplete`
  );
}
