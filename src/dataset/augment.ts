/**
 * Augmentation of compact prompts (requests whose values are already placeholders, so no rewrite can
 * change a value): misspellings, SOC shorthand, fillers, reorderings, synonyms. Each function is a
 * pure function of (text, rng); `augment` applies a random mix of them. Placeholders stay whole.
 */
import { SHORTHAND } from "../planner/normalize/shorthand.js";
import type { Rng } from "./random.js";

const PLACEHOLDER = /^<[A-Z]+\d>$/;
const PREFIXES = ["pls", "please", "can you", "could you", "hey,", "quick one:", "need", "i need", "show me", "get me", "fyi", "urgent:", "for the handover:", "asap", "hi team,", "can u", "wanna see", "help me find"];
const SUFFIXES = ["pls", "please", "thx", "thanks", "asap", "for the report", "need to brief the manager", "for the handover", "?", "!", "ty", "when you can"];

/** SOC shorthand the other way round: the planner's expansions back to their short forms. */
const SHORT_FORMS = new Map<string, string[]>();
for (const e of SHORTHAND) {
  if (e.caseSensitive) continue;
  const forms = e.forms.filter((f) => !f.includes(" "));
  if (forms.length > 0 && !e.expansion.includes(" ")) SHORT_FORMS.set(e.expansion, forms);
}

/** One keyboard-style typo (swap, drop, double) in one plain word of ≥ 5 letters. */
export function misspell(text: string, rng: Rng): string {
  const words = text.split(" ");
  const idx = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[a-z]{5,}$/.test(w));
  if (idx.length === 0) return text;
  const { w, i } = rng.pick(idx);
  const at = rng.int(1, w.length - 2);
  const kind = rng.int(0, 2);
  words[i] = kind === 0 ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : kind === 1 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + w[at] + w.slice(at);
  return words.join(" ");
}

export function shorten(text: string, rng: Rng): string {
  return text.split(" ").map((w) => {
    const forms = SHORT_FORMS.get(w);
    return forms && rng.chance(0.7) ? rng.pick(forms) : w;
  }).join(" ");
}

export function addFiller(text: string, rng: Rng): string {
  if (rng.chance(0.5)) return `${rng.pick(PREFIXES)} ${text}`;
  const suffix = rng.pick(SUFFIXES);
  return /^[?!]$/.test(suffix) ? `${text}${suffix}` : `${text} ${suffix}`;
}

/** Moves a trailing time or placeholder phrase to the front ("alerts since <TIME1>" → "since <TIME1> alerts"). */
export function reorder(text: string, rng: Rng): string {
  const m = /^(.*\S)\s+((?:from|since|in|over|during|for|after|before|on|by|of|with|between)\s+(?:the\s+)?(?:last\s+|past\s+)?<[A-Z]+\d>(?:\s+(?:and|to)\s+<[A-Z]+\d>)?)$/.exec(text);
  if (m && rng.chance(0.8)) return `${m[2]} ${m[1]}`;
  const words = text.split(" ");
  const first = words.findIndex((w) => PLACEHOLDER.test(w));
  if (first > 1 && rng.chance(0.5)) return [...words.slice(first), "-", ...words.slice(0, first)].join(" ");
  return text;
}

/** Replaces plain words by a synonym from `synonyms` (word → alternatives), at most `max` words. */
export function synonymise(text: string, rng: Rng, synonyms: ReadonlyMap<string, readonly string[]>, max = 2): string {
  let left = max;
  return text.split(" ").map((w) => {
    const alts = synonyms.get(w);
    if (!alts || alts.length === 0 || left === 0 || !rng.chance(0.5)) return w;
    left--;
    return rng.pick([...alts]);
  }).join(" ");
}

/** A random mix of the rewrites above (at least one); the text may come back unchanged when none applies. */
export function augment(text: string, rng: Rng, synonyms: ReadonlyMap<string, readonly string[]> = new Map()): string {
  let out = text;
  const steps = [
    () => (out = shorten(out, rng)),
    () => (out = misspell(out, rng)),
    () => (out = reorder(out, rng)),
    () => (out = synonymise(out, rng, synonyms)),
    () => (out = addFiller(out, rng)),
  ];
  const chosen = steps.filter(() => rng.chance(0.45));
  for (const step of chosen.length > 0 ? chosen : [rng.pick(steps)]) step();
  return out.replace(/\s+/g, " ").trim();
}
