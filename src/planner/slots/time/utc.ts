/**
 * Calendar arithmetic on the UTC calendar, so results do not depend on the machine's time zone
 * (date-fns works in local time), and the month vocabulary the time readers share.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);
export const atClock = (day: Date, hours: number, minutes = 0) => new Date(startOfUtcDay(day).getTime() + hours * HOUR_MS + minutes * 60_000);

/** Month names and their abbreviations, as a regex alternation (no groups). */
export const MONTH_NAME = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/** 0-based month of a name or abbreviation from MONTH_NAME. */
export function monthIndex(name: string): number {
  return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].indexOf(name.slice(0, 3).toLowerCase());
}

/** The start of this year's `month`/`day` when it has begun by `now`, else last year's. */
export function latestDate(now: Date, month: number, day: number): Date {
  const thisYear = new Date(Date.UTC(now.getUTCFullYear(), month, day));
  return thisYear.getTime() <= now.getTime() ? thisYear : new Date(Date.UTC(now.getUTCFullYear() - 1, month, day));
}
