/**
 * The router's scorer: a multinomial logistic regression over operations (a conditional logit).
 * Each eligible operation's score is w·features; one more option, "none", scores w_none·none-features
 * (how well anything fits at all); softmax over them gives each call's probability, which the
 * planner reports as its confidence. The weights are trained (src/planner/router/train.ts) and
 * committed in weights.ts; nothing in this file is tuned by hand.
 */
import { FEATURES, type FeatureVector } from "./features.js";
import type { LexicalEvidence, LexiconCounts } from "./lexicon.js";
import { ROUTER_WEIGHTS } from "./weights.js";

/** Features of the "no operation fits" option. */
export const NONE_FEATURES = ["none_bias", "none_cos_max", "none_bm25_raw_max", "none_lex_posterior", "none_lex_log_posterior"] as const;

export interface RouterWeights {
  features: readonly string[];
  weights: readonly number[];
  none: readonly string[];
  noneWeights: readonly number[];
  /** The lexical model's training counts (lexicon.ts); without them its features are 0. */
  lexicon?: LexiconCounts;
  /** How they were made: command, data and training accuracy. */
  provenance: Record<string, unknown>;
}

export interface ScoredOption<T> {
  option: T;
  score: number;
  probability: number;
}

/** A weight vector in FEATURES order, from weights that name their features (unknown names are 0). */
function aligned(names: readonly string[], values: readonly number[], order: readonly string[]): Float64Array {
  const out = new Float64Array(order.length);
  names.forEach((n, i) => {
    const at = order.indexOf(n);
    if (at >= 0) out[at] = values[i] ?? 0;
  });
  return out;
}

export class RouterScorer {
  private readonly w: Float64Array;
  private readonly wNone: Float64Array;

  constructor(weights: RouterWeights = ROUTER_WEIGHTS) {
    this.w = aligned(weights.features, weights.weights, FEATURES);
    this.wNone = aligned(weights.none, weights.noneWeights, NONE_FEATURES);
  }

  score(values: FeatureVector): number {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += this.w[i]! * values[i]!;
    return s;
  }

  noneScore(values: FeatureVector): number {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += this.wNone[i]! * values[i]!;
    return s;
  }

  /** Options with their scores and softmax probabilities (the none option included), best first. */
  rank<T>(options: { option: T; values: FeatureVector }[], none: FeatureVector): { ranked: ScoredOption<T>[]; noneProbability: number } {
    const scores = options.map((o) => this.score(o.values));
    const noneScore = this.noneScore(none);
    const max = Math.max(noneScore, ...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const noneExp = Math.exp(noneScore - max);
    const total = exp.reduce((a, b) => a + b, noneExp);
    const ranked = options.map((o, i) => ({ option: o.option, score: scores[i]!, probability: exp[i]! / total })).sort((a, b) => b.score - a.score);
    return { ranked, noneProbability: noneExp / total };
  }
}

export function noneFeatures(maxCos: number, maxBm25Raw: number, lexical: LexicalEvidence): FeatureVector {
  return Float64Array.from([1, maxCos, Math.log1p(maxBm25Raw), lexical.posterior, lexical.logPosterior]);
}
