/**
 * The catalog contract: what `harvest` writes under tools/ and what every other module reads.
 * One record per operation ("tools are rows in a table"); entity field lists drive $filter,
 * $select and $orderby validation.
 */
import { z } from "zod";

export const HttpMethod = z.enum(["GET", "POST", "PATCH", "PUT", "DELETE"]);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** A JSON Schema object, opaque to zod (ajv checks it). */
export const JsonSchemaObject = z.record(z.string(), z.unknown());
export type JsonSchemaObject = Record<string, unknown>;

/**
 * Where one client-facing argument goes on the wire.
 * - path: `wire` is the upstream template key (e.g. "alert-id"), `name` its camelCase form ("alertId").
 * - query: `wire` is the query name ("$filter", "$top", or a plain function parameter), `name` the
 *   client-safe form ("filter", "top").
 * - body: `wire` is the JSON property name in the request body, `name` the argument name (usually equal).
 */
export const ParamBinding = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/),
  in: z.enum(["path", "query", "body"]),
  wire: z.string().min(1),
  required: z.boolean(),
});
export type ParamBinding = z.infer<typeof ParamBinding>;

/** Filter operators as the capability data names them (OData spelling, lower case). */
export const FilterOperator = z.enum(["eq", "ne", "gt", "ge", "lt", "le", "startswith", "endswith", "contains"]);
export type FilterOperator = z.infer<typeof FilterOperator>;

/**
 * What Graph's API reference documents for one operation's query options (spec/capabilities.yaml,
 * applied by `harvest`). `documented: false`: the reference is silent, the operation keeps every
 * option and answers carry a warning.
 */
export const OperationCapabilities = z.object({
  documented: z.boolean(),
  /** Reference pages read, "path@commit" of microsoftgraph/microsoft-graph-docs-contrib. */
  sources: z.array(z.string()),
  /** Argument names of the documented OData options (filter, top, skip, select, orderby, count, expand, search). */
  options: z.array(z.string()),
  /**
   * Properties documented for $filter → their documented operators (null: operators not
   * documented). null for the whole map: $filter is documented without naming properties.
   */
  filter: z.record(z.string(), z.array(FilterOperator).nullable()).nullable(),
  /** Operators the page documents for $filter as a whole (for properties without their own list). */
  filterOperators: z.array(FilterOperator).optional(),
  /** Properties documented for $orderby; null: $orderby documented without naming properties. */
  orderby: z.array(z.string()).nullable(),
  /** How a count is asked for: `$count=true` beside the items, or the `/$count` segment; null: not documented. */
  count: z.object({ form: z.enum(["parameter", "segment"]), consistencyLevel: z.literal("eventual").optional() }).nullable(),
  /** Relationships documented for $expand. */
  expand: z.array(z.string()),
  note: z.string().optional(),
});
export type OperationCapabilities = z.infer<typeof OperationCapabilities>;

export const Operation = z.object({
  /** Tool name: unique, ≤ 64 chars, ^[a-zA-Z0-9_-]+$ (e.g. "alerts_list"). */
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  title: z.string().min(1),
  /** Our own words; short. */
  description: z.string().min(1),
  /** Example analyst phrasings, our own words (used for retrieval, discovery and datasets). */
  examples: z.array(z.string().min(1)).min(1),
  toolset: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  /** Upstream operationId, for traceability. */
  operationId: z.string(),
  method: HttpMethod,
  /** Path with camelCase template keys, without the version prefix: "/security/alerts_v2/{alertId}". */
  path: z.string().startsWith("/"),
  version: z.enum(["v1.0", "beta"]),
  readOnly: z.boolean(),
  destructive: z.boolean(),
  idempotent: z.boolean(),
  deprecated: z.boolean(),
  docsUrl: z.string().url(),
  /** Fully qualified entity type addressed by $filter/$select/$orderby (key into entities), or null. */
  entity: z.string().nullable(),
  /** The response is a collection paged with @odata.nextLink. */
  pageable: z.boolean(),
  params: z.array(ParamBinding),
  /**
   * Constant members merged into the request body (e.g. {"@odata.type": "#microsoft.graph.security.alertComment"}).
   * Empty for operations without a body.
   */
  bodyConstants: z.record(z.string(), z.unknown()),
  /** Full JSON Schema of the arguments: type object, additionalProperties false, no $ref. */
  inputSchema: JsonSchemaObject,
  /** Documented query capabilities; absent for operations without OData query options. */
  capabilities: OperationCapabilities.optional(),
});
export type Operation = z.infer<typeof Operation>;

export const FieldType = z.enum([
  "string", "enum", "datetime", "date", "boolean", "int", "number", "guid", "duration", "object",
]);
export type FieldType = z.infer<typeof FieldType>;

export const FieldSpec = z.object({
  type: FieldType,
  /** Allowed values when type is "enum" (upstream member names, e.g. "high"). */
  enum: z.array(z.string()).optional(),
  /** A collection: filter with any()/all() lambdas. */
  collection: z.boolean(),
  filterable: z.boolean(),
  sortable: z.boolean(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

export const Entity = z.object({
  /**
   * Keys are OData property paths: "severity", "status/errorCode" (nested complex, "/"-separated),
   * "evidence" (collection of complex, with its members as "evidence/remediationStatus").
   */
  fields: z.record(z.string(), FieldSpec),
});
export type Entity = z.infer<typeof Entity>;

export const SourceRecord = z.object({
  file: z.string(),
  version: z.enum(["v1.0", "beta"]),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** tools/<toolset>.json */
export const ToolsetFile = z.object({
  toolset: z.string(),
  description: z.string(),
  operations: z.array(Operation),
});
export type ToolsetFile = z.infer<typeof ToolsetFile>;

/** tools/entities.json */
export const EntitiesFile = z.object({ entities: z.record(z.string(), Entity) });

/** tools/index.json */
export const IndexFile = z.object({
  generator: z.string(),
  sources: z.array(SourceRecord),
  toolsets: z.array(z.object({ name: z.string(), file: z.string(), operations: z.number().int() })),
  operations: z.number().int(),
  /** The capability data the catalog was built with (spec/capabilities.yaml), pinned like the sources. */
  capabilities: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});
export type IndexFile = z.infer<typeof IndexFile>;

export interface Catalog {
  index: IndexFile;
  operations: Operation[];
  byName: Map<string, Operation>;
  entities: Record<string, Entity>;
  toolsets: { name: string; description: string; operations: Operation[] }[];
}
