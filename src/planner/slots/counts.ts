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
  /** "our secure score today", "score right now": the newest snapshot is the value now, so the time words set no window. */
  now?: boolean;
  /** "skip the first 100", "after the first 50": results to pass over. */
  skip?: number;
}

/** "skip the first 100 alerts", "skipping 50", "after the first 200": a page offset. */
const SKIP = /\b(?:skip(?:ping|s)?(?:\s+over)?|after)\s+(?:the\s+)?(?:first\s+)?(\d{1,5})\b(?!\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|w|months?|years?)\b)/i;

/** The offset a request asks for, and the text without its words (so "first 100" is no page size). */
function extractSkip(text: string): { skip?: number; rest: string } {
  const m = SKIP.exec(text);
  if (!m || (/^after$/i.test(m[0].split(/\s+/)[0]!) && !/\bfirst\b/i.test(m[0]))) return { rest: text };
  return { skip: Number(m[1]), rest: text.slice(0, m.index) + " ".repeat(m[0].length) + text.slice(m.index + m[0].length) };
}

const TIME_UNIT_AFTER = /^\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mo|years?|yrs?|y)\b/i;
/** Number words an analyst writes for a page size ("the ten newest"); "one" is the singular forms below. */
const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, dozen: 12,
};
const NUMBER = `(\\d{1,4}|${Object.keys(NUMBER_WORDS).join("|")})`;
/** Plural nouns of the catalog's collections that a count may stand before ("20 risky users") or after ("articles (5)"). */
const ITEMS =
  "alerts|incidents|users|detections|sign-?ins|events|results|items|records|entries|devices|scores|cases|indicators|submissions|emails|articles|simulations|sims|issues|sensors|payloads|trainings|profiles|hosts|controls|runs|automations|pages|notifications|certificates|certs|components|subdomains|vulnerabilities|cves|principals|logs|audits|changes|ones";

/** Patterns whose number is a result count; "newest"/"oldest" when the phrase also orders. */
const COUNT_PATTERNS: { pattern: RegExp; order?: "newest" | "oldest" }[] = [
  { pattern: new RegExp(`\\b(?:last|latest|newest|most recent|recent)\\s+${NUMBER}\\b`, "gi"), order: "newest" },
  { pattern: new RegExp(`\\b${NUMBER}\\s+(?:most recent|latest|newest|recent|last)\\b`, "gi"), order: "newest" },
  { pattern: new RegExp(`\\b(?:oldest|earliest)\\s+${NUMBER}\\b`, "gi"), order: "oldest" },
  { pattern: new RegExp(`\\b${NUMBER}\\s+(?:oldest|earliest)\\b`, "gi"), order: "oldest" },
  { pattern: new RegExp(`\\b(?:top|first|next|limit(?:ed)?(?: to)?|max(?:imum)?(?: of)?|at most|up to)\\s+${NUMBER}\\b`, "gi") },
  // "top20", "top=50": glued or keyed.
  { pattern: /\b(?:top|limit|max)\s*[=:]?\s*(\d{1,4})\b/gi },
  // "40 at most", "100 max", "50 tops": the number before its bound.
  { pattern: new RegExp(`\\b${NUMBER}\\s+(?:at most|at the most|max(?:imum)?|tops|or fewer|or less)\\b`, "gi") },
  { pattern: new RegExp(`\\b(?:show|list|get|give|return|fetch|pull|display|find)\\s+(?:me\\s+)?(?:the\\s+)?${NUMBER}\\b`, "gi") },
  // "10 high severity alerts", "20 risky users": a number followed by a few words and a plural noun.
  { pattern: new RegExp(`(?<![\\w.:/-])${NUMBER}\\s+(?:[a-z-]+\\s+){0,3}?(?:${ITEMS})\\b`, "gi") },
  // "50 of them", "give me 20 of those".
  { pattern: new RegExp(`\\b${NUMBER}\\s+of\\s+(?:them|those|these)\\b`, "gi") },
  // "high risk service principals, 10", "directory audit logs, 50, oldest first": a small number standing alone in a comma list.
  { pattern: new RegExp(`,\\s*(\\d{1,3}|${Object.keys(NUMBER_WORDS).join("|")})\\s*(?=,|$)`, "gi") },
  // "most recent threat intelligence articles (5)": the number in brackets after the collection.
  { pattern: new RegExp(`\\b(?:${ITEMS})\\s*\\(\\s*${NUMBER}\\s*\\)`, "gi") },
];

const NEWEST = /\b(?:most recent|latest|newest|recent(?:ly)?(?: first)?|last)\b/i;
const OLDEST = /\b(?:oldest|earliest)\b/i;
/** "the latest alert", "most recent incident": one item (singular noun). */
const SINGLE_NEWEST =
  /\b(?:the\s+)?(?:most recent|latest|newest|last|current)\s+(?:[a-z-]+\s+){0,3}?(?:alert|incident|sign-?in|detection|event|score|submission|case|indicator)\b(?!s)/i;

/**
 * "secure score right now", "the secure score, what is it now?": a score is a daily snapshot, so its value now is
 * the newest one (alerts and incidents "right now" are every open one, not the newest).
 */
const SCORE_NOW = /(?:\b|secure)score\b(?!s)[\s,]+(?:[a-z'-]+[\s,]+){0,3}?(?:right now|now|currently|latest|at the moment|today)\b/i;

/** A time phrase that is the present ("today"): with a snapshot score it asks for the newest one. */
const PRESENT = /^(?:today|now|right now|currently|at the moment|this morning)$/i;
const SCORE = /(?:\b|secure)score\b(?!s)/i;

/** `text` has the time phrase blanked; `timeText` is that phrase ("today"), if any. */
export function extractCount(text: string, timeText?: string): CountSlot {
  const { skip, rest } = extractSkip(text);
  if (skip !== undefined) return { ...extractCount(rest, timeText), skip };
  if (timeText && PRESENT.test(timeText.trim()) && SCORE.test(text) && !/\b(?:history|trend|since|snapshots|scores|entries|records)\b/i.test(text)) {
    return { top: 1, order: "newest", now: true };
  }
  for (const { pattern, order } of COUNT_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const after = text.slice((m.index ?? 0) + m[0].length);
      // "last 24 hours" is a time window; "24h" too.
      if (TIME_UNIT_AFTER.test(after)) continue;
      const top = NUMBER_WORDS[m[1]!.toLowerCase()] ?? Number(m[1]);
      if (!Number.isInteger(top) || top < 1) continue;
      const orderFromText = order ?? (OLDEST.test(text) ? "oldest" : NEWEST.test(withoutTimePhrases(text)) ? "newest" : undefined);
      return orderFromText ? { top, order: orderFromText } : { top };
    }
  }
  if (SCORE_NOW.test(text)) return { top: 1, order: "newest", now: true };
  if (SINGLE_NEWEST.test(text)) return { top: 1, order: "newest" };
  if (OLDEST.test(text)) return { order: "oldest" };
  if (NEWEST.test(withoutTimePhrases(text))) return { order: "newest" };
  return {};
}

const TIME_PHRASE = new RegExp(
  `\\b(?:last|past|previous)\\s+(?:\\d{1,4}|a|an|one|few|couple of|${Object.keys(NUMBER_WORDS).join("|")})?\\s*(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?|years?|night)\\b`,
  "gi",
);

/** "last 7 days" / "last two weeks" / "last week" speak about time, not about ordering. */
function withoutTimePhrases(text: string): string {
  return text.replace(TIME_PHRASE, " ");
}
