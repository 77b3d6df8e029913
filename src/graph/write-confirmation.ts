/**
 * Shell confirmation of writes across two invocations: the first shows the exact request and
 * records its fingerprint; a second with --confirm sends it only if the same request was shown
 * recently. Records are small files (0600 in a 0700 folder), written via temp file + rename and
 * consumed before the request is sent, so one confirmation sends at most once.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledRequest } from "./types.js";

/** How long a shown request stays confirmable. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

/** JSON with object keys sorted at every level, so equal requests hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Fingerprint of (operation, exact request): what the person saw is what gets confirmed. */
export function requestFingerprint(operationName: string, request: CompiledRequest): string {
  return createHash("sha256").update(canonicalJson({ operation: operationName, request })).digest("hex");
}

interface PendingRecord {
  operation: string;
  request: CompiledRequest;
  shownAt: number;
}

export class PendingWrites {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  private pathFor(fingerprint: string): string {
    return join(this.dir, `${fingerprint}.json`);
  }

  /** Records that this request was shown; returns when it stops being confirmable. */
  remember(operationName: string, request: CompiledRequest): Date {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const record: PendingRecord = { operation: operationName, request, shownAt: this.now() };
    const target = this.pathFor(requestFingerprint(operationName, request));
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
    renameSync(temp, target);
    return new Date(record.shownAt + CONFIRMATION_TTL_MS);
  }

  /**
   * True when this exact request was shown within the TTL. The record is removed either way, so a
   * confirmation is used once.
   */
  consume(operationName: string, request: CompiledRequest): boolean {
    const path = this.pathFor(requestFingerprint(operationName, request));
    let record: PendingRecord;
    try {
      record = JSON.parse(readFileSync(path, "utf8")) as PendingRecord;
    } catch {
      return false;
    }
    rmSync(path, { force: true });
    return typeof record.shownAt === "number" && this.now() - record.shownAt <= CONFIRMATION_TTL_MS;
  }
}
