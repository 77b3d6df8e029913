/**
 * Per-principal token buckets: `perMinute` requests a minute on average, bursts up to ten seconds'
 * worth. One caller's burst never slows another caller.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #burst: number;
  readonly #perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#burst = Math.max(10, Math.ceil(perMinute / 6));
    this.#perMs = perMinute / 60_000;
  }

  /** 0 when the request may go now, else the milliseconds until it could. perMinute 0 = no limit. */
  take(key: string): number {
    if (this.perMinute === 0) return 0;
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#perMs);
  }
}
