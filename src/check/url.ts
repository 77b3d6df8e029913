/**
 * Reads a pasted Graph URL into its parts without resolving anything: absolute or relative,
 * v1.0/beta or no version, percent-encoded or raw, `+` for spaces in the query. Dot segments are
 * kept (and refused later) rather than collapsed the way WHATWG URL parsing would collapse them.
 */
import { DEFAULT_GRAPH_BASE_URL } from "../graph/compile.js";

/** Longer URLs are refused before any parsing: Graph itself refuses URLs far shorter than this. */
export const MAX_URL_LENGTH = 16_384;

export type GraphVersion = "v1.0" | "beta";

export interface ReadUrl {
  /** The version segment as written (lower-cased), or null when the URL names none. */
  version: GraphVersion | null;
  /** Decoded path segments after the version ("security", "alerts_v2", "abc"). */
  segments: string[];
  /** Decoded query pairs in order, names as written. */
  query: [string, string][];
}

/** A URL that cannot be read: one sentence naming what to change. */
export class UrlProblem extends Error {
  override name = "UrlProblem";
}

const ABSOLUTE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;

/** scheme://host[:port] plus an optional base path, lower-cased, without a trailing slash. */
function origin(base: string): { origin: string; path: string } {
  const m = ABSOLUTE.exec(base.trim());
  if (!m) return { origin: base.toLowerCase(), path: "" };
  return { origin: `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}`, path: m[3]!.replace(/[?#].*$/s, "").replace(/\/+$/, "") };
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    const bad = /%(?![0-9a-f]{2})|%[0-9a-f]{2}/i.exec(text);
    const at = bad ? ` near '${text.slice(bad.index, bad.index + 9)}'` : "";
    throw new UrlProblem(`the ${what} has malformed percent-encoding${at}; each % must start a valid UTF-8 escape such as %20 (write a literal % as %25)`);
  }
}

function readQuery(text: string): [string, string][] {
  if (text === "") return [];
  return text.split("&").filter((part) => part !== "").map((part) => {
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    // In a query, `+` is a space (HTML form encoding, which people paste); a real plus is %2B.
    const name = decode(rawName.replaceAll("+", " "), "query string");
    return [name, decode(rawValue.replaceAll("+", " "), `value of ${name.slice(0, 40)}`)];
  });
}

/**
 * Splits `url` into version, path segments and query. `baseUrls` are the Graph roots accepted for
 * absolute URLs (default https://graph.microsoft.com); any other host is refused.
 */
export function readGraphUrl(url: string, baseUrls: readonly string[] = [DEFAULT_GRAPH_BASE_URL]): ReadUrl {
  if (url.length > MAX_URL_LENGTH) throw new UrlProblem(`the URL is ${url.length} characters long; at most ${MAX_URL_LENGTH} are checked (Graph refuses far shorter ones)`);
  const text = url.trim();
  if (text === "") throw new UrlProblem("the URL is empty");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UrlProblem("the URL contains a control character (a line break or tab?); paste it on one line");
  if (text.includes("#")) throw new UrlProblem("the URL contains '#', which starts a fragment that is never sent; if it belongs to a value, encode it as %23");

  let rest = text;
  const absolute = ABSOLUTE.exec(text);
  if (absolute) {
    const given = `${absolute[1]!.toLowerCase()}://${absolute[2]!.toLowerCase()}`;
    const match = baseUrls.map(origin).find((b) => b.origin === given && (b.path === "" || absolute[3]!.toLowerCase().startsWith(`${b.path.toLowerCase()}/`)));
    if (!match) {
      const known = baseUrls.map((b) => origin(b).origin).join(", ");
      throw new UrlProblem(`the URL goes to ${given.slice(0, 120)}, not to Microsoft Graph (${known}); pass --graph-base-url to check requests for another Graph root`);
    }
    rest = absolute[3]!.slice(match.path.length);
  }
  const q = rest.indexOf("?");
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const rawQuery = q < 0 ? "" : rest.slice(q + 1);

  const parts = rawPath.replace(/^\/+/, "").replace(/\/+$/, "").split("/");
  if (parts.some((p) => p === "")) throw new UrlProblem("the path has an empty segment ('//'); remove the extra slash");
  const segments = parts.map((p) => decode(p, "path"));
  let version: GraphVersion | null = null;
  const first = segments[0]?.toLowerCase();
  if (first === "v1.0" || first === "beta") {
    version = first;
    segments.shift();
  } else if (first !== undefined && /^v\d/.test(first)) {
    throw new UrlProblem(`'${segments[0]!.slice(0, 20)}' is not a Graph version; use v1.0 or beta`);
  }
  if (segments.length === 0) throw new UrlProblem("the URL names no resource after the version (e.g. /v1.0/security/alerts_v2)");
  return { version, segments, query: readQuery(rawQuery) };
}
