/**
 * One canonical form of a request: what the person is shown, what a confirmation is bound to and
 * what the audit log names are all derived from the same compiled request.
 */
import { createHash } from "node:crypto";
import type { CompiledRequest } from "../graph/types.js";

/** JSON with object keys sorted at every level (undefined members dropped), so equal values serialise equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** sha256 (hex) of the canonical method + url + body: a confirmation is valid for exactly this request. */
export function requestHash(request: CompiledRequest): string {
  return createHash("sha256").update(canonicalJson({ method: request.method, url: request.url, body: request.body ?? null })).digest("hex");
}

/** "PATCH https://…/alerts_v2/a1" plus the JSON body on the next line, as a person reads it. */
export function describeRequest(request: CompiledRequest): string {
  const body = request.body === null || request.body === undefined ? "" : `\nbody: ${JSON.stringify(request.body)}`;
  return `${request.method} ${request.url}${body}`;
}
