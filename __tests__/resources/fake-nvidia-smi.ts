import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A folder holding an executable `nvidia-smi` that prints `listing` for -L (and exits with `code`). */
export function fakeNvidiaSmi(listing: string, code = 0): string {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'to-fake-smi-'));
  const file = path.join(bin, 'nvidia-smi');
  fs.writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "-L" ]; then printf '%s' '${listing.replace(/'/g, "'\\''")}'; exit ${code}; fi\nexit 3\n`,
  );
  fs.chmodSync(file, 0o755);
  return bin;
}

export const TWO_GPUS =
  'GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-aaaaaaaa-1111-2222-3333-444444444444)\n' +
  'GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-bbbbbbbb-1111-2222-3333-444444444444)\n';
