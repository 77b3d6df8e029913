/**
 * Calendar stretches longer than a day: day ranges ("between 20 and 25 nov", "21-27 Dec",
 * "December 24-26", "24 Dec to 2 Jan"), weeks of a month ("first week of november") and quarters
 * ("Q4", "last quarter"). A range with no year is the latest one that has begun; its end day is
 * included, so the window ends at the midnight after it.
 */
import type { TimeWindow } from "../time.js";
import { addDays, MONTH_NAME, monthIndex } from "./utc.js";

const DAY_NUMBER = "(\\d{1,2})(?:st|nd|rd|th)?";
const TO = "\\s*(?:-|–|to|and|until|till|through|thru)\\s*";
const LEAD = "(?<![\\w:/.-])(?:(?:between|from)\\s+)?";
const YEAR = "(?:,?\\s+(\\d{4}))?";
/** "20 and 25 nov", "1 to 15 Nov", "the 3rd and the 9th of december", "24 Dec to 2 Jan". */
const DAYS_THEN_MONTH = new RegExp(`${LEAD}(?:the\\s+)?${DAY_NUMBER}(?:\\s+(?:of\\s+)?(${MONTH_NAME}))?${TO}(?:the\\s+)?${DAY_NUMBER}(?:\\s+of)?\\s+(${MONTH_NAME})\\b${YEAR}`, "i");
/** "December 24-26", "Nov 10 to Nov 20", "Dec 24 - Jan 2". */
const MONTH_THEN_DAYS = new RegExp(`${LEAD}(${MONTH_NAME})\\s+${DAY_NUMBER}${TO}(?:(${MONTH_NAME})\\s+)?${DAY_NUMBER}\\b(?![:/-]\\d)${YEAR}`, "i");

interface DaySpan {
  startMonth: number;
  startDay: number;
  endMonth: number;
  endDay: number;
  year?: number;
}

/** The span as a window: the latest start not after `now` (or in the year given), up to the midnight after its end. */
function spanWindow(span: DaySpan, now: Date, text: string): TimeWindow | undefined {
  const { startMonth, startDay, endMonth, endDay } = span;
  if (startDay < 1 || startDay > 31 || endDay < 1 || endDay > 31) return undefined;
  const wraps = endMonth < startMonth;
  let year = span.year !== undefined ? span.year - (wraps ? 1 : 0) : now.getUTCFullYear();
  if (span.year === undefined && Date.UTC(year, startMonth, startDay) > now.getTime()) year--;
  const from = new Date(Date.UTC(year, startMonth, startDay));
  const to = addDays(new Date(Date.UTC(year + (wraps ? 1 : 0), endMonth, endDay)), 1);
  if (to.getTime() <= from.getTime()) return undefined;
  return { from, to, text };
}

function dayRangeWindow(text: string, now: Date): TimeWindow | undefined {
  const a = DAYS_THEN_MONTH.exec(text);
  if (a) {
    const endMonth = monthIndex(a[4]!);
    const startDay = Number(a[1]);
    const endDay = Number(a[3]);
    // "28 to 3 Dec" starts in the month before.
    const startMonth = a[2] ? monthIndex(a[2]) : startDay > endDay ? (endMonth + 11) % 12 : endMonth;
    return spanWindow({ startMonth, startDay, endMonth, endDay, year: a[5] ? Number(a[5]) : undefined }, now, a[0].trim());
  }
  const b = MONTH_THEN_DAYS.exec(text);
  if (b) {
    const startMonth = monthIndex(b[1]!);
    return spanWindow({ startMonth, startDay: Number(b[2]), endMonth: b[3] ? monthIndex(b[3]) : startMonth, endDay: Number(b[4]), year: b[5] ? Number(b[5]) : undefined }, now, b[0].trim());
  }
  return undefined;
}

const WEEK_OF_MONTH = new RegExp(`\\b(first|1st|second|2nd|third|3rd|fourth|4th|last|final)\\s+week\\s+(?:of|in)\\s+(?:the\\s+month\\s+of\\s+)?(${MONTH_NAME})\\b${YEAR}`, "i");
const WEEK_START: Record<string, number> = { first: 1, "1st": 1, second: 8, "2nd": 8, third: 15, "3rd": 15, fourth: 22, "4th": 22 };

/** "first week of november" (the 1st to the 7th), "last week of december" (its last seven days). */
function weekOfMonthWindow(text: string, now: Date): TimeWindow | undefined {
  const m = WEEK_OF_MONTH.exec(text);
  if (!m) return undefined;
  const month = monthIndex(m[2]!);
  const start = WEEK_START[m[1]!.toLowerCase()];
  const weekIn = (year: number) => (start !== undefined ? new Date(Date.UTC(year, month, start)) : addDays(new Date(Date.UTC(year, month + 1, 1)), -7));
  let from = weekIn(m[3] ? Number(m[3]) : now.getUTCFullYear());
  // The latest such week that has begun.
  if (!m[3] && from.getTime() > now.getTime()) from = weekIn(now.getUTCFullYear() - 1);
  return { from, to: addDays(from, 7), text: m[0] };
}

const QUARTER_NUMBER = /(?<![\w-])q([1-4])(?![\w-])(?:\s*(\d{4}))?|\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b/i;
const QUARTER_WORD = /\b(this|current|last|previous|past|prior)\s+quarter\b/i;
const ORDINAL_QUARTER: Record<string, number> = { first: 0, "1st": 0, second: 1, "2nd": 1, third: 2, "3rd": 2, fourth: 3, "4th": 3 };

/** "Q4" (the latest fourth quarter that has begun), "this quarter" (so far), "last quarter". */
function quarterWindow(text: string, now: Date): TimeWindow | undefined {
  const current = Math.floor(now.getUTCMonth() / 3);
  const word = QUARTER_WORD.exec(text);
  if (word) {
    const from = new Date(Date.UTC(now.getUTCFullYear(), current * 3, 1));
    if (/^(?:this|current)$/i.test(word[1]!)) return { from, text: word[0] };
    return { from: new Date(Date.UTC(now.getUTCFullYear(), current * 3 - 3, 1)), to: from, text: word[0] };
  }
  const m = QUARTER_NUMBER.exec(text);
  if (!m) return undefined;
  const quarter = m[1] ? Number(m[1]) - 1 : ORDINAL_QUARTER[m[3]!.toLowerCase()]!;
  let year = m[2] ? Number(m[2]) : now.getUTCFullYear();
  if (!m[2] && quarter > current) year--;
  return { from: new Date(Date.UTC(year, quarter * 3, 1)), to: new Date(Date.UTC(year, quarter * 3 + 3, 1)), text: m[0] };
}

/** "the last hour of the year 2026", "first day of 2027", "last month of the year": an edge of a year. */
const EDGE_OF_YEAR = /\b(first|last|final)\s+(hour|day|week|month)\s+of\s+(?:the\s+)?(?:year\s+)?(\d{4}|year)\b/i;
const UNIT_MS: Record<string, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

function edgeOfYearWindow(text: string, now: Date): TimeWindow | undefined {
  const m = EDGE_OF_YEAR.exec(text);
  if (!m) return undefined;
  const written = /^\d{4}$/.test(m[3]!);
  const unit = m[2]!.toLowerCase();
  const first = m[1]!.toLowerCase() === "first";
  const thisYear = now.getUTCFullYear();
  // Without a year: the latest such stretch that has begun.
  const begun = first || now.getTime() >= Date.UTC(thisYear + 1, 0, 1) - (unit === "month" ? 31 * 86_400_000 : UNIT_MS[unit]!);
  const year = written ? Number(m[3]) : begun ? thisYear : thisYear - 1;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  if (unit === "month") {
    return first ? { from: new Date(start), to: new Date(Date.UTC(year, 1, 1)), text: m[0] } : { from: new Date(Date.UTC(year, 11, 1)), to: new Date(end), text: m[0] };
  }
  const length = UNIT_MS[unit]!;
  return first ? { from: new Date(start), to: new Date(start + length), text: m[0] } : { from: new Date(end - length), to: new Date(end), text: m[0] };
}

/** A stretch of days, a week of a month, an edge of a year or a quarter, or undefined when the request names none. */
export function stretchWindow(text: string, now: Date): TimeWindow | undefined {
  return edgeOfYearWindow(text, now) ?? weekOfMonthWindow(text, now) ?? dayRangeWindow(text, now) ?? quarterWindow(text, now);
}
