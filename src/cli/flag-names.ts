import { INPUT_FLAGS } from './args.js';

/**
 * The CLI flag that sets each action input (`max_workers` → `--max-workers`), built from the one table
 * of flags in args.ts, plus `working_directory`, which the CLI takes as `--cwd`. Inputs without a flag
 * (kaggle_username, secrets, …) keep their names.
 */
export const FLAG_FOR_INPUT: ReadonlyMap<string, string> = new Map([
  ...Object.entries(INPUT_FLAGS).map(([flag, spec]): [string, string] => [spec.input, `--${flag}`]),
  ['working_directory', '--cwd'],
  ['force', '--force'],
]);

/**
 * An error message of the shared core, worded for the command line: `Invalid max_workers '0'` becomes
 * `Invalid --max-workers '0'`, and any other input name with an underscore (unambiguous as a word) becomes
 * its flag too. A one-word input name outside `Invalid <name>` stays, since it may be an ordinary word
 * ("no working python3 or python on PATH").
 */
export function cliMessage(message: string): string {
  let text = message;
  for (const [input, flag] of FLAG_FOR_INPUT) {
    text = text.replace(new RegExp(`\\bInvalid ${input}(?![\\w-])`, 'g'), `Invalid ${flag}`);
    if (input.includes('_')) text = text.replace(new RegExp(`(?<![\\w./-])${input}(?![\\w/-])`, 'g'), flag);
  }
  return text;
}
