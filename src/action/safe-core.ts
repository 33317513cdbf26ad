import * as core from '@actions/core';
import { commandSafeLine, commandSafeText, printable } from '../plan/workflow-commands.js';
import type { ActionLog } from './console.js';

/** The printing functions of @actions/core (tests pass the real ones wrapped, to see which printed what). */
export interface CorePrinter {
  info(message: string): void;
  startGroup(name: string): void;
  endGroup(): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  warning(message: string, properties?: core.AnnotationProperties): void;
  error(message: string, properties?: core.AnnotationProperties): void;
  debug(message: string): void;
  setFailed(message: string): void;
  /** A notice annotation (optional for printers that predate it: they print an info line instead). */
  notice?(message: string, properties?: core.AnnotationProperties): void;
}

export type SafeCore = ReturnType<typeof createSafeCore>;

/**
 * The action's only way to print (a test enforces that nothing else in src/action calls the printing
 * functions of @actions/core). Every line the orchestrator prints — info lines, group titles, warnings,
 * errors, debug lines, the failure message — passes commandSafeText, so a file name, job id or config
 * value it quotes can never start a workflow command. `jobOutput` is the one exception: a job's own
 * output is printed as the job wrote it (already redacted by the runner), like a `run:` step's.
 *
 * Annotations are commands the action means to issue (`::warning::`, `::error::`, `::group::`,
 * `::endgroup::`, `::debug::`); @actions/core escapes CR, LF and `%` in their data, and this escapes
 * every other line break and neutralizes each line of the message as well.
 */
export function createSafeCore(out: CorePrinter = core) {
  return {
    info: (text: string): void => out.info(commandSafeText(text)),
    /** A job's output lines, printed as they are. */
    jobOutput: (text: string): void => out.info(text),
    startGroup: (name: string): void => out.startGroup(commandSafeLine(name)),
    endGroup: (): void => out.endGroup(),
    group: <T>(name: string, fn: () => Promise<T>): Promise<T> => out.group(commandSafeLine(name), fn),
    warning: (message: string, properties: core.AnnotationProperties = {}): void =>
      out.warning(commandSafeText(message), safeProperties(properties)),
    error: (message: string, properties: core.AnnotationProperties = {}): void =>
      out.error(commandSafeText(message), safeProperties(properties)),
    debug: (message: string): void => out.debug(commandSafeText(message)),
    notice: (message: string): void =>
      out.notice ? out.notice(commandSafeText(message)) : out.info(commandSafeText(message)),
    setFailed: (message: string): void => out.setFailed(commandSafeText(message)),
  };
}

export const safeCore = createSafeCore();

/** The run renderer's log over `printer`: the orchestrator's lines command-safe, job output as is. */
export function safeActionLog(printer: SafeCore = safeCore): ActionLog {
  return {
    info: (line) => printer.info(line),
    output: (text) => printer.jobOutput(text),
    startGroup: (name) => printer.startGroup(name),
    endGroup: () => printer.endGroup(),
  };
}

function safeProperties(properties: core.AnnotationProperties): core.AnnotationProperties {
  const out: core.AnnotationProperties = { ...properties };
  if (out.title !== undefined) out.title = commandSafeLine(out.title);
  // A path must still name the file: inside the `::error …::` line `##[` is inert (the runner parses the
  // `::` form first, and @actions/core escapes `:`, `,`, CR and LF in properties), so only breaks go.
  if (out.file !== undefined) out.file = printable(out.file);
  return out;
}
