import { describe, expect, it } from "vitest";
import { extractTimeWindow } from "../../src/planner/slots/time.js";

const now = new Date("2026-12-02T10:00:00Z");
const iso = (d?: Date) => d?.toISOString();

describe("a named month with a written year is that whole month", () => {
  it.each([
    ["alerts created in october 2026", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z"],
    ["alerts from October, 2025", "2025-10-01T00:00:00.000Z", "2025-11-01T00:00:00.000Z"],
    ["incidents in may 2026", "2026-05-01T00:00:00.000Z", "2026-06-01T00:00:00.000Z"],
    ["incidents since march 2026", "2026-03-01T00:00:00.000Z", undefined],
    ["alerts before november 2026", undefined, "2026-11-01T00:00:00.000Z"],
  ])("%s", (text, from, to) => {
    const w = extractTimeWindow(text, now);
    expect(iso(w?.from)).toBe(from);
    expect(iso(w?.to)).toBe(to);
  });

  it.each([
    ["alerts in october", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z"],
    ["alerts on october 12 2026", "2026-10-12T00:00:00.000Z", "2026-10-13T00:00:00.000Z"],
    ["alerts from 3 october 2026", "2026-10-03T00:00:00.000Z", "2026-10-04T00:00:00.000Z"],
  ])("unchanged: %s", (text, from, to) => {
    const w = extractTimeWindow(text, now);
    expect(iso(w?.from)).toBe(from);
    expect(iso(w?.to)).toBe(to);
  });
});
