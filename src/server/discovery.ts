/**
 * Discovery mode: three small tools instead of one per operation, so tools/list stays tiny
 * (search → describe → call). Visibility (toolsets, writes) is the same as in full mode.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod/v3";
import type { Catalog, Operation } from "../catalog/types.js";
import { huntingTablesCard, isHuntingOperation } from "../graph/kql/index.js";
import { errorResult, toolResult, writesDisabledMessage, type CallPipeline } from "../pipeline/index.js";
import type { OperationSearch } from "./operation-search.js";
import { CALL_OUTPUT_SCHEMA, fullInputSchema, operationCard } from "./registry.js";
import { ownTool, type ServerTool } from "./server-tool.js";

/** "integer 1..1000", "new|inProgress|resolved", "array of {field, op, value}". */
export function summarizeSchema(schema: unknown): string {
  if (schema === null || typeof schema !== "object") return "any";
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum.map(String).join("|");
  const type = Array.isArray(s.type) ? s.type.join("|") : typeof s.type === "string" ? s.type : "any";
  if (type === "array") {
    const items = s.items as Record<string, unknown> | undefined;
    const props = items?.properties as Record<string, unknown> | undefined;
    return props ? `array of {${Object.keys(props).join(", ")}}` : `array of ${summarizeSchema(items)}`;
  }
  if ((type === "integer" || type === "number") && (s.minimum !== undefined || s.maximum !== undefined)) {
    return `${type} ${s.minimum ?? ""}..${s.maximum ?? ""}`;
  }
  if (type === "object" && s.properties) return `{${Object.keys(s.properties).join(", ")}}`;
  return type;
}

/** Argument name → one-line type; required ones marked with "*". */
export function compactArguments(op: Operation): Record<string, string> {
  const schema = fullInputSchema(op) as { properties?: Record<string, unknown>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, prop]) => [required.has(name) ? `${name}*` : name, summarizeSchema(prop)]),
  );
}

function json(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> };
}

export interface DiscoveryDeps {
  catalog: Catalog;
  /** Visible operations by name. */
  visible: Map<string, Operation>;
  search: OperationSearch;
  pipeline: CallPipeline;
  allowWrites: boolean;
}

export function discoveryTools(deps: DiscoveryDeps): ServerTool[] {
  const { catalog, visible, search, pipeline, allowWrites } = deps;
  const toolsets = [...new Set([...visible.values()].map((op) => op.toolset))];
  // The answer is an error either way; a failing audit write is logged by the pipeline's sink.
  const onInvalid = (tool: string) => (rawArgs: unknown, message: string) =>
    void pipeline.record({ tool, operation: null, arguments: rawArgs ?? {}, request: null, outcome: "invalid", message }).catch(() => {});

  /** A name the client may not use: hidden write, unknown, or outside the toolsets. */
  const unavailable = async (tool: string, name: string, rawArgs: unknown): Promise<CallToolResult> => {
    const hidden = catalog.byName.get(name);
    const message = hidden && !hidden.readOnly && !allowWrites
      ? writesDisabledMessage(name)
      : `Unknown operation "${name}". ${suggest(search, name)}Use search_operations to find one.`;
    await pipeline.record({ tool, operation: hidden?.name ?? null, arguments: rawArgs ?? {}, request: null, outcome: hidden ? "refused" : "invalid", message });
    return errorResult(message);
  };

  return [
    ownTool({
      name: "search_operations",
      title: "Search operations",
      description: `Find Microsoft Graph security operations for a task (BM25 over names, descriptions, example phrasings). Returns the best matches with their arguments (* = required). Toolsets: ${toolsets.join(", ")}.`,
      args: z.object({
        query: z.string().min(1).max(500).describe("What you want to do, in words"),
        limit: z.number().int().min(1).max(20).optional().describe("Default 5"),
        toolset: z.string().max(64).optional(),
      }).strict(),
      output: {
        type: "object",
        properties: {
          results: {
            type: "array",
            items: {
              type: "object",
              properties: { name: { type: "string" }, title: { type: "string" }, description: { type: "string" }, readOnly: { type: "boolean" }, arguments: { type: "object" } },
              required: ["name", "arguments"],
            },
          },
        },
        required: ["results"],
      },
      readOnly: true,
      openWorld: false,
      onInvalid: onInvalid("search_operations"),
      async run({ query, limit, toolset }, ctx) {
        const found = search.search(query, limit ?? 5, toolset);
        await pipeline.record({ tool: ctx.tool, operation: null, arguments: { query, limit, toolset }, request: null, outcome: "answered" }, ctx);
        return json({
          results: found.map((op) => ({
            name: op.name,
            title: op.title,
            description: op.description,
            readOnly: op.readOnly,
            arguments: compactArguments(op),
          })),
        });
      },
    }),
    ownTool({
      name: "describe_operation",
      title: "Describe operation",
      description: "Full argument schema, HTTP method and path, examples and the $filter fields of one operation.",
      args: z.object({ name: z.string().min(1).max(64) }).strict(),
      output: {
        type: "object",
        properties: { name: { type: "string" }, method: { type: "string" }, path: { type: "string" }, inputSchema: { type: "object" }, filterFields: { type: "object" } },
        required: ["name", "method", "path", "inputSchema"],
      },
      readOnly: true,
      openWorld: false,
      onInvalid: onInvalid("describe_operation"),
      async run({ name }, ctx) {
        const op = visible.get(name);
        if (!op) return unavailable(ctx.tool, name, { name });
        await pipeline.record({ tool: ctx.tool, operation: op.name, arguments: { name }, request: null, outcome: "answered" }, ctx);
        const entity = op.entity === null ? undefined : catalog.entities[op.entity];
        const filterFields = entity
          ? Object.fromEntries(Object.entries(entity.fields).filter(([, f]) => f.filterable).map(([k, f]) => [k, f.enum ? f.enum.join("|") : f.type]))
          : undefined;
        return json({
          ...operationCard(op),
          inputSchema: fullInputSchema(op),
          ...(filterFields ? { filterFields } : {}),
          ...(isHuntingOperation(op) ? huntingTablesCard() : {}),
        });
      },
    }),
    ownTool({
      name: "call_operation",
      title: "Call operation",
      description: allowWrites
        ? "Validate and run one operation by name. A live write is sent only after a person approves it: through the client, or with the one-time confirmationCode the person was shown."
        : "Validate and run one operation by name (read-only).",
      args: z.object({
        name: z.string().min(1).max(64),
        arguments: z.record(z.unknown()).optional(),
        ...(allowWrites
          ? { confirm: z.boolean().optional(), confirmationCode: z.string().max(64).optional().describe("Live writes: the code the person read on the server's terminal") }
          : {}),
      }).strict(),
      output: CALL_OUTPUT_SCHEMA as unknown as Tool["outputSchema"],
      readOnly: !allowWrites,
      destructive: allowWrites,
      openWorld: true,
      onInvalid: onInvalid("call_operation"),
      async run(parsed, ctx) {
        const { name, arguments: args, confirm, confirmationCode } = parsed as { name: string; arguments?: Record<string, unknown>; confirm?: boolean; confirmationCode?: string };
        const op = visible.get(name);
        if (!op) return unavailable(ctx.tool, name, parsed);
        const own = { ...(confirm === undefined ? {} : { confirm }), ...(confirmationCode === undefined ? {} : { confirmationCode }) };
        return toolResult(await pipeline.run(op, { ...args, ...own }, ctx), pipeline.live);
      },
    }),
  ];
}

export function suggest(search: OperationSearch, name: string): string {
  const close = search.closeMatches(name);
  return close.length > 0 ? `Did you mean ${close.join(", ")}? ` : "";
}
