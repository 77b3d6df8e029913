/**
 * Following @odata.nextLink within caps. Pages are kept whole: stopping between pages means the
 * returned nextLink continues exactly after the last returned item (splitting a page would either
 * drop items or repeat them). So the item cap is checked before each further page, and a result
 * holds at most maxItems plus the rest of the page that crossed it.
 */
import type { CompiledRequest } from "./types.js";
import { GraphCallError } from "./graph-error.js";

export interface PageCaps {
  maxPages: number;
  maxItems: number;
}

/** The shape INTERFACES.md promises for a paged list. */
export interface PagedResult {
  items: unknown[];
  /** Where to continue, or null when the list is complete. */
  nextLink: string | null;
  /** @odata.count of the first page, when the caller asked for count. */
  count?: number;
}

/**
 * A nextLink comes from the response, i.e. from outside: it is followed (with the token) only when
 * it points at the configured Graph origin. Anything else is a malformed answer.
 */
export function checkedNextLink(body: Record<string, unknown>, graphOrigin: string): string | null {
  const link = body["@odata.nextLink"];
  if (link === undefined || link === null) return null;
  if (typeof link !== "string") {
    throw new GraphCallError("Graph returned a malformed page: @odata.nextLink is not a string.", { kind: "malformed" });
  }
  let origin: string;
  try {
    origin = new URL(link).origin;
  } catch {
    throw new GraphCallError("Graph returned a malformed page: @odata.nextLink is not an absolute URL.", { kind: "malformed" });
  }
  if (origin !== graphOrigin) {
    throw new GraphCallError(`Graph returned a nextLink to ${origin}, outside the configured Graph base URL ${graphOrigin}; refusing to follow it.`, { kind: "malformed" });
  }
  return link;
}

function asCollectionPage(body: unknown): Record<string, unknown> & { value: unknown[] } {
  if (typeof body === "object" && body !== null && Array.isArray((body as { value?: unknown }).value)) {
    return body as Record<string, unknown> & { value: unknown[] };
  }
  throw new GraphCallError("Graph returned a malformed page: expected an object with a `value` list.", { kind: "malformed" });
}

/** Fetches the first page and follows nextLinks until the list ends or a cap is reached. */
export async function collectPages(
  firstUrl: string,
  fetchPage: (url: string) => Promise<unknown>,
  caps: PageCaps,
  graphOrigin: string,
  onPage?: (pages: number, items: number) => void,
): Promise<PagedResult> {
  const items: unknown[] = [];
  let url: string | null = firstUrl;
  let pages = 0;
  let count: number | undefined;
  while (url !== null && pages < caps.maxPages && items.length < caps.maxItems) {
    const page = asCollectionPage(await fetchPage(url));
    pages += 1;
    if (pages === 1 && typeof page["@odata.count"] === "number") count = page["@odata.count"];
    items.push(...page.value);
    url = checkedNextLink(page, graphOrigin);
    onPage?.(pages, items.length);
  }
  return count === undefined ? { items, nextLink: url } : { items, nextLink: url, count };
}

/** The request that continues a capped list from its nextLink (same origin as the Graph base URL only). */
export function continuationRequest(nextLink: string, graphBaseUrl: string): CompiledRequest {
  const url = checkedNextLink({ "@odata.nextLink": nextLink }, new URL(graphBaseUrl).origin);
  if (url === null) throw new GraphCallError("No nextLink to continue from.", { kind: "malformed" });
  return { method: "GET", url, body: null };
}
