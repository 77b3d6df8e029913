/**
 * Time windows in analyst phrasing, resolved against `now` (UTC):
 * - relative: "last 24 hours", "past 7 days", "in the last hour", "last 2 weeks", "3 days ago",
 *   "since two days"; and their complement, "more than a week ago" (everything before then);
 * - calendar words: "today", "yesterday", "this week", "since the start of the week", "this month";
 * - clock times (time/clock.ts): "since 6 am today", "after 22:00 yesterday", "between 9 and 12 this morning";
 * - stretches (time/ranges.ts): "between 20 and 25 nov", "first week of november", "Q4";
 * - absolute (parsed by chrono-node): "since November 1st", "after 2026-11-01", "before Oct 10",
 *   "between Nov 1 and Nov 5", "on November 3", "after 20 Dec but before Christmas".
 * An end day is included: the window ends at the midnight after it. "so far" leaves a window open.
 * Relative windows also keep their length so KQL can say `ago(7d)`.
 */
import * as chrono from "chrono-node";
import { clockWindow } from "./time/clock.js";
import { stretchWindow } from "./time/ranges.js";
import { originalSpan, rewrite, unchanged, type Rewritten } from "./time/rewrite.js";
import { addDays, atClock, DAY_MS, latestDate, MONTH_NAME, monthIndex, startOfUtcDay } from "./time/utc.js";

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
  ninety: 90, "a couple of": 2, "couple of": 2, "a few": 3, few: 3,
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

/**
 * "last 24 hours", "past 7d", "previous week", "within the last hour", "over the past 2 weeks", and
 * the non-native "since two days" (a number and a unit after "since": not a date) and "in 3 days"
 * (within them; "expires in 30 days" looks ahead and is no window).
 */
const LOOKBACK = new RegExp(
  `\\b(?:last|past|previous|prior|preceding|recent|within(?:\\s+the)?(?:\\s+(?:last|past))?|(?:over|for|during)(?:\\s+the)?(?=\\s+\\d)|since(?=\\s+(?:${AMOUNT})\\s*(?:${UNIT_WORDS})\\b(?!\\s+ago))|(?<!\\b(?:expir\\w*|valid\\w*|due|renew\\w*|ends?|runs? out)\\s+)in(?=\\s+(?:\\d{1,4}|two|three|four|five|six|seven|ten|fourteen|thirty)\\s*(?:${UNIT_WORDS})\\b(?!\\s+(?:ago|from now|time|advance))))\\s*(${AMOUNT})?\\s*(${UNIT_WORDS})\\b`,
  "i",
);
/** "more than a week ago", "older than 30 days", the non-native "before 14 days": everything before that instant. */
const OLDER = new RegExp(`\\b(?:(?:more\\s+than|over|at\\s+least|longer\\s+than)\\s+(${AMOUNT})\\s*(${UNIT_WORDS})\\s+ago|older\\s+than\\s+(${AMOUNT})\\s*(${UNIT_WORDS})|(?:before|prior\\s+to)\\s+(?:more\\s+than\\s+)?(${AMOUNT})\\s*(${UNIT_WORDS})(?!\\s+ago))\\b`, "i");
/** "3 days ago", "an hour ago" (a start point: from then until now). */
const AGO = new RegExp(`\\b(${AMOUNT})\\s*(${UNIT_WORDS})\\s+ago\\b`, "i");
/** "24h", "7d" standing alone ("alerts 24h"). */
const COMPACT = /\b(\d{1,4})\s*(h|d|w)\b(?![-\w])/i;
/**
 * A length with no lead word ("resolved alerts from entra id protection, 30 days", "OpenProcessApiCall
 * on lsass.exe in 3 days"): the stretch up to now, as a ticket's terse tail means it. Not a
 * validity, a retention, a cadence or an age ("valid for 30 days", "every 2 hours", "14 days old").
 */
const BARE_LENGTH = new RegExp(
  `(?<!\\b(?:valid|validity|expir\\w*|retain\\w*|retention|keep|every|each|than|top|first|next|per)\\s+(?:for\\s+|in\\s+|of\\s+)?)\\b(\\d{1,4}|${Object.keys(NUMBER_WORDS).filter((w) => !/^(?:a|an)$/.test(w)).sort((a, b) => b.length - a.length).join("|")})\\s*(minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?)\\b(?!\\s+(?:ago|later|from now|old|back|before|after|of\\b|long|in advance))`,
  "i",
);

function amountOf(word: string | undefined): number {
  if (word === undefined || word === "") return 1;
  const n = Number(word);
  return Number.isFinite(n) ? n : (NUMBER_WORDS[word.toLowerCase()] ?? 1);
}

const UNIT_MS: Partial<Record<DurationUnit, number>> = { minutes: 60_000, hours: 3_600_000, days: DAY_MS, weeks: 7 * DAY_MS };

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

/** "today" as a word, not inside a host or domain name ("shop-deals-today.biz"). */
const TODAY = /(?<![\w.-])(?:so far today|today|since midnight)(?![\w-]|\.\w)/;
/** Words after a time word that make it name a shift or a rota, not a window ("the weekend on-call"). */
const ROTA_WORDS = "on-?call|shift|team|crew|rota|duty|handover";
const ROTA = `(?!\\s+(?:${ROTA_WORDS})\\b)`;
const ROTA_NEXT = new RegExp(`^\\s+(?:${ROTA_WORDS})\\b`, "i");

const WEEKEND = new RegExp(`\\b(?:over |during |from |on |at |for )?(?:the |this |last |past )?weekend\\b${ROTA}`);
const PART_OF_TODAY = new RegExp(`\\bthis (morning|afternoon|evening)\\b${ROTA}`);

/** The hour a part of the day starts at. */
const PART_START: Record<string, number> = { morning: 0, afternoon: 12, evening: 18 };

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
  const day = TODAY.exec(lower);
  if (day) return { from: today, text: day[0] };
  const week = /\b(?:this week|(?:start|beginning) of (?:the |this )?week|week to date|wtd)\b/.exec(lower);
  if (week) {
    // ISO weeks start on Monday.
    const daysSinceMonday = (today.getUTCDay() + 6) % 7;
    return { from: addDays(today, -daysSinceMonday), text: week[0] };
  }
  const monthStart = /\b(?:this month|(?:start|beginning) of (?:the |this )?month|month to date|mtd)\b/.exec(lower);
  if (monthStart) return { from: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)), text: monthStart[0] };
  const yearStart = /\b(?:this year|(?:start|beginning) of (?:the |this )?year|year to date|ytd)\b/.exec(lower);
  if (yearStart) return { from: new Date(Date.UTC(today.getUTCFullYear(), 0, 1)), text: yearStart[0] };
  const weekend = WEEKEND.exec(lower);
  if (weekend) {
    // The latest Saturday and Sunday: the one in progress, else the one before today.
    const weekday = today.getUTCDay();
    const saturday = addDays(today, weekday === 6 ? 0 : -((weekday + 1) % 7));
    const previous = /\blast weekend\b/.test(lower) && (weekday === 6 || weekday === 0);
    const from = previous ? addDays(saturday, -7) : saturday;
    return { from, to: addDays(from, 2), text: weekend[0] };
  }
  // A part of today runs from its start: the morning from midnight, the afternoon from noon.
  const part = PART_OF_TODAY.exec(lower);
  if (part) return { from: atClock(today, PART_START[part[1]!] ?? 0), text: part[0] };
  return undefined;
}

/** "between the 3rd and the 5th", "from the 28th to the 2nd": days of the month, no month named. */
const ORDINAL_DAY_RANGE = new RegExp(
  `\\b(?:between|from)\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\s*(?:and|to|until|till|through|thru|-|–)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:of\\s+)?(?:${MONTH_NAME})\\b)`,
);
/**
 * "since the 15th", "on the 3rd", "before the 1st of the month": a day of the current month, or of
 * the previous one when that day has not come yet. A month name after it is chrono's job.
 */
function ordinalDayWindow(lower: string, today: Date): TimeWindow | undefined {
  const range = ORDINAL_DAY_RANGE.exec(lower);
  if (range) {
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (first < 1 || first > 31 || last < 1 || last > 31) return undefined;
    // The latest such stretch that has begun; "the 28th to the 3rd" runs into the next month.
    const month = today.getUTCMonth() - (first > today.getUTCDate() ? 1 : 0);
    const from = new Date(Date.UTC(today.getUTCFullYear(), month, first));
    const end = new Date(Date.UTC(today.getUTCFullYear(), month + (last < first ? 1 : 0), last));
    return { from, to: addDays(end, 1), text: range[0] };
  }
  const m = /\b(since|after|from|on|before|until)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\s+(?:the|this)\s+month\b)?(?!\s+(?:of\s+)?[a-z]{3,}\b(?<!\b(?:and|to|or|for|with|in|on|at|from|until|till|please)))/.exec(lower);
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

const MONTH_THE_DAY = new RegExp(`\\b(${MONTH_NAME})\\s+the\\s+(\\d{1,2}(?:st|nd|rd|th))\\b`, "gi");

/** Rewrites phrases chrono does not know into ones it does; lengths may change, offsets are kept. */
function chronoFriendly(text: string): Rewritten {
  // Holidays are dates already (spelledOut runs first).
  let out = unchanged(text);
  // "since the 15th" / "since the 1st of the month": a day of the current month.
  out = rewrite(out, /\b(\d{1,2})(?:st|nd|rd|th) of (?:the |this )month\b/gi, (_m, day) => `${day}th`);
  // "december the 5th" → "december 5th".
  return rewrite(out, MONTH_THE_DAY, (_m, month, day) => `${month} ${day}`);
}

const MONTH_WORD = new RegExp(
  `(?<!\\d(?:st|nd|rd|th)?\\s*(?:of\\s+)?)\\b(?:(in|during|for|since|after|from|before|until|throughout)\\s+)?(?:(?:the\\s+)?(start|beginning)\\s+of\\s+)?(?:(?:the\\s+)?month\\s+of\\s+)?(${MONTH_NAME})\\b(?:,?\\s+((?:19|20)\\d{2})\\b)?(?!\\.?\\s*\\d|\\.?\\s+(?:the\\s+)?\\d|:)`,
  "i",
);

/**
 * "in October", "since March", "alerts from December": a whole named month, the latest one not in
 * the future (or of the year written after it: "october 2026"); "since the start of november" is
 * open-ended.
 */
function namedMonthWindow(text: string, now: Date): TimeWindow | undefined {
  const m = MONTH_WORD.exec(text);
  if (!m) return undefined;
  const lead = m[1]?.toLowerCase();
  const name = m[3]!.toLowerCase();
  // "may" is a verb: it needs a preposition; "Jan Novak" is a name.
  if (!lead && !m[2] && (name === "may" || /^\s+[A-Z][a-z]/.test(text.slice(m.index + m[0].length)))) return undefined;
  const index = monthIndex(name);
  // "october 2026": the year the analyst wrote, else the latest such month not in the future.
  const from = m[4] ? new Date(Date.UTC(Number(m[4]), index, 1)) : latestDate(now, index, 1);
  const to = new Date(Date.UTC(from.getUTCFullYear(), index + 1, 1));
  if (m[2] || lead === "since") return { from, text: m[0] };
  if (lead === "after") return { from: to, text: m[0] };
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

/** What the words before a date make of it. */
type Lead = "since" | "after" | "from" | "between" | "before" | "through" | "on";
const LEAD_WORDS: [RegExp, Lead][] = [
  [/^(?:since|starting|later than|newer than|>=)$/, "since"],
  [/^(?:after|>)$/, "after"],
  [/^from$/, "from"],
  [/^between$/, "between"],
  [/^(?:before|until|till|up to|prior to|earlier than|older than|<)$/, "before"],
  [/^<=$/, "through"],
];
const LEAD = /(\b(?:since|after|from|starting|later than|newer than|between|before|until|till|up to|prior to|earlier than|older than)|[<>]=?)\s*[=:]?\s*(?:the\s+)?$/;

function leadOf(text: string, index: number): Lead {
  const word = LEAD.exec(text.slice(0, index).toLowerCase())?.[1] ?? "";
  return LEAD_WORDS.find(([pattern]) => pattern.test(word))?.[1] ?? "on";
}

/** A range's end belongs to the same stretch as its start: "Dec 24 to 26" last year ends last year. */
function alignEnd(end: Date, start: Date, yearCertain: boolean): Date {
  if (yearCertain) return end;
  let out = end;
  const shift = (d: Date, years: number) => new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()));
  while (out.getTime() - start.getTime() > 366 * DAY_MS) out = shift(out, -1);
  while (out.getTime() < start.getTime()) out = shift(out, 1);
  return out;
}

/** The exclusive end of a range that ends at `components`: its instant, or the midnight after its day. */
function endOf(components: chrono.ParsedComponents, start: Date): Date {
  const weekday = components.get("weekday");
  if (weekday !== null && !components.isCertain("day") && !components.isCertain("hour")) {
    // "Monday to Wednesday": the first Wednesday from that Monday on, to its end.
    return addDays(startOfUtcDay(start), ((weekday - start.getUTCDay() + 7) % 7) + 1);
  }
  const end = components.isCertain("hour") ? components.date() : addDays(startOfUtcDay(components.date()), 1);
  return alignEnd(end, start, components.isCertain("year"));
}

/** Dates in the future ("follow up tomorrow", "next week") name no window to search. */
const FUTURE = /\b(?:tomorrow|tonight|next|coming|upcoming)\b/i;

/** A date chrono found that the analyst wrote as a date: not in the future, not inside a name, not a rota. */
function writtenAsDate(r: chrono.ParsedResult, text: string): boolean {
  if (!(r.start.isCertain("month") || r.start.isCertain("day") || r.start.isCertain("weekday"))) return false;
  // "right now" is not a window.
  if (/^(?:right\s+)?now$|^currently$|^at the moment$/i.test(r.text.trim()) || FUTURE.test(r.text)) return false;
  const after = text.slice(r.index + r.text.length);
  // "shop-deals-today.biz", "…_2026-12-19", "the weekend on-call".
  // "version 10.2.2027" is a version number.
  const before = text.slice(0, r.index);
  return !/[\w-]$/.test(before) && !VERSION_BEFORE.test(before) && !/^(?:[\w-]|\.\w)/.test(after) && !ROTA_NEXT.test(after);
}

function absoluteWindow(original: string, now: Date): TimeWindow | undefined {
  const friendly = chronoFriendly(original);
  const text = friendly.text;
  // The analyst's words for a span of the rewritten text ("New Year's Day", not "Jan 1").
  const words = (index: number, length: number) => originalSpan(friendly, original, index, length);
  const results = chrono.parse(text, { instant: now, timezone: "UTC" }, { forwardDate: false });
  // Only dates an analyst actually wrote: a month, a day of month or a weekday.
  const dated = results.filter((r) => writtenAsDate(r, text));
  const first = dated[0];
  if (!first) return undefined;
  const lead = leadOf(text, first.index);
  // A window read with its preposition ("after 20 Dec but before Christmas") carries it, so no outer lead applies again.
  const leadAt = lead === "on" ? first.index : (LEAD.exec(text.slice(0, first.index).toLowerCase())?.index ?? first.index);
  const start = instantOf(first.start, now, true);
  const timed = first.start.isCertain("hour");
  if (first.end) {
    const end = endOf(first.end, start);
    // "from Saturday 00:00 until now" is open-ended.
    return Math.abs(end.getTime() - now.getTime()) <= 60_000 ? { from: start, text: words(first.index, first.text.length) } : { from: start, to: end, text: words(first.index, first.text.length) };
  }
  const second = dated[1];
  const joined = second && /^\s*(?:and|to|until|till|through|thru|-|–)\s*(?:on\s+)?(?:the\s+)?$/i.test(text.slice(first.index + first.text.length, second.index));
  // "between Nov 1 and Nov 5", "from Monday to Wednesday", "christmas eve and christmas day".
  if (second && joined && (lead === "between" || lead === "from" || lead === "on")) {
    return { from: start, to: endOf(second.start, start), text: words(first.index, second.index + second.text.length - first.index) };
  }
  // "launched from 1 Jan 2027", "activity, from 10 of January": a starting point with no end runs
  // to now, as "since" does; "alerts from 3 October", "audit <id> from 28 Nov" are items of that day.
  const fromDay = lead === "from" && !timed && ITEMS_FROM.test(text.slice(0, leadAt));
  // "after 1 March", like "since 1 March", runs from that day's start (analysts mean the day on);
  // "after 15 Nov 09:30" from that instant.
  if (lead === "since" || lead === "after" || (lead === "from" && !fromDay)) {
    // "after 20 Dec but before Christmas": a later "before" closes the window.
    const close = dated.slice(1).find((r) => leadOf(text, r.index) === "before");
    return close ? { from: start, to: alignEnd(instantOf(close.start, now, false), start, close.start.isCertain("year")), text: words(leadAt, close.index + close.text.length - leadAt) } : { from: start, text: words(first.index, first.text.length) };
  }
  if (lead === "before") return { to: start, text: words(first.index, first.text.length) };
  if (lead === "through") return { to: timed ? start : addDays(start, 1), text: words(first.index, first.text.length) };
  // "on November 3" or a bare date: that whole day, unless a time was given.
  if (timed) return { from: start, text: words(first.index, first.text.length) };
  return { from: start, to: addDays(start, 1), text: words(first.index, first.text.length) };
}

/** A collection's noun or a blanked identifier right before "from": the date says which day's items. */
const ITEMS_FROM = /(?:\b(?:alerts?|incidents?|ids?|audits?|records?|logs?|events?|entries|sign-?ins?|logins?|detections?|changes|activit(?:y|ies)|items|ones)|\S\s{6,})\s*$/i;

const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"];
/** "twenty-first" … "thirty-first" as well as "first" … "twentieth", longest first. */
const DAY_ORDINALS: [string, number][] = [
  ...ORDINAL_WORDS.map((w, i): [string, number] => [w, i + 1]),
  ...ORDINAL_WORDS.slice(0, 9).map((w, i): [string, number] => [`twenty-${w}`, 21 + i]),
  ["thirtieth", 30] as [string, number],
  ["thirty-first", 31] as [string, number],
].sort((a, b) => b[0].length - a[0].length);
const ORDINAL_OF = new RegExp(`\\b(${DAY_ORDINALS.map(([w]) => w).join("|")})\\s+of\\s+(?=(?:the\\s+|this\\s+)?month\\b|(?:${MONTH_NAME})\\b)`, "gi");

const DAY_ORDINAL = new Map(DAY_ORDINALS);

/** Rewrites spelled-out forms into the ones the readers know; lengths may change, offsets are kept. */
function spelledOut(text: string): Rewritten {
  // Holidays as dates first, so clock readers see them too ("between 23:00 on NYE and 01:00").
  let out = unchanged(text);
  for (const [pattern, date] of HOLIDAYS) out = rewrite(out, pattern, () => date);
  // "les 3 derniers jours" read as "3 last days": the number after the lead, as English writes it.
  out = rewrite(out, new RegExp(`\\b(\\d{1,4})\\s+(last|past|previous)\\s+(${UNIT_WORDS})\\b`, "gi"), (_m, n, lead, unit) => `${lead} ${n} ${unit}`);
  out = rewrite(out, /\b(a|one|the|last|past|previous)\s+fortnight\b/gi, (_m, lead) => (/^(?:a|one|the)$/i.test(lead) ? "past 2 weeks" : `${lead} 2 weeks`));
  out = rewrite(out, /\b(\w+)\s+fortnights\b/gi, (m, n) => (NUMBER_WORDS[n.toLowerCase()] || Number(n) ? `${amountOf(n) * 2} weeks` : m));
  out = rewrite(out, /\b(?:a\s+)?quarter(?:\s+of\s+an|\s*-\s*|\s+)hour\b/gi, () => "15 minutes");
  out = rewrite(out, /\bhalf(?:\s+an|\s*-\s*|\s+)hour\b/gi, () => "30 minutes");
  out = rewrite(out, ORDINAL_OF, (_m, word) => `${DAY_ORDINAL.get(word.toLowerCase())}th of `);
  // "from 20 Dec until today", "since the 3rd up to now": a start run on to the present.
  out = rewrite(out, /(\b(?:from|since|starting)\b[^.?!;]{1,40}?)\s+(?:until|till|to|up to|through|thru)\s+(?:today|now)\b/gi, (_m, start) => start);
  out = rewrite(out, DATE_TO_NOW, (_m, start) => `since ${start}`);
  // "seit dem 1. Dezember": a day with the dot of an ordinal before its month.
  out = rewrite(out, GERMAN_ORDINAL_DAY, (_m, day, month) => `${day} ${month}`);
  // "from 20 of December", "the 3rd of Jan": chrono reads "20 December".
  out = rewrite(out, DAY_OF_MONTH, (_m, day, month) => `${day} ${month}`);
  // "2026-12-01..2026-12-10": a range written as two dates and two dots.
  out = rewrite(out, /(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})/g, (_m, a, b) => `${a} to ${b}`);
  // "since 28.11", "between 10.01 and 12.01", "1.1.": a day and month written with dots, as much of
  // Europe writes them, after a word that makes it a date (never a version or an address).
  out = rewrite(out, DOTTED_DATE, (m, lead, day, month, year) => {
    const d = Number(day);
    const mo = Number(month);
    if (d < 1 || d > 31 || mo < 1 || mo > 12) return m;
    return `${lead}${dayMonth(d, mo, year)}`;
  });
  // "created 01.02.2027": a dotted date with its year is a date wherever it stands.
  out = rewrite(out, DOTTED_FULL_DATE, (m, day, month, year) => (Number(day) <= 31 && Number(month) <= 12 ? dayMonth(Number(day), Number(month), year) : m));
  // "10/01-14/01": a dash between two slashed dates is a range.
  out = rewrite(out, /(?<![\w./:])(\d{1,2}\/\d{1,2})\s*[-–]\s*(\d{1,2}\/\d{1,2})(?![\w/:])/g, (_m, a, b) => `${a} to ${b}`);
  // "29/12 to 02/01 (dd/mm)", "12/30 (US)": slashed dates in the order the text says or shows.
  const order = slashOrder(out.text);
  if (order) {
    out = rewrite(out, SLASHED_DATE, (m, a, b, year) => {
      const [d, mo] = order === "dmy" ? [Number(a), Number(b)] : [Number(b), Number(a)];
      return d >= 1 && d <= 31 && mo >= 1 && mo <= 12 ? dayMonth(d, mo, year) : m;
    });
  }
  // "2026-12-24 through 2026-12-26": chrono reads ISO days only in some company, "24 Dec 2026" in all.
  out = rewrite(out, ISO_DAY, (_m, year, month, day) => dayMonth(Number(day), Number(month), year));
  // "1 Feb 2027 00:00 to 3 Feb 2027 12:00": a clock right after a date is that day's UTC time.
  return rewrite(out, DATE_THEN_CLOCK, (_m, date, clock) => `${date} ${clock} UTC`);
}

/** "3 Dec", "3 Dec 2026": the form chrono reads the same in every company. */
function dayMonth(day: number, month: number, year?: string): string {
  return `${day} ${MONTH_ABBREVIATIONS[month - 1]}${year ? ` ${year.length === 2 ? `20${year}` : year}` : ""}`;
}

/** "dec 24 to today", "24th to now": a date run on to the present. */
const DATE_TO_NOW = new RegExp(`\\b((?:${MONTH_NAME})\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)(?:\\s+(?:of\\s+)?(?:${MONTH_NAME}))?|\\d{1,2}\\s+(?:${MONTH_NAME}))\\s*(?:until|till|to|up to|through|thru|-|–)\\s*(?:today|now)\\b`, "gi");
const GERMAN_ORDINAL_DAY = new RegExp(`\\b(\\d{1,2})\\.\\s+(${MONTH_NAME})\\b`, "gi");
const DAY_OF_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+of\\s+(${MONTH_NAME})\\b`, "gi");
const VERSION_BEFORE = /\b(?:version|ver|v|build|release)\s*$/i;
const DOTTED_FULL_DATE = /(?<![\w.:/-])(?<!\b(?:version|ver|v|build|release)\s+)(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w.:/-])/g;
const SLASHED_DATE = /(?<![\w./:-])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\w/:-]|\.\d)/g;
const ISO_DAY = /(?<![\w.:/-])(\d{4})-(\d{2})-(\d{2})(?![\w:-])/g;
const DATE_THEN_CLOCK = new RegExp(`\\b(\\d{1,2}\\s+(?:${MONTH_NAME})(?:\\s+\\d{4})?|(?:${MONTH_NAME})\\s+\\d{1,2}(?:,?\\s+\\d{4})?)\\s+(?:at\\s+)?(\\d{1,2}:\\d{2})(?::\\d{2})?\\b(?!\\s*(?:am|pm|a\\.m|p\\.m|utc|gmt|z|cet|cest|est|edt|cst|cdt|pst|pdt|bst|ist|jst|msk|aest|hrs|h)\\b)`, "gi");
/** Words that say which way a slashed date is written. */
const DAY_FIRST = /\b(?:dd\/mm|d\/m|day\/month|day[- ]first|uk dates?|british dates?|european dates?|eu dates?|german dates?)\b/i;
const MONTH_FIRST = /\b(?:mm\/dd|m\/d|month\/day|month[- ]first|us dates?|american dates?)\b|\(us\)/i;

/**
 * The order of the text's slashed dates: as its words say ("dd/mm", "UK dates", "(US)"), else as a
 * date shows it (a first number over 12 is a day: "29/12"); undefined when nothing tells.
 */
function slashOrder(text: string): "dmy" | "mdy" | undefined {
  if (DAY_FIRST.test(text)) return "dmy";
  if (MONTH_FIRST.test(text)) return "mdy";
  for (const m of text.matchAll(SLASHED_DATE)) {
    if (Number(m[1]) > 12 && Number(m[2]) <= 12) return "dmy";
    if (Number(m[2]) > 12 && Number(m[1]) <= 12) return "mdy";
  }
  return undefined;
}

const MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DOTTED_DATE = /(\b(?:since|from|until|till|to|and|between|before|after|on|by|starting|through)\s+(?:the\s+)?|[-–]\s*)(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2})(?![\d.])|\.(?![\d])|(?![\d.]))(?!\s*(?:days?|hours?|hrs?|weeks?|wks?|minutes?|mins?|months?|years?|[hdwm])\b)/gi;

/** Readers in order of precedence: the more specific phrase wins over a word it contains. */
function firstWindow(text: string, now: Date): TimeWindow | undefined {
  const older = OLDER.exec(text);
  if (older) {
    const amount = amountOf(older[1] ?? older[3] ?? older[5]);
    return { to: subtractUtc(now, amount, UNIT_ALIASES[(older[2] ?? older[4] ?? older[6])!.toLowerCase()]!), text: older[0] };
  }
  const sameTime = /\bthis time (yesterday|last week)\b/i.exec(text);
  if (sameTime) return lookbackWindow(now, 1, /yesterday/i.test(sameTime[1]!) ? "days" : "weeks", sameTime[0]);
  // Before the lookback: "last week of december" is a week of that month.
  const stretch = stretchWindow(text, now);
  if (stretch) return stretch;
  const lookback = LOOKBACK.exec(text);
  if (lookback) {
    const unit = UNIT_ALIASES[lookback[2]!.toLowerCase()]!;
    const calendar = lookback[1] === undefined && /^(?:last|previous|prior)\b/i.test(lookback[0]) ? previousCalendarPeriod(now, unit, lookback[0]) : undefined;
    return calendar ?? lookbackWindow(now, amountOf(lookback[1]), unit, lookback[0]);
  }
  const ago = AGO.exec(text);
  if (ago) return lookbackWindow(now, amountOf(ago[1]), UNIT_ALIASES[ago[2]!.toLowerCase()]!, ago[0]);
  // Before calendar words and chrono: "since 18:00 yesterday" is not all of yesterday.
  const clock = clockWindow(text, now);
  if (clock) return clock;
  const calendar = calendarWindow(text, now);
  if (calendar) return calendar;
  const month = namedMonthWindow(text, now);
  if (month) return month;
  const absolute = absoluteWindow(text, now);
  if (absolute) return absolute;
  const compact = COMPACT.exec(text);
  if (compact) return lookbackWindow(now, amountOf(compact[1]), UNIT_ALIASES[compact[2]!.toLowerCase()]!, compact[0]);
  const bare = BARE_LENGTH.exec(text);
  if (bare) return lookbackWindow(now, amountOf(bare[1]), UNIT_ALIASES[bare[2]!.toLowerCase()]!, bare[0]);
  return undefined;
}

/** "in december so far", "Q4 to date": the window runs until now. */
const SO_FAR = /\b(?:so far|to date|until now|till now|up to now|up until now)\b/i;

/**
 * The request's time window, or undefined when it names none. `text` should have identifiers
 * masked out (long digit strings read as dates otherwise).
 */
export function extractTimeWindow(text: string, now: Date): TimeWindow | undefined {
  const rewritten = spelledOut(text);
  const spelled = rewritten.text;
  const window = firstWindow(spelled, now);
  if (!window) return undefined;
  const led = withLead(window, spelled);
  // The window's words as the analyst wrote them ("a fortnight", not "past 2 weeks").
  const at = spelled.indexOf(led.text);
  const words = at >= 0 ? originalSpan(rewritten, text, at, led.text.length) : led.text;
  if (led.to && led.to.getTime() > now.getTime() && SO_FAR.test(spelled)) return { from: led.from, text: words };
  return { ...led, text: words };
}

/** A preposition just before a window's words ("since the weekend", "before today"). */
const OUTER_LEAD = /\b(since|starting|after|before|prior to|until|till|up to|through)\s+(?:the\s+)?$/i;

/**
 * Applies a preposition the reader left outside the window's words: "since last month" runs on to
 * now, "after yesterday" starts at its end, "before today" and "before Q4" end at its start,
 * "until yesterday" at its end. Windows that name their own preposition are left as they are.
 */
function withLead(window: TimeWindow, text: string): TimeWindow {
  const at = text.indexOf(window.text);
  const lead = at >= 0 && !window.lookback ? OUTER_LEAD.exec(text.slice(0, at)) : null;
  if (!lead || !window.from) return window;
  const word = lead[1]!.toLowerCase();
  const words = text.slice(lead.index, at + window.text.length);
  if (word === "before" || word === "prior to") return { to: window.from, text: words };
  if (!window.to) return window;
  if (word === "since" || word === "starting") return { from: window.from, text: words };
  if (word === "after") return { from: window.to, text: words };
  return { to: window.to, text: words };
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
