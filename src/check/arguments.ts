/**
 * The query string and body of a proposed request → the operation's arguments, the inverse of the
 * compiler's encoding: every OData option back to its argument ($filter through the same parser
 * and checker whose tree the compiler prints), body members back to body arguments.
 */
import { ODATA_OPTION_NAMES } from "../catalog/common-schemas.js";
import type { Catalog, Operation } from "../catalog/types.js";
import { documentedQuery, unsupportedOption } from "../graph/capabilities.js";
import type { FilterExpr } from "../graph/odata/ast.js";
import { FilterChecker } from "../graph/odata/check.js";
import { describeChoices, EntityFields, parseFilter, printFilter } from "../graph/odata/index.js";
import { ArgumentError } from "../graph/types.js";
import { canonicalJson } from "../pipeline/canonical.js";

export interface ReadArguments {
  arguments: Record<string, unknown>;
  /** The checked $filter tree (what the explanation reads), when the request filters. */
  filter: FilterExpr | null;
  problems: string[];
}

const WHOLE_NUMBER = /^\d{1,15}$/;
const fieldsCache = new WeakMap<Operation, EntityFields | null>();

/** The operation's entity fields, narrowed to what its reference documents (as the compiler sees them). */
export function operationFields(op: Operation, catalog: Catalog): EntityFields | null {
  let fields = fieldsCache.get(op);
  if (fields === undefined) {
    const entity = op.entity === null ? undefined : catalog.entities[op.entity];
    fields = entity && op.entity !== null ? new EntityFields(op.entity, entity, documentedQuery(op)) : null;
    fieldsCache.set(op, fields);
  }
  return fields;
}

function list(value: string): string[] {
  return value.split(",").map((v) => v.trim()).filter((v) => v !== "");
}

/** A query option's value as its argument, or a problem sentence. */
function optionValue(wire: string, value: string, op: Operation, catalog: Catalog, out: ReadArguments): unknown {
  switch (wire) {
    case "$filter": {
      try {
        const tree = new FilterChecker(operationFields(op, catalog)).check(parseFilter(value));
        out.filter = tree;
        return printFilter(tree);
      } catch (e) {
        if (e instanceof ArgumentError) throw new ArgumentError(`$filter: ${e.message.replace(/^filter /, "")}`);
        throw e;
      }
    }
    case "$top":
    case "$skip":
      if (!WHOLE_NUMBER.test(value.trim())) throw new ArgumentError(`${wire} must be a whole number (got '${value.slice(0, 40)}')`);
      return Number(value.trim());
    case "$count": {
      const v = value.trim().toLowerCase();
      if (v !== "true" && v !== "false") throw new ArgumentError(`$count must be true or false (got '${value.slice(0, 40)}')`);
      return v === "true";
    }
    case "$select":
    case "$expand":
    case "$orderby":
      return list(value);
    default:
      return value;
  }
}

/** Why a query parameter the operation has no binding for is refused. */
function unknownParameter(op: Operation, name: string): string {
  const lower = name.toLowerCase();
  const option = Object.entries(ODATA_OPTION_NAMES).find(([wire]) => wire === lower || wire.slice(1) === lower);
  if (option && !lower.startsWith("$")) return `write the query option ${option[0]}, not ${name.slice(0, 40)}`;
  if (option) return unsupportedOption(op, option[1]) ?? `${op.name} takes no ${option[0]}`;
  if (lower === "$skiptoken" || lower === "$deltatoken") return `${name} belongs to a paging link Graph returned (@odata.nextLink); check the first request instead`;
  const known = op.params.filter((p) => p.in === "query" && p.name !== "where").map((p) => p.wire);
  return `${op.name} takes no query parameter '${name.slice(0, 40)}'; ${describeChoices("parameters", name, [...new Set(known)])}`;
}

export function readQuery(op: Operation, query: readonly [string, string][], catalog: Catalog, out: ReadArguments): void {
  const byWire = new Map(op.params.filter((p) => p.in === "query" && p.name !== "where").map((p) => [p.wire.toLowerCase(), p]));
  const seen = new Set<string>();
  for (const [name, value] of query) {
    const binding = byWire.get(name.toLowerCase());
    if (!binding) {
      out.problems.push(unknownParameter(op, name));
      continue;
    }
    if (seen.has(binding.wire)) {
      out.problems.push(`${binding.wire} appears twice; give it once`);
      continue;
    }
    seen.add(binding.wire);
    try {
      out.arguments[binding.name] = optionValue(binding.wire, value, op, catalog, out);
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      out.problems.push(e.message);
    }
  }
}

/** Body members → body arguments; the operation's constant members must match when sent. */
export function readBody(op: Operation, body: unknown, out: ReadArguments): void {
  const bindings = op.params.filter((p) => p.in === "body");
  const hasBody = bindings.length > 0 || Object.keys(op.bodyConstants).length > 0;
  if (body === undefined || body === null) return;
  if (!hasBody) {
    out.problems.push(`${op.method} ${op.name} takes no request body; remove it`);
    return;
  }
  if (typeof body !== "object" || Array.isArray(body)) {
    out.problems.push(`the body of ${op.name} must be a JSON object (got ${Array.isArray(body) ? "a list" : typeof body})`);
    return;
  }
  const byWire = new Map(bindings.map((b) => [b.wire, b]));
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key in op.bodyConstants) {
      if (canonicalJson(value) !== canonicalJson(op.bodyConstants[key])) out.problems.push(`body member ${key} must be ${JSON.stringify(op.bodyConstants[key])} for ${op.name}`);
      continue;
    }
    const binding = byWire.get(key);
    if (!binding) {
      out.problems.push(`the body of ${op.name} has unknown member '${key.slice(0, 64)}'; ${describeChoices("members", key, [...byWire.keys(), ...Object.keys(op.bodyConstants)])}`);
      continue;
    }
    out.arguments[binding.name] = value;
  }
}
