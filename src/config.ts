/**
 * One zod schema for all settings: defaults < config file < environment < flags.
 * Commands parse their own flags with node:util parseArgs and pass them here as `flags`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

export const Settings = z.object({
  transport: z.enum(["stdio", "http"]).default("stdio"),
  /** 0 picks a free port (the URL on stderr names it). */
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** HTTP listen address; anything but loopback needs authentication on. */
  host: z.string().min(1).default("127.0.0.1"),
  /** HTTP authentication: a shared bearer token (default), OAuth JWTs, or none (loopback only). */
  auth: z.enum(["token", "oauth", "none"]).default("token"),
  /** File holding the shared HTTP bearer token (SECGRAPH_HTTP_TOKEN is the other way to give one). */
  httpTokenFile: z.string().optional(),
  /** Browser origins allowed besides loopback ones (requests without Origin are always allowed). */
  allowedOrigins: z.array(z.string()).default([]),
  /** Host header values allowed besides the loopback names and --host (DNS-rebinding protection). */
  allowedHosts: z.array(z.string()).default([]),
  maxSessions: z.coerce.number().int().min(1).max(10_000).default(100),
  /** An HTTP session with no request for this long is closed. */
  sessionIdleSeconds: z.coerce.number().int().min(1).max(86_400).default(900),
  /** HTTP requests per minute per caller (0 = no limit). */
  rateLimit: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** One JSON line per HTTP request on stderr. */
  accessLog: z.boolean().default(false),
  /** The server's public URL (RFC 9728 `resource`), when it sits behind a proxy. */
  publicUrl: z.string().url().optional(),
  authIssuer: z.string().url().optional(),
  /** Accepted `aud` values, comma-separated (the API's client id and/or App ID URI). */
  authAudience: z.string().min(1).optional(),
  /** A delegated scope (`scp`) or an app role (`roles`) every token must carry. */
  authScope: z.string().min(1).optional(),
  authRole: z.string().min(1).optional(),
  live: z.boolean().default(false),
  allowWrites: z.boolean().default(false),
  /** Toolset names; empty = all. */
  toolsets: z.array(z.string()).default([]),
  discovery: z.boolean().default(false),
  /** Tool schemas in the dialect of the client's model; auto = from clientInfo where it is conclusive. */
  schemaProfile: z.enum(["auto", "default", "openai-strict", "gemini"], { error: "unknown schema profile; use one of: default, openai-strict, gemini (or auto)" }).default("auto"),
  planner: z.enum(["auto", "model", "rules", "openai"]).default("auto"),
  /** OpenAI-compatible server (vLLM, llama-server) for --planner openai: base URL and model name. */
  plannerUrl: z.string().url().optional(),
  plannerModel: z.string().min(1).optional(),
  /** From SECGRAPH_PLANNER_API_KEY only (never a flag); never logged. */
  plannerApiKey: z.string().min(1).optional(),
  plannerTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
  model: z.string().optional(),
  lora: z.string().optional(),
  graphBaseUrl: z.string().url().default("https://graph.microsoft.com"),
  auditLog: z.string().optional(),
  toolsDir: z.string().optional(),
  logLevel: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Paging caps for live list calls. */
  maxPages: z.coerce.number().int().min(1).max(100).default(5),
  maxItems: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Per-request timeout for live calls, milliseconds. */
  requestTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
});
export type Settings = z.infer<typeof Settings>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
/** A comma-separated list, blanks dropped. */
export const list = (v: string) => v.split(",").map((t) => t.trim()).filter(Boolean);

/** Settings named by the environment (INTERFACES.md lists these names). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (env.SECGRAPH_LIVE !== undefined) out.live = truthy(env.SECGRAPH_LIVE);
  if (env.SECGRAPH_ALLOW_WRITES !== undefined) out.allowWrites = truthy(env.SECGRAPH_ALLOW_WRITES);
  if (env.SECGRAPH_MODEL) out.model = env.SECGRAPH_MODEL;
  if (env.SECGRAPH_LORA) out.lora = env.SECGRAPH_LORA;
  if (env.SECGRAPH_GRAPH_BASE_URL) out.graphBaseUrl = env.SECGRAPH_GRAPH_BASE_URL;
  if (env.SECGRAPH_AUDIT_LOG) out.auditLog = env.SECGRAPH_AUDIT_LOG;
  if (env.SECGRAPH_TOOLS_DIR) out.toolsDir = env.SECGRAPH_TOOLS_DIR;
  if (env.SECGRAPH_LOG_LEVEL) out.logLevel = env.SECGRAPH_LOG_LEVEL as Settings["logLevel"];
  if (env.SECGRAPH_HTTP_HOST) out.host = env.SECGRAPH_HTTP_HOST;
  if (env.SECGRAPH_AUTH) out.auth = env.SECGRAPH_AUTH as Settings["auth"];
  if (env.SECGRAPH_HTTP_TOKEN_FILE) out.httpTokenFile = env.SECGRAPH_HTTP_TOKEN_FILE;
  if (env.SECGRAPH_HTTP_ALLOWED_ORIGINS) out.allowedOrigins = list(env.SECGRAPH_HTTP_ALLOWED_ORIGINS);
  if (env.SECGRAPH_HTTP_ALLOWED_HOSTS) out.allowedHosts = list(env.SECGRAPH_HTTP_ALLOWED_HOSTS);
  if (env.SECGRAPH_HTTP_MAX_SESSIONS) out.maxSessions = env.SECGRAPH_HTTP_MAX_SESSIONS as unknown as number;
  if (env.SECGRAPH_HTTP_SESSION_IDLE) out.sessionIdleSeconds = env.SECGRAPH_HTTP_SESSION_IDLE as unknown as number;
  if (env.SECGRAPH_HTTP_RATE_LIMIT) out.rateLimit = env.SECGRAPH_HTTP_RATE_LIMIT as unknown as number;
  if (env.SECGRAPH_ACCESS_LOG !== undefined) out.accessLog = truthy(env.SECGRAPH_ACCESS_LOG);
  if (env.SECGRAPH_PUBLIC_URL) out.publicUrl = env.SECGRAPH_PUBLIC_URL;
  if (env.SECGRAPH_AUTH_ISSUER) out.authIssuer = env.SECGRAPH_AUTH_ISSUER;
  if (env.SECGRAPH_AUTH_AUDIENCE) out.authAudience = env.SECGRAPH_AUTH_AUDIENCE;
  if (env.SECGRAPH_AUTH_SCOPE) out.authScope = env.SECGRAPH_AUTH_SCOPE;
  if (env.SECGRAPH_AUTH_ROLE) out.authRole = env.SECGRAPH_AUTH_ROLE;
  if (env.SECGRAPH_PLANNER_URL) out.plannerUrl = env.SECGRAPH_PLANNER_URL;
  if (env.SECGRAPH_PLANNER_MODEL) out.plannerModel = env.SECGRAPH_PLANNER_MODEL;
  if (env.SECGRAPH_PLANNER_API_KEY) out.plannerApiKey = env.SECGRAPH_PLANNER_API_KEY;
  if (env.SECGRAPH_SCHEMA_PROFILE) out.schemaProfile = env.SECGRAPH_SCHEMA_PROFILE as Settings["schemaProfile"];
  return out;
}

function fromFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("expected a JSON object");
    return v as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid: ${(e as Error).message}`);
  }
}

const dropUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function resolveSettings(opts: {
  flags?: Partial<Settings>;
  env?: NodeJS.ProcessEnv;
  configFile?: string;
}): Settings {
  const env = opts.env ?? {};
  const merged = {
    ...fromFile(opts.configFile ?? env.SECGRAPH_CONFIG),
    ...dropUndefined(settingsFromEnv(env)),
    ...dropUndefined(opts.flags ?? {}),
  };
  const r = Settings.safeParse(merged);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(`invalid setting ${i?.path.join(".") || ""}: ${i?.message}`);
  }
  return r.data;
}
