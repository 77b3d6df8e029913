import { describe, expect, it } from "vitest";
import { percentile, proportion, wilsonInterval } from "../../src/eval/metrics.js";

describe("wilsonInterval", () => {
  it("matches published 95 % Wilson intervals", () => {
    // Reference values: Newcombe (1998), Table I, and the closed form at k = 0 and k = n.
    const [lo1, hi1] = wilsonInterval(5, 10);
    expect(lo1).toBeCloseTo(0.2366, 4);
    expect(hi1).toBeCloseTo(0.7634, 4);
    const [lo2, hi2] = wilsonInterval(81, 263);
    expect(lo2).toBeCloseTo(0.2553, 3);
    expect(hi2).toBeCloseTo(0.3662, 3);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)[1]).toBe(1);
    expect(wilsonInterval(10, 10)[0]).toBeCloseTo(0.7225, 4);
  });

  it("narrows as the sample grows and always holds the point estimate", () => {
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(800, 1000);
    expect(large[1] - large[0]).toBeLessThan(small[1] - small[0]);
    for (const [k, n] of [[1, 3], [7, 9], [50, 51]] as const) {
      const [lo, hi] = wilsonInterval(k, n);
      expect(lo).toBeLessThanOrEqual(k / n);
      expect(hi).toBeGreaterThanOrEqual(k / n);
    }
  });

  it("refuses impossible counts", () => {
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
  });
});

describe("proportion", () => {
  it("is n/a without trials", () => {
    expect(proportion(0, 0)).toEqual({ k: 0, n: 0, value: null, ci95: null });
    expect(proportion(3, 4).value).toBe(0.75);
  });
});

describe("percentile", () => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1);

  it("uses the nearest rank", () => {
    expect(percentile(samples, 0.5).value).toBe(50);
    expect(percentile(samples, 0.95).value).toBe(95);
    expect(percentile([7], 0.95).value).toBe(7);
    expect(percentile([], 0.5)).toEqual({ q: 0.5, value: null, ci95: null });
  });

  it("gives an order-statistic interval around the quantile when there are enough samples", () => {
    const median = percentile(samples, 0.5);
    expect(median.ci95).not.toBeNull();
    const [lo, hi] = median.ci95!;
    expect(lo).toBeLessThan(50);
    expect(hi).toBeGreaterThan(50);
    expect(hi - lo).toBeLessThan(25);
    expect(percentile([1, 2, 3], 0.95).ci95).toBeNull();
  });
});
