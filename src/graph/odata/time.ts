/**
 * Date-time literals: normalised to ISO-8601 UTC (`YYYY-MM-DDTHH:mm:ssZ`, milliseconds kept only
 * when not zero), and ISO-8601 durations ("-P1D", "-PT24H") resolved against a given `now`.
 */
import { isValid, parseISO } from "date-fns";

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Prints a Date the way Graph filters expect it. */
export function formatUtc(date: Date): string | null {
  if (!isValid(date)) return null;
  const iso = date.toISOString();
  // toISOString switches to the ±YYYYYY form outside years 0000-9999: not a Graph date.
  if (!/^\d{4}-/.test(iso)) return null;
  return iso.replace(".000Z", "Z");
}

/**
 * Accepts an ISO date or date-time with or without a zone (no zone means UTC, as Graph reads
 * it); returns the normalised UTC form, or null when the text is not a real calendar instant.
 */
export function normaliseDateTime(text: string): string | null {
  const trimmed = text.trim();
  if (!ISO_SHAPE.test(trimmed)) return null;
  let withZone = trimmed.replace(" ", "T");
  if (!withZone.includes("T")) withZone += "T00:00:00Z";
  else if (!ZONE.test(withZone)) withZone += "Z";
  // date-fns parseISO rejects impossible dates (2026-02-30) that `new Date` would roll over.
  return formatUtc(parseISO(withZone));
}

const DURATION = /^([+-])?P(?:(\d{1,4})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,10}(?:\.\d{1,3})?)S)?)?$/i;

export function isIsoDuration(text: string): boolean {
  const m = DURATION.exec(text.trim());
  // "P" and "PT" alone match the pattern but name no amount.
  return m !== null && m.slice(2).some((part) => part !== undefined) && !/T$/i.test(text.trim());
}

/**
 * `now` moved by an ISO duration. Years and months move the calendar month in UTC (clamping
 * the day, so Mar 31 − P1M is Feb 28); weeks, days and times are exact hours, so the result never
 * depends on the machine's time zone or daylight-saving changes (date-fns `add` works in local
 * time, which is why this is not a date-fns call).
 */
export function resolveDuration(text: string, now: Date): string | null {
  if (!isIsoDuration(text)) return null;
  const m = DURATION.exec(text.trim())!;
  const sign = m[1] === "-" ? -1 : 1;
  const n = (i: number) => Number(m[i] ?? 0);
  const months = sign * (n(2) * 12 + n(3));
  const millis = sign * ((((n(4) * 7 + n(5)) * 24 + n(6)) * 60 + n(7)) * 60 + n(8)) * 1000;
  const moved = new Date(now.getTime());
  if (months !== 0) {
    const day = moved.getUTCDate();
    moved.setUTCDate(1);
    moved.setUTCMonth(moved.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0)).getUTCDate();
    moved.setUTCDate(Math.min(day, lastDay));
  }
  return formatUtc(new Date(moved.getTime() + millis));
}
