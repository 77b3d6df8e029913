/**
 * Compiled grammars per candidate set. Building a grammar means generating GBNF and parsing it in
 * llama.cpp, so repeated candidate sets (the common case: similar requests retrieve the same
 * operations) reuse the compiled one. Bounded, least recently used out first.
 */
import type { GbnfJsonSchema, LlamaGrammar } from "node-llama-cpp";
import type { Entity, Operation } from "../../catalog/types.js";
import { GRAMMAR_TERMINATOR, LIMITS, STOP_TRIGGERS, maxOutputBytes, patchGbnf, planSchema, type GrammarLimits } from "./grammar.js";
import type { ModelRuntime } from "./runtime.js";

export interface PlanGrammar {
  grammar: LlamaGrammar;
  /** Enough tokens for the longest output the grammar admits (each token is at least one byte). */
  maxTokens: number;
  stopTriggers: readonly string[];
}

const MAX_CACHED = 128;

export class GrammarCache {
  private readonly cache = new Map<string, Promise<PlanGrammar>>();

  constructor(
    private readonly runtime: Pick<ModelRuntime, "llama" | "createGrammar">,
    private readonly entities: Readonly<Record<string, Entity>>,
    private readonly limits: GrammarLimits = LIMITS,
  ) {}

  get(candidates: readonly Operation[]): Promise<PlanGrammar> {
    const key = candidates.map((op) => op.name).join("\n");
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const built = this.build(candidates);
    // A failed build is not cached: the next request retries and reports its own error.
    built.catch(() => this.cache.delete(key));
    this.cache.set(key, built);
    while (this.cache.size > MAX_CACHED) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    return built;
  }

  private async build(candidates: readonly Operation[]): Promise<PlanGrammar> {
    const schema = planSchema(candidates, this.entities, this.limits);
    // Our schemas are built at run time, so the generic's literal inference has nothing to work on.
    const jsonGrammar = await this.runtime.llama.createGrammarForJsonSchema<GbnfJsonSchema>(
      schema as GbnfJsonSchema,
    );
    const grammar = await this.runtime.createGrammar(patchGbnf(jsonGrammar.grammar), STOP_TRIGGERS);
    const maxTokens = maxOutputBytes(schema) + Buffer.byteLength(GRAMMAR_TERMINATOR) + 8;
    return { grammar, maxTokens, stopTriggers: STOP_TRIGGERS };
  }
}
