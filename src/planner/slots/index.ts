/**
 * Everything the rules planner reads out of a request before it knows the operation: identifiers,
 * indicators, the time window, result count and order, and analyst-written KQL. Pure functions of
 * (text, now); enum values are matched later, against the chosen operation's own fields.
 */
import { extractCount, type CountSlot } from "./counts.js";
import { extractIndicators, type Indicators } from "./indicators.js";
import { extractKql } from "./kql.js";
import { extractTimeWindow, type TimeWindow } from "./time.js";

export type { CountSlot } from "./counts.js";
export type { EnumField, EnumMatch } from "./enums.js";
export { enumVocabulary, matchEnumValues, valuesByField } from "./enums.js";
export { createSpellingCorrector, type SpellingCorrector } from "./spelling.js";
export { extractKql } from "./kql.js";
export type { FileHash, HashAlgorithm, Indicators } from "./indicators.js";
export type { DurationUnit, TimeWindow } from "./time.js";
export { kqlTimespan } from "./time.js";

export interface Slots {
  /** The request after typo repair (what the slots were read from). */
  text: string;
  /** The request exactly as the analyst wrote it: free text (comments) is taken from here. */
  original: string;
  /** The instant relative times were resolved against. */
  now: Date;
  /** The request with analyst KQL and identifiers blanked out (for matching words). */
  prose: string;
  indicators: Indicators;
  time?: TimeWindow;
  count: CountSlot;
  /** KQL written by the analyst, verbatim. */
  kql?: string;
}

function blank(text: string, parts: string[]): string {
  let out = text;
  for (const part of parts) {
    if (part.length === 0) continue;
    out = out.split(part).join(" ".repeat(part.length));
  }
  return out;
}

export function extractSlots(text: string, now: Date, original: string = text): Slots {
  const kql = extractKql(text);
  const withoutKql = kql ? blank(text, [kql]) : text;
  const indicators = extractIndicators(withoutKql);
  // Long digit strings and hashes would otherwise read as years, times and counts.
  const prose = blank(withoutKql, [
    ...indicators.alertIds,
    ...indicators.guids,
    ...indicators.hashes.map((h) => h.value),
    ...indicators.urls,
    ...indicators.emails,
    ...indicators.domains,
    ...indicators.ips,
    ...indicators.fileNames,
    ...indicators.quoted,
    ...indicators.objectIds,
  ]).replace(/\b(?:incidents?|inc)\s*(?:id|number|no\.?|num)?\s*[:#]?\s*#?\d{1,12}\b/gi, (m) => m.replace(/\d/g, " "));
  const time = extractTimeWindow(prose, now);
  const count = extractCount(time ? blank(prose, [time.text]) : prose, time?.text);
  return { text, original, now, prose, indicators, time, count, kql };
}
