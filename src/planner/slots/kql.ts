/**
 * KQL the analyst wrote themselves ("run this: DeviceProcessEvents | where …"). It is passed through
 * verbatim to advanced hunting; the planner never rewrites a query it was given.
 */

const TABULAR_OPERATORS =
  "where|project|project-away|project-rename|extend|summarize|take|limit|top|sort|order|join|union|count|distinct|search|parse|mv-expand|make-series|render|invoke|lookup|evaluate|sample|getschema|as|serialize|partition|top-nested|find";

/** A table name (or `let` statement) followed by a pipe and a tabular operator. */
const QUERY_START = new RegExp(`(?:\\blet\\s+\\w+\\s*=|\\b[A-Z][A-Za-z0-9_]+\\s*(?:\\n\\s*)?\\|\\s*(?:${TABULAR_OPERATORS})\\b)`);
const FENCED = /```(?:kql|kusto)?\s*([\s\S]+?)```|`([^`]+\|[^`]+)`/i;

/** The KQL in `text`, trimmed, or undefined when the request contains none. */
export function extractKql(text: string): string | undefined {
  const fenced = FENCED.exec(text);
  const inFence = fenced?.[1] ?? fenced?.[2];
  if (inFence && QUERY_START.test(inFence)) return inFence.trim();
  const start = QUERY_START.exec(text);
  if (!start) return undefined;
  let query = text.slice(start.index).trim();
  // A query quoted in prose: drop the closing quote that belongs to the sentence.
  const opener = text.slice(0, start.index).trimEnd().slice(-1);
  const closer = ({ '"': '"', "'": "'", "“": "”" } as Record<string, string>)[opener];
  if (closer && query.endsWith(closer)) query = query.slice(0, -closer.length).trimEnd();
  return query.length > 0 ? query : undefined;
}
