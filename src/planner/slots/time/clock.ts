/**
 * Clock-time windows: "since 6 am today", "after 22:00 yesterday", "this morning since 7",
 * "between 09:00 and 17:00 yesterday", "yesterday 18:00 to midnight", "since 8".
 *
 * A clock time is a window only after a word that makes it one (since, after, from, between,
 * before …): "around 03:00" and "Handover 07:00" are context. A clock time without a day is its
 * latest occurrence, so "since 22:00" read at 06:00 is yesterday evening.
 */
import type { TimeWindow } from "../time.js";
import { addDays, atClock, DAY_MS, latestDate, MONTH_NAME, monthIndex, startOfUtcDay } from "./utc.js";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const PART = "morning|afternoon|evening|night";
/** A calendar date a clock time can belong to: "18 Nov", "Nov 18th", "2026-11-18". */
const DATE = `(?:(\\d{4})-(\\d{2})-(\\d{2})|(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAME})(?:\\s+(\\d{4}))?|(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?)\\b`;
/** A day a clock time can belong to (DATE's groups made non-capturing, so DAY's users keep their group numbers). */
const DAY = `(?:early\\s+)?(?:today|tonight|this\\s+(?:${PART})|last\\s+night|(?:yesterday|yday)(?:\\s+(?:${PART}))?|(?:last\\s+)?(?:${WEEKDAYS.join("|")})(?:\\s+(?:${PART}))?|${DATE.replace(/\((?!\?)/g, "(?:")})`;
/**
 * A clock time: "18:00", "6 am", "6pm", "8h", "7 o'clock", "midnight", "noon", or a bare hour.
 * It never runs into a date, a duration or an identifier ("20 Nov", "8 hours", "15th", "09:00Z").
 */
const TIME_OF_DAY =
  "(?:\\d{1,2}(?::\\d{2}){1,2}(?:\\s*[ap]\\.?m\\.?(?![a-z]))?|\\d{1,2}\\s*(?:[ap]\\.?m\\.?(?![a-z])|o'?clock|h(?![a-z]))|midnight|noon|midday|lunch(?:time)?|\\d{1,2}(?![-–]))" +
  "(?![\\w:/]|\\.\\d|\\s*(?:st|nd|rd|th|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?)\\b|\\s+(?:of\\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\b)";
/** A clock time that starts a phrase, not the tail of a date or an identifier ("2026-11-18", "T09:00"). */
const TIME = `(?<![\\w:/.-])${TIME_OF_DAY}`;
const SINCE = "(?:since|after|from|starting(?:\\s+(?:at|from))?|as\\s+of)";
const BEFORE = "(?:before|until|till|up\\s+to|prior\\s+to)";

/** "yesterday between 1am and 5am", "between midnight and 3am today", "00:00-06:00". */
const RANGE = new RegExp(
  `(?:(${DAY})[\\s,:(]+)?(?:(between|from)\\s+)?(${TIME})\\s*(?:and|to|until|till|through|-|–)\\s*(${TIME_OF_DAY})(?:[\\s,)]+(?:on\\s+)?(${DAY}))?`,
  "i",
);
/** "since 18:00 yesterday", "since yesterday morning 8", "since Monday 00:00", "since 8". */
const SINCE_CLOCK = new RegExp(`\\b(${SINCE})\\s+(?:(${DAY})\\s+(?:at\\s+)?)?(${TIME})(?:\\s+(?:on\\s+)?(${DAY}))?`, "i");
/** "this morning since 7", "from this morning (since 6)", "Friday evening after 17:00". */
const DAY_SINCE_CLOCK = new RegExp(`\\b(${DAY})[\\s,(]*(?:since|after|from)\\s+(${TIME})`, "i");
/** "before 08:00 today", "until 17:00 yesterday". */
const BEFORE_CLOCK = new RegExp(`\\b${BEFORE}\\s+(?:(${DAY})\\s+)?(${TIME})(?:\\s+(?:on\\s+)?(${DAY}))?`, "i");

interface Clock {
  hours: number;
  minutes: number;
  /** Written without am/pm ("7", "19:00", "8h"), so a part of the day may move it to the afternoon. */
  plain: boolean;
  /** A bare number ("since 8"): a clock time only where nothing else can be meant. */
  bare: boolean;
}

function parseClock(text: string): Clock | undefined {
  const t = text.toLowerCase().replace(/\s+/g, "");
  if (t === "midnight") return { hours: 0, minutes: 0, plain: false, bare: false };
  if (/^(?:noon|midday|lunch(?:time)?)$/.test(t)) return { hours: 12, minutes: 0, plain: false, bare: false };
  const m = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?(.*)$/.exec(t);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  const suffix = m[3]!.replace(/\./g, "");
  if (suffix === "am" || suffix === "pm") {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (suffix === "pm" ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return undefined;
  const plain = suffix !== "am" && suffix !== "pm";
  return { hours, minutes, plain, bare: plain && m[2] === undefined && suffix === "" };
}

const PART_AT_END = new RegExp(`\\b(${PART})$`);
const DATE_AT_START = new RegExp(`^${DATE}`, "i");

interface Day {
  date: Date;
  part?: string;
}

function resolveDay(text: string, now: Date): Day {
  const lower = text.toLowerCase().replace(/\s+/g, " ").replace(/^early /, "");
  const today = startOfUtcDay(now);
  const part = PART_AT_END.exec(lower)?.[1] ?? (lower === "tonight" ? "night" : undefined);
  if (/^(?:today|tonight|this )/.test(lower)) return { date: today, part };
  if (/^(?:yesterday|yday|last night)/.test(lower)) return { date: addDays(today, -1), part };
  const date = DATE_AT_START.exec(lower);
  if (date) {
    // An ISO date or a date with its year as written; "18 Nov" the latest one that has begun.
    if (date[1]) return { date: new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))) };
    const month = monthIndex((date[5] ?? date[7])!);
    const day = Number(date[4] ?? date[8]);
    const year = date[6] ?? date[9];
    return { date: year ? new Date(Date.UTC(Number(year), month, day)) : latestDate(now, month, day) };
  }
  const weekday = WEEKDAYS.findIndex((d) => lower.includes(d));
  let back = (today.getUTCDay() - weekday + 7) % 7;
  // "last friday" said on a Friday is a week ago; said on another day it is the latest Friday.
  if (back === 0 && lower.startsWith("last ")) back = 7;
  return { date: addDays(today, -back), part };
}

/** The clock on `day`, moved past noon when the part of the day says so ("this evening since 7"). */
function instant(clock: Clock, day: Day): Date {
  let hours = clock.hours;
  if (clock.plain && hours < 12 && (day.part === "afternoon" || day.part === "evening" || (day.part === "night" && hours >= 6))) hours += 12;
  return atClock(day.date, hours, clock.minutes);
}

/** The clock's latest occurrence at or before `now`: today, else yesterday. */
function latest(clock: Clock, now: Date): Date {
  const today = atClock(now, clock.hours, clock.minutes);
  return today.getTime() <= now.getTime() ? today : addDays(today, -1);
}

function at(clock: Clock, dayText: string | undefined, now: Date): Date {
  return dayText ? instant(clock, resolveDay(dayText, now)) : latest(clock, now);
}

/** "between 2 and 4pm" is 14:00 to 16:00; "from 9 to 5" ends at 17:00. */
function inferAfternoon(start: Clock, end: Clock): [Clock, Clock] {
  if (start.bare && !end.plain && start.hours + 12 <= end.hours) return [{ ...start, hours: start.hours + 12 }, end];
  if (end.bare && end.hours < 12 && end.hours <= start.hours && end.hours + 12 > start.hours) return [start, { ...end, hours: end.hours + 12 }];
  return [start, end];
}

/** "between 22:00 yesterday and 06:00 today", "from Friday 18:00 to Monday 08:00": each end with its own day. */
const TWO_DAY_RANGE = new RegExp(
  `\\b(?:between|from)\\s+(?:(${DAY})\\s+(?:at\\s+)?)?(${TIME})(?:\\s*(?:utc|gmt)\\b)?(?:\\s+(?:on\\s+)?(${DAY}))?\\s*(?:and|to|until|till|through|-|–)\\s*(?:(${DAY})\\s+(?:at\\s+)?)?(${TIME_OF_DAY})(?:\\s+(?:on\\s+)?(${DAY}))?`,
  "i",
);

function twoDayWindow(text: string, now: Date): TimeWindow | undefined {
  const m = TWO_DAY_RANGE.exec(text);
  if (!m) return undefined;
  const startDay = m[1] ?? m[3];
  const endDay = m[4] ?? m[6];
  const start = parseClock(m[2]!);
  const end = parseClock(m[5]!);
  if (!startDay || !endDay || !start || !end || start.bare || end.bare) return undefined;
  const from = at(start, startDay, now);
  const to = at(end, endDay, now);
  return to.getTime() > from.getTime() ? { from, to, text: m[0].trim() } : undefined;
}

function rangeWindow(text: string, now: Date): TimeWindow | undefined {
  const two = twoDayWindow(text, now);
  if (two) return two;
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const parsed = [parseClock(m[3]!), parseClock(m[4]!)];
  const dayText = m[1] ?? m[5];
  if (!parsed[0] || !parsed[1]) return undefined;
  const bare = parsed.filter((c) => c?.bare).length;
  // Two bare numbers are hours only with a day and "between" ("sev 1 and 2 today" is not a time of
  // day); one needs either ("between 2 and 4pm").
  if ((bare === 2 && (!dayText || !m[2])) || (bare === 1 && !dayText && !m[2])) return undefined;
  const [start, end] = inferAfternoon(parsed[0], parsed[1]);
  const from = at(start, dayText, now);
  const day: Day = dayText ? { ...resolveDay(dayText, now), date: startOfUtcDay(from) } : { date: startOfUtcDay(from) };
  let to = instant(end, day);
  // "22:00 to 02:00", "18:00 to midnight": the end is on the next day.
  if (to.getTime() <= from.getTime()) to = new Date(to.getTime() + DAY_MS);
  return { from, to, text: m[0].trim() };
}

/** Hours each zone an analyst may name is ahead of UTC (fixed offsets: the abbreviation says which of summer or winter). */
const ZONE_OFFSETS: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, wet: 0, bst: 1, cet: 1, cest: 2, eet: 2, eest: 3, msk: 3, ist: 5.5, jst: 9, aest: 10,
  est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
};
const ZONE = new RegExp(`^\\s*\\(?(${Object.keys(ZONE_OFFSETS).join("|")})\\b\\)?`, "i");

const endsClause = (text: string, at: number) => /^\s*(?:$|[.,;!?)])/.test(text.slice(at).replace(ZONE, ""));

function sinceWindow(text: string, now: Date): TimeWindow | undefined {
  // First the day-led form: in "Friday evening after 17:00" the clock belongs to Friday.
  const d = DAY_SINCE_CLOCK.exec(text);
  const dayClock = d && parseClock(d[2]!);
  if (d && dayClock && (!dayClock.bare || endsClause(text, d.index + d[0].length))) return { from: at(dayClock, d[1], now), text: d[0].trim() };
  const m = SINCE_CLOCK.exec(text);
  if (m) {
    const clock = parseClock(m[3]!);
    const dayText = m[2] ?? m[4];
    // A bare "since 8" is an hour only where the clause ends ("since 2 failed logins" is not).
    const bareOk = dayText !== undefined || (/^(?:since|after)$/i.test(m[1]!) && endsClause(text, m.index + m[0].length));
    if (clock && (!clock.bare || bareOk)) return { from: at(clock, dayText, now), text: m[0].trim() };
  }
  return undefined;
}

function beforeWindow(text: string, now: Date): TimeWindow | undefined {
  const m = BEFORE_CLOCK.exec(text);
  const clock = m && parseClock(m[2]!);
  const dayText = m?.[1] ?? m?.[3];
  if (!m || !clock || (clock.bare && !dayText)) return undefined;
  return { to: at(clock, dayText, now), text: m[0].trim() };
}

/** A window bounded by a clock time, or undefined when the request names none. */
export function clockWindow(text: string, now: Date): TimeWindow | undefined {
  const window = rangeWindow(text, now) ?? sinceWindow(text, now) ?? beforeWindow(text, now);
  return window && inNamedZone(window, text, now);
}

/**
 * "since 9am EST", "after 08:00 CET": clock times in the zone written right after them, moved to
 * UTC; a time of today that lands after now is yesterday's.
 */
function inNamedZone(window: TimeWindow, text: string, now: Date): TimeWindow {
  const at = text.indexOf(window.text);
  const zone = at >= 0 ? ZONE.exec(text.slice(at + window.text.length)) : null;
  const offset = zone ? ZONE_OFFSETS[zone[1]!.toLowerCase()]! : 0;
  if (!zone || offset === 0) return zone ? { ...window, text: window.text + zone[0] } : window;
  const shift = (d: Date | undefined) => (d ? new Date(d.getTime() - offset * 3_600_000) : undefined);
  let from = shift(window.from);
  let to = shift(window.to);
  if (from && from.getTime() > now.getTime()) {
    from = new Date(from.getTime() - DAY_MS);
    to = to && new Date(to.getTime() - DAY_MS);
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), text: window.text + zone[0] };
}
