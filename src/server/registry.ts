/**
 * Catalog records → MCP tool definitions. Tools are rows in a table: one function turns any
 * operation into its published tool; the visibility filter (toolsets, read-only) runs first.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { OPTION_SCHEMAS, UNPUBLISHED_OPTIONS } from "../catalog/common-schemas.js";
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

/**
 * The server's own argument on write tools: the one-time code a person read on the server's
 * terminal, which sends a live write (see src/pipeline/). `confirm: true` is still accepted but
 * sends nothing by itself, so it is no longer listed.
 */
export const CONFIRM_PROPERTY = {
  type: "string",
  description: "Live writes: the confirmation code the person was shown; ask them for it",
};

/**
 * Every operation call answers with this envelope (dry-run, live or awaiting confirmation).
 * Published on call_operation (discovery mode); per-operation tools leave it out because its
 * ~85 tokens on each of ~90 tools would break the 150-tokens-per-tool budget of tools/list.
 */
export const CALL_OUTPUT_SCHEMA = {
  type: "object",
  properties: {
    mode: { type: "string", enum: ["dry-run", "live"] },
    operation: { type: "string" },
    request: { type: "object" },
    warnings: { type: "array", items: { type: "string" } },
    confirmation: { type: "string", enum: ["required", "declined"] },
    status: { type: "integer" },
    expiresAt: { type: "string" },
    /** Facts about Graph's data (nonce of the text envelope that holds it, item count, more pages); never the data. */
    untrusted: { type: "object", properties: { nonce: { type: "string" }, items: { type: "integer" }, morePages: { type: "boolean" }, truncated: { type: "boolean" } } },
    result: {},
  },
  required: ["mode", "operation", "request"],
} as const;

const INT32 = 2 ** 31;
const SIZE_GUARDS = new Set(["maxLength", "minLength", "maxItems", "uniqueItems", "additionalItems"]);

/**
 * A property as tools/list shows it: structure and meaning (type, enum, format, items, nested
 * properties, descriptions, real bounds such as $top ≤ 1000) without the size guards (maxLength,
 * maxItems, int32 bounds) that the server enforces itself with ajv against the catalog's full
 * schema. Publishing the guards would cost tokens on every tool and tell a model nothing.
 */
function compactProperty(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(compactProperty);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SIZE_GUARDS.has(key)) continue;
    if ((key === "minimum" || key === "maximum") && typeof value === "number" && Math.abs(value) >= INT32 - 1) continue;
    out[key] = key === "enum" || key === "required" ? value : compactProperty(value);
  }
  return out;
}

/**
 * A standard OData option ($filter, $top, $select, …) as tools/list shows it: its type (arrays
 * with their item type: several clients reject an array schema without `items`), plus $top's
 * real cap. Every client knows these options; the server checks the rest.
 */
function bareOption(schema: unknown): object {
  const s = (schema ?? {}) as Record<string, unknown>;
  const bounded = s.type === "integer" && typeof s.maximum === "number" && s.maximum < 10_000;
  const items = s.type === "array" && s.items !== undefined ? { items: bareOption(s.items) } : {};
  return { type: s.type, ...(s.enum ? { enum: s.enum } : {}), ...(bounded ? { maximum: s.maximum } : {}), ...items };
}

/**
 * Options accepted but not listed, to keep tools/list near 150 tokens per tool:
 * - `where`, the structured alternative to `filter`, is what the local planner writes; MCP clients write `filter`;
 * - `search`, `skip` and `count` are rarely what a SOC question needs, and most security
 *   endpoints reject `$search`; lists are paged by following nextLink instead of `$skip`.
 * describe_operation and the toolset resources show the full schema.
 */
const UNLISTED_OPTIONS = UNPUBLISHED_OPTIONS;

function assertNoRef(schema: unknown, where: string): void {
  if (schema === null || typeof schema !== "object") return;
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$ref") throw new ServerSetupError(`${where}: inputSchema contains $ref, which MCP clients cannot resolve`);
    assertNoRef(v, where);
  }
}

function schemaParts(op: Operation): { properties: Record<string, unknown>; rest: Record<string, unknown> } {
  assertNoRef(op.inputSchema, op.name);
  const { $schema: _schema, $id: _id, properties, ...rest } = op.inputSchema as JsonSchemaObject & { properties?: Record<string, unknown> };
  return { properties: properties ?? {}, rest };
}

/** The catalog's argument schema as the server checks it, plus `confirm` on write tools. */
export function fullInputSchema(op: Operation): Tool["inputSchema"] {
  const { properties, rest } = schemaParts(op);
  return { ...rest, type: "object", properties: { ...(properties as Record<string, object>), ...(op.readOnly ? {} : { confirmationCode: CONFIRM_PROPERTY }) } };
}

/**
 * The schema tools/list publishes: operation-specific arguments exactly as the catalog has them,
 * standard OData options compacted, a few left out (see UNLISTED_OPTIONS), `confirm` added to
 * write tools. Every call is still checked against the full schema.
 */
export function listedInputSchema(op: Operation): Tool["inputSchema"] {
  const { properties, rest } = schemaParts(op);
  const listed: Record<string, object> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (UNLISTED_OPTIONS.has(name)) continue;
    listed[name] = name in OPTION_SCHEMAS ? bareOption(prop) : (compactProperty(prop) as object);
  }
  if (!op.readOnly) listed.confirmationCode = CONFIRM_PROPERTY;
  const { required, ...others } = rest;
  return { ...others, type: "object", properties: listed, ...(Array.isArray(required) && required.length > 0 ? { required } : {}) };
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
  // The harvester's descriptions usually name the filter fields already; add them only when not.
  const filterable = "filter" in ((op.inputSchema.properties as object | undefined) ?? {});
  if (fields.length > 0 && filterable && !/filter/i.test(op.description)) parts.push(`Filter on: ${fields.join(", ")}.`);
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
    inputSchema: listedInputSchema(op),
    annotations: {
      readOnlyHint: op.readOnly,
      destructiveHint: op.destructive,
      idempotentHint: op.idempotent,
      openWorldHint: true,
    },
  };
}
