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

  // A collection ("mitreTechniques") or a member of one ("evidence/verdict") is tested per item:
  // evidence/any(x: x/verdict eq 'malicious'). Op "any" says so explicitly; other ops imply it.
  const above = fields?.collectionAbove(c.field);
  const isCollection = resolved?.spec.collection === true || (fields === null && c.op === "any");
  if (c.op === "any" || above || isCollection) {
    let collection: string;
    let member: string;
    if (above) {
      collection = above.path;
      member = resolved ? resolved.path.slice(above.path.length + 1) : c.field.slice(above.path.length + 1);
    } else if (isCollection) {
      collection = resolved?.path ?? c.field;
      member = "";
    } else {
      return fail(`op "any" needs a collection field; ${c.field} holds one value, so use eq or in`);
    }
    const item: FieldRef = { kind: "field", variable: "x", path: member };
    const op = c.op === "any" ? (Array.isArray(c.value) ? "in" : "eq") : c.op;
    return { kind: "lambda", op: "any", collection, variable: "x", body: itemCondition(op, item) };
  }
  return itemCondition(c.op, { kind: "field", path: c.field });

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
