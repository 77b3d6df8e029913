/**
 * How many results and in which order: "top 10", "last 20 alerts", "5 most recent incidents",
 * "the latest alert" (one, newest first), "oldest" (oldest first). Numbers followed by a time unit
 * ("last 24 hours") belong to the time window, not here.
 */

export interface CountSlot {
  /** Requested number of results, if any. */
  top?: number;
  /** "newest" for most recent/latest/newest, "oldest" for oldest/earliest. */
  order?: "newest" | "oldest";
}

const TIME_UNIT_AFTER = /^\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo|years?|yrs?|y)\b/i;
const NUMBER = "(\\d{1,4})";

/** Patterns whose number is a result count; "newest"/"oldest" when the phrase also orders. */
const COUNT_PATTERNS: { pattern: RegExp; order?: "newest" | "oldest" }[] = [
  { pattern: new RegExp(`\\b(?:last|latest|newest|most recent|recent)\\s+${NUMBER}\\b`, "gi"), order: "newest" },
  { pattern: new RegExp(`\\b${NUMBER}\\s+(?:most recent|latest|newest|recent|last)\\b`, "gi"), order: "newest" },
  { pattern: new RegExp(`\\b(?:oldest|earliest)\\s+${NUMBER}\\b`, "gi"), order: "oldest" },
  { pattern: new RegExp(`\\b${NUMBER}\\s+(?:oldest|earliest)\\b`, "gi"), order: "oldest" },
  { pattern: new RegExp(`\\b(?:top|first|limit(?:ed)?(?: to)?|max(?:imum)?(?: of)?|at most|up to)\\s+${NUMBER}\\b`, "gi") },
  { pattern: new RegExp(`\\b(?:show|list|get|give|return|fetch|pull|display|find)\\s+(?:me\\s+)?(?:the\\s+)?${NUMBER}\\b`, "gi") },
  // "10 high severity alerts", "20 risky users": a number followed by a few words and a plural noun.
  { pattern: new RegExp(`(?<![\\w.:/-])${NUMBER}\\s+(?:[a-z-]+\\s+){0,3}?(?:alerts|incidents|users|detections|sign-?ins|events|results|items|records|entries|devices|scores|cases|indicators|submissions|emails)\\b`, "gi") },
];

const NEWEST = /\b(?:most recent|latest|newest|recent(?:ly)?(?: first)?|last)\b/i;
const OLDEST = /\b(?:oldest|earliest)\b/i;
/** "the latest alert", "most recent incident": one item (singular noun). */
const SINGLE_NEWEST =
  /\b(?:the\s+)?(?:most recent|latest|newest|last|current)\s+(?:[a-z-]+\s+){0,3}?(?:alert|incident|sign-?in|detection|event|score|submission|case|indicator)\b(?!s)/i;

export function extractCount(text: string): CountSlot {
  for (const { pattern, order } of COUNT_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const after = text.slice((m.index ?? 0) + m[0].length);
      // "last 24 hours" is a time window; "24h" too.
      if (TIME_UNIT_AFTER.test(after)) continue;
      const top = Number(m[1]);
      if (!Number.isInteger(top) || top < 1) continue;
      const orderFromText = order ?? (OLDEST.test(text) ? "oldest" : NEWEST.test(withoutTimePhrases(text)) ? "newest" : undefined);
      return orderFromText ? { top, order: orderFromText } : { top };
    }
  }
  if (SINGLE_NEWEST.test(text)) return { top: 1, order: "newest" };
  if (OLDEST.test(text)) return { order: "oldest" };
  if (NEWEST.test(withoutTimePhrases(text))) return { order: "newest" };
  return {};
}

/** "last 7 days" / "last week" speak about time, not about ordering. */
function withoutTimePhrases(text: string): string {
  return text.replace(/\b(?:last|past|previous)\s+(?:\d{1,4}|a|an|one|few|couple of)?\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?|years?|night)\b/gi, " ");
}
