/**
 * Summary statistics for an eval run: proportions with Wilson score intervals and latency
 * percentiles with distribution-free (order statistic) intervals, both at 95 %.
 */

/** Two-sided 95 % normal quantile. */
const Z95 = 1.959963984540054;

export interface Proportion {
  /** Successes. */
  k: number;
  /** Trials; 0 means "not applicable" (value and interval are then null). */
  n: number;
  value: number | null;
  /** 95 % Wilson score interval. */
  ci95: [number, number] | null;
}

/**
 * Wilson score interval: unlike the normal approximation it stays inside [0, 1] and behaves at
 * k = 0 or k = n, which small per-tag groups hit often.
 */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
  if (n <= 0) throw new RangeError("wilsonInterval needs at least one trial");
  if (k < 0 || k > n) throw new RangeError(`wilsonInterval: successes ${k} outside 0..${n}`);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // At k = 0 and k = n the bound is exactly 0 or 1; rounding would otherwise leave 0.9999….
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

export function proportion(k: number, n: number): Proportion {
  return n === 0 ? { k, n, value: null, ci95: null } : { k, n, value: k / n, ci95: wilsonInterval(k, n) };
}

export interface Percentile {
  q: number;
  value: number | null;
  /** 95 % interval from the order statistics around the quantile (null with too few samples). */
  ci95: [number, number] | null;
}

/**
 * Nearest-rank percentile of `samples` (q in (0, 1)), with the order-statistic interval whose ranks
 * come from the normal approximation to Binomial(n, q).
 */
export function percentile(samples: number[], q: number): Percentile {
  if (samples.length === 0) return { q, value: null, ci95: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const at = (rank: number) => sorted[Math.min(n, Math.max(1, rank)) - 1] as number;
  const value = at(Math.ceil(q * n));
  const spread = Z95 * Math.sqrt(n * q * (1 - q));
  const lowRank = Math.floor(n * q - spread);
  const highRank = Math.ceil(n * q + spread) + 1;
  const ci95: [number, number] | null = lowRank >= 1 && highRank <= n ? [at(lowRank), at(highRank)] : null;
  return { q, value, ci95 };
}
