/**
 * Independent checks of a published tool against what each model API accepts, written from the
 * providers' rules rather than from our transforms, so a transform bug shows up as a problem.
 * - OpenAI strict function calling (Structured Outputs guide, "supported schemas"): root is an
 *   object, every object sets additionalProperties false and requires all its properties, arrays
 *   have items, only the supported keywords and string formats, at most 100 properties and 5
 *   levels of nesting (the limits as first published; later raised), function names [A-Za-z0-9_-]{1,64}.
 * - Gemini function declarations (Gemini API `Schema` / `FunctionDeclaration` reference): one
 *   type per node from the OpenAPI set, string enums only, no additionalProperties, objects with
 *   non-empty properties, required ⊆ properties, formats by type, names of at most 64 characters
 *   starting with a letter or underscore.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { isNode, type SchemaNode } from "./walk.js";

const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const OPENAI_KEYWORDS = new Set(["type", "description", "enum", "const", "properties", "required", "additionalProperties", "items", "anyOf", "format"]);
const OPENAI_FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
const GEMINI_KEYWORDS = new Set(["type", "format", "description", "nullable", "enum", "items", "properties", "required", "minItems", "maxItems", "minimum", "maximum"]);
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const GEMINI_FORMATS: Record<string, readonly string[]> = { string: ["enum", "date-time"], integer: ["int32", "int64"], number: ["float", "double"] };

function typesOf(node: SchemaNode): string[] {
  return Array.isArray(node.type) ? node.type.map(String) : node.type === undefined ? [] : [String(node.type)];
}

function openaiNode(node: SchemaNode, path: string, depth: number, problems: string[], count: { properties: number }): void {
  for (const key of Object.keys(node)) if (!OPENAI_KEYWORDS.has(key)) problems.push(`${path}: keyword ${key} is not supported`);
  const types = typesOf(node);
  if (types.length === 0 && !Array.isArray(node.anyOf)) problems.push(`${path}: no type`);
  for (const t of types) if (!JSON_TYPES.has(t)) problems.push(`${path}: type ${t} is not a JSON type`);
  if (typeof node.format === "string" && !OPENAI_FORMATS.has(node.format)) problems.push(`${path}: format ${node.format} is not supported`);
  if (types.includes("null") && Array.isArray(node.enum) && !node.enum.includes(null)) problems.push(`${path}: nullable enum without null`);
  if (types.includes("object")) {
    if (depth > 5) problems.push(`${path}: nested deeper than 5 objects`);
    if (!isNode(node.properties)) problems.push(`${path}: object without properties`);
    if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
    const names = Object.keys(isNode(node.properties) ? node.properties : {});
    const required = Array.isArray(node.required) ? node.required.map(String) : [];
    const missing = names.filter((n) => !required.includes(n));
    if (missing.length > 0) problems.push(`${path}: not required: ${missing.join(", ")}`);
    count.properties += names.length;
    for (const name of names) {
      const prop = (node.properties as SchemaNode)[name];
      if (isNode(prop)) openaiNode(prop, `${path}.${name}`, depth + 1, problems, count);
      else problems.push(`${path}.${name}: not a schema`);
    }
  }
  if (types.includes("array")) {
    if (!isNode(node.items)) problems.push(`${path}: array without items`);
    else openaiNode(node.items, `${path}[]`, depth, problems, count);
  }
  if (Array.isArray(node.anyOf)) node.anyOf.forEach((branch, i) => (isNode(branch) ? openaiNode(branch, `${path}|${i}`, depth, problems, count) : problems.push(`${path}|${i}: not a schema`)));
}

/** Problems that make OpenAI refuse the tool under `strict: true`; empty when it is accepted. */
export function openaiStrictProblems(tool: Tool): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tool.name)) problems.push(`name ${tool.name} is not a valid function name`);
  const schema = tool.inputSchema as SchemaNode;
  if (schema.type !== "object") problems.push("root: must be type object");
  if (schema.anyOf !== undefined) problems.push("root: must not be anyOf");
  const count = { properties: 0 };
  openaiNode(schema, "root", 1, problems, count);
  if (count.properties > 100) problems.push(`${count.properties} properties (at most 100)`);
  return problems;
}

function geminiNode(node: SchemaNode, path: string, problems: string[]): void {
  for (const key of Object.keys(node)) if (!GEMINI_KEYWORDS.has(key)) problems.push(`${path}: keyword ${key} is not supported`);
  const type = node.type;
  if (typeof type !== "string" || !GEMINI_TYPES.has(type)) {
    problems.push(`${path}: type must be one of ${[...GEMINI_TYPES].join(", ")} (got ${JSON.stringify(type)})`);
    return;
  }
  if (node.format !== undefined && !(GEMINI_FORMATS[type] ?? []).includes(String(node.format))) problems.push(`${path}: format ${String(node.format)} is not supported for ${type}`);
  if (node.enum !== undefined && (type !== "string" || !Array.isArray(node.enum) || !node.enum.every((v) => typeof v === "string"))) problems.push(`${path}: enum must be a list of strings on a string`);
  if (node.nullable !== undefined && typeof node.nullable !== "boolean") problems.push(`${path}: nullable must be true or false`);
  if (type === "object") {
    const properties = isNode(node.properties) ? node.properties : {};
    const names = Object.keys(properties);
    if (names.length === 0) problems.push(`${path}: object without properties`);
    for (const name of names) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) problems.push(`${path}.${name}: not a valid parameter name`);
      const prop = properties[name];
      if (isNode(prop)) geminiNode(prop, `${path}.${name}`, problems);
      else problems.push(`${path}.${name}: not a schema`);
    }
    const required = node.required === undefined ? [] : Array.isArray(node.required) ? node.required.map(String) : null;
    if (required === null) problems.push(`${path}: required must be a list`);
    else for (const r of required) if (!names.includes(r)) problems.push(`${path}: requires ${r}, which it does not define`);
  } else if (node.properties !== undefined || node.required !== undefined) {
    problems.push(`${path}: properties on a ${type}`);
  }
  if (type === "array") {
    if (!isNode(node.items)) problems.push(`${path}: array without items`);
    else geminiNode(node.items, `${path}[]`, problems);
  }
}

/** Problems that make Gemini refuse the function declaration; empty when it is accepted. */
export function geminiProblems(tool: Tool): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(tool.name)) problems.push(`name ${tool.name} is not a valid function name`);
  geminiNode(tool.inputSchema as SchemaNode, "root", problems);
  return problems;
}
