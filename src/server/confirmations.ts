/**
 * Pending write confirmations: a write shown once may be executed by a second call with the
 * same operation and arguments (plus `confirm: true`) within a short window, exactly once.
 */
import { createHash } from "node:crypto";

export const DEFAULT_CONFIRMATION_TTL_MS = 5 * 60_000;

/** JSON with object keys sorted, so equal arguments hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function confirmationKey(operation: string, args: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson([operation, args])).digest("hex");
}

export class PendingConfirmations {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number = DEFAULT_CONFIRMATION_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Remembers that this exact call has been shown to the client. */
  offer(operation: string, args: Record<string, unknown>): void {
    this.sweep();
    this.expiries.set(confirmationKey(operation, args), this.clock() + this.ttlMs);
  }

  /** True (and forgotten, so it cannot be replayed) when this exact call was offered and has not expired. */
  take(operation: string, args: Record<string, unknown>): boolean {
    this.sweep();
    const key = confirmationKey(operation, args);
    const found = this.expiries.has(key);
    this.expiries.delete(key);
    return found;
  }

  get ttlMinutes(): number {
    return Math.round(this.ttlMs / 60_000);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [key, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(key);
  }
}
