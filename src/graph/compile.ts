/**
 * The request compiler: (operation, validated arguments) → the exact HTTP request, or
 * ArgumentError. Every value reaches the URL through a checker and an encoder: path keys are
 * refused when they could change the path, $filter is re-printed from its syntax tree, and
 * query values are percent-encoded the way Graph reads them.
 */
import { MAX_TOP, UNPUBLISHED_OPTIONS, type StructuredCondition } from "../catalog/common-schemas.js";
import type { Catalog, Operation, ParamBinding } from "../catalog/types.js";
import { documentedQuery, undocumentedWarning, unsupportedExpand, unsupportedOption } from "./capabilities.js";
import { buildFilter, closestNames, describeChoices, EntityFields } from "./odata/index.js";
import { findControlCharacter, hasLoneSurrogate } from "./odata/text.js";
import { ArgumentError, type CompileOptions, type CompileResult } from "./types.js";
import type { ArgValidator } from "./validate.js";

export const DEFAULT_GRAPH_BASE_URL = "https://graph.microsoft.com";

/** Order of OData options in the query string: stable, so equal calls give equal URLs. */
const ODATA_ORDER = ["$filter", "$search", "$select", "$expand", "$orderby", "$top", "$skip", "$count"] as const;
type ODataOption = (typeof ODATA_ORDER)[number];

const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ORDERBY_ITEM = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?\s*$/i;

/** Per operation: two operations on one entity can document different filterable properties. */
const fieldsCache = new WeakMap<Operation, EntityFields>();

function entityFields(op: Operation, catalog: Catalog): EntityFields | null {
  if (op.entity === null) return null;
  const entity = catalog.entities[op.entity];
  if (!entity) return null;
  let fields = fieldsCache.get(op);
  if (!fields) {
    fields = new EntityFields(op.entity, entity, documentedQuery(op));
    fieldsCache.set(op, fields);
  }
  return fields;
}

/** Refuses text that no request should carry: control characters and broken UTF-16. */
function checkText(value: unknown, path: string): void {
  if (typeof value === "string") {
    const control = findControlCharacter(value);
    if (control) throw new ArgumentError(`${path} contains a control character (${control}); remove it`, path);
    if (hasLoneSurrogate(value)) throw new ArgumentError(`${path} contains invalid Unicode (an unpaired surrogate)`, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkText(item, `${path}/${i}`));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkText(key, path);
      checkText(item, `${path}/${key}`);
    }
  }
}

/**
 * A path key as one URL segment. Refused: empty, "." and ".." (they would move up the path),
 * "/" and "\" (they would add segments), control characters. Inside a quoted OData key ('{period}'), a quote is
 * doubled so the value cannot end the literal.
 */
function encodePathValue(name: string, raw: unknown, quoted: boolean): string {
  if (typeof raw !== "string" && typeof raw !== "number") throw new ArgumentError(`${name} must be a string`, name);
  const value = String(raw);
  if (value === "") throw new ArgumentError(`${name} must not be empty`, name);
  if (value === "." || value === "..") throw new ArgumentError(`${name} cannot be '${value}'; pass the id itself`, name);
  if (/[/\\]/.test(value)) throw new ArgumentError(`${name} cannot contain '/' or '\\'; pass the id itself`, name);
  // Stricter than other text: no id holds a tab or a line break either.
  if (/\p{Cc}/u.test(value)) throw new ArgumentError(`${name} contains a control character; pass the id itself`, name);
  return encodeURIComponent(quoted ? value.replaceAll("'", "''") : value);
}

/**
 * A query name or value, percent-encoded. Beyond encodeURIComponent, `'` becomes %27: the WHATWG URL
 * serialiser (what fetch sends) encodes it in queries, so dry-run shows byte for byte what live sends.
 */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replaceAll("'", "%27");
}

function stringList(name: string, value: unknown): string[] {
  const items = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(items) || items.some((i) => typeof i !== "string")) throw new ArgumentError(`${name} must be a list of property names`, name);
  return (items as string[]).map((i) => i.trim()).filter((i) => i !== "");
}

/** $select / $expand names: top-level properties of the entity, printed in the catalog's spelling. */
function checkProperties(name: string, value: unknown, fields: EntityFields | null): string[] {
  const names = stringList(name, value);
  if (names.length === 0) throw new ArgumentError(`${name} must name at least one property`, name);
  const valid = fields?.topLevelNames();
  return names.map((item) => {
    if (!PROPERTY_NAME.test(item)) throw new ArgumentError(`${name} item '${item.slice(0, 64)}' is not a property name`, name);
    if (!fields || !valid) return item;
    const found = fields.resolve(item);
    if (!found || found.path.includes("/")) {
      throw new ArgumentError(`${name} names unknown property '${item}' of ${fields.entityName}; ${describeChoices("properties", item, valid)}`, name);
    }
    return found.path;
  });
}

function checkOrderBy(value: unknown, fields: EntityFields | null): string[] {
  const items = stringList("orderby", value);
  return items.map((item) => {
    const m = ORDERBY_ITEM.exec(item);
    if (!m) throw new ArgumentError(`orderby item '${item.slice(0, 64)}' must be "field" or "field asc|desc", e.g. "createdDateTime desc"`, "orderby");
    const direction = m[2] ? ` ${m[2].toLowerCase()}` : "";
    if (!fields) return `${m[1]!}${direction}`;
    const found = fields.resolve(m[1]!);
    const sortable = fields.sortablePaths();
    if (!found) throw new ArgumentError(`orderby names unknown field '${m[1]!}' of ${fields.entityName}; ${describeChoices("sort fields", m[1]!, sortable)}`, "orderby");
    if (!sortable.includes(found.path)) throw new ArgumentError(`orderby cannot sort by ${found.path}; ${describeChoices("sort fields", found.path, sortable)}`, "orderby");
    return `${found.path}${direction}`;
  });
}

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(`${name} must be an integer between ${min} and ${max}`, name);
  }
  return value;
}

/**
 * Where a phrase the caller quoted itself ends: the index of its closing quote, scanning `\"`
 * and `\\` as escapes; -1 when no unescaped quote closes it.
 */
function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * $search takes one quoted phrase. Plain text is quoted here, its `\` and `"` escaped, so it stays
 * one phrase whatever it holds. Text that starts with a quote is the caller's own phrase and goes
 * out as written only when it is exactly one well-formed phrase; `\\"` is refused there because
 * an escaped backslash before a quote reads as an escaped quote to one parser and a closing quote
 * to another.
 */
function quoteSearch(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new ArgumentError("search must be non-empty text", "search");
  const text = value.trim();
  if (!text.startsWith('"')) return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  if (text.includes('\\\\"')) {
    throw new ArgumentError('search contains \\\\" (an escaped backslash before a quote), which Graph may read as the end of the phrase; pass the words without quotes and the server quotes them', "search");
  }
  if (closingQuote(text) !== text.length - 1) {
    throw new ArgumentError('search starts a quoted phrase that is not closed exactly at its end (unbalanced quotes); pass the words without quotes and the server quotes them', "search");
  }
  return text;
}

function plainQueryValue(name: string, value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(",");
  throw new ArgumentError(`${name} must be a string, number, boolean or list`, name);
}

/** Options that make no sense beside the /$count segment, which answers with a bare number. */
const NOT_WITH_COUNT_SEGMENT: readonly ODataOption[] = ["$top", "$skip", "$select", "$orderby", "$expand", "$search"];

/**
 * `count: true` as the operation's documentation asks for it: `$count=true` beside the items
 * (the default where the documentation is silent) or the `/$count` segment, plus the
 * ConsistencyLevel header where Graph requires it.
 */
function countRequest(op: Operation, odata: Map<ODataOption, string>): { segment: string; headers: Record<string, string> | undefined } {
  const documented = op.capabilities?.documented ? op.capabilities.count : null;
  const headers = documented?.consistencyLevel ? { ConsistencyLevel: documented.consistencyLevel } : undefined;
  if (documented?.form !== "segment") {
    odata.set("$count", "true");
    return { segment: "", headers };
  }
  const clash = NOT_WITH_COUNT_SEGMENT.find((o) => odata.has(o));
  if (clash !== undefined) {
    const argument = op.params.find((p) => p.wire === clash)?.name ?? clash;
    throw new ArgumentError(`count on ${op.name} returns only the number (/$count); drop ${argument} or drop count`, argument);
  }
  return { segment: "/$count", headers };
}

/** Compiles arguments that already passed ArgValidator. Throws ArgumentError on semantic problems. */
export function compileCall(
  op: Operation,
  args: Record<string, unknown>,
  catalog: Catalog,
  options: CompileOptions = {},
): CompileResult {
  const warnings: string[] = [];
  const bindings = new Map<string, ParamBinding>(op.params.map((p) => [p.name, p]));
  for (const name of Object.keys(args)) {
    const refusal = bindings.has(name) ? null : unsupportedOption(op, name);
    if (refusal !== null) throw new ArgumentError(refusal, name);
    if (!bindings.has(name)) throw new ArgumentError(`unknown argument '${name}'; ${describeChoices("arguments", name, [...bindings.keys()].filter((b) => !UNPUBLISHED_OPTIONS.has(b)))}`, name);
  }
  for (const [name, value] of Object.entries(args)) checkText(value, name);
  const fields = entityFields(op, catalog);

  let path = op.path;
  const odata = new Map<ODataOption, string>();
  const plainQuery: [string, string][] = [];
  const body: Record<string, unknown> = {};
  const filterInput: { filter?: string; where?: StructuredCondition[] } = {};
  let hasBodyParams = false;
  let count = false;

  for (const binding of op.params) {
    if (binding.in === "body") hasBodyParams = true;
    const value = args[binding.name];
    if (value === undefined || value === null) {
      if (binding.required) throw new ArgumentError(`missing required argument '${binding.name}'`, binding.name);
      continue;
    }
    switch (binding.in) {
      case "path": {
        const placeholder = `{${binding.name}}`;
        if (!path.includes(placeholder)) throw new Error(`catalog error: ${op.name} has no ${placeholder} in its path`);
        const quoted = path.includes(`'${placeholder}'`);
        path = path.replace(placeholder, encodePathValue(binding.name, value, quoted));
        break;
      }
      case "body":
        body[binding.wire] = value;
        break;
      case "query":
        if (binding.name === "where") {
          if (!Array.isArray(value)) throw new ArgumentError("where must be a list of {field, op, value} conditions", "where");
          filterInput.where = value as StructuredCondition[];
        } else if (binding.wire === "$filter") {
          if (typeof value !== "string") throw new ArgumentError("filter must be an OData filter string", "filter");
          filterInput.filter = value;
        } else if (binding.wire === "$search") {
          odata.set("$search", quoteSearch(value));
        } else if (binding.wire === "$select" || binding.wire === "$expand") {
          const names = checkProperties(binding.name, value, fields);
          const refusal = binding.wire === "$expand" ? unsupportedExpand(op, names) : null;
          if (refusal !== null) throw new ArgumentError(refusal, binding.name);
          odata.set(binding.wire, names.join(","));
        } else if (binding.wire === "$orderby") {
          const items = checkOrderBy(value, fields);
          if (items.length > 0) odata.set("$orderby", items.join(","));
        } else if (binding.wire === "$top") {
          odata.set("$top", String(integerIn(binding.name, value, 1, MAX_TOP)));
        } else if (binding.wire === "$skip") {
          odata.set("$skip", String(integerIn(binding.name, value, 0, Number.MAX_SAFE_INTEGER)));
        } else if (binding.wire === "$count") {
          if (typeof value !== "boolean") throw new ArgumentError(`${binding.name} must be true or false`, binding.name);
          count = value;
        } else {
          plainQuery.push([binding.wire, plainQueryValue(binding.name, value)]);
        }
        break;
    }
  }

  const missing = /\{([^}]+)\}/.exec(path);
  if (missing) throw new ArgumentError(`missing required argument '${missing[1]!}'`, missing[1]!);

  const filter = buildFilter(filterInput, fields, options.now ?? new Date(), warnings);
  if (filter !== null) odata.set("$filter", filter);
  const counted = count ? countRequest(op, odata) : { segment: "", headers: undefined };
  path += counted.segment;
  const undocumented = undocumentedWarning(op, args);
  if (undocumented !== null) warnings.push(undocumented);

  const query = [
    ...ODATA_ORDER.filter((name) => odata.has(name)).map((name) => `${name}=${encodeQueryComponent(odata.get(name)!)}`),
    ...plainQuery.map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`),
  ].join("&");

  if (hasBodyParams && op.method === "PATCH" && Object.keys(body).length === 0) {
    const settable = op.params.filter((p) => p.in === "body").map((p) => p.name);
    throw new ArgumentError(`${op.name} changes nothing without at least one of: ${settable.join(", ")}`, "arguments");
  }
  const hasBody = hasBodyParams || Object.keys(op.bodyConstants).length > 0;
  if (op.deprecated) warnings.push(`${op.name} is deprecated upstream`);

  const baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, "");
  return {
    request: {
      method: op.method,
      url: `${baseUrl}/${op.version}${path}${query ? `?${query}` : ""}`,
      body: hasBody ? { ...body, ...op.bodyConstants } : null,
      ...(counted.headers ? { headers: counted.headers } : {}),
    },
    warnings: [...new Set(warnings)],
  };
}

/** Look up by name, validate with ajv, then compile. Throws ArgumentError (unknown operation included). */
export function prepareCall(
  catalog: Catalog,
  validator: ArgValidator,
  operationName: string,
  args: unknown,
  options?: CompileOptions,
): CompileResult & { operation: Operation } {
  const operation = catalog.byName.get(operationName);
  if (!operation) {
    const close = closestNames(operationName, catalog.byName.keys(), 5);
    const hint = close.length > 0 ? `did you mean ${close.join(", ")}?` : "`secgraph-mcp operations` lists them";
    throw new ArgumentError(`unknown operation '${operationName.slice(0, 80)}'; ${hint}`, "operation");
  }
  const verdict = validator.validate(operation, args);
  if (!verdict.ok) throw new ArgumentError(verdict.message, verdict.issues[0]?.path ?? "arguments");
  return { ...compileCall(operation, args as Record<string, unknown>, catalog, options), operation };
}
