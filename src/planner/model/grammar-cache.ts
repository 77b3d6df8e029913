/**
 * Compiled compact-plan grammars per placeholder set. The catalog part of the grammar is the same
 * for every request; only the placeholders present change it, and requests repeat a few sets
 * (`<TIME1>`, `<UPN1> <TIME1>`, ...), so each set's grammar is generated and parsed by llama.cpp
 * once. Bounded, least recently used out first.
 */
import type { LlamaGrammar } from "node-llama-cpp";
import type { Catalog, Operation } from "../../catalog/types.js";
import { compactGrammar } from "./compact-grammar.js";
import type { ModelRuntime } from "./runtime.js";

const MAX_CACHED = 64;

export class GrammarCache {
  private readonly cache = new Map<string, Promise<LlamaGrammar>>();

  constructor(
    private readonly runtime: Pick<ModelRuntime, "createGrammar">,
    private readonly operations: readonly Operation[],
    private readonly catalog: Pick<Catalog, "entities">,
  ) {}

  get(placeholders: Iterable<string>): Promise<LlamaGrammar> {
    const present = [...placeholders].sort();
    const key = present.join(" ");
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const built = this.runtime.createGrammar(compactGrammar(this.operations, this.catalog, present));
    // A failed build is not cached: the next request retries and reports its own error.
    built.catch(() => this.cache.delete(key));
    this.cache.set(key, built);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return built;
  }
}
