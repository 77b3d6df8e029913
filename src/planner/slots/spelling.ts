/**
 * Typo repair for analyst requests ("hihg severity alrets", "incidnets", "resolvee"): each
 * lower-case word that is not in the vocabulary is replaced by the vocabulary word one edit away,
 * counting a swap of two neighbouring letters as one edit. Candidates come from minisearch's
 * radix tree (fuzzyGet); identifiers, quoted text and capitalised names are never touched.
 */
import SearchableMap from "minisearch/SearchableMap";

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
function osaDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export type SpellingCorrector = (text: string) => string;

/** Words shorter than this are left alone: too many real words sit one edit apart. */
const MIN_LENGTH = 4;

/** Everyday words of time and place the readers understand, whatever the catalog says. */
const GENERAL_WORDS = `weekend weekends weekday weekdays morning afternoon evening night overnight midnight noon lunch
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december yesterday today tomorrow fortnight quarter`.split(/\s+/);

/**
 * How likely `candidate` (one edit from `word`) is the intended word, before frequency: a doubled key
 * ("resolvee" → resolve) first, then a missed double ("asign" → assign, "adress"), then any dropped letter.
 */
function slipRank(word: string, candidate: string): number {
  if (candidate.length < word.length) {
    const at = [...candidate].findIndex((ch, i) => ch !== word[i]);
    const i = at < 0 ? candidate.length : at;
    return word[i] === word[i - 1] || word[i] === word[i + 1] ? 3_000_000 : 1_000_000;
  }
  if (candidate.length > word.length) {
    const at = [...word].findIndex((ch, i) => ch !== candidate[i]);
    const i = at < 0 ? word.length : at;
    return candidate[i] === candidate[i - 1] || candidate[i] === candidate[i + 1] ? 2_000_000 : 0;
  }
  return 0;
}

/** The first letter and every consonant after it ("incident" → "incdnt"). */
const skeletonOf = (word: string) => word[0] + word.slice(1).replace(/[aeiou]/g, "");

/** One-word country names in lower case, from the runtime's region names. */
let countries: Set<string> | undefined;
function countryNames(): Set<string> {
  if (!countries) {
    countries = new Set();
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const name = names.of(String.fromCharCode(a, b));
        if (name && /^[A-Za-z]{4,}$/.test(name) && name !== name.toUpperCase()) countries.add(name.toLowerCase());
      }
    }
  }
  return countries;
}

/** The one country name a single edit from `word`, if there is exactly one. */
const nearestCountry = new Map<string, string | undefined>();
function closestCountry(word: string): string | undefined {
  if (nearestCountry.has(word)) return nearestCountry.get(word);
  const near = [...countryNames()].filter((c) => Math.abs(c.length - word.length) <= 1 && osaDistance(word, c) === 1);
  const found = near.length === 1 ? near[0] : undefined;
  nearestCountry.set(word, found);
  return found;
}

/** "from"/"in" and the word after it. */
const PLACE_WORD = /\b(from|in)\s+([A-Za-z]{4,})(?![\w@./\\'’-])/g;
/** "form" before a capitalised name or "the": the slip of "from" (never after a determiner: "a form", "the login form"). */
const FORM_FROM = /(^|[^\w-](?<!\b(?:a|an|the|this|that|web|login|sign-in|signin|html|phishing|credential)\s))form(?=\s+(?:the\s+)?[A-Z][a-z])/g;

/**
 * `known` words are left as written even when a vocabulary word is one edit away (an English word
 * such as "hits" is not a typo of "its").
 */
export function createSpellingCorrector(vocabulary: Iterable<string>, known: (word: string) => boolean = () => false): SpellingCorrector {
  const counts = new SearchableMap<number>();
  const add = (w: string) => {
    if (/^[a-z]+$/.test(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  };
  for (const word of [...vocabulary, ...GENERAL_WORDS]) {
    // camelCase values ("passwordSpray") also teach their parts.
    const parts = word.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ");
    if (parts.length > 1) parts.forEach(add);
    add(word.toLowerCase());
  }
  /** Consonant skeleton → the most frequent vocabulary word with it (only words with vowels to drop). */
  const skeletons = new Map<string, string>();
  const skeletonCount = new Map<string, number>();
  for (const [w, c] of counts) {
    const sk = skeletonOf(w);
    if (sk === w || sk.length < 4) continue;
    if (c > (skeletonCount.get(sk) ?? 0)) {
      skeletons.set(sk, w);
      skeletonCount.set(sk, c);
    }
  }
  const cache = new Map<string, string>();
  const correct = (word: string): string => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    let best = word;
    let bestRank = -1;
    // Levenshtein 2 finds every candidate within one OSA edit (a swap is two Levenshtein edits).
    for (const [candidate, [count]] of counts.fuzzyGet(word, 2)) {
      if (osaDistance(word, candidate) !== 1) continue;
      const rank = slipRank(word, candidate) + count;
      if (rank > bestRank) {
        best = candidate;
        bestRank = rank;
      }
    }
    // "incdnt", "alrts": a word written without its vowels is the vocabulary word with that skeleton.
    if (best === word && word === skeletonOf(word)) best = skeletons.get(word) ?? word;
    cache.set(word, best);
    return best;
  };
  const isProtected = (spans: (readonly [number, number])[], offset: number) => spans.some(([s, e]) => offset >= s && offset < e);
  return (text) => {
    // Skip quoted spans and anything identifier-like around a word (ids, emails, paths, KQL).
    const spansOf = (t: string) => [...t.matchAll(/"[^"]*"|'[^']*'|`[^`]*`|\([^()]*\)/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
    // "sign-ins form China": the noun "form" never stands before a place or a name; "from" does.
    const fromed = text.replace(FORM_FROM, (whole, before: string, offset: number) => (isProtected(spansOf(text), offset) ? whole : `${before}from`));
    // A place after "from"/"in" that no dictionary knows is a misspelt country ("from chian", "in Chnia").
    const placed = fromed.replace(PLACE_WORD, (whole, preposition: string, word: string, offset: number) => {
      if (isProtected(spansOf(fromed), offset)) return whole;
      const lower = word.toLowerCase();
      if (counts.has(lower) || known(lower) || countryNames().has(lower)) return whole;
      const place = closestCountry(lower);
      if (!place) return whole;
      const capitalised = word[0] !== word[0]!.toLowerCase();
      // A capitalised name may be a city one letter from a country ("Lagos", "Laos"): only swapped letters are a slip there.
      if (capitalised && [...lower].sort().join("") !== [...place].sort().join("")) return whole;
      return `${preposition} ${capitalised ? place[0]!.toUpperCase() + place.slice(1) : place}`;
    });
    const protectedSpans = spansOf(placed);
    return placed.replace(/(?<![\w@./\\'-])[a-z]+(?![\w@/\\'’-]|\.\w)/g, (word, offset: number) => {
      if (word.length < MIN_LENGTH || counts.has(word) || known(word)) return word;
      if (isProtected(protectedSpans, offset)) return word;
      return correct(word);
    });
  };
}
