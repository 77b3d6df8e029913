/**
 * Per-operation lexical evidence learned from the training requests: a naive Bayes model over the
 * request's words, word pairs and indicator kinds, one class per operation plus "none" (requests
 * no operation answers). The catalog's own texts say what an operation is; this says how analysts
 * ask for it ("who clicked", "prov log", "deactivate IOC"). Its posterior is one router feature
 * among the others, so the scorer decides how far to trust it. Counts are written by train.ts into
 * weights.ts; the log-probabilities are computed once at load.
 */
import type { Slots } from "../slots/index.js";
import type { RequestIntent } from "../rules/intent.js";
import { expandQuery, normalizeTerm, splitIdentifier } from "../rules/retrieve.js";

/** The class of requests no operation answers. */
export const NONE_CLASS = "(none)";

/** Training counts, as train.ts writes them. */
export interface LexiconCounts {
  /** Additive smoothing of term counts. */
  alpha: number;
  classes: string[];
  terms: string[];
  /** Per class: "termIndex:count termIndex:count …" (terms the class never saw are left out). */
  counts: string[];
}

/** What the model says about one class for one request. */
export interface LexicalEvidence {
  /** Posterior probability under a uniform prior over classes. */
  posterior: number;
  /** Log posterior, floored at LOG_FLOOR and divided by -LOG_FLOOR (so in [-1, 0]). */
  logPosterior: number;
}

const LOG_FLOOR = -20;
export const NO_EVIDENCE: LexicalEvidence = { posterior: 0, logPosterior: 0 };

/** Words that carry no operation by themselves; word pairs keep them ("signed in", "run on"). */
const PAIR_WORD = /^[a-z][a-z'-]*$/;

/**
 * The request's features for the model: stemmed content words, adjacent word pairs and the kinds
 * of identifier it holds ("#guid", "#email", …), each once.
 */
export function lexicalTokens(slots: Slots, intent: RequestIntent): string[] {
  const tokens = new Set<string>();
  const words = splitIdentifier(expandQuery(slots.prose)).split(/[^a-z0-9'-]+/).filter(Boolean);
  for (const word of words) {
    const term = normalizeTerm(word);
    if (term) tokens.add(term);
  }
  for (let i = 1; i < words.length; i++) {
    if (PAIR_WORD.test(words[i - 1]!) && PAIR_WORD.test(words[i]!)) tokens.add(`${words[i - 1]} ${words[i]}`);
  }
  const ind = slots.indicators;
  const kinds: [string, number][] = [
    ["#guid", ind.guids.length], ["#alertid", ind.alertIds.length], ["#incident", ind.incidentIds.length], ["#email", ind.emails.length],
    ["#ip", ind.ips.length], ["#hash", ind.hashes.length], ["#url", ind.urls.length], ["#domain", ind.domains.length],
    ["#host", ind.hosts.length], ["#file", ind.fileNames.length], ["#quoted", ind.quoted.length], ["#objectid", ind.objectIds.length],
    ["#kql", slots.kql === undefined ? 0 : 1], ["#tool", intent.toolTerms.length], ["#write", intent.write ? 1 : 0], ["#hunt", intent.hunt ? 1 : 0],
  ];
  for (const [kind, n] of kinds) if (n > 0) tokens.add(kind);
  return [...tokens];
}

export class Lexicon {
  private readonly classes: readonly string[];
  /** term → log P(term | class) per class. */
  private readonly logLikelihood = new Map<string, Float64Array>();
  /** log P(unseen term | class): the smoothing mass alone. */
  private readonly unseen: Float64Array;

  constructor(counts: LexiconCounts) {
    this.classes = counts.classes;
    const vocabulary = counts.terms.length;
    if (counts.counts.length !== counts.classes.length) throw new Error(`the lexicon has ${counts.classes.length} classes but counts for ${counts.counts.length}`);
    const perClass = counts.counts.map((line) =>
      line
        .split(" ")
        .filter(Boolean)
        .map((pair) => pair.split(":").map(Number) as [number, number]),
    );
    const totals = perClass.map((pairs) => pairs.reduce((s, [, c]) => s + c, 0));
    this.unseen = Float64Array.from(totals, (t) => Math.log(counts.alpha / (t + counts.alpha * vocabulary)));
    for (const term of counts.terms) this.logLikelihood.set(term, Float64Array.from(this.unseen));
    perClass.forEach((pairs, c) => {
      for (const [t, count] of pairs) this.logLikelihood.get(counts.terms[t]!)![c] = Math.log((count + counts.alpha) / (totals[c]! + counts.alpha * vocabulary));
    });
  }

  /** Evidence for every class the model knows; a class it never saw gets none. */
  evidence(tokens: readonly string[]): (name: string) => LexicalEvidence {
    const scores = new Float64Array(this.classes.length);
    let known = 0;
    for (const token of tokens) {
      const ll = this.logLikelihood.get(token);
      if (!ll) continue;
      known++;
      for (let c = 0; c < scores.length; c++) scores[c]! += ll[c]!;
    }
    if (known === 0) return () => NO_EVIDENCE;
    const max = Math.max(...scores);
    let total = 0;
    for (const s of scores) total += Math.exp(s - max);
    const byName = new Map<string, LexicalEvidence>();
    this.classes.forEach((name, c) => {
      const log = scores[c]! - max - Math.log(total);
      byName.set(name, { posterior: Math.exp(log), logPosterior: Math.max(LOG_FLOOR, log) / -LOG_FLOOR });
    });
    return (name) => byName.get(name) ?? NO_EVIDENCE;
  }
}

/** Counts of `documents` (tokens and gold classes each), for terms seen at least `minCount` times. */
export function countLexicon(documents: readonly { tokens: readonly string[]; classes: readonly string[] }[], alpha: number, minCount = 2): LexiconCounts {
  const frequency = new Map<string, number>();
  for (const d of documents) for (const t of d.tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const terms = [...frequency].filter(([, n]) => n >= minCount).map(([t]) => t).sort();
  const termIndex = new Map(terms.map((t, i) => [t, i]));
  const classes = [...new Set(documents.flatMap((d) => d.classes))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const table = classes.map(() => new Map<number, number>());
  for (const d of documents) {
    for (const c of d.classes) {
      const row = table[classIndex.get(c)!]!;
      for (const t of d.tokens) {
        const at = termIndex.get(t);
        if (at !== undefined) row.set(at, (row.get(at) ?? 0) + 1);
      }
    }
  }
  const counts = table.map((row) => [...row].sort((a, b) => a[0] - b[0]).map(([t, n]) => `${t}:${n}`).join(" "));
  return { alpha, classes, terms, counts };
}
