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

/** "last month", "previous year" without a number: the previous calendar month or year, not a lookback. */
function previousCalendarPeriod(now: Date, unit: DurationUnit, text: string): TimeWindow | undefined {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (unit === "months") return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)), text };
  if (unit === "years") return { from: new Date(Date.UTC(y - 1, 0, 1)), to: new Date(Date.UTC(y, 0, 1)), text };
  return undefined;
}

function lookbackWindow(now: Date, amount: number, unit: DurationUnit, text: string): TimeWindow {
  return { from: subtractUtc(now, amount, unit), lookback: { amount, unit }, text };
}

/** Calendar words. UTC keeps the result independent of the machine's zone. */
function calendarWindow(text: string, now: Date): TimeWindow | undefined {
  const lower = text.toLowerCase();
  const today = startOfUtcDay(now);
  const dayBefore = /\b(?:the )?day before yesterday\b/.exec(lower);
  if (dayBefore) return { from: addDays(today, -2), to: addDays(today, -1), text: dayBefore[0] };
  const ordinal = ordinalDayWindow(lower, today);
  if (ordinal) return ordinal;
  if (/\b(?:since|after)\s+yesterday\b/.test(lower)) return { from: addDays(today, -1), text: "yesterday" };
  if (/\byesterday\b/.test(lower)) return { from: addDays(today, -1), to: today, text: "yesterday" };
  if (/\b(?:today|so far today|since midnight)\b/.test(lower)) return { from: today, text: "today" };
  if (/\bthis week\b/.test(lower)) {
    // ISO weeks start on Monday.
    const daysSinceMonday = (today.getUTCDay() + 6) % 7;
    return { from: addDays(today, -daysSinceMonday), text: "this week" };
  }
  const monthStart = /\b(?:this month|(?:start|beginning) of (?:the |this )?month|month to date|mtd)\b/.exec(lower);
  if (monthStart) return { from: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), text: monthStart[0] };
  const yearStart = /\b(?:this year|(?:start|beginning) of (?:the |this )?year|year to date|ytd)\b/.exec(lower);
  if (yearStart) return { from: new Date(Date.UTC(today.getUTCFullYear(), 0, 1)), text: yearStart[0] };
  const weekend = /\b(?:over |during |from |on |at |for )?(?:the |this |last |past )?weekend\b/.exec(lower);
  if (weekend) {
    // The latest Saturday and Sunday: the one in progress, else the one before today.
    const day = today.getUTCDay();
    const saturday = addDays(today, day === 6 ? 0 : -((day + 1) % 7));
    const previous = /\blast weekend\b/.test(lower) && (day === 6 || day === 0);
    const from = previous ? addDays(saturday, -7) : saturday;
    return { from, to: addDays(from, 2), text: weekend[0] };
  }
  // "since 7 this morning", "from 6:30 this morning": a clock time today.
  const clock = /\b(?:since|after|from)\s+(\d{1,2})(?::(\d{2}))?\s*(?:am|a\.m\.)?\s+(?:this morning|today)\b/.exec(lower);
  if (clock) {
    const hours = Number(clock[1]);
    const minutes = Number(clock[2] ?? 0);
    if (hours < 24 && minutes < 60) return { from: new Date(today.getTime() + hours * 3_600_000 + minutes * 60_000), text: clock[0] };
  }
  if (/\bthis morning\b/.test(lower)) return { from: today, text: "this morning" };
  return undefined;
}

/**
 * "since the 15th", "on the 3rd", "before the 1st of the month": a day of the current month, or of
 * the previous one when that day has not come yet. A month name after it is chrono's job.
 */
function ordinalDayWindow(lower: string, today: Date): TimeWindow | undefined {
  const m = /\b(since|after|from|on|before|until)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\s+(?:the|this)\s+month\b)?(?!\s+(?:of\s+)?[a-z]{3,}\b(?<!\b(?:and|to|or|for|with|in|on|at|from|until|till|please)))/.exec(lower);
  if (!m) return undefined;
  const day = Number(m[2]);
  if (day < 1 || day > 31) return undefined;
  let date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), day));
  if (date.getTime() > today.getTime()) date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, day));
  const lead = m[1]!;
  if (lead === "on") return { from: date, to: addDays(date, 1), text: m[0] };
  if (lead === "before" || lead === "until") return { to: date, text: m[0] };
  return { from: date, text: m[0] };
}

/** Fixed-date holidays as chrono can read them ("christmas eve" → "Dec 24"). */
const HOLIDAYS: [RegExp, string][] = [
  [/\bchristmas eve\b|\bxmas eve\b/gi, "Dec 24"],
  [/\b(?:christmas|xmas)(?: day)?\b/gi, "Dec 25"],
  [/\bboxing day\b/gi, "Dec 26"],
  [/\bnew year'?s eve\b|\bnye\b/gi, "Dec 31"],
  [/\bnew year'?s?(?: day)?\b/gi, "Jan 1"],
  [/\bhalloween\b/gi, "Oct 31"],
  [/\bvalentine'?s(?: day)?\b/gi, "Feb 14"],
];

/** Rewrites phrases chrono does not know into ones it does; lengths may change. */
function chronoFriendly(text: string): string {
  let out = text;
  for (const [pattern, date] of HOLIDAYS) out = out.replace(pattern, date);
  // "since the 15th" / "since the 1st of the month": a day of the current month.
  return out.replace(/\b(\d{1,2})(?:st|nd|rd|th) of (?:the |this )month\b/gi, "$1th");
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_WORD = /(?<!\d(?:st|nd|rd|th)?\s*(?:of\s+)?)\b(?:(in|during|for|since|after|from|before|until|throughout)\s+(?:the\s+month\s+of\s+)?)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?!\s*\d|\s+(?:the\s+)?\d)/i;

/** "in October", "since March", "alerts from December": a whole named month, the latest one not in the future. */
function namedMonthWindow(text: string, now: Date): TimeWindow | undefined {
  const m = MONTH_WORD.exec(text);
  if (!m) return undefined;
  // "may" is also a verb: only with a preposition.
  if (/^may$/i.test(m[2]!) && !m[1]) return undefined;
  const index = MONTHS.findIndex((name) => name.startsWith(m[2]!.toLowerCase().slice(0, 3)));
  if (index < 0) return undefined;
  let year = now.getUTCFullYear();
  if (Date.UTC(year, index, 1) > now.getTime()) year--;
  const from = new Date(Date.UTC(year, index, 1));
  const to = new Date(Date.UTC(year, index + 1, 1));
  const lead = m[1]?.toLowerCase();
  if (lead === "since" || lead === "after") return { from: lead === "after" ? to : from, text: m[0] };
  if (lead === "before" || lead === "until") return { to: from, text: m[0] };
  return { from, to, text: m[0] };
}

/** A chrono result as an instant; a date without a time means the start of that UTC day. */
function instantOf(components: chrono.ParsedComponents, now: Date, mustBePast: boolean): Date {
  let date = components.date();
  if (!components.isCertain("hour")) date = startOfUtcDay(date);
  if (mustBePast && date.getTime() > now.getTime()) {
    // "since Monday" means the last Monday; "since November 1st" in October means last year's.
    if (!components.isCertain("day") && !components.isCertain("month")) date = addDays(date, -7);
    else if (components.isCertain("day") && !components.isCertain("month")) date = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()));
    else if (!components.isCertain("year")) date = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()));
  }
  return date;
}

function absoluteWindow(original: string, now: Date): TimeWindow | undefined {
  const text = chronoFriendly(original);
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
    // "from Saturday 00:00 until now" is open-ended.
    return end.getTime() >= now.getTime() - 60_000 ? { from: start, text: first.text } : { from: start, to: end, text: first.text };
  }
  const joined = second && /^\s*(?:and|to|until|till|through|thru|-|–)\s*(?:on\s+)?(?:the\s+)?$/i.test(text.slice(first.index + first.text.length, second.index));
  // "between Nov 1 and Nov 5", "from Monday to Wednesday", "christmas eve and christmas day".
  if (second && joined && (/between|from/.test(lead) || lead === "" || lead === "on")) {
    const endComponents = second.start;
    let end = endComponents.isCertain("hour") ? endComponents.date() : addDays(startOfUtcDay(endComponents.date()), 1);
    // The end belongs to the same stretch as the start: "Dec 24 and Dec 25" last year stays last year.
    while (end.getTime() - start.getTime() > 366 * DAY_MS && !endComponents.isCertain("year")) end = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes()));
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
  text = text.replace(/\b(a|one|the|last|past|previous)\s+fortnight\b/gi, (_m, lead: string) => (/^(?:a|one|the)$/i.test(lead) ? "past 2 weeks" : `${lead} 2 weeks`)).replace(/\b(\w+)\s+fortnights\b/gi, (m, n: string) => (NUMBER_WORDS[n.toLowerCase()] || Number(n) ? `${amountOf(n) * 2} weeks` : m));
  const lookback = LOOKBACK.exec(text);
  if (lookback) {
    const unit = UNIT_ALIASES[lookback[2]!.toLowerCase()]!;
    const calendar = lookback[1] === undefined && /^(?:last|previous|prior)\b/i.test(lookback[0]) ? previousCalendarPeriod(now, unit, lookback[0]) : undefined;
    return calendar ?? lookbackWindow(now, amountOf(lookback[1]), unit, lookback[0]);
  }
  const ago = AGO.exec(text);
  if (ago) return lookbackWindow(now, amountOf(ago[1]), UNIT_ALIASES[ago[2]!.toLowerCase()]!, ago[0]);
  const calendar = calendarWindow(text, now);
  if (calendar) return calendar;
  const month = namedMonthWindow(text, now);
  if (month) return month;
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
