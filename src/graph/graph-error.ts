/**
 * Live-call failures as one sentence a person or a model can act on: Graph's own code, message and
 * request-id when Graph answered, otherwise what went wrong on the way (timeout, throttling,
 * malformed or oversized response). The MCP server turns these into isError results.
 */
import { GraphClientError } from "@microsoft/microsoft-graph-client";
import { redactSecrets } from "./auth.js";

export type GraphFailureKind =
  | "graph" // Graph answered with an error status
  | "throttled" // 429/503 still failing after the bounded retries, or Retry-After beyond the cap
  | "timeout"
  | "network"
  | "malformed" // not the JSON a 2xx promised, or a nextLink we refuse to follow
  | "too-large"
  | "redirect"
  | "refused"; // the request would leave the configured Graph origin

export interface GraphFailure {
  kind: GraphFailureKind;
  status?: number;
  /** Graph's error code, e.g. "BadRequest", "Authorization_RequestDenied". */
  code?: string;
  /** Graph's error message (untrusted text, cleaned and capped). */
  graphMessage?: string;
  requestId?: string;
  retryAfterSeconds?: number;
}

/**
 * Extends the library's GraphClientError because GraphRequest.send passes that class through
 * untouched (anything else thrown by middleware is re-wrapped and loses its fields).
 */
export class GraphCallError extends GraphClientError implements GraphFailure {
  override name = "GraphCallError";
  readonly kind: GraphFailureKind;
  readonly status?: number;
  readonly code?: string;
  readonly graphMessage?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;

  constructor(message: string, failure: GraphFailure) {
    super(redactSecrets(message));
    // GraphClientError's constructor pins its own prototype; restore ours so instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.kind = failure.kind;
    this.status = failure.status;
    this.code = failure.code;
    this.graphMessage = failure.graphMessage;
    this.requestId = failure.requestId;
    this.retryAfterSeconds = failure.retryAfterSeconds;
  }

  /** The structured part, for JSON output and audit lines. */
  toJSON(): GraphFailure & { message: string } {
    const { kind, status, code, graphMessage, requestId, retryAfterSeconds } = this;
    return { message: this.message, kind, status, code, graphMessage, requestId, retryAfterSeconds };
  }
}

/** Graph text is untrusted: keep one line, no control characters, bounded. */
export function cleanGraphText(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** What to change, by status: the part of the sentence that makes the error actionable. */
function adviceFor(status: number): string {
  if (status === 400) return "Fix the arguments named in Graph's message and call again.";
  if (status === 401) return "The token was rejected: check the credentials (SECGRAPH_ACCESS_TOKEN or AZURE_* variables) and that the token is for this Graph cloud.";
  if (status === 403) return "The app or user lacks the Graph permission this operation needs (see the README section 'Going live') or a required license/role.";
  if (status === 404) return "Nothing exists at that address: check the id.";
  if (status === 409 || status === 412) return "The item changed meanwhile: read it again, then retry the change.";
  if (status === 429) return "Graph is throttling this app: wait and call again, or ask for less data.";
  if (status >= 500) return "Graph failed on its side: try again later.";
  return "Check the request and try again.";
}

/** Parses Retry-After (seconds or an HTTP date) into whole seconds, or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Maps a non-2xx answer (its raw body text) to GraphCallError with Graph's code, message and request-id. */
export function errorFromGraphResponse(status: number, headers: Headers, bodyText: string): GraphCallError {
  let code: string | undefined;
  let graphMessage: string | undefined;
  let requestId = headers.get("request-id") ?? undefined;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    const err = (parsed as { error?: Record<string, unknown> }).error;
    if (err && typeof err === "object") {
      if (typeof err.code === "string") code = cleanGraphText(err.code, 100);
      if (typeof err.message === "string") graphMessage = cleanGraphText(err.message);
      const inner = (err.innerError ?? err.innererror) as Record<string, unknown> | undefined;
      if (!requestId && inner && typeof inner["request-id"] === "string") requestId = cleanGraphText(inner["request-id"], 100);
    }
  } catch {
    // Not JSON (a gateway page, an empty body): fall back to the status alone.
  }
  const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfter(headers.get("retry-after")) : undefined;
  const what = graphMessage ? `: ${graphMessage}` : "";
  const id = requestId ? ` (request-id ${requestId})` : "";
  const wait = retryAfterSeconds !== undefined ? ` Retry-After: ${retryAfterSeconds} s.` : "";
  const message = `Graph answered ${status}${code ? ` ${code}` : ""}${what}${id}. ${adviceFor(status)}${wait}`;
  return new GraphCallError(message, {
    kind: status === 429 ? "throttled" : "graph",
    status,
    code,
    graphMessage,
    requestId,
    retryAfterSeconds,
  });
}
