/**
 * Dates and clock times in the forms analysts write them (fix-written-dates): slashed dates in the
 * order the text says or shows, dotted dates with a year, ISO days in ranges, a clock after a date,
 * "from DATE" as a start, "DATE to today", clock ranges with a day at each end, holidays before a
 * clock, and clock times in a named zone. Rows marked "unchanged" guard readings the fixes keep.
 */
import { describe, expect, it } from "vitest";
import { extractTimeWindow } from "../../src/planner/slots/time.js";

const now = new Date("2027-02-18T16:00:00Z");
const iso = (d?: Date) => d?.toISOString().replace(":00.000Z", "Z");

function rows(list: [string, string | undefined, string | undefined][], at: Date = now): void {
  it.each(list)("%s", (text, from, to) => {
    const w = extractTimeWindow(text, at);
    expect([iso(w?.from), iso(w?.to)]).toEqual([from, to]);
  });
}

describe("slashed and dotted dates", () => {
  rows([
    ["from 29/12 to 02/01 (dd/mm) all alerts classified TP", "2026-12-29T00:00Z", "2027-01-03T00:00Z"],
    ["sign-ins 03/12 to 05/12 (UK dates)", "2026-12-03T00:00Z", "2026-12-06T00:00Z"],
    ["incidents from the red team exercise 10/01-14/01 (day/month)", "2027-01-10T00:00Z", "2027-01-15T00:00Z"],
    ["alerts on 12/30 (US)", "2026-12-30T00:00Z", "2026-12-31T00:00Z"],
    ["alerts created 01.02.2027 (german date)", "2027-02-01T00:00Z", "2027-02-02T00:00Z"],
    // unchanged: a version or an address is no date.
    ["hunt for version 10.2.2027 of the agent", undefined, undefined],
  ]);
});

describe("ISO days and clocks after a date", () => {
  rows([
    ["sentinel alerts, high only, from 2026-12-24 through 2026-12-26", "2026-12-24T00:00Z", "2026-12-27T00:00Z"],
    ["directory audits from 1 Feb 2027 00:00 to 3 Feb 2027 12:00 UTC", "2027-02-01T00:00Z", "2027-02-03T12:00Z"],
    ["from 2027-02-01 00:00 to 2027-02-03 12:00", "2027-02-01T00:00Z", "2027-02-03T12:00Z"],
    // unchanged: a bare ISO day is that day; "since" one is open.
    ["incidents on 2027-01-05", "2027-01-05T00:00Z", "2027-01-06T00:00Z"],
    ["since 2027-02-15", "2027-02-15T00:00Z", undefined],
  ]);
});

describe("a start with no end runs to now", () => {
  rows([
    ["who made 'Change user license' activity, from 10 of January", "2027-01-10T00:00Z", undefined],
    ["simulations we have launched from 1 Jan 2027", "2027-01-01T00:00Z", undefined],
    ["look in DeviceFileEvents for Q4_bonus.xlsm, from 20 of December until today", "2026-12-20T00:00Z", undefined],
    ["hunt bitsadmin usage over the holidays (dec 24 to today)", "2026-12-24T00:00Z", undefined],
    // unchanged: items "from" a date are that day's.
    ["alerts from 3 october 2026", "2026-10-03T00:00Z", "2026-10-04T00:00Z"],
  ]);
});

describe("clock ranges, holidays and zones", () => {
  rows([
    ["alerts updated between 22:00 yesterday and 06:00 today", "2027-02-17T22:00Z", "2027-02-18T06:00Z"],
    ["from Friday 18:00 to Monday 08:00", "2027-02-12T18:00Z", "2027-02-15T08:00Z"],
    ["alerts since 9am EST this morning, only the ones still new", "2027-02-18T14:00Z", undefined],
    ["failed logins from Brazil, since 6 UTC", "2027-02-18T06:00Z", undefined],
    ["since 08:00 CET", "2027-02-18T07:00Z", undefined],
    // unchanged: a clock range on one day.
    ["between 09:00 and 17:00 yesterday", "2027-02-17T09:00Z", "2027-02-17T17:00Z"],
  ]);
  rows([["sign-ins between 23:00 on NYE and 01:00 this morning", "2026-12-31T23:00Z", "2027-01-01T01:00Z"]], new Date("2027-01-01T08:00:00Z"));
});
