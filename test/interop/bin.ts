/**
 * The built bin as outside clients run it: a clean environment (no inherited SECGRAPH_* settings,
 * a private audit log, the rules planner) and a raw JSON-RPC line channel for protocol tests.
 * `npm test` builds dist/ first; run `npm run build` before running one of these files alone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeAll } from "vitest";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "dist", "cli.js");

/** Fails the suite early, with the fix, when dist/ was not built. */
export function requireBuiltBin(): void {
  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does it first)");
  });
}

/** This process's environment without SECGRAPH_* settings, plus the given ones. */
export function binEnv(extra: Record<string, string> = {}): Record<string, string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith("SECGRAPH_") && v !== undefined)) as Record<string, string>;
  return { ...clean, SECGRAPH_LOG_LEVEL: "warn", ...extra };
}

/** `node dist/cli.js serve --planner rules ARGS…` */
export function serveArgs(args: readonly string[] = []): string[] {
  return [BIN, "serve", "--planner", "rules", ...args];
}

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Writes one line: a string as is, anything else as JSON. */
  send(message: unknown): void;
  /** The next JSON line on stdout. */
  next(): Promise<Record<string, unknown>>;
  stderr(): string;
}

/** Spawns the bin for raw JSON-RPC; every child is SIGKILLed after the test that started it. */
export function rawServers(): (auditLog: string, args?: readonly string[]) => RawServer {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  });
  return (auditLog, args = []) => {
    const child = spawn(process.execPath, serveArgs(args), { env: binEnv({ SECGRAPH_AUDIT_LOG: auditLog }), stdio: ["pipe", "pipe", "pipe"] });
    children.push(child);
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    return {
      child,
      send: (message) => child.stdin.write(`${typeof message === "string" ? message : JSON.stringify(message)}\n`),
      next: async () => {
        const { value, done } = await lines.next();
        if (done) throw new Error(`server closed stdout; stderr: ${err.slice(0, 500)}`);
        return JSON.parse(value as string) as Record<string, unknown>;
      },
      stderr: () => err,
    };
  };
}

export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
} as const;
