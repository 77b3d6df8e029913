/**
 * Applies the documented query capabilities (spec/capabilities.yaml) to built operations: the
 * schema keeps only the documented options, $expand and $top carry their documented bounds, and
 * each operation records what the compiler checks (filterable properties with their operators,
 * sortable properties, the count form, expand targets). Every name in the data must exist in the
 * entity, so a typo fails the harvest instead of silently allowing nothing.
 */
import type { Entity, FilterOperator, Operation, OperationCapabilities } from "../catalog/types.js";
import { ODATA_OPTION_NAMES } from "../catalog/common-schemas.js";
import type { LoadedCapabilities } from "./load.js";
import { HarvestError } from "./openapi.js";
import type { OperationCapabilitiesEntry } from "./spec.js";

const OPTION_ARGUMENTS = new Set(Object.values(ODATA_OPTION_NAMES));

/** Argument names of an operation's OData options (where counts as filter). */
function optionArguments(op: Operation): string[] {
  return op.params.filter((p) => p.in === "query" && (OPTION_ARGUMENTS.has(p.name) || p.name === "where")).map((p) => p.name);
}

/** The entity's spelling of a path (Graph names are case-insensitive), or a harvest error. */
function entityPath(where: string, entity: Entity | undefined, path: string, what: string): string {
  if (entity === undefined) throw new HarvestError(`${where}: ${what} ${path} given but the operation has no entity`);
  const lower = path.toLowerCase();
  const found = Object.keys(entity.fields).find((k) => k.toLowerCase() === lower);
  if (found === undefined) throw new HarvestError(`${where}: ${what} ${path} is not a field of the entity`);
  return found;
}

function filterMap(where: string, entity: Entity | undefined, filter: OperationCapabilitiesEntry["filter"]): OperationCapabilities["filter"] {
  if (filter === undefined) return null;
  const entries: [string, FilterOperator[] | null][] = Array.isArray(filter)
    ? filter.map((p) => [p, null])
    : Object.entries(filter).map(([p, ops]) => [p, [...new Set(ops)].sort()]);
  const out: Record<string, FilterOperator[] | null> = {};
  for (const [path, ops] of entries) {
    const spelled = entityPath(where, entity, path, "filter property");
    if (spelled in out) throw new HarvestError(`${where}: filter property ${spelled} is listed twice`);
    out[spelled] = ops;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describeList(items: string[]): string {
  return items.length === 0 ? "none" : items.join(", ");
}

/** Our descriptions in the schema say what the reference allows, so a model sees it before calling. */
function annotate(op: Operation, caps: OperationCapabilities): void {
  const props = op.inputSchema.properties as Record<string, Record<string, unknown>>;
  if (props.filter && caps.filter) props.filter.description = `OData $filter expression; Graph filters this list only on: ${describeList(Object.keys(caps.filter))}`;
  if (props.where && caps.filter) props.where.description = `Structured filter: conditions and-ed together (alternative to filter); fields: ${describeList(Object.keys(caps.filter))}`;
  if (props.orderby && caps.orderby) props.orderby.description = `Sort order, e.g. ["${caps.orderby[0]} desc"]; sortable: ${describeList(caps.orderby)}`;
  if (props.expand) {
    props.expand.items = { type: "string", enum: [...caps.expand] };
    props.expand.description = `Related items to include ($expand): ${describeList(caps.expand)}`;
  }
  if (props.count && caps.count) {
    props.count.description = caps.count.form === "segment" ? "true: return only the number of matching items (/$count)" : "true: add the total number of matching items ($count=true)";
  }
}

function sourceList(entry: OperationCapabilitiesEntry | undefined, repository: string | undefined): string[] {
  return (entry?.sources ?? []).map((s) => `${repository ?? ""}:${s.path}@${s.commit}`);
}

/**
 * The operation with its capabilities applied (a new object; the input is not changed). Operations
 * without OData options and no entry pass through unchanged.
 */
export function applyCapabilities(
  op: Operation,
  entry: OperationCapabilitiesEntry | undefined,
  entity: Entity | undefined,
  capabilities: LoadedCapabilities | undefined,
): Operation {
  const where = `spec/capabilities.yaml operation ${op.name}`;
  const offered = optionArguments(op);
  if (entry === undefined && offered.length === 0) return op;
  const repository = capabilities?.data.docs.repository;
  if (entry === undefined || !entry.documented) {
    const caps: OperationCapabilities = {
      documented: false,
      sources: sourceList(entry, repository),
      options: offered.filter((n) => n !== "where"),
      filter: null,
      orderby: null,
      count: null,
      expand: [],
      note: entry?.note ?? "No entry in spec/capabilities.yaml: the reference pages were not reviewed for this operation.",
    };
    return { ...op, capabilities: caps };
  }
  const options = entry.options ?? [];
  for (const name of options) {
    if (!offered.includes(name)) throw new HarvestError(`${where}: option ${name} is documented but the OpenAPI operation does not declare it`);
  }
  const keep = new Set<string>(options);
  if (keep.has("filter")) keep.add("where");
  const dropped = new Set(offered.filter((n) => !keep.has(n)));
  const properties = { ...(op.inputSchema.properties as Record<string, Record<string, unknown>>) };
  for (const name of dropped) delete properties[name];
  const cloned = JSON.parse(JSON.stringify(properties)) as Record<string, Record<string, unknown>>;
  const caps: OperationCapabilities = {
    documented: true,
    sources: sourceList(entry, repository),
    options: [...options].sort(),
    filter: filterMap(where, entity, entry.filter),
    ...(entry.filterOperators !== undefined ? { filterOperators: [...new Set(entry.filterOperators)].sort() } : {}),
    orderby: !options.includes("orderby") ? [] : entry.orderby === undefined ? null : entry.orderby.map((p) => entityPath(where, entity, p, "orderby property")),
    count: entry.count ?? null,
    expand: (entry.expand ?? []).map((p) => entityPath(where, entity, p, "expand target")),
    ...(entry.note !== undefined ? { note: entry.note } : {}),
  };
  if (entry.maxTop !== undefined && cloned.top) cloned.top.maximum = entry.maxTop;
  const next: Operation = {
    ...op,
    params: op.params.filter((p) => !dropped.has(p.name)),
    inputSchema: { ...op.inputSchema, properties: cloned },
    capabilities: caps,
  };
  annotate(next, caps);
  return next;
}

/** Entries must name curated operations: a stale name would document nothing. */
export function checkCapabilityNames(capabilities: LoadedCapabilities | undefined, names: Set<string>): void {
  for (const name of Object.keys(capabilities?.data.operations ?? {})) {
    if (!names.has(name)) throw new HarvestError(`spec/capabilities.yaml: ${name} is not an operation of spec/profile.yaml`);
  }
}
