/**
 * Redaction for everything that leaves the pipeline other than the answer itself: audit records,
 * error sentences and log lines. Two layers: keys that name a secret lose their value whatever it
 * is, and inside every string the values that look like credentials are replaced (JWTs, bearer and
 * basic tokens, `password=…`/`secret: …` pairs, long high-entropy runs, and the process's own
 * credentials wherever they are echoed back, e.g. by Graph in an error message).
 */

const SECRET_KEY = /authorization|token|secret|password|passwd|credential|api[-_]?key|cookie|private[-_]?key|confirmationcode/i;
const MAX_STRING = 2048;
const MAX_ITEMS = 100;
const MAX_DEPTH = 12;

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9._~+/=%-]{6,}/gi;
/** `password=x`, `"client_secret": "x"`, `api-key: x`, `sig=x` (SAS URLs): the name stays, the value goes. */
const SECRET_PAIR =
  /\b([A-Za-z0-9_-]*(?:password|passwd|pwd|secret|token|api[-_]?key|apikey|credential|sig|signature|private[-_]?key)[A-Za-z0-9_-]*)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&"'}\])]+)/gi;
const LONG_RUN = /[A-Za-z0-9+/=_-]{32,}/g;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A random token rather than an identifier: mixed case and digits with high entropy. Hex digests
 * (IOC hashes), GUIDs, Defender alert ids and paths stay readable: they lack an upper-case letter
 * or top out near 4 bits per character.
 */
export function looksLikeToken(run: string): boolean {
  return run.length >= 32 && /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run) && entropy(run) >= 4.2;
}

export interface Redactor {
  /** A copy of a JSON value with secrets removed and sizes bounded (for audit records). */
  value(value: unknown): unknown;
  /** One string with every secret-looking value replaced (error sentences, log lines). */
  text(text: string): string;
}

/** Credentials this process holds, taken from the environment, so an echo of them is caught whatever its shape. */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return ["SECGRAPH_ACCESS_TOKEN", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD", "SECGRAPH_PLANNER_API_KEY", "SECGRAPH_HTTP_TOKEN"]
    .map((name) => env[name])
    .filter((v): v is string => typeof v === "string" && v.length >= 8);
}

export function createRedactor(knownSecrets: readonly string[] = []): Redactor {
  const known = [...new Set(knownSecrets.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);

  const text = (input: string): string => {
    let out = input;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
    return out
      .replace(JWT, "[redacted jwt]")
      .replace(AUTH_SCHEME, (_m, scheme: string, gap: string) => `${scheme}${gap}[redacted]`)
      .replace(SECRET_PAIR, (_m, name: string, sep: string) => `${name}${sep}[redacted]`)
      .replace(LONG_RUN, (run) => (looksLikeToken(run) ? "[redacted]" : run));
  };

  const value = (input: unknown, depth = 0): unknown => {
    if (typeof input === "string") {
      const clean = text(input.length > MAX_STRING * 2 ? input.slice(0, MAX_STRING * 2) : input);
      return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…[${input.length - MAX_STRING} more chars]` : clean;
    }
    if (input === null || typeof input !== "object") return input;
    if (depth >= MAX_DEPTH) return "[nested too deep]";
    if (Array.isArray(input)) {
      const kept = input.slice(0, MAX_ITEMS).map((v) => value(v, depth + 1));
      return input.length > MAX_ITEMS ? [...kept, `…[${input.length - MAX_ITEMS} more items]`] : kept;
    }
    const entries = Object.entries(input);
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries.slice(0, MAX_ITEMS)) {
      out[text(key.slice(0, 256))] = SECRET_KEY.test(key) ? "[redacted]" : value(v, depth + 1);
    }
    if (entries.length > MAX_ITEMS) out["…"] = `[${entries.length - MAX_ITEMS} more keys]`;
    return out;
  };

  return { value: (v) => value(v), text };
}

/**
 * The value patterns without known credentials. Doors that hold credentials (serve, the shell
 * commands) inject createRedactor(secretsFromEnv(env)) instead.
 */
export const defaultRedactor: Redactor = createRedactor();

/** Copies a JSON value with secrets replaced and sizes bounded (the default redactor). */
export function redact(value: unknown): unknown {
  return defaultRedactor.value(value);
}
