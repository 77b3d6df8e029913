/**
 * The $filter syntax tree shared by the parser, the structured-filter builder, the checker and
 * the printer. The emitted $filter is always printed from this tree, never copied from input,
 * so a value can only ever appear inside a literal.
 */

export const COMPARISON_OPS = ["eq", "ne", "gt", "ge", "lt", "le"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export const STRING_FUNCTIONS = ["contains", "startswith", "endswith"] as const;
export type StringFunction = (typeof STRING_FUNCTIONS)[number];

export const LAMBDA_OPS = ["any", "all"] as const;
export type LambdaOp = (typeof LAMBDA_OPS)[number];

/**
 * A literal as written. `datetime` values are normalised ISO strings; `guid` values lower-case;
 * `string` values are the unescaped text.
 */
export type Literal =
  | { kind: "literal"; type: "string"; value: string }
  | { kind: "literal"; type: "number"; value: number; text: string }
  | { kind: "literal"; type: "boolean"; value: boolean }
  | { kind: "literal"; type: "null"; value: null }
  | { kind: "literal"; type: "datetime"; value: string }
  | { kind: "literal"; type: "date"; value: string }
  | { kind: "literal"; type: "guid"; value: string }
  | { kind: "literal"; type: "duration"; value: string };

export type LiteralType = Literal["type"];

/**
 * A property reference. Outside a lambda `path` is the entity property path ("status/errorCode");
 * inside one, `variable` names the lambda variable and `path` the member below it ("" for the
 * element itself).
 */
export interface FieldRef {
  kind: "field";
  variable?: string;
  path: string;
}

export type Operand = FieldRef | Literal;

export type FilterExpr =
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "not"; operand: FilterExpr }
  | { kind: "compare"; op: ComparisonOp; left: Operand; right: Operand }
  | { kind: "in"; field: FieldRef; values: Literal[] }
  | { kind: "function"; name: StringFunction; field: FieldRef; value: Literal }
  /** `collection` as printed: an entity path, or "variable/member" inside an outer lambda. */
  | { kind: "lambda"; op: LambdaOp; collection: string; variable: string; body: FilterExpr };

/** Joins conditions with `and`, left-associative (the shape the parser produces for `a and b and c`). */
export function andAll(parts: FilterExpr[]): FilterExpr | null {
  let acc: FilterExpr | null = null;
  for (const p of parts) acc = acc === null ? p : { kind: "and", left: acc, right: p };
  return acc;
}
