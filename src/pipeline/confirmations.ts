/**
 * One-time confirmation codes for writes when the client cannot ask the person (no elicitation).
 * The code goes to the person (server terminal, a 0600 file), never into the answer the model
 * reads; the person types it into the host, which passes it back as `confirmationCode`.
 *
 * A code is single-use, bound to the exact request hash and to the session, and expires. The file
 * store is race-free across processes: a record appears whole or not at all (written aside, then
 * hard-linked into place, which fails if the name exists), and redeeming renames it away first, so
 * of several concurrent redeemers exactly one gets it.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import envPaths from "env-paths";

export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** Crockford-style alphabet without look-alikes (no I, L, O, U, 0, 1): 8 characters ≈ 40 bits. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 8;

export interface PendingWrite {
  session: string;
  requestHash: string;
  operation: string;
  /** What the person is approving, one line (method and URL, body). */
  summary: string;
}

export interface IssuedCode {
  code: string;
  expiresAt: Date;
  /** Where the person can read the code (file stores only). */
  file?: string;
}

export type Redemption = "ok" | "unknown" | "expired" | "other-request" | "other-session";

export interface ConfirmationCodes {
  issue(pending: PendingWrite): IssuedCode;
  /** Spends the code whatever the outcome: a code that was tried once cannot be tried again. */
  redeem(code: string, session: string, requestHash: string): Redemption;
  readonly ttlMs: number;
}

/** "abcd-2345 " → "ABCD2345": what the person types, normalised. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export function newCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

interface StoredRecord extends PendingWrite {
  code: string;
  expiresAt: number;
}

function verdict(record: StoredRecord | undefined, now: number, session: string, requestHash: string): Redemption {
  if (!record) return "unknown";
  if (record.expiresAt <= now) return "expired";
  if (record.session !== session) return "other-session";
  if (record.requestHash !== requestHash) return "other-request";
  return "ok";
}

/** In one process (the MCP server by default): a map keyed by the code. */
export class MemoryConfirmationCodes implements ConfirmationCodes {
  private readonly records = new Map<string, StoredRecord>();

  constructor(readonly ttlMs: number = CONFIRMATION_TTL_MS, private readonly clock: () => number = Date.now) {}

  issue(pending: PendingWrite): IssuedCode {
    const now = this.clock();
    for (const [key, r] of this.records) if (r.expiresAt <= now) this.records.delete(key);
    const code = newCode();
    const expiresAt = now + this.ttlMs;
    this.records.set(normaliseCode(code), { ...pending, code, expiresAt });
    return { code, expiresAt: new Date(expiresAt) };
  }

  redeem(code: string, session: string, requestHash: string): Redemption {
    const key = normaliseCode(code);
    const record = this.records.get(key);
    this.records.delete(key);
    return verdict(record, this.clock(), session, requestHash);
  }
}

/** Where pending confirmations live: $SECGRAPH_STATE_DIR, else the user's state directory. */
export function confirmationsDir(env: NodeJS.ProcessEnv): string {
  return join(env.SECGRAPH_STATE_DIR || envPaths("secgraph-mcp", { suffix: "" }).log, "confirmations");
}

/** Across processes (the shell's two invocations, several servers): one 0600 file per code in a 0700 folder. */
export class FileConfirmationCodes implements ConfirmationCodes {
  constructor(
    readonly dir: string,
    readonly ttlMs: number = CONFIRMATION_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The file name is a hash of the code, so the code is never guessed from a listing. */
  private pathFor(code: string): string {
    return join(this.dir, `${createHash("sha256").update(normaliseCode(code)).digest("hex").slice(0, 32)}.json`);
  }

  issue(pending: PendingWrite): IssuedCode {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const now = this.clock();
    this.sweep(now);
    const expiresAt = now + this.ttlMs;
    for (;;) {
      const code = newCode();
      const record: StoredRecord = { ...pending, code, expiresAt };
      const target = this.pathFor(code);
      const temp = join(this.dir, `.${randomBytes(8).toString("hex")}.tmp`);
      const fd = openSync(temp, "wx", 0o600);
      try {
        writeSync(fd, JSON.stringify(record, null, 1));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(temp, target);
        return { code, expiresAt: new Date(expiresAt), file: target };
      } catch (e) {
        // A (vanishingly rare) code collision: draw another.
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      } finally {
        rmSync(temp, { force: true });
      }
    }
  }

  redeem(code: string, session: string, requestHash: string): Redemption {
    const normalised = normaliseCode(code);
    if (!/^[A-Z0-9]{1,32}$/.test(normalised)) return "unknown";
    const path = this.pathFor(normalised);
    const claimed = `${path}.${randomBytes(8).toString("hex")}.claimed`;
    try {
      renameSync(path, claimed);
    } catch {
      return "unknown";
    }
    let record: StoredRecord | undefined;
    try {
      record = JSON.parse(readFileSync(claimed, "utf8")) as StoredRecord;
    } catch {
      record = undefined;
    } finally {
      rmSync(claimed, { force: true });
    }
    if (record && normaliseCode(record.code) !== normalised) record = undefined;
    return verdict(record, this.clock(), session, requestHash);
  }

  /** Removes expired records (and claims left by a crashed process). */
  private sweep(now: number): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith(".json")) continue;
      const path = join(this.dir, name);
      try {
        const record = JSON.parse(readFileSync(path, "utf8")) as StoredRecord;
        if (record.expiresAt <= now) rmSync(path, { force: true });
      } catch {
        // Unreadable or claimed meanwhile: not ours to judge.
      }
    }
  }
}
