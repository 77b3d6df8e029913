/**
 * Which browsers and names may reach the HTTP transport: `Origin` (a web page's request carries
 * one; native clients send none) and `Host` (DNS-rebinding protection).
 */
import { isIP } from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (LOOPBACK_NAMES.has(bare) || bare.endsWith(".localhost")) return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

export function isWildcardHost(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "[::]";
}

/** `https://a.example:8443/x` → `https://a.example:8443`; undefined when it is not an http(s) URL. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** No Origin (a native client) or a loopback origin or one on the allow-list. `null` is refused. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  return isLoopbackHost(new URL(normalized).hostname) || allowed.has(normalized);
}

/** Host header values this server answers to, all lower case with their port. */
export function allowedHostHeaders(bindHost: string, port: number, extra: readonly string[]): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => names.add(name.toLowerCase());
  if (isLoopbackHost(bindHost) || isWildcardHost(bindHost)) for (const n of ["127.0.0.1", "localhost", "[::1]"]) add(`${n}:${port}`);
  if (!isWildcardHost(bindHost)) add(`${isIP(bindHost) === 6 ? `[${bindHost}]` : bindHost}:${port}`);
  for (const e of extra) {
    add(e);
    if (!/:\d+$/.test(e)) add(`${e}:${port}`);
  }
  return names;
}
