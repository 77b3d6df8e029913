/**
 * The structured filter (`where`: a list of {field, op, value} conditions, and-ed) compiled to
 * the same syntax tree a raw $filter parses to, so planners never write OData text. Values for
 * date-time fields may be ISO-8601 durations ("-P1D") resolved against `now`.
 */
import type { StructuredCondition } from "../../catalog/common-schemas.js";
import { ArgumentError } from "../types.js";
import { andAll, type FieldRef, type FilterExpr, type Literal } from "./ast.js";
import { FilterChecker } from "./check.js";
import type { EntityFields } from "./fields.js";
import { isIsoDuration, resolveDuration } from "./time.js";

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const LAMBDA_VARIABLES = ["x", "y", "z"];

/** Catalog paths of the collections a field path passes through or ends on, outermost first. */
function collectionsAlong(path: string, fields: EntityFields): string[] {
  const segments = path.split("/");
  const found: string[] = [];
  for (let i = 1; i <= segments.length; i++) {
    const prefix = fields.resolve(segments.slice(0, i).join("/"));
    if (prefix?.spec.collection) found.push(prefix.path);
  }
  return found;
}

/** Builds and checks every condition; returns the and-ed, checked tree (null for an empty list). */
export function structuredToFilter(
  conditions: StructuredCondition[],
  fields: EntityFields | null,
  now: Date,
  warnings: string[],
): FilterExpr | null {
  return andAll(
    conditions.map((condition, i) => {
      const checker = new FilterChecker(fields, `where/${i}`);
      const checked = checker.check(buildCondition(condition, fields, now, `where/${i}`));
      for (const w of checker.warnings) if (!warnings.includes(w)) warnings.push(w);
      return checked;
    }),
  );
}

function buildCondition(c: StructuredCondition, fields: EntityFields | null, now: Date, argPath: string): FilterExpr {
  const fail: (message: string) => never = (message) => {
    throw new ArgumentError(`${argPath} ${message}`, argPath);
  };
  const resolved = fields?.resolve(c.field);
  const fieldType = resolved?.spec.type;
  const toLiteral = (value: string | number | boolean): Literal => {
    if (typeof value === "number") return { kind: "literal", type: "number", value, text: String(value) };
    if (typeof value === "boolean") return { kind: "literal", type: "boolean", value };
    // Models often quote numbers and booleans; the field's type says what was meant.
    if ((fieldType === "int" || fieldType === "number") && NUMERIC.test(value.trim())) {
      return { kind: "literal", type: "number", value: Number(value), text: value.trim() };
    }
    if (fieldType === "boolean" && /^(true|false)$/i.test(value.trim())) return { kind: "literal", type: "boolean", value: value.trim().toLowerCase() === "true" };
    if ((fieldType === "datetime" || (fields === null && /^[+-]?P/i.test(value))) && isIsoDuration(value)) {
      const at = resolveDuration(value, now);
      if (at === null) fail(`value ${value} moves the date out of range`);
      return { kind: "literal", type: "datetime", value: at };
    }
    return { kind: "literal", type: "string", value };
  };
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const single = (): Literal => {
    if (Array.isArray(c.value)) fail(`op ${c.op} takes one value, not a list; use op "in" for several`);
    return toLiteral(c.value as string | number | boolean);
  };

  // A collection ("mitreTechniques") or a member of one ("evidence/verdict") is tested per item,
  // one lambda per collection on the way: evidence/any(x: x/roles/any(y: y eq 'attacker')).
  // Op "any" says so explicitly; the other ops imply it.
  const path = resolved?.path ?? c.field;
  const boundaries = fields === null ? (c.op === "any" ? [c.field] : []) : collectionsAlong(path, fields);
  if (boundaries.length === 0) {
    if (c.op === "any") fail(`op "any" needs a collection field; ${c.field} holds one value, so use eq or in`);
    return itemCondition(c.op as Exclude<StructuredCondition["op"], "any">, { kind: "field", path: c.field });
  }
  const op = c.op === "any" ? (Array.isArray(c.value) ? "in" : "eq") : c.op;
  const variable = (depth: number) => LAMBDA_VARIABLES[depth] ?? `x${depth}`;
  const last = boundaries.length - 1;
  let body = itemCondition(op, { kind: "field", variable: variable(last), path: path.slice(boundaries[last]!.length + 1) });
  for (let k = last; k >= 0; k--) {
    const collection = k === 0 ? boundaries[0]! : `${variable(k - 1)}/${boundaries[k]!.slice(boundaries[k - 1]!.length + 1)}`;
    body = { kind: "lambda", op: "any", collection, variable: variable(k), body };
  }
  return body;

  function itemCondition(op: Exclude<StructuredCondition["op"], "any">, field: FieldRef): FilterExpr {
    switch (op) {
      case "in":
        if (values.length === 0) fail(`op "in" needs at least one value`);
        return { kind: "in", field, values: values.map(toLiteral) };
      case "contains":
      case "startswith":
      case "endswith":
        return { kind: "function", name: op, field, value: single() };
      default:
        return { kind: "compare", op, left: field, right: single() };
    }
  }
}
