import fs from 'node:fs';

/**
 * Reads a GITHUB_STATE file the way the runner does between the main and the post step: `name=value`
 * lines and `name<<DELIMITER` … `DELIMITER` blocks (what @actions/core writes). The last value of a name
 * wins. Returns the `STATE_<name>` variables the runner sets for the post step.
 */
export function stateEnvFromFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!fs.existsSync(file)) return env;
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`Unterminated state value for ${name} (delimiter ${delimiter})`);
      env[`STATE_${name}`] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Malformed state line: ${line}`);
    env[`STATE_${line.slice(0, eq)}`] = line.slice(eq + 1);
  }
  return env;
}
