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
/** The latest `hour`:`minute` at or before now (today's, else yesterday's). */
function latestClock(now: Date, hour: number, minute = 0): Date {
  const today = new Date(midnight(now).getTime() + hour * H + minute * 60_000);
  return today.getTime() <= now.getTime() ? today : new Date(today.getTime() - D);
}
const clock = (day: Date, hours: number) => new Date(day.getTime() + hours * H);
/** Days `first`..`last` of a month, inclusive, in the latest year whose `first` has come. */
function dayRange(now: Date, month: number, first: number, last: number, endMonth = month): Window {
  const from = latestDate(now, month, first);
  const endYear = from.getUTCFullYear() + (endMonth < month ? 1 : 0);
  return { from, to: utc(endYear, endMonth, last + 1) };
}
/** A window that would end after now reads as open-ended ("so far"). */
const soFar = (w: Window, now: Date): Window => (w.to && w.to.getTime() > now.getTime() ? { from: w.from } : w);
/** The latest quarter `q` (0-3) that has begun. */
function quarter(now: Date, q: number): Window {
  const from = latestDate(now, q * 3, 1);
  return { from, to: utc(from.getUTCFullYear(), q * 3 + 3, 1) };
}
const quarterStart = (now: Date, offset = 0) => utc(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 + offset * 3, 1);

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
  // A bare length at a ticket's tail, and "in N days", are the stretch up to now.
  ["resolved alerts from entra id protection, 30 days", (n) => ({ from: ago(n, 30 * D) })],
  ["ActionType UserAccountAddedToLocalGroup, 7 days, show AccountName", (n) => ({ from: ago(n, 7 * D) })],
  ["OpenProcessApiCall on lsass.exe in 3 days", (n) => ({ from: ago(n, 3 * D) })],
  ["any activity in 2 weeks?", (n) => ({ from: ago(n, 14 * D) })],
  ["created before more than 14 days", (n) => ({ to: ago(n, 14 * D) })],
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
  ["between the 3rd and the 5th", (n) => dayWindow(latestDayOfMonth(n, 3), 3)],
  // Day and month with dots, as much of Europe writes them.
  ["since 28.11", (n) => ({ from: latestDate(n, 10, 28) })],
  ["between 1.12 and 3.12", (n) => dayRange(n, 11, 1, 3)],
  ["from 20.12.2025 until now", () => ({ from: utc(2025, 11, 20) })],
  ["2026-12-01..2026-12-10", () => ({ from: utc(2026, 11, 1), to: utc(2026, 11, 11) })],
  ["from the 28th to the 2nd", (n) => { const from = latestDayOfMonth(n, 28); return { from, to: utc(from.getUTCFullYear(), from.getUTCMonth() + 1, 3) }; }],
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
  // Clock times: the latest such time unless a day is named; a day part moves a bare hour.
  ["since 6 am today", (n) => ({ from: clock(midnight(n), 6) })],
  ["low sev alerts updated since 6 am today", (n) => ({ from: clock(midnight(n), 6) })],
  ["since 14:00", (n) => ({ from: latestClock(n, 14) })],
  ["since 22:00", (n) => ({ from: latestClock(n, 22) })],
  ["mediumsev incidents since 8", (n) => ({ from: latestClock(n, 8) })],
  ["since noon", (n) => ({ from: latestClock(n, 12) })],
  ["anything new since lunch (12:00)?", (n) => ({ from: latestClock(n, 12) })],
  ["created after 22:00 yesterday", (n) => ({ from: clock(midnight(n, -1), 22) })],
  ["sign-ins from VN since 18:00 yesterday.", (n) => ({ from: clock(midnight(n, -1), 18) })],
  ["since 20:00 yday", (n) => ({ from: clock(midnight(n, -1), 20) })],
  ["since yesterday morning 8", (n) => ({ from: clock(midnight(n, -1), 8) })],
  ["since 23:00 last night", (n) => ({ from: clock(midnight(n, -1), 23) })],
  ["sign-ins for app 'Workday' this morning since 7", (n) => ({ from: clock(midnight(n), 7) })],
  ["MDE alerts from this morning (since 6)", (n) => ({ from: clock(midnight(n), 6) })],
  ["in progress since this morning 8h", (n) => ({ from: clock(midnight(n), 8) })],
  ["this evening since 7", (n) => ({ from: clock(midnight(n), 19) })],
  ["since Monday 00:00", (n) => ({ from: latestWeekday(n, 1) })],
  ["since saturday midnight", (n) => ({ from: latestWeekday(n, 6) })],
  ["alerts raised Friday evening after 17:00", (n) => ({ from: clock(latestWeekday(n, 5), 17) })],
  ["between 09:00 and 17:00 yesterday", (n) => ({ from: clock(midnight(n, -1), 9), to: clock(midnight(n, -1), 17) })],
  ["sign-ins yesterday between 1am and 5am", (n) => ({ from: clock(midnight(n, -1), 1), to: clock(midnight(n, -1), 5) })],
  ["any alerts between midnight and 3am today?", (n) => ({ from: midnight(n), to: clock(midnight(n), 3) })],
  ["changed anything between 9 and 12 this morning?", (n) => ({ from: clock(midnight(n), 9), to: clock(midnight(n), 12) })],
  ["audit events yesterday 18:00 to midnight", (n) => ({ from: clock(midnight(n, -1), 18), to: midnight(n) })],
  ["alerts from early this morning, 00:00-06:00", (n) => ({ from: midnight(n), to: clock(midnight(n), 6) })],
  ["before 08:00 today", (n) => ({ to: clock(midnight(n), 8) })],
  ["alerts between 10:00 and 11:30 on 18 Nov", (n) => ({ from: clock(latestDate(n, 10, 18), 10), to: clock(latestDate(n, 10, 18), 11.5) })],
  ["on 18 Nov between 10:00 and 11:00", (n) => ({ from: clock(latestDate(n, 10, 18), 10), to: clock(latestDate(n, 10, 18), 11) })],
  ["2026-11-18 between 09:00 and 17:00", () => ({ from: utc(2026, 10, 18, 9), to: utc(2026, 10, 18, 17) })],
  ["since 14:00 on Nov 18th", (n) => ({ from: clock(latestDate(n, 10, 18), 14) })],
  ["since Nov. 18", (n) => ({ from: latestDate(n, 10, 18) })],
  ["sign-ins between 2 and 4pm yesterday", (n) => ({ from: clock(midnight(n, -1), 14), to: clock(midnight(n, -1), 16) })],
  ["audit events from 9 to 5 yesterday", (n) => ({ from: clock(midnight(n, -1), 9), to: clock(midnight(n, -1), 17) })],
  ["alerts overnight (22:00-06:00)", (n) => ({ from: latestClock(n, 22), to: new Date(latestClock(n, 22).getTime() + 8 * H) })],
  // Day ranges: the end day is included; no year means the latest range that has begun.
  ["resolved alerts between 20 and 25 nov", (n) => dayRange(n, 10, 20, 25)],
  ["alerts from 1 to 15 Nov inclusive", (n) => dayRange(n, 10, 1, 15)],
  ["during the xmas week (21-27 Dec)", (n) => dayRange(n, 11, 21, 27)],
  ["incidents from December 24-26", (n) => dayRange(n, 11, 24, 26)],
  ["over the holidays, 24 Dec to 2 Jan", (n) => dayRange(n, 11, 24, 2, 0)],
  ["incidents from 10 Nov to 20 Nov", (n) => dayRange(n, 10, 10, 20)],
  ["every alert between the 3rd and the 9th of december", (n) => dayRange(n, 11, 3, 9)],
  ["between the 1st and the 15th of December", (n) => dayRange(n, 11, 1, 15)],
  ["incidents from the first week of november", (n) => dayRange(n, 10, 1, 7)],
  ["the last week of december", (n) => dayRange(n, 11, 25, 31)],
  ["Q4", (n) => quarter(n, 3)],
  ["Q1 alerts", (n) => quarter(n, 0)],
  ["Q4 so far, all true positive alerts", (n) => soFar(quarter(n, 3), n)],
  ["this quarter", (n) => ({ from: quarterStart(n) })],
  ["last quarter", (n) => ({ from: quarterStart(n, -1), to: quarterStart(n) })],
  // Open ends and single days.
  // "after 20 Dec" runs from that day on, as "since" does.
  ["alerts after 20 Dec but before Christmas", (n) => ({ from: latestDate(n, 11, 20), to: utc(latestDate(n, 11, 20).getUTCFullYear(), 11, 25) })],
  ["launched after 1 March", (n) => ({ from: latestDate(n, 2, 1) })],
  ["audit with correlation id from 28 Nov", (n) => dayWindow(latestDate(n, 10, 28))],
  ["since the start of november", (n) => ({ from: latestDate(n, 10, 1) })],
  ["incidents created in december so far", (n) => soFar(monthWindow(n, 11), n)],
  ["since the first of October", (n) => ({ from: latestDate(n, 9, 1) })],
  ["alerts since 1st of the month", (n) => ({ from: latestDayOfMonth(n, 1) })],
  ["informational alerts since the start of the week", (n) => ({ from: latestWeekday(n, 1) })],
  ["created >= 2026-12-01", () => ({ from: utc(2026, 11, 1) })],
  ["created <= 2026-12-01", () => ({ to: utc(2026, 11, 2) })],
  ["updated after 15 Nov 2026 09:30 UTC", () => ({ from: utc(2026, 10, 15, 9, 30) })],
  // A preposition outside a bounded window's words.
  ["alerts before today", (n) => ({ to: midnight(n) })],
  ["sign-ins until yesterday", (n) => ({ to: midnight(n) })],
  ["since the day before yesterday", (n) => ({ from: midnight(n, -2) })],
  ["since the weekend", (n) => ({ from: weekend(n).from })],
  ["since last month", (n) => ({ from: utc(n.getUTCFullYear(), n.getUTCMonth() - 1, 1) })],
  ["before this week", (n) => ({ to: latestWeekday(n, 1) })],
  ["this afternoon", (n) => ({ from: clock(midnight(n), 12) })],
  ["Dec alerts", (n) => monthWindow(n, 11)],
  ["from monday through wednesday", (n) => dayWindow(latestWeekday(n, 1), 3)],
  ["since december the 5th", (n) => ({ from: latestDate(n, 11, 5) })],
  // Lookbacks and their complement.
  ["sign-ins which failed since two days", (n) => ({ from: ago(n, 2 * D) })],
  ["password spray detections, since 1 week", (n) => ({ from: ago(n, 7 * D) })],
  ["incidents of the past quarter hour", (n) => ({ from: ago(n, 15 * 60_000) })],
  ["in the last half hour", (n) => ({ from: ago(n, 30 * 60_000) })],
  ["the last couple of days", (n) => ({ from: ago(n, 2 * D) })],
  ["over the last few hours", (n) => ({ from: ago(n, 3 * H) })],
  ["since this time yesterday", (n) => ({ from: ago(n, D) })],
  ["last updated more than a week ago", (n) => ({ to: ago(n, 7 * D) })],
  ["alerts last touched more than 2 weeks ago", (n) => ({ to: ago(n, 14 * D) })],
  ["audit logs older than 30 days", (n) => ({ to: ago(n, 30 * D) })],
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
    const none = [
      "high severity alerts", "may I see the incidents", "show risky users right now", "alerts assigned to me",
      // Clock times as context, names, hosts, rotas and the future.
      "noisy phishing wave around 3am, pull the open alerts", "Handover 07:00 — quiet night", "sign-ins at 2am",
      "skipped provisioning for user Jan Novak", "web components on host shop-deals-today.biz",
      "From the weekend on-call: someone consented to an app", "health issues to follow up tomorrow", "sign-ins since 2 failed logins",
    ];
    for (const text of none) {
      expect(extractTimeWindow(text, NOWS["Wednesday mid-month"]), text).toBeUndefined();
    }
  });
});
