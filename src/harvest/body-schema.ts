/**
 * Request-body members → self-contained JSON Schema for tool arguments: `$ref`s inlined, `allOf`
 * merged, enums kept, strings bounded, nesting cut at a fixed depth, server-owned members dropped.
 */
import { flatten, isServerOwned, type Node, type OpenApiDoc } from "./openapi.js";

/** Top-level body members are depth 1; objects deeper than this are left out. */
export const MAX_BODY_DEPTH = 3;
export const DEFAULT_MAX_LENGTH = 4096;
export const MAX_ARRAY_ITEMS = 100;
export const ARG_KEY_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

/** Formats ajv-formats knows; Graph's others (base64url, int32…) carry no checkable meaning here. */
const KEPT_FORMATS = new Set(["date-time", "date", "time", "duration", "uuid"]);

/**
 * Enum member Graph appends to every evolvable enum: a client can neither send nor mean it.
 * (Entity field specs keep it: it can appear in responses and filters.)
 */
const UNSETTABLE_ENUM_MEMBER = "unknownFutureValue";

/** Whether a member can be sent by a client: not server-set, a legal argument key. */
export function isClientMember(key: string, member: Node): boolean {
  return !isServerOwned(member) && key !== "id" && ARG_KEY_PATTERN.test(key);
}

/** JSON Schema for one body member, or undefined when it is nested too deep to offer. */
export function argumentSchema(doc: OpenApiDoc, node: unknown, depth: number): Record<string, unknown> | undefined {
  const flat = flatten(doc, node);
  if (flat.enum !== undefined) {
    return { type: "string", enum: flat.enum.filter((v) => v !== UNSETTABLE_ENUM_MEMBER) };
  }
  switch (flat.type) {
    case "string": {
      const out: Record<string, unknown> = { type: "string", maxLength: DEFAULT_MAX_LENGTH };
      if (flat.format !== undefined && KEPT_FORMATS.has(flat.format)) out.format = flat.format;
      return out;
    }
    case "integer": {
      const out: Record<string, unknown> = { type: "integer" };
      if (flat.minimum !== undefined) out.minimum = flat.minimum;
      if (flat.maximum !== undefined) out.maximum = flat.maximum;
      return out;
    }
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "array": {
      const items = flat.items === undefined ? undefined : argumentSchema(doc, flat.items, depth);
      return items === undefined ? undefined : { type: "array", items, maxItems: MAX_ARRAY_ITEMS };
    }
    default:
      return objectSchema(doc, flat.properties, depth);
  }
}

function objectSchema(doc: OpenApiDoc, members: Map<string, Node>, depth: number): Record<string, unknown> | undefined {
  if (depth > MAX_BODY_DEPTH) return undefined;
  if (members.size === 0) {
    // An open dictionary upstream (e.g. custom details): string values only, bounded.
    return { type: "object", maxProperties: 64, additionalProperties: { type: "string", maxLength: 1024 } };
  }
  const properties: Record<string, unknown> = {};
  for (const [key, member] of members) {
    if (!isClientMember(key, member)) continue;
    const schema = argumentSchema(doc, member, depth + 1);
    if (schema !== undefined) properties[key] = schema;
  }
  if (Object.keys(properties).length === 0) return undefined;
  return { type: "object", additionalProperties: false, properties };
}
