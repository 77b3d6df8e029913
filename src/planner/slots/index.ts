/**
 * Everything the rules planner reads out of a request before it knows the operation: identifiers,
 * indicators, the time window, result count and order, and analyst-written KQL. Pure functions of
 * (text, now); enum values are matched later, against the chosen operation's own fields.
 */
import { extractCount, type CountSlot } from "./counts.js";
import { blankDefanged, extractIndicators, type Indicators } from "./indicators.js";
import { extractKql } from "./kql.js";
import { extractTimeWindow, type TimeWindow } from "./time.js";

export type { CountSlot } from "./counts.js";
export type { EnumField, EnumMatch } from "./enums.js";
export { enumVocabulary, matchEnumValues, valuesByField } from "./enums.js";
export { createSpellingCorrector, type SpellingCorrector } from "./spelling.js";
export { extractKql } from "./kql.js";
export type { FileHash, HashAlgorithm, Indicators } from "./indicators.js";
export { blankDefanged } from "./indicators.js";
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

/** A sentence that asks for something: a request verb first, "can you …", "please", or a question. */
const ASK = /^\W*(?:(?:ok|so|and|then|now|also|pls|plz|please|hey|hi|morning|quick one)[\s,:!-]+)*(?:list|show|pull|get|give|find|count|run|hunt|check|look|fetch|display|return|search|query|tell|what|which|who|how|any|are|is|do|does|did|update|set|mark|assign|close|resolve|add|create|reopen)\b|\b(?:can|could|would|will) you\b|\b(?:please|pls|plz)\b|\b(?:i|we) (?:need|want|would like|'d like)\b|\?\s*$/i;
/** An ask that points back at the story: "pull them", "the alerts created in that window", "hunt it pls", "rerun that hunt". */
const BACK_REFERENCE = /\b(?:list|show|pull|get|give|find|fetch|check|see|review|open|count)\s+(?:me\s+|us\s+)?(?:them|those|these|it|that one)\b|\b(?:that|this|the same) (?:window|time|period|range|timeframe|stretch|night|morning|day|hour)\b|\b(?:then|during it)\s*[.?!]?\s*$|\b(?:re-?run|redo|repeat|hunt)\s+(?:it|that|this|the same)\b|\brun\s+(?:it|that|this|the same)\s+(?:hunt|query|search|again)\b|\b(?:that|this|the same|his|her|their) (?:hunt|query|search)\b/i;

/**
 * The part of a several-sentence request whose times belong to the ask: in shift-handover prose
 * ("Weekend was noisy, two came in on Saturday. Can you list every incident awaiting action?") a
 * time in the story before the ask is context, not a filter. A single sentence, a request with no
 * story before its first ask, an ask that points back at the story ("… in that window"), and
 * anything after the first ask ("…? last 14 days") read as a whole.
 */
function askedPart(prose: string): string {
  const sentences = prose.split(/(?<=[.!?;])\s+(?=\S)|\n+/).filter((s) => s.trim().length > 0);
  if (sentences.length < 2) return prose;
  const first = sentences.findIndex((s) => ASK.test(s.trim()));
  if (first <= 0) return prose;
  if (sentences.slice(first).some((s) => BACK_REFERENCE.test(s))) return prose;
  // Story sentences are blanked (same length, so the window's words keep their place).
  return sentences.slice(0, first).reduce((out, s) => out.split(s).join(" ".repeat(s.length)), prose);
}

export function extractSlots(text: string, now: Date, original: string = text): Slots {
  const kql = extractKql(text);
  const withoutKql = kql ? blank(text, [kql]) : text;
  const indicators = extractIndicators(withoutKql);
  // Long digit strings and hashes would otherwise read as years, times and counts.
  const named = blank(withoutKql, [
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
  const prose = blankDefanged(named);
  const time = extractTimeWindow(askedPart(prose), now);
  const count = extractCount(time ? blank(prose, [time.text]) : prose, time?.text);
  return { text, original, now, prose, indicators, time, count, kql };
}
