/**
 * Schema profiles: one tool table published in the dialect a client's model accepts.
 * - `default`: the schemas as the registry builds them (compact JSON Schema).
 * - `openai-strict`: OpenAI strict function calling (see openai-strict.ts).
 * - `gemini`: Gemini function declarations (see gemini.ts).
 * A profile changes what tools/list shows, never what the server accepts: every call is still
 * checked against the catalog's full schema. What a profile publishes differently, it also reads
 * back: `null` for "not given" (openai-strict) and call_operation's arguments as JSON text.
 */
import type { Implementation, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../../log.js";
import { ServerSetupError } from "../registry.js";
import { geminiNode } from "./gemini.js";
import { strictNode } from "./openai-strict.js";
import { isNode, type SchemaNode } from "./walk.js";

export const SCHEMA_PROFILES = ["default", "openai-strict", "gemini"] as const;
export type SchemaProfileName = (typeof SCHEMA_PROFILES)[number];
/** `auto`: decided per session from the client's clientInfo, `default` when that is not conclusive. */
export type SchemaProfileSetting = SchemaProfileName | "auto";

export function parseSchemaProfile(value: string): SchemaProfileSetting {
  if (value === "auto" || (SCHEMA_PROFILES as readonly string[]).includes(value)) return value as SchemaProfileSetting;
  throw new ServerSetupError(`unknown schema profile "${value.slice(0, 64)}"; use one of: ${SCHEMA_PROFILES.join(", ")} (or auto)`);
}

/**
 * clientInfo names that say which model family reads the schemas. Only hosts tied to one family
 * are listed: library clients (SDK, LangChain, Vercel AI SDK, OpenAI Agents SDK) send a name chosen
 * by their user or their own package name, which says nothing about the model behind them.
 */
const CLIENT_PROFILES: readonly [RegExp, SchemaProfileName][] = [[/^gemini-cli-mcp-client(?:-|$)/i, "gemini"]];

export function profileForClient(client: Implementation | undefined): SchemaProfileName | null {
  const name = client?.name ?? "";
  return CLIENT_PROFILES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** Discovery's open `arguments` object cannot be strict or Gemini-safe: those profiles take JSON text. */
export const ARGUMENTS_AS_TEXT = "call_operation";
const ARGUMENTS_TEXT_SCHEMA = {
  type: "string",
  description: 'The operation\'s arguments as JSON object text, e.g. "{\\"top\\": 5}"; describe_operation gives their schema. "{}" for none.',
};

function publishSchema(profile: SchemaProfileName, tool: Tool): Tool["inputSchema"] {
  let schema = tool.inputSchema as SchemaNode;
  if (profile === "default") return tool.inputSchema;
  if (tool.name === ARGUMENTS_AS_TEXT && isNode(schema.properties) && "arguments" in schema.properties) {
    schema = { ...schema, properties: { ...schema.properties, arguments: ARGUMENTS_TEXT_SCHEMA } };
  }
  return (profile === "openai-strict" ? strictNode(schema) : geminiNode(schema)) as Tool["inputSchema"];
}

/** The tool as `profile` publishes it. Output schemas are for the client, not the model: kept. */
export function publishTool(profile: SchemaProfileName, tool: Tool): Tool {
  return profile === "default" ? tool : { ...tool, inputSchema: publishSchema(profile, tool) };
}

/**
 * Drops `null` where the default schema does not allow it: under openai-strict every optional
 * argument is sent, `null` meaning "not given". Follows nested properties and list items.
 */
export function dropNulls(value: unknown, schema: unknown): unknown {
  if (!isNode(schema)) return value;
  if (Array.isArray(value)) return isNode(schema.items) ? value.map((item) => dropNulls(item, schema.items)) : value;
  if (!isNode(value)) return value;
  const properties = isNode(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const prop = properties[key];
    if (item === null && !allowsNull(prop)) continue;
    out[key] = dropNulls(item, prop);
  }
  return out;
}

function allowsNull(schema: unknown): boolean {
  if (!isNode(schema)) return false;
  return schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null")) || schema.nullable === true;
}

/** call_operation's arguments text → object; text that is not a JSON object goes on as is (and is refused there). */
function parseArgumentsText(args: Record<string, unknown>, strict: boolean): Record<string, unknown> {
  if (typeof args.arguments !== "string") return args;
  const text = args.arguments.trim();
  let parsed: unknown;
  try {
    parsed = text === "" ? {} : JSON.parse(text);
  } catch {
    return args;
  }
  if (!isNode(parsed)) return args;
  // Under strict, null means "not given" inside the operation's arguments too (top level).
  const cleaned = strict ? Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null)) : parsed;
  return { ...args, arguments: cleaned };
}

/**
 * The tool table under one profile: what tools/list shows and how call arguments are read back.
 * With `auto`, the profile is decided on the first question after initialize and logged.
 */
export class PublishedTools {
  private chosen: SchemaProfileName | null;
  private readonly lists = new Map<SchemaProfileName, Tool[]>();
  private readonly byName: Map<string, Tool>;

  constructor(
    private readonly tools: readonly Tool[],
    private readonly setting: SchemaProfileSetting,
    private readonly client: () => Implementation | undefined,
    private readonly logger: Logger,
  ) {
    this.chosen = setting === "auto" ? null : setting;
    this.byName = new Map(tools.map((t) => [t.name, t]));
  }

  private logged = false;

  get profile(): SchemaProfileName {
    if (this.chosen !== null) {
      if (!this.logged) this.logger.info(`schema profile ${this.chosen}`, { reason: "configured (--schema-profile or SECGRAPH_SCHEMA_PROFILE; createServer default)" });
      this.logged = true;
      return this.chosen;
    }
    const client = this.client();
    if (client === undefined) return "default";
    const picked = profileForClient(client);
    this.chosen = picked ?? "default";
    this.logged = true;
    this.logger.info(`schema profile ${this.chosen}`, { client: client.name.slice(0, 64), reason: picked ? "picked from clientInfo" : "no profile known for this client" });
    return this.chosen;
  }

  list(): Tool[] {
    const profile = this.profile;
    let list = this.lists.get(profile);
    if (!list) {
      list = this.tools.map((t) => publishTool(profile, t));
      this.lists.set(profile, list);
    }
    return list;
  }

  /** Arguments as the tool's handler expects them (the default profile's shape). */
  accept(name: string, args: unknown): unknown {
    const profile = this.profile;
    if (profile === "default" || !isNode(args)) return args;
    const tool = this.byName.get(name);
    if (!tool) return args;
    let out = profile === "openai-strict" ? (dropNulls(args, tool.inputSchema) as Record<string, unknown>) : args;
    if (name === ARGUMENTS_AS_TEXT) out = parseArgumentsText(out, profile === "openai-strict");
    return out;
  }
}
