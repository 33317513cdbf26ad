const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Renders an argv the way a person would type it in a POSIX shell, for log headers and messages only:
 * the runner itself never goes through a shell.
 */
export function quoteCommand(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

export function quoteArg(arg: string): string {
  if (arg.length === 0) return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
