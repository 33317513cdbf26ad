import { InputError } from '../model/types.js';
import { DEFAULT_MAX_WORKERS, MAX_MAX_WORKERS } from './defaults.js';
import { parseDecimalInput, parseIntegerInput, presentValue, quoteValue } from './input-values.js';
import { byteSizeExpected, parseByteSize } from './byte-size.js';

/** The most CPUs the `cpus` input (and a job's `cpus`) may name: far above any machine, below float trouble. */
export const MAX_CPUS = 1_000_000;
/** The highest GPU device index the `gpus` input accepts. */
export const MAX_GPU_INDEX = 1023;

/**
 * `max_workers`: a whole number from 1 to MAX_MAX_WORKERS, or `auto` (as many jobs at once as the CPUs,
 * memory and GPUs allow: the limit is then MAX_MAX_WORKERS and the resources decide).
 */
export function parseMaxWorkers(raw: string | undefined): { maxWorkers: number; maxWorkersAuto?: true } {
  const value = presentValue(raw);
  if (value?.toLowerCase() === 'auto') return { maxWorkers: MAX_MAX_WORKERS, maxWorkersAuto: true };
  try {
    return {
      maxWorkers: parseIntegerInput('max_workers', raw, {
        min: 1,
        max: MAX_MAX_WORKERS,
        default: DEFAULT_MAX_WORKERS,
      }),
    };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      'max_workers',
      `Invalid max_workers ${quoteValue(value ?? '')}. Expected a whole number from 1 to ${MAX_MAX_WORKERS} or ` +
        `auto (empty means ${DEFAULT_MAX_WORKERS}).`,
    );
  }
}

/** `cpus`: the CPU cores the jobs share, a number above 0 (decimals allowed); undefined = detect. */
export function parseCpusInput(raw: string | undefined): number | undefined {
  const value = presentValue(raw);
  const expected = `Expected a number of CPU cores above 0 and at most ${MAX_CPUS}, decimals allowed (empty means detected).`;
  let cpus: number | undefined;
  try {
    cpus = parseDecimalInput('cpus', raw, { max: MAX_CPUS });
  } catch {
    cpus = NaN;
  }
  if (cpus === undefined) return undefined;
  if (!(cpus > 0)) throw new InputError('cpus', `Invalid cpus ${quoteValue(value ?? '')}. ${expected}`);
  return cpus;
}

/** `memory`: the memory the jobs share, as a size with a unit (see byte-size.ts); undefined = detect. */
export function parseMemoryInput(raw: string | undefined): number | undefined {
  const value = presentValue(raw);
  if (value === undefined) return undefined;
  const bytes = parseByteSize(value, 'refused');
  if (bytes === undefined) {
    throw new InputError(
      'memory',
      `Invalid memory ${quoteValue(value)}. ${byteSizeExpected('refused')}; empty means the available memory, detected.`,
    );
  }
  return bytes;
}

/**
 * `gpus`: the GPU device indices the jobs may use, as nvidia-smi numbers them (`0,1` or `0 1`), or `none`
 * for no GPU at all (every job then gets an empty CUDA_VISIBLE_DEVICES); undefined = detect with
 * `nvidia-smi -L`. Duplicates are refused: one device cannot count twice.
 */
export function parseGpusInput(raw: string | undefined): number[] | undefined {
  const value = presentValue(raw);
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'none') return [];
  const fail = (detail: string): never => {
    throw new InputError(
      'gpus',
      `Invalid gpus ${quoteValue(value)}${detail}. Expected GPU device indices from 0 to ${MAX_GPU_INDEX} as ` +
        `nvidia-smi numbers them, separated by commas (0,1), or none; empty means detected with nvidia-smi -L.`,
    );
  };
  const indices: number[] = [];
  for (const word of value.split(/[\s,]+/).filter((part) => part !== '')) {
    if (!/^[0-9]{1,4}$/.test(word) || Number(word) > MAX_GPU_INDEX)
      fail(`: ${quoteValue(word)} is not an index`);
    const index = Number(word);
    if (indices.includes(index)) fail(`: ${index} is listed twice`);
    indices.push(index);
  }
  if (indices.length === 0) fail('');
  return indices.sort((a, b) => a - b);
}
