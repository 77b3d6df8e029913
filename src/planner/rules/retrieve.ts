/**
 * Operation retrieval: BM25+ (minisearch) over each operation's name, title, description and
 * example phrasings. Scores are relative (best = 1) so intent features can be added on one scale.
 */
import MiniSearch from "minisearch";
import type { Operation } from "../../catalog/types.js";

const STOP_WORDS = new Set([
  "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from", "and", "or", "me", "my", "our", "all",
  "any", "show", "list", "get", "give", "find", "what", "which", "are", "is", "be", "been", "that", "this", "these",
  "those", "please", "can", "you", "i", "we", "it", "its", "there", "last", "past", "since", "today", "yesterday",
  "hours", "hour", "days", "day", "weeks", "week", "minutes", "month", "months", "top", "most", "recent", "latest",
]);

/** Light stemming so "alerts"/"alert" and "policies"/"policy" meet; enough for short catalog texts. */
export function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t) || /^\d+$/.test(t)) return null;
  if (t.length > 4 && t.endsWith("ies")) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith("s") && !t.endsWith("ss") && !t.endsWith("us")) return t.slice(0, -1);
  return t;
}

/** "riskyUsers_dismiss" → "risky users dismiss". */
export const splitIdentifier = (name: string) =>
  name
    .replace(/[_./{}()-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();

/** Analyst words → the catalog's words for the same thing. */
const QUERY_SYNONYMS: [RegExp, string][] = [
  [/\blog(?:ged)?[ -]?(?:in|on)s?\b/gi, "sign-ins"],
  [/\b(?:app(?:lication)?|workload) identit(?:y|ies)\b|\bspns?\b/gi, "service principals"],
  [/\bcerts?\b/gi, "certificates"],
  [/\biocs?\b/gi, "indicators"],
  [/\bintel\b/gi, "intelligence"],
  [/\brecommendations?\b/gi, "controls"],
  [/\bdns resolutions?\b/gi, "passive dns"],
  [/\bmdi\b/gi, "defender for identity"],
  [/\binc\b/gi, "incident"],
  [/\bauditlogs?\b/gi, "audit logs"],
];

export function expandQuery(query: string): string {
  let out = query;
  for (const [pattern, words] of QUERY_SYNONYMS) out = out.replace(pattern, (m) => `${m} ${words}`);
  return out;
}

interface OperationDocument {
  id: number;
  name: string;
  title: string;
  description: string;
  examples: string;
  path: string;
}

export interface RetrievalHit {
  operation: Operation;
  /** BM25+ score divided by the best hit's score (0..1]. */
  score: number;
  /** The raw BM25+ score, comparable across queries only roughly. */
  rawScore: number;
}

export class OperationIndex {
  private readonly search: MiniSearch<OperationDocument>;

  constructor(private readonly operations: readonly Operation[]) {
    this.search = new MiniSearch<OperationDocument>({
      fields: ["name", "title", "description", "examples", "path"],
      storeFields: [],
      tokenize: (text) => text.split(/[^a-zA-Z0-9]+/).filter(Boolean),
      processTerm: normalizeTerm,
      searchOptions: {
        boost: { name: 2, title: 2, examples: 1.5, description: 1, path: 1 },
        combineWith: "OR",
        // Typos ("alrets", "incidnets", "rsiky"): one edit in five letters, two in longer words.
        fuzzy: (term) => (term.length >= 5 ? (term.length >= 7 ? 0.3 : 0.2) : false),
      },
    });
    this.search.addAll(
      operations.map((op, id) => ({
        id,
        name: splitIdentifier(op.name),
        title: op.title,
        description: op.description,
        examples: op.examples.join(" \n "),
        path: splitIdentifier(op.path.replace(/\{[^}]+\}/g, " ")),
      })),
    );
  }

  /** Operations ranked for `query`, best first. */
  rank(query: string, limit = 12): RetrievalHit[] {
    const results = this.search.search(expandQuery(query)).slice(0, limit);
    const best = results[0]?.score ?? 0;
    return results
      .map((r) => ({ operation: this.operations[r.id as number], score: best > 0 ? r.score / best : 0, rawScore: r.score }))
      .filter((h): h is RetrievalHit => h.operation !== undefined);
  }
}
