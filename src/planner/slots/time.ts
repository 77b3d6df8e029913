/**
 * Time windows in analyst phrasing, resolved against `now` (UTC):
 * - relative: "last 24 hours", "past 7 days", "in the last hour", "last 2 weeks", "3 days ago";
 * - calendar words: "today", "yesterday", "this week", "this month";
 * - absolute (parsed by chrono-node): "since November 1st", "after 2026-11-01", "before Oct 10",
 *   "between Nov 1 and Nov 5", "on November 3".
 * Relative windows also keep their length so KQL can say `ago(7d)`.
 */
import * as chrono from "chrono-node";

export type DurationUnit = "minutes" | "hours" | "days" | "weeks" | "months" | "years";

export interface TimeWindow {
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  /** Set for windows that end now ("last 7 days"): the window length. */
  lookback?: { amount: number; unit: DurationUnit };
  /** The words that gave the window (for explanations and for masking before other extractors). */
  text: string;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, twenty: 20, "twenty-four": 24, thirty: 30, "forty-eight": 48,
  ninety: 90,
};

const UNIT_ALIASES: Record<string, DurationUnit> = {
  m: "minutes", min: "minutes", mins: "minutes", minute: "minutes", minutes: "minutes",
  h: "hours", hr: "hours", hrs: "hours", hour: "hours", hours: "hours",
  d: "days", day: "days", days: "days",
  w: "weeks", wk: "weeks", wks: "weeks", week: "weeks", weeks: "weeks",
  mo: "months", month: "months", months: "months",
  y: "years", yr: "years", year: "years", years: "years",
};
const UNIT_WORDS = Object.keys(UNIT_ALIASES).sort((a, b) => b.length - a.length).join("|");
const AMOUNT = `\\d{1,4}|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join("|")}`;

/** "last 24 hours", "past 7d", "previous week", "within the last hour", "over the past 2 weeks". */
const LOOKBACK = new RegExp(
  `\\b(?:last|past|previous|prior|preceding|recent|within(?:\\s+the)?(?:\\s+(?:last|past))?|(?:over|for|during)(?:\\s+the)?(?=\\s+\\d))\\s*(${AMOUNT})?\\s*(${UNIT_WORDS})\\b`,
  "i",
);
/** "3 days ago", "an hour ago" (a start point: from then until now). */
const AGO = new RegExp(`\\b(${AMOUNT})\\s*(${UNIT_WORDS})\\s+ago\\b`, "i");
/** "24h", "7d" standing alone ("alerts 24h"). */
const COMPACT = /\b(\d{1,4})\s*(h|d|w)\b(?![-\w])/i;

function amountOf(word: string | undefined): number {
  if (word === undefined || word === "") return 1;
  const n = Number(word);
  return Number.isFinite(n) ? n : (NUMBER_WORDS[word.toLowerCase()] ?? 1);
}

// Calendar arithmetic on the UTC calendar, so results do not depend on the machine's time zone
// (date-fns works in local time).
const DAY_MS = 86_400_000;
const UNIT_MS: Partial<Record<DurationUnit, number>> = { minutes: 60_000, hours: 3_600_000, days: DAY_MS, weeks: 7 * DAY_MS };
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);

export function subtractUtc(now: Date, amount: number, unit: DurationUnit): Date {
  const ms = UNIT_MS[unit];
  if (ms !== undefined) return new Date(now.getTime() - amount * ms);
  const months = unit === "months" ? amount : amount * 12;
  const shifted = new Date(now.getTime());
  // Clamp the day so "1 month before March 31" is the end of February, not early March.
  const targetMonthLength = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + 1, 0)).getUTCDate();
  shifted.setUTCDate(1);
  shifted.setUTCMonth(now.getUTCMonth() - months);
  shifted.setUTCDate(Math.min(now.getUTCDate(), targetMonthLength));
  return shifted;
}

function lookbackWindow(now: Date, amount: number, unit: DurationUnit, text: string): TimeWindow {
  return { from: subtractUtc(now, amount, unit), lookback: { amount, unit }, text };
}

/** Calendar words. UTC keeps the result independent of the machine's zone. */
function calendarWindow(text: string, now: Date): TimeWindow | undefined {
  const lower = text.toLowerCase();
  const today = startOfUtcDay(now);
  if (/\b(?:since|after)\s+yesterday\b/.test(lower)) return { from: addDays(today, -1), text: "yesterday" };
  if (/\byesterday\b/.test(lower)) return { from: addDays(today, -1), to: today, text: "yesterday" };
  if (/\b(?:today|so far today|since midnight)\b/.test(lower)) return { from: today, text: "today" };
  if (/\bthis week\b/.test(lower)) {
    // ISO weeks start on Monday.
    const daysSinceMonday = (today.getUTCDay() + 6) % 7;
    return { from: addDays(today, -daysSinceMonday), text: "this week" };
  }
  if (/\bthis month\b/.test(lower)) {
    return { from: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), text: "this month" };
  }
  return undefined;
}

/** A chrono result as an instant; a date without a time means the start of that UTC day. */
function instantOf(components: chrono.ParsedComponents, now: Date, mustBePast: boolean): Date {
  let date = components.date();
  if (!components.isCertain("hour")) date = startOfUtcDay(date);
  if (mustBePast && date.getTime() > now.getTime()) {
    // "since Monday" means the last Monday; "since November 1st" in October means last year's.
    if (!components.isCertain("day") && !components.isCertain("month")) date = addDays(date, -7);
    else if (!components.isCertain("year")) date = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()));
  }
  return date;
}

function absoluteWindow(text: string, now: Date): TimeWindow | undefined {
  const results = chrono.parse(text, { instant: now, timezone: "UTC" }, { forwardDate: false });
  // Only dates an analyst actually wrote: a month, a day of month or a weekday ("right now" is not a window).
  const dated = results.filter(
    (r) => (r.start.isCertain("month") || r.start.isCertain("day") || r.start.isCertain("weekday")) && !/^(?:right\s+)?now$|^currently$|^at the moment$/i.test(r.text.trim()),
  );
  const first = dated[0];
  if (!first) return undefined;
  const before = text.slice(0, first.index).toLowerCase();
  const lead = /(\b(?:since|after|from|starting|later than|newer than|between)|\b(?:before|until|till|up to|prior to|earlier than|older than)|\bon)\s+(?:the\s+)?$/.exec(before)?.[1] ?? "";
  const start = instantOf(first.start, now, true);
  const second = dated[1];
  if (first.end) {
    const end = first.end.isCertain("hour") ? first.end.date() : addDays(startOfUtcDay(first.end.date()), 1);
    return { from: start, to: end, text: first.text };
  }
  if (/between|from/.test(lead) && second && /\b(?:and|to|until|through|-)\s*(?:the\s+)?$/i.test(text.slice(first.index + first.text.length, second.index))) {
    const endComponents = second.start;
    const end = endComponents.isCertain("hour") ? endComponents.date() : addDays(startOfUtcDay(endComponents.date()), 1);
    return { from: start, to: end, text: text.slice(first.index, second.index + second.text.length) };
  }
  if (/^(?:before|until|till|up to|prior to|earlier than|older than)$/.test(lead)) return { to: start, text: first.text };
  if (/^(?:since|after|from|starting|later than|newer than)$/.test(lead)) return { from: start, text: first.text };
  // "on November 3" or a bare date: that whole day, unless a time was given.
  if (first.start.isCertain("hour")) return { from: start, text: first.text };
  return { from: start, to: addDays(start, 1), text: first.text };
}

/**
 * The request's time window, or undefined when it names none. `text` should have identifiers
 * masked out (long digit strings read as dates otherwise).
 */
export function extractTimeWindow(text: string, now: Date): TimeWindow | undefined {
  const lookback = LOOKBACK.exec(text);
  if (lookback) {
    return lookbackWindow(now, amountOf(lookback[1]), UNIT_ALIASES[lookback[2]!.toLowerCase()]!, lookback[0]);
  }
  const ago = AGO.exec(text);
  if (ago) return lookbackWindow(now, amountOf(ago[1]), UNIT_ALIASES[ago[2]!.toLowerCase()]!, ago[0]);
  const calendar = calendarWindow(text, now);
  if (calendar) return calendar;
  const absolute = absoluteWindow(text, now);
  if (absolute) return absolute;
  const compact = COMPACT.exec(text);
  if (compact) return lookbackWindow(now, amountOf(compact[1]), UNIT_ALIASES[compact[2]!.toLowerCase()]!, compact[0]);
  return undefined;
}

/** KQL timespan literal for a lookback ("7d", "24h", "30m"); months and years as days. */
export function kqlTimespan(lookback: { amount: number; unit: DurationUnit }): string {
  switch (lookback.unit) {
    case "minutes": return `${lookback.amount}m`;
    case "hours": return `${lookback.amount}h`;
    case "days": return `${lookback.amount}d`;
    case "weeks": return `${lookback.amount * 7}d`;
    case "months": return `${lookback.amount * 30}d`;
    case "years": return `${lookback.amount * 365}d`;
  }
}
