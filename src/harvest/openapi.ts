/**
 * Reading a parsed OpenAPI 3 document: `$ref` lookup and `allOf` flattening. Pure functions over
 * the YAML tree; nothing here knows about the catalog.
 */

export type Node = Record<string, unknown>;

export interface OpenApiDoc {
  /** Source id from spec/sources.json, used in error messages. */
  id: string;
  version: "v1.0" | "beta";
  root: Node;
}

/** A problem with the inputs (source documents, spec/): one line for the user, exit 2. */
export class HarvestError extends Error {
  override name = "HarvestError";
}

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const SCHEMA_PREFIX = "#/components/schemas/";

/** The component name a `$ref` points at ("microsoft.graph.security.alert"), or undefined. */
export function refName(node: unknown): string | undefined {
  if (!isNode(node) || typeof node.$ref !== "string") return undefined;
  return node.$ref.startsWith(SCHEMA_PREFIX) ? node.$ref.slice(SCHEMA_PREFIX.length) : undefined;
}

/** Follows `$ref` chains (local JSON pointers only) to the node they name. */
export function deref(doc: OpenApiDoc, node: unknown): Node {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isNode(current)) throw new HarvestError(`${doc.id}: expected an object, found ${JSON.stringify(current)}`);
    const ref = current.$ref;
    if (typeof ref !== "string") return current;
    if (!ref.startsWith("#/")) throw new HarvestError(`${doc.id}: external $ref ${ref} is not supported`);
    let target: unknown = doc.root;
    for (const raw of ref.slice(2).split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isNode(target) ? target[key] : undefined;
    }
    if (target === undefined) throw new HarvestError(`${doc.id}: unresolved $ref ${ref}`);
    current = target;
  }
  throw new HarvestError(`${doc.id}: $ref chain too long at ${JSON.stringify(node)}`);
}

/** A schema with `$ref` and `allOf` resolved one level: its own facts plus merged members. */
export interface FlatSchema {
  /** Component name when the schema came through a `$ref` (entity and enum names). */
  name?: string;
  type?: string;
  format?: string;
  enum?: string[];
  items?: unknown;
  /** Members in declaration order, base types first (allOf inheritance); later wins on a clash. */
  properties: Map<string, Node>;
  required: string[];
  minimum?: number;
  maximum?: number;
}

export function flatten(doc: OpenApiDoc, node: unknown, seen: Set<string> = new Set()): FlatSchema {
  const name = refName(node);
  const schema = deref(doc, node);
  const flat: FlatSchema = { properties: new Map(), required: [] };
  if (name !== undefined) {
    if (seen.has(name)) return { name, type: "object", properties: new Map(), required: [] };
    flat.name = name;
  }
  const guard = name === undefined ? seen : new Set([...seen, name]);
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      const inner = flatten(doc, part, guard);
      for (const [k, v] of inner.properties) flat.properties.set(k, v);
      flat.required.push(...inner.required);
      flat.type ??= inner.type;
    }
  }
  if (typeof schema.type === "string") flat.type = schema.type;
  if (typeof schema.format === "string") flat.format = schema.format;
  if (Array.isArray(schema.enum)) flat.enum = schema.enum.filter((v): v is string => typeof v === "string");
  if (schema.items !== undefined) flat.items = schema.items;
  if (typeof schema.minimum === "number") flat.minimum = schema.minimum;
  if (typeof schema.maximum === "number") flat.maximum = schema.maximum;
  if (isNode(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) if (isNode(v)) flat.properties.set(k, v);
  }
  if (Array.isArray(schema.required)) flat.required.push(...schema.required.filter((r): r is string => typeof r === "string"));
  if (flat.type === undefined && flat.properties.size > 0) flat.type = "object";
  return flat;
}

/** True for members the service sets or that are relationships, never request-body input. */
export function isServerOwned(member: Node): boolean {
  return member.readOnly === true || member["x-ms-navigationProperty"] === true;
}

/** The JSON schema of a response or request body (application/json), or undefined. */
export function jsonContentSchema(doc: OpenApiDoc, holder: unknown): unknown {
  if (holder === undefined) return undefined;
  const resolved = deref(doc, holder);
  const content = resolved.content;
  if (!isNode(content)) return undefined;
  const json = content["application/json"];
  return isNode(json) ? json.schema : undefined;
}

/** The success response schema of an operation (2XX, 200 or 201). */
export function successSchema(doc: OpenApiDoc, operation: Node): unknown {
  const responses = operation.responses;
  if (!isNode(responses)) return undefined;
  for (const code of ["2XX", "200", "201"]) {
    if (responses[code] !== undefined) return jsonContentSchema(doc, responses[code]);
  }
  return undefined;
}
