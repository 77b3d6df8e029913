/** A CliIO that records what a command writes, for driving commands in process. */
import type { CliIO } from "../../src/commands/io.js";

export type CapturedIO = CliIO & { out: string[]; err: string[] };

export function captureIO(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdin: process.stdin,
    stdinIsTTY: false,
    stderrIsTTY: false,
  };
}
