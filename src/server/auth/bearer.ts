/**
 * The Authorization header, RFC 6750 style: parsing `Bearer <token>` with a size bound, and the
 * `WWW-Authenticate` challenge a refusal carries.
 */
import type { AuthFailureCode, AuthOutcome } from "./types.js";

/** Longest token accepted (Entra access tokens are a few kB); longer ones are refused unread. */
export const MAX_TOKEN_CHARS = 8192;
export const REALM = "secgraph-mcp";

/** RFC 6750 b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export type ParsedBearer = { token: string } | Extract<AuthOutcome, { ok: false }>;

export function parseBearer(authorization: string | undefined): ParsedBearer {
  if (authorization === undefined || authorization === "") {
    return { ok: false, status: 401, description: "this server needs an Authorization: Bearer token" };
  }
  if (authorization.length > MAX_TOKEN_CHARS + 16) {
    return { ok: false, status: 401, code: "invalid_request", description: `the bearer token is longer than ${MAX_TOKEN_CHARS} characters` };
  }
  const match = BEARER.exec(authorization);
  if (!match?.[1]) {
    return { ok: false, status: 401, code: "invalid_request", description: "the Authorization header must be \"Bearer <token>\"" };
  }
  return { token: match[1] };
}

/** Quoted-string safe: no quotes, backslashes or control characters inside a challenge parameter. */
const quoted = (value: string) => `"${[...value].map((c) => (c === '"' || c === "\\" || c < " " || c === "\u007f" ? " " : c)).join("")}"`;

/** `Bearer realm="secgraph-mcp", error="…", error_description="…", resource_metadata="…"`. */
export function challenge(failure: { code?: AuthFailureCode; description: string }, extra: Record<string, string> = {}): string {
  const params: Record<string, string> = { realm: REALM };
  if (failure.code && failure.code !== "temporarily_unavailable") {
    params.error = failure.code;
    params.error_description = failure.description;
  }
  Object.assign(params, extra);
  return `Bearer ${Object.entries(params).map(([k, v]) => `${k}=${quoted(v)}`).join(", ")}`;
}
