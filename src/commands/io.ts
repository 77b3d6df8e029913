import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** What a command may touch. Only cli.ts builds this from `process`; tests build their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Calls `handler` on SIGINT/SIGTERM (a long-running server shuts down gracefully); returns the unsubscribe. */
  onShutdown?: (handler: () => void) => () => void;
}

/** Exit codes: 0 ok, 1 the work failed, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** A command's one-line failure for the user (never a stack trace). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** node:util parseArgs, with its errors as UsageError (one line, exit 2 at dispatch). */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;

/**
 * A command's output file: written and fsync'ed next to the target, then renamed, so readers see
 * the old file or the whole new one, never half. A failure is one UsageError line.
 */
export function writeFileAtomically(path: string, text: string): void {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const fd = openSync(temp, "wx", 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
