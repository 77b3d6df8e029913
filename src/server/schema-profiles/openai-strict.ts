/**
 * The `openai-strict` profile: schemas OpenAI function calling accepts with `strict: true`.
 * Rules (OpenAI "Structured Outputs" guide, supported-schemas section, in our words): every object
 * lists all its properties in `required` and sets `additionalProperties: false`; an optional value
 * is expressed as a union with null; only a subset of keywords is accepted. This profile publishes
 * type, description, enum, const, properties, required, additionalProperties, items and the
 * formats in STRICT_FORMATS; every bound and length goes into the description and stays enforced
 * by the server, which reads `null` as "not given".
 */
import { describeWithLimits, isNode, type SchemaNode } from "./walk.js";

export const STRICT_KEYWORDS = new Set(["type", "description", "enum", "const", "properties", "required", "additionalProperties", "items", "anyOf", "format"]);
export const STRICT_FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
const MOVED = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "pattern", "format", "default"]);

function withNull(node: SchemaNode): SchemaNode {
  const type = node.type;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  if (types.includes("null")) return node;
  const out: SchemaNode = { ...node, type: [...types, "null"] };
  if (Array.isArray(node.enum) && !node.enum.includes(null)) out.enum = [...node.enum, null];
  return out;
}

/** One node in strict form; `optional` makes it nullable. */
export function strictNode(node: SchemaNode, optional = false): SchemaNode {
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (!STRICT_KEYWORDS.has(key)) continue;
    if (key === "format" && !STRICT_FORMATS.has(String(value))) continue;
    if (key === "properties" || key === "items" || key === "anyOf" || key === "additionalProperties" || key === "required") continue;
    out[key] = value;
  }
  const description = describeWithLimits(node, new Set([...MOVED].filter((k) => k !== "format" || !STRICT_FORMATS.has(String(node.format)))));
  if (description !== undefined) out.description = description;
  if (Array.isArray(node.anyOf)) out.anyOf = node.anyOf.map((branch) => (isNode(branch) ? strictNode(branch) : branch));
  if (isNode(node.items)) out.items = strictNode(node.items);
  const isObject = node.type === "object" || isNode(node.properties);
  if (isObject) {
    const properties = isNode(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
    out.type = "object";
    out.properties = Object.fromEntries(Object.entries(properties).map(([name, prop]) => [name, isNode(prop) ? strictNode(prop, !required.has(name)) : prop]));
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return optional ? withNull(out) : out;
}
