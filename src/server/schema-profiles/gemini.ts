/**
 * The `gemini` profile: the OpenAPI 3.0 schema subset Gemini function declarations accept
 * (Gemini API reference, `Schema` object, in our words): one `type` per node (a nullable value
 * says `nullable: true`), string-only enums, no `additionalProperties`, no `$ref`/`oneOf`/`allOf`,
 * an object always with properties, and formats limited to GEMINI_FORMATS for their type. Moved
 * limits go into the description and stay enforced by the server.
 */
import { describeWithLimits, isNode, type SchemaNode } from "./walk.js";

export const GEMINI_KEYWORDS = new Set(["type", "format", "description", "nullable", "enum", "items", "properties", "required", "minItems", "maxItems", "minimum", "maximum"]);
export const GEMINI_FORMATS: Record<string, ReadonlySet<string>> = {
  string: new Set(["enum", "date-time"]),
  integer: new Set(["int32", "int64"]),
  number: new Set(["float", "double"]),
};
const MOVED = new Set(["minLength", "maxLength", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "pattern", "format", "default"]);

export function geminiNode(node: SchemaNode): SchemaNode {
  const out: SchemaNode = {};
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((t) => t !== undefined);
  const nonNull = types.filter((t) => t !== "null");
  if (nonNull.length === 1) out.type = nonNull[0];
  if (types.includes("null") || node.nullable === true) out.nullable = true;
  const type = String(out.type ?? "");
  const formatKept = typeof node.format === "string" && (GEMINI_FORMATS[type]?.has(node.format) ?? false);
  if (formatKept) out.format = node.format;
  const enumKept = Array.isArray(node.enum) && type === "string" && node.enum.every((v) => typeof v === "string");
  if (enumKept) out.enum = node.enum;
  const extra = Array.isArray(node.enum) && !enumKept ? [`one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`] : [];
  if (node.const !== undefined) extra.push(`always ${JSON.stringify(node.const)}`);
  const description = describeWithLimits(node, new Set([...MOVED].filter((k) => k !== "format" || !formatKept)), extra);
  if (description !== undefined) out.description = description;
  for (const key of ["minItems", "maxItems", "minimum", "maximum"] as const) if (typeof node[key] === "number") out[key] = node[key];
  if (isNode(node.items)) out.items = geminiNode(node.items);
  if (isNode(node.properties)) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, prop]) => [name, isNode(prop) ? geminiNode(prop) : prop]));
    if (Array.isArray(node.required) && node.required.length > 0) out.required = node.required;
  }
  return out;
}
