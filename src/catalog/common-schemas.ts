/**
 * Argument schemas shared by every operation that has OData query options. The harvester puts
 * these into each operation's inputSchema; the compiler reads arguments of exactly this shape.
 * Client-safe names: `filter` ↔ `$filter`, `top` ↔ `$top`, …
 */

/** OData system query option → client-safe argument name. */
export const ODATA_OPTION_NAMES: Record<string, string> = {
  $filter: "filter",
  $top: "top",
  $skip: "skip",
  $select: "select",
  $orderby: "orderby",
  $search: "search",
  $count: "count",
  $expand: "expand",
};

export const MAX_TOP = 1000;

/**
 * Options every operation accepts but tools/list leaves out (see registry.ts): error hints that list
 * "valid arguments" leave them out too, so a client is never told to send what it was not shown.
 */
export const UNPUBLISHED_OPTIONS: ReadonlySet<string> = new Set(["where", "search", "skip", "count"]);

/** Operators of a structured filter condition. `any`: a collection field contains the value. */
export const STRUCTURED_OPS = ["eq", "ne", "gt", "ge", "lt", "le", "in", "startswith", "endswith", "contains", "any"] as const;
export type StructuredOp = (typeof STRUCTURED_OPS)[number];

/** One condition of the structured filter; conditions are and-ed (and and-ed with `filter`). */
export interface StructuredCondition {
  field: string;
  op: StructuredOp;
  /**
   * A literal; for datetime fields also an ISO-8601 duration relative to `now` ("-P1D", "-PT24H");
   * for `in`, a list.
   */
  value: string | number | boolean | (string | number)[];
}

export const OPTION_SCHEMAS: Record<string, Record<string, unknown>> = {
  filter: { type: "string", maxLength: 4096, description: "OData $filter expression" },
  where: {
    type: "array",
    maxItems: 16,
    description: "Structured filter: conditions and-ed together (alternative to filter)",
    items: {
      type: "object",
      additionalProperties: false,
      required: ["field", "op", "value"],
      properties: {
        field: { type: "string", minLength: 1, maxLength: 128 },
        op: { type: "string", enum: [...STRUCTURED_OPS] },
        value: {
          type: ["string", "number", "boolean", "array"],
          maxLength: 1024,
          maxItems: 50,
          items: { type: ["string", "number"], maxLength: 1024 },
        },
      },
    },
  },
  top: { type: "integer", minimum: 1, maximum: MAX_TOP, description: "Max items ($top)" },
  skip: { type: "integer", minimum: 0, maximum: 100000 },
  select: { type: "array", items: { type: "string", maxLength: 128 }, uniqueItems: true, maxItems: 64, description: "Properties to return ($select)" },
  orderby: { type: "array", items: { type: "string", maxLength: 160 }, maxItems: 8, description: "e.g. [\"createdDateTime desc\"]" },
  search: { type: "string", maxLength: 1024 },
  count: { type: "boolean" },
  expand: { type: "array", items: { type: "string", maxLength: 128 }, uniqueItems: true, maxItems: 8 },
};

/** Path keys: never empty, bounded. The compiler rejects "/", ".", "..", control characters. */
export const PATH_PARAM_SCHEMA: Record<string, unknown> = { type: "string", minLength: 1, maxLength: 512 };
