import { InputError } from '../model/types.js';
import { MAX_CONFIG_BYTES } from './defaults.js';

/** Refuses config text over MAX_CONFIG_BYTES (in UTF-8), whichever parser reads it. */
export function checkConfigSize(text: string, file: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new InputError(
      file,
      `${file}: the config file is ${bytes} bytes; at most ${MAX_CONFIG_BYTES} bytes are accepted.`,
    );
  }
}
