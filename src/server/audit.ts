/**
 * The audit log: one JSON line per tool call, appended and fsync'd before the answer goes back,
 * so a crash or SIGKILL never loses a call the client saw answered. Arguments are redacted
 * (secret-looking keys) and long strings truncated before they reach the disk.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import envPaths from "env-paths";
import type { CompiledRequest } from "../graph/types.js";

export type AuditMode = "dry-run" | "live";

/**
 * - dry-run: compiled and shown, nothing sent
 * - executed: sent to Graph (live)
 * - awaiting-confirmation: a write was shown and waits for its confirming call
 * - declined: the person or the planner said no
 * - refused: the server's policy said no (writes disabled)
 * - invalid: the arguments or the tool name were wrong; nothing compiled
 * - error: compiled, but execution (or the server) failed
 * - answered: a discovery call (search, describe) that touches no operation
 */
export type AuditOutcome =
  | "dry-run" | "sending" | "executed" | "awaiting-confirmation" | "declined" | "refused" | "invalid" | "error" | "answered";

export interface AuditEntry {
  time: string;
  session: string;
  /** The MCP tool that was called (an operation, or a discovery/planner tool). */
  tool: string;
  /** The catalog operation, when one was resolved. */
  operation: string | null;
  arguments: unknown;
  request: CompiledRequest | null;
  mode: AuditMode;
  outcome: AuditOutcome;
  status?: number;
  message?: string;
}

export interface AuditSink {
  append(entry: AuditEntry): void;
  close(): void;
}

/** Default location: the user's state directory (XDG_STATE_HOME on Linux). */
export function defaultAuditLogPath(): string {
  return join(envPaths("secgraph-mcp", { suffix: "" }).log, "audit.jsonl");
}

const SECRET_KEY = /authorization|token|secret|password|passwd|credential|api[-_]?key|cookie|private[-_]?key/i;
const MAX_STRING = 2048;
const MAX_ITEMS = 100;
const MAX_DEPTH = 12;

/**
 * Copies a JSON value with secret-looking keys replaced, and long strings, lists and objects cut
 * (a hostile call must not turn into a gigabyte audit line).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…[${value.length - MAX_STRING} more chars]` : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
    return value.length > MAX_ITEMS ? [...kept, `…[${value.length - MAX_ITEMS} more items]`] : kept;
  }
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of entries.slice(0, MAX_ITEMS)) {
    out[key.slice(0, 256)] = SECRET_KEY.test(key) ? "[redacted]" : redact(v, depth + 1);
  }
  if (entries.length > MAX_ITEMS) out["…"] = `[${entries.length - MAX_ITEMS} more keys]`;
  return out;
}

/** Append-only JSON-lines file; parent folders are created private (0700). */
export class FileAuditLog implements AuditSink {
  private fd: number | null = null;

  constructor(readonly path: string) {}

  /** Opens (creating folders) now, so an unwritable path fails at startup rather than on the first call. */
  open(): number {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.fd = openSync(this.path, "a", 0o600);
    }
    return this.fd;
  }

  append(entry: AuditEntry): void {
    const line = `${JSON.stringify({ ...entry, arguments: redact(entry.arguments), request: redact(entry.request) })}\n`;
    const fd = this.open();
    // One write call per line: O_APPEND keeps lines whole even with other writers on the file.
    writeSync(fd, line);
    fsyncSync(fd);
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** For tests and embedders that keep the audit trail in memory. */
export class MemoryAuditLog implements AuditSink {
  readonly entries: AuditEntry[] = [];
  append(entry: AuditEntry): void {
    this.entries.push({ ...entry, arguments: redact(entry.arguments), request: redact(entry.request) as CompiledRequest | null });
  }
  close(): void {}
}
