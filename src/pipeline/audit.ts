/**
 * The audit log, which fails closed: a record counts only once it is fully written and fsync'ed,
 * and the pipeline waits for that before it executes or answers. Concurrent calls share one write
 * and one fsync (group commit): records queued while a flush runs go out together in the next one.
 * A short or failed write rejects every record of its batch, so those calls are refused.
 */
import { closeSync, fchmodSync, fstatSync, fsync, mkdirSync, openSync, write } from "node:fs";
import { dirname, join } from "node:path";
import envPaths from "env-paths";
import type { CompiledRequest } from "../graph/types.js";
import { defaultRedactor, type Redactor } from "./redact.js";

export type AuditMode = "dry-run" | "live";

/**
 * - dry-run: compiled and shown, nothing sent
 * - sending: a live call is on record and about to leave (written before the request goes out)
 * - executed: sent to Graph (live)
 * - awaiting-confirmation: a write was shown and waits for a person's confirmation
 * - declined: the person or the planner said no
 * - refused: the server's policy said no (writes disabled, a confirmation code that does not fit)
 * - invalid: the arguments or the tool name were wrong; nothing compiled
 * - error: compiled, but execution (or the server) failed
 * - answered: a discovery call (search, describe) or a plan that touches no operation
 */
export type AuditOutcome =
  | "dry-run" | "sending" | "executed" | "awaiting-confirmation" | "declined" | "refused" | "invalid" | "error" | "answered";

/** Who asked, when the door knows (OAuth callers over HTTP); absent for stdio and the shell. */
export interface Caller {
  oid?: string;
  upn?: string;
}

export interface AuditEntry {
  time: string;
  session: string;
  /** The MCP tool that was called (an operation, or a discovery/planner tool), or `cli:<command>`. */
  tool: string;
  /** The catalog operation, when one was resolved. */
  operation: string | null;
  arguments: unknown;
  request: CompiledRequest | null;
  mode: AuditMode;
  outcome: AuditOutcome;
  status?: number;
  message?: string;
  caller?: Caller;
  /** How a write was confirmed: "elicitation", "code" or "terminal". */
  confirmation?: string;
}

/** Raised (as a rejection of append) when a record could not be made durable; the call must not go ahead. */
export class AuditWriteError extends Error {
  override name = "AuditWriteError";
}

export interface AuditSink {
  /** Resolves once the record is durable; rejects (AuditWriteError) when it is not. */
  append(entry: AuditEntry): Promise<void>;
  close(): void;
}

/** Default location: the user's state directory (XDG_STATE_HOME on Linux). */
export function defaultAuditLogPath(): string {
  return join(envPaths("secgraph-mcp", { suffix: "" }).log, "audit.jsonl");
}

/** The record as it reaches the disk: values redacted and bounded. */
export function auditRecord(entry: AuditEntry, redactor: Redactor = defaultRedactor): AuditEntry {
  return {
    ...entry,
    arguments: redactor.value(entry.arguments),
    request: redactor.value(entry.request) as CompiledRequest | null,
    ...(entry.message === undefined ? {} : { message: redactor.value(entry.message) as string }),
    ...(entry.caller === undefined ? {} : { caller: redactor.value(entry.caller) as Caller }),
  };
}

/** The two system calls the log needs, injectable so tests can fail them (ENOSPC, short writes). */
export interface AuditFileIO {
  write(fd: number, data: Buffer, offset: number): Promise<number>;
  fsync(fd: number): Promise<void>;
}

export const nodeAuditFileIO: AuditFileIO = {
  write: (fd, data, offset) => new Promise((ok, fail) => write(fd, data, offset, data.length - offset, null, (e, n) => (e ? fail(e) : ok(n)))),
  fsync: (fd) => new Promise((ok, fail) => fsync(fd, (e) => (e ? fail(e) : ok()))),
};

interface Waiter {
  line: Buffer;
  resolve(): void;
  reject(e: Error): void;
}

export interface FileAuditOptions {
  redactor?: Redactor;
  io?: AuditFileIO;
}

/** Append-only JSON-lines file (0600, folders 0700), group-committed. */
export class FileAuditLog implements AuditSink {
  private fd: number | null = null;
  private queue: Waiter[] = [];
  private flushing = false;
  /** A failed write may have left part of a line: the next batch starts on a fresh line. */
  private torn = false;
  private readonly redactor: Redactor;
  private readonly io: AuditFileIO;

  constructor(readonly path: string, options: FileAuditOptions = {}) {
    this.redactor = options.redactor ?? defaultRedactor;
    this.io = options.io ?? nodeAuditFileIO;
  }

  /**
   * Opens (creating folders) now, so an unwritable path fails at startup rather than on the first
   * call. An existing log that others can read is tightened to 0600, or refused if that fails.
   */
  open(): number {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      const fd = openSync(this.path, "a", 0o600);
      try {
        const stat = fstatSync(fd);
        if (stat.isFile() && (stat.mode & 0o077) !== 0) {
          fchmodSync(fd, 0o600);
          if ((fstatSync(fd).mode & 0o077) !== 0) throw new AuditWriteError(`the audit log ${this.path} is readable by others and could not be made private (0600)`);
        }
      } catch (e) {
        closeSync(fd);
        if (e instanceof AuditWriteError) throw e;
        throw new AuditWriteError(`the audit log ${this.path} is readable by others and could not be made private (0600): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      this.fd = fd;
    }
    return this.fd;
  }

  append(entry: AuditEntry): Promise<void> {
    let line: Buffer;
    try {
      this.open();
      line = Buffer.from(`${JSON.stringify(auditRecord(entry, this.redactor))}\n`, "utf8");
    } catch (e) {
      return Promise.reject(e instanceof AuditWriteError ? e : new AuditWriteError(`the audit log ${this.path} cannot be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Writes every queued record with as few writes as it takes and one fsync, then settles them all. */
  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        const parts = batch.map((w) => w.line);
        if (this.torn) parts.unshift(Buffer.from("\n"));
        const data = Buffer.concat(parts);
        try {
          const fd = this.open();
          let offset = 0;
          while (offset < data.length) {
            const n = await this.io.write(fd, data, offset);
            if (n <= 0) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
            offset += n;
          }
          await this.io.fsync(fd);
          this.torn = false;
          for (const w of batch) w.resolve();
        } catch (e) {
          this.torn = true;
          const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
          const error = new AuditWriteError(`the audit record could not be written to ${this.path} (${code}); nothing was sent`);
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** For tests and embedders that keep the audit trail in memory (redacted like the file). */
export class MemoryAuditLog implements AuditSink {
  readonly entries: AuditEntry[] = [];
  constructor(private readonly redactor: Redactor = defaultRedactor) {}
  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(auditRecord(entry, this.redactor));
  }
  close(): void {}
}

