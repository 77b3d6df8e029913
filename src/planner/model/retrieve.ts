/**
 * Candidate retrieval for the model planner: the rules planner's BM25+ operation index (names,
 * titles, descriptions, example phrasings, analyst synonyms, typo tolerance). The model then only
 * sees, and the grammar only admits, the top-k operations, which keeps prompts short and grammars small.
 */
import type { Operation } from "../../catalog/types.js";
import { OperationIndex } from "../rules/retrieve.js";

export const DEFAULT_CANDIDATES = 4;

export interface Retriever {
  /** The best `k` operations for the text, best first (fewer when fewer match anything). */
  retrieve(text: string, k?: number): Operation[];
}

export function createRetriever(operations: readonly Operation[]): Retriever {
  const index = new OperationIndex(operations);
  return {
    retrieve: (text, k = DEFAULT_CANDIDATES) => (k <= 0 ? [] : index.rank(text, k).map((hit) => hit.operation)),
  };
}
