import type { Plan } from '../core/types.js';

/** The `--list` table: id, script, optional, supported flags; aligned for a terminal. */
export function formatJobList(plan: Plan): string {
  const rows = plan.jobs.map((job) => [
    job.id,
    job.script ?? job.command.join(' '),
    job.optional ? 'optional' : 'required',
    (['output_dir', 'epochs', 'folds'] as const)
      .filter((flag) => job.supports[flag])
      .map((flag) => `--${flag.replace('_', '-')}`)
      .join(' ') || '-',
  ]);
  const header = ['JOB', 'SCRIPT', 'KIND', 'FLAGS'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [`${plan.jobs.length} job(s)`, line(header), ...rows.map(line)].join('\n') + '\n';
}
