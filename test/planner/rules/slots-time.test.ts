import { describe, expect, it } from "vitest";
import { extractTimeWindow, kqlTimespan, subtractUtc } from "../../../src/planner/slots/time.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const now = new Date("2026-11-21T12:00:00Z");
const iso = (d: Date | undefined) => d?.toISOString();

describe("extractTimeWindow", () => {
  it.each([
    ["high severity alerts from the last 24 hours", "2026-11-20T12:00:00.000Z", { amount: 24, unit: "hours" }],
    ["alerts in the past 7 days", "2026-11-14T12:00:00.000Z", { amount: 7, unit: "days" }],
    ["incidents within the last hour", "2026-11-21T11:00:00.000Z", { amount: 1, unit: "hours" }],
    ["sign-ins over the past two weeks", "2026-11-07T12:00:00.000Z", { amount: 2, unit: "weeks" }],
    ["alerts from the last 30 minutes", "2026-11-21T11:30:00.000Z", { amount: 30, unit: "minutes" }],
    ["the past month of incidents", "2026-10-21T12:00:00.000Z", { amount: 1, unit: "months" }],
    ["alerts from 3 days ago", "2026-11-18T12:00:00.000Z", { amount: 3, unit: "days" }],
    ["process events past 48h", "2026-11-19T12:00:00.000Z", { amount: 48, unit: "hours" }],
  ])("%s → lookback from %s", (text, from, lookback) => {
    const w = extractTimeWindow(text, now);
    expect(iso(w?.from)).toBe(from);
    expect(w?.to).toBeUndefined();
    expect(w?.lookback).toEqual(lookback);
  });

  it("resolves calendar words on the UTC calendar", () => {
    expect(iso(extractTimeWindow("alerts today", now)?.from)).toBe("2026-11-21T00:00:00.000Z");
    const y = extractTimeWindow("yesterday's incidents", now);
    expect([iso(y?.from), iso(y?.to)]).toEqual(["2026-11-20T00:00:00.000Z", "2026-11-21T00:00:00.000Z"]);
    // 2026-11-21 is a Saturday; the ISO week began on Monday the 16th.
    expect(iso(extractTimeWindow("this week", now)?.from)).toBe("2026-11-16T00:00:00.000Z");
    expect(iso(extractTimeWindow("this month", now)?.from)).toBe("2026-11-01T00:00:00.000Z");
  });

  it("reads absolute dates with their preposition", () => {
    expect(iso(extractTimeWindow("alerts since November 1st", now)?.from)).toBe("2026-11-01T00:00:00.000Z");
    const before = extractTimeWindow("incidents created before Oct 10", now);
    expect([iso(before?.from), iso(before?.to)]).toEqual([undefined, "2026-10-10T00:00:00.000Z"]);
    const between = extractTimeWindow("alerts between Nov 1 and Nov 5", now);
    expect([iso(between?.from), iso(between?.to)]).toEqual(["2026-11-01T00:00:00.000Z", "2026-11-06T00:00:00.000Z"]);
    const on = extractTimeWindow("alerts on November 3", now);
    expect([iso(on?.from), iso(on?.to)]).toEqual(["2026-11-03T00:00:00.000Z", "2026-11-04T00:00:00.000Z"]);
    expect(iso(extractTimeWindow("since 2026-11-15T08:30:00Z", now)?.from)).toBe("2026-11-15T08:30:00.000Z");
  });

  it("puts 'since <weekday>' and 'since <date>' in the past", () => {
    expect(iso(extractTimeWindow("incidents since Monday", now)?.from)).toBe("2026-11-16T00:00:00.000Z");
    const october = new Date("2026-10-15T00:00:00Z");
    expect(iso(extractTimeWindow("since December 1", october)?.from)).toBe("2025-12-01T00:00:00.000Z");
  });

  it("keeps a running month's end unless the request says 'so far'", () => {
    const october = new Date("2026-10-31T17:20:00Z");
    const month = extractTimeWindow("count of MDE alerts in october", october);
    expect([iso(month?.from), iso(month?.to)]).toEqual(["2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z"]);
    const soFar = extractTimeWindow("incidents created in october so far", october);
    expect([iso(soFar?.from), iso(soFar?.to)]).toEqual(["2026-10-01T00:00:00.000Z", undefined]);
  });

  it("lets the anchored phrase win over context in handover prose", () => {
    const handover = extractTimeWindow(
      "FYI the pentest team was active Friday to Sunday. Before I close the related stuff, show me alerts created since Friday 00:00.",
      new Date("2026-11-30T23:10:00Z"),
    );
    expect([iso(handover?.from), iso(handover?.to)]).toEqual(["2026-11-27T00:00:00.000Z", undefined]);
    const shift = extractTimeWindow("Handover 06:00. A burst of alerts around 03:00. Pick up the MDE alerts from the last 8 hours.", now);
    expect(shift?.lookback).toEqual({ amount: 8, unit: "hours" });
  });

  it("returns the words it read, so other extractors can mask them", () => {
    const text = "sign-ins from VN since 18:00 yesterday, top 5";
    const w = extractTimeWindow(text, now);
    expect(w?.text).toBe("since 18:00 yesterday");
    expect(text.includes(w!.text)).toBe(true);
  });

  it("keeps the length of a non-native 'since two days' for KQL", () => {
    const w = extractTimeWindow("sign-ins which is failed since two days", now);
    expect(w?.lookback).toEqual({ amount: 2, unit: "days" });
    expect(kqlTimespan(w!.lookback!)).toBe("2d");
  });

  it("finds no window where none is named", () => {
    expect(extractTimeWindow("top 10 high severity alerts", now)).toBeUndefined();
    expect(extractTimeWindow("list risky users", now)).toBeUndefined();
  });
});

describe("subtractUtc and kqlTimespan", () => {
  it("clamps month arithmetic to the month's length", () => {
    expect(subtractUtc(new Date("2026-03-31T10:00:00Z"), 1, "months").toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(subtractUtc(new Date("2024-02-29T00:00:00Z"), 1, "years").toISOString()).toBe("2023-02-28T00:00:00.000Z");
  });
  it("writes KQL timespans", () => {
    expect(kqlTimespan({ amount: 24, unit: "hours" })).toBe("24h");
    expect(kqlTimespan({ amount: 2, unit: "weeks" })).toBe("14d");
    expect(kqlTimespan({ amount: 15, unit: "minutes" })).toBe("15m");
  });
});

describe("extractSlots: times in a handover's story are context, not filters", () => {
  const at = new Date("2026-11-30T09:00:00Z");
  it.each([
    // Story before the ask: its times do not filter.
    ["Weekend was noisy, two came in on Saturday. Can you list every incident in awaiting action?", undefined],
    ["Tier 2 is short two people this week, so we watch their queue. Which incidents assigned to soc-tier2@contoso.com are in progress?", undefined],
    // The ask's own time stands.
    ["We saw a spike late yesterday. Could you pull the sign-ins between 18:00 and 23:59 yesterday?", "2026-11-29T18:00:00.000Z"],
    // An ask that points back at the story's time takes it.
    ["MDE raised alerts between 03:00 and 05:00. Please pull the high-severity alerts created in that window.", "2026-11-30T03:00:00.000Z"],
    // An afterthought after the ask is part of it.
    ["did anyone delete a conditional access policy recently? last 14 days", "2026-11-16T09:00:00.000Z"],
    // One sentence reads as a whole.
    ["incidents from Saturday in awaiting action", "2026-11-28T00:00:00.000Z"],
  ])("%s", (text, from) => {
    expect(extractSlots(text, at).time?.from?.toISOString()).toBe(from);
  });
});
