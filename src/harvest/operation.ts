/**
 * One curated profile entry + its upstream OpenAPI operation → one catalog Operation record with
 * flat arguments: camelCase path keys, client-safe OData option names, inlined body members.
 */
import { ODATA_OPTION_NAMES, OPTION_SCHEMAS, PATH_PARAM_SCHEMA } from "../catalog/common-schemas.js";
import type { HttpMethod, Operation, ParamBinding } from "../catalog/types.js";
import { ARG_KEY_PATTERN, argumentSchema, isClientMember } from "./body-schema.js";
import {
  HarvestError,
  deref,
  flatten,
  isNode,
  jsonContentSchema,
  refName,
  successSchema,
  type Node,
  type OpenApiDoc,
} from "./openapi.js";
import type { ProfileOperation } from "./spec.js";

/** Summaries of the generator's navigation-property artefacts, never curated operations. */
const ARTEFACT_SUMMARY = /^(Create new|Update the|Delete) navigation property/i;

/** "{alert-id}" → "alertId"; "{simulationAutomation-id}" → "simulationAutomationId". */
export function camelPathKey(key: string): string {
  return key.replace(/[-_.]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function camelPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, key: string) => `{${camelPathKey(key)}}`);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Built {
  operation: Operation;
  /** Entity type the operation addresses, to be described in entities.json. */
  entity: string | null;
}

class ArgumentSet {
  readonly properties: Record<string, Record<string, unknown>> = {};
  readonly required: string[] = [];
  readonly params: ParamBinding[] = [];
  constructor(private readonly where: string) {}

  add(binding: ParamBinding, schema: Record<string, unknown>): void {
    if (!ARG_KEY_PATTERN.test(binding.name)) {
      throw new HarvestError(`${this.where}: argument name "${binding.name}" does not match ${ARG_KEY_PATTERN}`);
    }
    const clash = this.params.find((p) => p.name === binding.name);
    if (clash) {
      throw new HarvestError(
        `${this.where}: ${binding.in} argument "${binding.name}" collides with the ${clash.in} argument of the same name`,
      );
    }
    this.params.push(binding);
    this.properties[binding.name] = schema;
    if (binding.required) this.required.push(binding.name);
  }
}

/** Path-level then operation-level parameters; an operation-level one replaces its path-level twin. */
function parameters(doc: OpenApiDoc, pathItem: Node, operation: Node): Node[] {
  const byKey = new Map<string, Node>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(doc, raw);
      byKey.set(`${String(p.in)}:${String(p.name)}`, p);
    }
  }
  return [...byKey.values()];
}

/** The type $filter/$select address: the item type of a collection response, else the response type. */
function responseEntity(doc: OpenApiDoc, operation: Node): string | null {
  const schema = successSchema(doc, operation);
  if (schema === undefined) return null;
  const flat = flatten(doc, schema);
  const value = flat.properties.get("value");
  if (value !== undefined && flat.properties.has("@odata.nextLink")) {
    const items = flatten(doc, value).items;
    return refName(items) ?? null;
  }
  if (flat.type === "array") return refName(flat.items) ?? null;
  return flat.name ?? null;
}

export function buildOperation(doc: OpenApiDoc, toolset: string, entry: ProfileOperation): Built {
  const where = `profile operation ${entry.name}`;
  const [methodText, upstreamPath] = entry.request.split(" ") as [string, string];
  const method = methodText as HttpMethod;
  const pathItem = doc.root.paths !== undefined && isNode(doc.root.paths) ? doc.root.paths[upstreamPath] : undefined;
  const upstream = isNode(pathItem) ? pathItem[method.toLowerCase()] : undefined;
  if (!isNode(pathItem) || !isNode(upstream)) {
    throw new HarvestError(`${where}: ${entry.request} is not in ${doc.id}`);
  }
  const summary = typeof upstream.summary === "string" ? upstream.summary : "";
  if (ARTEFACT_SUMMARY.test(summary)) {
    throw new HarvestError(`${where}: ${entry.request} is a generated navigation-property artefact ("${summary}")`);
  }
  const externalDocs = isNode(upstream.externalDocs) ? upstream.externalDocs.url : undefined;
  let docsUrl: string;
  if (typeof externalDocs === "string") {
    if (entry.docsUrl !== undefined) throw new HarvestError(`${where}: docsUrl given but ${entry.request} carries externalDocs upstream`);
    docsUrl = externalDocs;
  } else if (entry.docsUrl !== undefined && entry.docsNote !== undefined) {
    docsUrl = entry.docsUrl;
  } else {
    throw new HarvestError(`${where}: ${entry.request} has no externalDocs in ${doc.id} (undocumented; give docsUrl and docsNote only if it is documented elsewhere)`);
  }
  if ((entry.readOnly || entry.stateChanging) && method !== "POST") {
    throw new HarvestError(`${where}: readOnly and stateChanging apply to POST actions only`);
  }
  if (entry.readOnly && entry.stateChanging) throw new HarvestError(`${where}: an action cannot be both readOnly and stateChanging`);

  const args = new ArgumentSet(where);
  for (const p of parameters(doc, pathItem, upstream)) {
    const name = String(p.name);
    if (p.in === "path") {
      args.add({ name: camelPathKey(name), in: "path", wire: name, required: true }, clone(PATH_PARAM_SCHEMA));
    } else if (p.in === "query") {
      const safe = ODATA_OPTION_NAMES[name];
      if (safe !== undefined) {
        args.add({ name: safe, in: "query", wire: name, required: false }, clone(OPTION_SCHEMAS[safe] ?? {}));
        // The structured filter compiles into $filter: offered wherever $filter is.
        if (safe === "filter") args.add({ name: "where", in: "query", wire: name, required: false }, clone(OPTION_SCHEMAS.where ?? {}));
      } else {
        const schema = argumentSchema(doc, p.schema, 1);
        if (schema === undefined) throw new HarvestError(`${where}: query parameter ${name} has no usable schema`);
        args.add({ name, in: "query", wire: name, required: p.required === true }, schema);
      }
    }
    // Header parameters (If-Match, ConsistencyLevel) are the executor's business, not the model's.
  }

  const bodyNode = upstream.requestBody === undefined ? undefined : jsonContentSchema(doc, upstream.requestBody);
  if (bodyNode !== undefined) addBody(doc, entry, where, method, bodyNode, args);
  else if (entry.writable || entry.requiredBody || entry.bodyFromArrayItem) {
    throw new HarvestError(`${where}: body settings given but ${entry.request} takes no request body`);
  }
  for (const [name, note] of Object.entries(entry.args ?? {})) {
    const schema = args.properties[name];
    if (schema === undefined) throw new HarvestError(`${where}: args.${name} names no argument of this operation`);
    if (note.description !== undefined) schema.description = note.description;
    if (note.maxLength !== undefined) {
      if (schema.type !== "string") throw new HarvestError(`${where}: args.${name}.maxLength given for a non-string argument`);
      schema.maxLength = note.maxLength;
    }
    if (note.minLength !== undefined) {
      if (schema.type !== "string") throw new HarvestError(`${where}: args.${name}.minLength given for a non-string argument`);
      schema.minLength = note.minLength;
    }
  }

  const readOnly = method === "GET" || entry.readOnly === true;
  const entity = entry.entity ?? (method === "GET" ? responseEntity(doc, upstream) : null);
  const deprecated = entry.deprecated === true || upstream.deprecated === true || upstream["x-ms-deprecation"] !== undefined;
  const operation: Operation = {
    name: entry.name,
    title: entry.title,
    description: entry.description,
    examples: [...entry.examples],
    toolset,
    operationId: typeof upstream.operationId === "string" ? upstream.operationId : "",
    method,
    path: camelPath(upstreamPath),
    version: doc.version,
    readOnly,
    destructive: !readOnly && (method === "PATCH" || method === "PUT" || method === "DELETE" || entry.stateChanging === true),
    idempotent: method !== "POST" || readOnly,
    deprecated,
    docsUrl,
    entity,
    pageable: upstream["x-ms-pageable"] !== undefined,
    params: args.params,
    bodyConstants: clone(entry.bodyConstants ?? {}),
    inputSchema: { type: "object", additionalProperties: false, properties: args.properties, required: args.required },
  };
  return { operation, entity };
}

function addBody(
  doc: OpenApiDoc,
  entry: ProfileOperation,
  where: string,
  method: HttpMethod,
  bodyNode: unknown,
  args: ArgumentSet,
): void {
  let body = flatten(doc, bodyNode);
  if (body.type === "array") {
    if (entry.bodyFromArrayItem !== true) {
      throw new HarvestError(`${where}: upstream body is an array; set bodyFromArrayItem to send one item`);
    }
    body = flatten(doc, body.items);
  }
  const isAction = method === "POST" && body.name === undefined;
  if (!isAction && entry.writable === undefined) {
    throw new HarvestError(`${where}: ${method} with an entity body needs a curated "writable" list`);
  }
  const allowed = entry.writable === undefined ? undefined : new Set(entry.writable);
  for (const key of allowed ?? []) {
    const member = body.properties.get(key);
    if (member === undefined || !isClientMember(key, member)) {
      throw new HarvestError(`${where}: writable member "${key}" is not a client-settable member of ${body.name ?? "the body"}`);
    }
  }
  const requiredBody = new Set(entry.requiredBody ?? []);
  for (const [key, member] of body.properties) {
    if (allowed !== undefined && !allowed.has(key)) continue;
    if (!isClientMember(key, member)) continue;
    const schema = argumentSchema(doc, member, 1);
    if (schema === undefined) continue;
    args.add({ name: key, in: "body", wire: key, required: requiredBody.has(key) }, schema);
  }
  for (const key of requiredBody) {
    if (!args.params.some((p) => p.in === "body" && p.name === key)) {
      throw new HarvestError(`${where}: requiredBody member "${key}" is not an argument`);
    }
  }
}
