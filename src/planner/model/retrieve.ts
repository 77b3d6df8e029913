/**
 * Candidate retrieval for the model planner: BM25 (minisearch) over each operation's name, title,
 * description and example phrasings. The model then only sees, and the grammar only admits, the
 * top-k operations, which keeps prompts short and the grammar small.
 */
import MiniSearch from "minisearch";
import type { Operation } from "../../catalog/types.js";

export const DEFAULT_CANDIDATES = 4;

/** Splits camelCase and snake_case, lower-cases, and folds plain plurals ("alerts" → "alert"). */
export function tokenizeForRetrieval(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1)
    .map((t) => (t.length > 3 && t.endsWith("s") && !t.endsWith("ss") ? t.slice(0, -1) : t));
}

interface IndexedOperation {
  id: string;
  name: string;
  title: string;
  description: string;
  examples: string;
}

export interface Retriever {
  /** The best `k` operations for the text, best first (fewer when fewer match anything). */
  retrieve(text: string, k?: number): Operation[];
}

export function createRetriever(operations: readonly Operation[]): Retriever {
  const byName = new Map(operations.map((op) => [op.name, op]));
  const index = new MiniSearch<IndexedOperation>({
    fields: ["name", "title", "description", "examples"],
    tokenize: tokenizeForRetrieval,
    searchOptions: { boost: { title: 2, examples: 1.5, name: 1.5 }, prefix: true, fuzzy: 0.15, combineWith: "OR" },
  });
  index.addAll(
    operations.map((op) => ({
      id: op.name,
      name: op.name,
      title: op.title,
      description: op.description,
      examples: op.examples.join("\n"),
    })),
  );
  return {
    retrieve(text, k = DEFAULT_CANDIDATES) {
      if (k <= 0) return [];
      const hits = index.search(text);
      const out: Operation[] = [];
      for (const hit of hits) {
        const op = byName.get(String(hit.id));
        if (op) out.push(op);
        if (out.length >= k) break;
      }
      return out;
    },
  };
}
