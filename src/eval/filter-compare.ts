/**
 * OData `$filter` comparison for scoring: two filters are equal when they hold the same top-level
 * conjuncts in any order, reading `a or b` and `x in (...)` as sets, `gt`≈`ge` and `lt`≈`le` against
 * datetimes, datetimes within a tolerance and string values without regard to case.
 *
 * Syntax comes from the compiler's catalog-free parser (src/graph/odata/parse.ts), so a filter
 * scores only if the compiler could have read it; this module adds the normal form and equality.
 */
import type { ComparisonOp, FieldRef, FilterExpr, Literal, Operand } from "../graph/odata/ast.js";
import { parseFilter } from "../graph/odata/parse.js";
import { printFilter } from "../graph/odata/print.js";

/** Operands with lambda variables replaced by positional names ($it0, $it1, …). */
type NormalOperand = { type: "field"; path: string } | { type: "literal"; literal: Literal };

/** A filter in comparison form: n-ary and/or, no `in`, literals on the right. */
export type NormalFilter =
  | { type: "and" | "or"; items: NormalFilter[] }
  | { type: "not"; item: NormalFilter }
  | { type: "cmp"; op: ComparisonOp; left: NormalOperand; right: NormalOperand }
  | { type: "function"; name: string; field: NormalOperand; value: NormalOperand }
  | { type: "lambda"; op: string; collection: string; body: NormalFilter };

const FLIPPED: Record<ComparisonOp, ComparisonOp> = { eq: "eq", ne: "ne", gt: "lt", ge: "le", lt: "gt", le: "ge" };

function normalOperand(operand: Operand, variables: Map<string, string>): NormalOperand {
  return operand.kind === "literal" ? { type: "literal", literal: operand } : { type: "field", path: fieldPath(operand, variables) };
}

function fieldPath(ref: FieldRef, variables: Map<string, string>): string {
  if (ref.variable === undefined) return ref.path;
  const positional = variables.get(ref.variable) ?? ref.variable;
  return ref.path === "" ? positional : `${positional}/${ref.path}`;
}

/** Flattens nested binary and/or of one kind into a list. */
function flatten(expr: FilterExpr, kind: "and" | "or"): FilterExpr[] {
  return expr.kind === kind ? [...flatten(expr.left, kind), ...flatten(expr.right, kind)] : [expr];
}

/**
 * Rewrites a parsed filter into the form the comparison works on: `x in (a, b)` becomes
 * `x eq a or x eq b`, and/or become flat sets, a literal on the left of a comparison moves right,
 * and lambda variables get positional names so `e/any(a: a/x eq 1)` equals `e/any(b: b/x eq 1)`.
 */
export function normalizeFilter(expr: FilterExpr, variables: Map<string, string> = new Map()): NormalFilter {
  switch (expr.kind) {
    case "and":
    case "or": {
      const items = flatten(expr, expr.kind).map((e) => normalizeFilter(e, variables)).flatMap((n) => (n.type === expr.kind ? n.items : [n]));
      return { type: expr.kind, items };
    }
    case "not":
      return { type: "not", item: normalizeFilter(expr.operand, variables) };
    case "in": {
      const field = normalOperand(expr.field, variables);
      const items = expr.values.map((literal): NormalFilter => ({ type: "cmp", op: "eq", left: field, right: { type: "literal", literal } }));
      return items.length === 1 ? (items[0] as NormalFilter) : { type: "or", items };
    }
    case "compare": {
      const left = normalOperand(expr.left, variables);
      const right = normalOperand(expr.right, variables);
      if (left.type === "literal" && right.type === "field") return { type: "cmp", op: FLIPPED[expr.op], left: right, right: left };
      return { type: "cmp", op: expr.op, left, right };
    }
    case "function":
      return { type: "function", name: expr.name, field: normalOperand(expr.field, variables), value: normalOperand(expr.value, variables) };
    case "lambda": {
      const inner = new Map(variables).set(expr.variable, `$it${variables.size}`);
      return { type: "lambda", op: expr.op, collection: expr.collection, body: normalizeFilter(expr.body, inner) };
    }
  }
}

export interface FilterCompareOptions {
  /** How far apart two datetimes may be and still count as equal. */
  datetimeToleranceMs: number;
}

const isDatetime = (o: NormalOperand) => o.type === "literal" && o.literal.type === "datetime";

function opsEquivalent(a: ComparisonOp, b: ComparisonOp, againstDatetime: boolean): boolean {
  if (a === b) return true;
  if (!againstDatetime) return false;
  const lower = (op: ComparisonOp) => op === "gt" || op === "ge";
  const upper = (op: ComparisonOp) => op === "lt" || op === "le";
  return (lower(a) && lower(b)) || (upper(a) && upper(b));
}

function literalsEqual(a: Literal, b: Literal, options: FilterCompareOptions): boolean {
  // A quoted '2026-11-20T00:00:00Z' is a string, not a datetime: Graph rejects it, so types must agree.
  if (a.type !== b.type) return false;
  if (a.type === "datetime") return Math.abs(Date.parse(a.value) - Date.parse(b.value as string)) <= options.datetimeToleranceMs;
  if (typeof a.value === "string" && typeof b.value === "string") return a.value.toLowerCase() === b.value.toLowerCase();
  return a.value === b.value;
}

function operandsEqual(a: NormalOperand, b: NormalOperand, options: FilterCompareOptions): boolean {
  if (a.type === "field") return b.type === "field" && a.path.toLowerCase() === b.path.toLowerCase();
  return b.type === "literal" && literalsEqual(a.literal, b.literal, options);
}

/** Matches two lists as multisets: every item pairs with a distinct equal item on the other side. */
export function matchSets<T>(expected: T[], actual: T[], equal: (e: T, a: T) => boolean): { missing: T[]; extra: T[] } {
  const unused = [...actual];
  const missing: T[] = [];
  for (const e of expected) {
    const i = unused.findIndex((a) => equal(e, a));
    if (i === -1) missing.push(e);
    else unused.splice(i, 1);
  }
  return { missing, extra: unused };
}

/** Equality of two normalised filters under the scoring rules. */
export function filtersEqual(a: NormalFilter, b: NormalFilter, options: FilterCompareOptions): boolean {
  switch (a.type) {
    case "and":
    case "or": {
      if (b.type !== a.type) return false;
      const { missing, extra } = matchSets(a.items, b.items, (x, y) => filtersEqual(x, y, options));
      return missing.length === 0 && extra.length === 0;
    }
    case "not":
      return b.type === "not" && filtersEqual(a.item, b.item, options);
    case "cmp":
      return (
        b.type === "cmp" &&
        opsEquivalent(a.op, b.op, isDatetime(a.right) || isDatetime(b.right)) &&
        operandsEqual(a.left, b.left, options) &&
        operandsEqual(a.right, b.right, options)
      );
    case "function":
      return b.type === "function" && a.name === b.name && operandsEqual(a.field, b.field, options) && operandsEqual(a.value, b.value, options);
    case "lambda":
      return b.type === "lambda" && a.op === b.op && a.collection.toLowerCase() === b.collection.toLowerCase() && filtersEqual(a.body, b.body, options);
  }
}

interface Conjunct {
  text: string;
  normal: NormalFilter;
}

function conjunctsOf(source: string): Conjunct[] {
  return flatten(parseFilter(source), "and").map((e) => ({ text: printFilter(e), normal: normalizeFilter(e) }));
}

/**
 * Compares an expected and an actual $filter. Returns the reasons they differ (empty when equal):
 * each expected conjunct the actual filter lacks, and each conjunct it adds.
 */
export function compareFilters(expected: string, actual: string, options: FilterCompareOptions): string[] {
  let want: Conjunct[];
  try {
    want = conjunctsOf(expected);
  } catch (e) {
    return [`the expected $filter does not parse (${(e as Error).message}): ${expected}`];
  }
  let got: Conjunct[];
  try {
    got = conjunctsOf(actual);
  } catch (e) {
    return [`$filter does not parse (${(e as Error).message}): ${actual}`];
  }
  const { missing, extra } = matchSets(want, got, (e, a) => filtersEqual(e.normal, a.normal, options));
  return [...missing.map((m) => `$filter lacks \`${m.text}\``), ...extra.map((x) => `$filter adds \`${x.text}\``)];
}
