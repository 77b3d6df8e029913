/**
 * One zod schema for all settings: defaults < config file < environment < flags.
 * Commands parse their own flags with node:util parseArgs and pass them here as `flags`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

export const Settings = z.object({
  transport: z.enum(["stdio", "http"]).default("stdio"),
  port: z.coerce.number().int().min(1).max(65535).default(3000),
  live: z.boolean().default(false),
  allowWrites: z.boolean().default(false),
  /** Toolset names; empty = all. */
  toolsets: z.array(z.string()).default([]),
  discovery: z.boolean().default(false),
  planner: z.enum(["auto", "model", "rules"]).default("auto"),
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
