/**
 * BM25 search (minisearch) over the visible operations: names, titles, descriptions, paths and
 * example phrasings. Serves search_operations and the "did you mean" of unknown tool names.
 */
import MiniSearch from "minisearch";
import type { Operation } from "../catalog/types.js";

/** Words of identifiers too: "riskyUsers_list" → risky, users, list. */
function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

interface OperationDoc {
  id: string;
  name: string;
  title: string;
  description: string;
  path: string;
  examples: string;
  toolset: string;
}

export class OperationSearch {
  private readonly index: MiniSearch<OperationDoc>;
  private readonly byName: Map<string, Operation>;

  constructor(operations: readonly Operation[]) {
    this.byName = new Map(operations.map((op) => [op.name, op]));
    this.index = new MiniSearch<OperationDoc>({
      fields: ["name", "title", "description", "path", "examples"],
      storeFields: ["toolset"],
      tokenize,
      searchOptions: { boost: { name: 2, title: 2, examples: 1.5 }, prefix: true, fuzzy: 0.2 },
    });
    this.index.addAll(
      operations.map((op) => ({
        id: op.name,
        name: op.name,
        title: op.title,
        description: op.description,
        path: op.path,
        examples: op.examples.join(" \n "),
        toolset: op.toolset,
      })),
    );
  }

  /** Best first; `toolset` narrows to one group. */
  search(query: string, limit: number, toolset?: string): Operation[] {
    const hits = this.index.search(query, toolset === undefined ? {} : { filter: (r) => r["toolset"] === toolset });
    return hits
      .slice(0, limit)
      .map((h) => this.byName.get(String(h.id)))
      .filter((op): op is Operation => op !== undefined);
  }

  /** Up to `limit` visible operation names that look like a mistyped `name`. */
  closeMatches(name: string, limit = 3): string[] {
    const hits = this.index.search(name, { fields: ["name", "title"], fuzzy: 0.34, prefix: true, combineWith: "OR" });
    return hits.slice(0, limit).map((h) => String(h.id));
  }
}
