/**
 * Catalog records → MCP tool definitions. Tools are rows in a table: one function turns any
 * operation into its published tool; the visibility filter (toolsets, read-only) runs first.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { OPTION_SCHEMAS } from "../catalog/common-schemas.js";
import type { Catalog, Entity, JsonSchemaObject, Operation } from "../catalog/types.js";

export class ServerSetupError extends Error {
  override name = "ServerSetupError";
}

export interface Visibility {
  /** Toolset names to publish; empty = all. */
  toolsets: readonly string[];
  allowWrites: boolean;
}

/** The operations a client may see and call: the toolset filter, then read-only unless writes are allowed. */
export function visibleOperations(catalog: Catalog, visibility: Visibility): Operation[] {
  const known = new Set(catalog.toolsets.map((t) => t.name));
  const unknown = visibility.toolsets.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    throw new ServerSetupError(`unknown toolset ${unknown.map((t) => `"${t}"`).join(", ")}; known toolsets: ${[...known].join(", ")}`);
  }
  const wanted = visibility.toolsets.length > 0 ? new Set(visibility.toolsets) : known;
  return catalog.operations.filter((op) => wanted.has(op.toolset) && (op.readOnly || visibility.allowWrites));
}

/** The server's own argument on write tools: the second, confirming call of a live write. */
export const CONFIRM_PROPERTY = {
  type: "boolean",
  description: "Live writes only: true on a second call with the same arguments, after the request was shown",
};

/** Every operation tool answers with this envelope (dry-run, live or awaiting confirmation). */
export const CALL_OUTPUT_SCHEMA = {
  type: "object",
  properties: {
    mode: { type: "string", enum: ["dry-run", "live"] },
    operation: { type: "string" },
    request: { type: "object" },
    warnings: { type: "array", items: { type: "string" } },
    confirmation: { type: "string", enum: ["required", "declined"] },
    status: { type: "integer" },
    result: {},
  },
  required: ["mode", "operation", "request"],
} as const;

function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).filter(([k]) => k !== "description").map(([k, v]) => [k, withoutDescriptions(v)]),
  );
}

function assertNoRef(schema: unknown, where: string): void {
  if (schema === null || typeof schema !== "object") return;
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$ref") throw new ServerSetupError(`${where}: inputSchema contains $ref, which MCP clients cannot resolve`);
    assertNoRef(v, where);
  }
}

/**
 * The client-facing input schema: the catalog's schema without `$schema`/`$id`, with the
 * standard OData options' descriptions dropped (every client knows them; they cost tokens),
 * and `confirm` added to write tools.
 */
export function publishedInputSchema(op: Operation): Tool["inputSchema"] {
  assertNoRef(op.inputSchema, op.name);
  const { $schema: _schema, $id: _id, properties, ...rest } = op.inputSchema as JsonSchemaObject & { properties?: Record<string, unknown> };
  const published: Record<string, object> = {};
  for (const [name, prop] of Object.entries(properties ?? {})) {
    published[name] = (name in OPTION_SCHEMAS ? withoutDescriptions(prop) : prop) as object;
  }
  if (!op.readOnly) published.confirm = CONFIRM_PROPERTY;
  return { ...rest, type: "object", properties: published };
}

const KEY_FIELD_TYPES = ["enum", "datetime", "string", "guid"];

/** The entity's most useful filterable fields: top-level, enums and datetimes first. */
export function keyFilterFields(entity: Entity | undefined, limit = 6): string[] {
  if (!entity) return [];
  return Object.entries(entity.fields)
    .filter(([name, spec]) => spec.filterable && !spec.collection && !name.includes("/") && KEY_FIELD_TYPES.includes(spec.type))
    .sort(([, a], [, b]) => KEY_FIELD_TYPES.indexOf(a.type) - KEY_FIELD_TYPES.indexOf(b.type))
    .slice(0, limit)
    .map(([name]) => name);
}

/** What it does, the fields worth filtering on, one example phrasing. */
export function toolDescription(op: Operation, entity: Entity | undefined): string {
  const parts = [op.description.trim()];
  const fields = keyFilterFields(entity);
  if (fields.length > 0 && "filter" in ((op.inputSchema.properties as object | undefined) ?? {})) {
    parts.push(`Filter on: ${fields.join(", ")}.`);
  }
  if (!op.readOnly) parts.push(op.destructive ? "Destructive write." : "Write.");
  parts.push(`Example: "${op.examples[0]}"`);
  return parts.join(" ");
}

/** What a person or model needs to know about an operation, without its schema. */
export function operationCard(op: Operation) {
  const { name, title, description, method, path, version, readOnly, destructive, entity, docsUrl, examples } = op;
  return { name, title, description, method, path, version, readOnly, destructive, entity, docsUrl, examples };
}

export function operationTool(op: Operation, catalog: Catalog): Tool {
  return {
    name: op.name,
    title: op.title,
    description: toolDescription(op, op.entity === null ? undefined : catalog.entities[op.entity]),
    inputSchema: publishedInputSchema(op),
    outputSchema: CALL_OUTPUT_SCHEMA as unknown as Tool["outputSchema"],
    annotations: {
      readOnlyHint: op.readOnly,
      destructiveHint: op.destructive,
      idempotentHint: op.idempotent,
      openWorldHint: true,
    },
  };
}
