/**
 * Time phrases × `now`s: every phrasing is resolved against a weekday mid-month, a month start,
 * the first Saturday of a new year and a Monday after February, and compared with the window the
 * phrase means, computed here by plain UTC calendar arithmetic (not by the code under test).
 */
import { describe, expect, it } from "vitest";
import { extractTimeWindow } from "../../src/planner/slots/time.js";

const NOWS = {
  "Wednesday mid-month": new Date("2026-11-18T14:30:00Z"),
  "Tuesday month start": new Date("2026-12-01T08:15:00Z"),
  "Saturday after New Year": new Date("2027-01-02T09:30:00Z"),
  "Monday after February": new Date("2026-03-02T06:00:00Z"),
} as const;

type Window = { from?: Date; to?: Date };
const H = 3_600_000;
const D = 24 * H;
const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m, d, h, min));
const midnight = (now: Date, offsetDays = 0) => utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays);
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
const monthsAgo = (now: Date, n: number) => utc(now.getUTCFullYear(), now.getUTCMonth() - n, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes());
/** The latest `weekday` (0 = Sunday) on or before today, at midnight. */
const latestWeekday = (now: Date, weekday: number) => midnight(now, -((now.getUTCDay() - weekday + 7) % 7));
/** The latest month/day at or before now (this year's, else last year's). */
function latestDate(now: Date, month: number, day: number): Date {
  const thisYear = utc(now.getUTCFullYear(), month, day);
  return thisYear.getTime() <= now.getTime() ? thisYear : utc(now.getUTCFullYear() - 1, month, day);
}
/** This month's `day` if it has come, else last month's. */
function latestDayOfMonth(now: Date, day: number): Date {
  const thisMonth = utc(now.getUTCFullYear(), now.getUTCMonth(), day);
  return thisMonth.getTime() <= now.getTime() ? thisMonth : utc(now.getUTCFullYear(), now.getUTCMonth() - 1, day);
}
const monthWindow = (now: Date, month: number): Window => {
  const from = latestDate(now, month, 1);
  return { from, to: utc(from.getUTCFullYear(), month + 1, 1) };
};
const dayWindow = (from: Date, days = 1): Window => ({ from, to: new Date(from.getTime() + days * D) });
function weekend(now: Date, previous = false): Window {
  const day = now.getUTCDay();
  let saturday = midnight(now, day === 6 ? 0 : -((day + 1) % 7));
  if (previous && (day === 6 || day === 0)) saturday = new Date(saturday.getTime() - 7 * D);
  return dayWindow(saturday, 2);
}

const TABLE: [string, (now: Date) => Window][] = [
  ["last 24 hours", (n) => ({ from: ago(n, 24 * H) })],
  ["past 7 days", (n) => ({ from: ago(n, 7 * D) })],
  ["in the last hour", (n) => ({ from: ago(n, H) })],
  ["last 2 weeks", (n) => ({ from: ago(n, 14 * D) })],
  ["3 days ago", (n) => ({ from: ago(n, 3 * D) })],
  ["2 hours ago", (n) => ({ from: ago(n, 2 * H) })],
  ["an hour ago", (n) => ({ from: ago(n, H) })],
  ["past fortnight", (n) => ({ from: ago(n, 14 * D) })],
  ["in the last fortnight", (n) => ({ from: ago(n, 14 * D) })],
  ["over the past fortnight", (n) => ({ from: ago(n, 14 * D) })],
  ["last 30 minutes", (n) => ({ from: ago(n, 30 * 60_000) })],
  ["past 90 days", (n) => ({ from: ago(n, 90 * D) })],
  ["last 48h", (n) => ({ from: ago(n, 48 * H) })],
  ["alerts 24h", (n) => ({ from: ago(n, 24 * H) })],
  ["within the last 6 hours", (n) => ({ from: ago(n, 6 * H) })],
  ["over the past 3 months", (n) => ({ from: monthsAgo(n, 3) })],
  ["past two days", (n) => ({ from: ago(n, 2 * D) })],
  ["last seven days", (n) => ({ from: ago(n, 7 * D) })],
  ["last week", (n) => ({ from: ago(n, 7 * D) })],
  ["last month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth() - 1, 1), to: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["last month's high alerts", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth() - 1, 1), to: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["previous month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth() - 1, 1), to: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["last year", (n) => ({ from: utc(n.getUTCFullYear() - 1, 0, 1), to: utc(n.getUTCFullYear(), 0, 1) })],
  ["today", (n) => ({ from: midnight(n) })],
  ["so far today", (n) => ({ from: midnight(n) })],
  ["since midnight", (n) => ({ from: midnight(n) })],
  ["yesterday", (n) => dayWindow(midnight(n, -1))],
  ["since yesterday", (n) => ({ from: midnight(n, -1) })],
  ["the day before yesterday", (n) => dayWindow(midnight(n, -2))],
  ["this week", (n) => ({ from: latestWeekday(n, 1) })],
  ["this month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["since the start of the month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["since the beginning of this month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["month to date", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth(), 1) })],
  ["this year", (n) => ({ from: utc(n.getUTCFullYear(), 0, 1) })],
  ["year to date", (n) => ({ from: utc(n.getUTCFullYear(), 0, 1) })],
  ["since 7 this morning", (n) => ({ from: new Date(midnight(n).getTime() + 7 * H) })],
  ["from 6:30 this morning", (n) => ({ from: new Date(midnight(n).getTime() + 6.5 * H) })],
  ["this morning", (n) => ({ from: midnight(n) })],
  ["since the 15th", (n) => ({ from: latestDayOfMonth(n, 15) })],
  ["since the 1st", (n) => ({ from: latestDayOfMonth(n, 1) })],
  ["since the 1st of the month", (n) => ({ from: latestDayOfMonth(n, 1) })],
  ["since the 20th", (n) => ({ from: latestDayOfMonth(n, 20) })],
  ["updated since the 2nd", (n) => ({ from: latestDayOfMonth(n, 2) })],
  ["since Saturday", (n) => ({ from: latestWeekday(n, 6) })],
  ["since Monday", (n) => ({ from: latestWeekday(n, 1) })],
  ["from Saturday 00:00 until now", (n) => ({ from: latestWeekday(n, 6) })],
  ["since Thursday", (n) => ({ from: latestWeekday(n, 4) })],
  ["over the weekend", (n) => weekend(n)],
  ["the weekend", (n) => weekend(n)],
  ["alerts from the weekend", (n) => weekend(n)],
  ["last weekend", (n) => weekend(n, true)],
  ["before 10 Nov", (n) => ({ to: latestDate(n, 10, 10) })],
  ["created before November 10", (n) => ({ to: latestDate(n, 10, 10) })],
  ["since November 1st", (n) => ({ from: latestDate(n, 10, 1) })],
  ["since 10 Nov", (n) => ({ from: latestDate(n, 10, 10) })],
  ["between Nov 1 and Nov 5", (n) => ({ from: latestDate(n, 10, 1), to: new Date(latestDate(n, 10, 1).getTime() + 5 * D) })],
  ["on November 3", (n) => dayWindow(latestDate(n, 10, 3))],
  ["in October", (n) => monthWindow(n, 9)],
  ["during February", (n) => monthWindow(n, 1)],
  ["alerts from December", (n) => monthWindow(n, 11)],
  ["sign-ins in the month of September", (n) => monthWindow(n, 8)],
  ["since October", (n) => ({ from: latestDate(n, 9, 1) })],
  ["before October", (n) => ({ to: latestDate(n, 9, 1) })],
  ["since Christmas", (n) => ({ from: latestDate(n, 11, 25) })],
  ["on christmas eve", (n) => dayWindow(latestDate(n, 11, 24))],
  ["christmas eve and christmas day", (n) => dayWindow(latestDate(n, 11, 24), 2)],
  ["since new year", (n) => ({ from: utc(n.getUTCFullYear(), 0, 1) })],
  ["since New Year's Day", (n) => ({ from: utc(n.getUTCFullYear(), 0, 1) })],
  ["updated on New Year's Eve", (n) => dayWindow(latestDate(n, 11, 31))],
  ["since Halloween", (n) => ({ from: latestDate(n, 9, 31) })],
];

describe("time phrases × now", () => {
  it("has at least 60 phrasings", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  for (const [label, now] of Object.entries(NOWS)) {
    describe(label, () => {
      it.each(TABLE)("%s", (phrase, expected) => {
        const window = extractTimeWindow(phrase, now);
        expect(window, `no window for "${phrase}"`).toBeDefined();
        const want = expected(now);
        expect({ from: window?.from?.toISOString(), to: window?.to?.toISOString() }).toEqual({ from: want.from?.toISOString(), to: want.to?.toISOString() });
      });
    });
  }

  it("finds no window in requests that name no time", () => {
    for (const text of ["high severity alerts", "may I see the incidents", "show risky users right now", "alerts assigned to me"]) {
      expect(extractTimeWindow(text, NOWS["Wednesday mid-month"]), text).toBeUndefined();
    }
  });
});
