/**
 * The catalog → GBNF grammar of the compact completion (src/planner/model/compact.ts), per request.
 *
 * It admits `decline` or one catalog operation followed by its slots, and nothing else:
 *   - `where FIELD OP VALUE` only on the fields the operation's reference page documents for filtering,
 *     with their documented operators, and values of the field's type (its enum values, a number, a
 *     time placeholder, ...);
 *   - `top N` within the operation's bound, `orderby FIELD asc|desc` on documented sortable fields,
 *     `select A,B` on the entity's top-level fields;
 *   - `NAME=VALUE` for the operation's other parameters, typed from their JSON schema; free-text
 *     parameters (KQL, comments, raw filters) only as `?`, which another planner must fill;
 *   - placeholders only from the ones present in this request (`<TIME1>` only where a time is
 *     expected). An operation whose required path parameter no placeholder can fill is left out.
 * Everything the grammar admits decodes with `decodePlan`; whether it compiles is still checked.
 */
import { MAX_TOP } from "../../catalog/common-schemas.js";
import type { Catalog, Entity, FieldSpec, Operation } from "../../catalog/types.js";
import { plannerFields, usableEnumValues } from "../prompt.js";
import { COMPACT_DECLINE, FREE_TEXT_KEYS, OPEN_VALUE } from "./compact.js";
import {
  DURATION_CHOICES, IN_TYPES, OPS_BY_TYPE, documentedFields, enclosingCollection, integerRangeGbnf, isObject, numberOr, sortableFields, topLevelFields,
} from "./grammar.js";

/** Bounds that keep every completion short (training completions average 12 tokens, at most 72). */
export const COMPACT_LIMITS = {
  /** Slots after the operation name. */
  slots: 8,
  inValues: 5,
  select: 6,
  arrayItems: 8,
  /** Characters of a bare word value, and of a JSON string value. */
  word: 48,
  text: 64,
} as const;

/** Slots that have their own syntax; every other parameter is written `NAME=VALUE`. */
const OWN_SYNTAX = new Set(["where", "top", "orderby", "select"]);

const lit = (s: string): string => JSON.stringify(s);
const anyOf = (alternatives: readonly string[]): string => (alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" | ")})`);
const listOf = (item: string, max: number): string => `"[" ${item} ("," ${item}){0,${max - 1}} "]"`;

/** The shared value rules, given the placeholders present (empty alternatives are absent rules). */
class Rules {
  private readonly bodies = new Map<string, string>();
  private readonly byBody = new Map<string, string>();
  /** Non-time placeholders present: what identifiers and other values are copied from. */
  readonly hasValues: boolean;

  constructor(placeholders: readonly string[]) {
    const values = placeholders.filter((p) => !p.startsWith("<TIME"));
    const times = placeholders.filter((p) => p.startsWith("<TIME"));
    this.hasValues = values.length > 0;
    this.bodies.set("sp", '" " " "?');
    this.bodies.set("bool", '"true" | "false"');
    this.bodies.set("num", '"-"? [0-9]{1,9}');
    this.bodies.set("word", `[A-Za-z] [A-Za-z0-9/_.-]{0,${COMPACT_LIMITS.word - 1}}`);
    // JSON string characters without control characters (the compiler rejects them anywhere).
    this.bodies.set("jstr", `"\\"" ([^"\\\\\\x00-\\x1F\\x7F] | "\\\\" ["\\\\/]){1,${COMPACT_LIMITS.text}} "\\""`);
    if (this.hasValues) this.bodies.set("ph", values.map(lit).join(" | "));
    this.bodies.set("str", this.hasValues ? "ph | word | jstr" : "word | jstr");
    const durations = `"\\"" (${DURATION_CHOICES.map(lit).join(" | ")}) "\\""`;
    this.bodies.set("time", times.length > 0 ? `${times.map(lit).join(" | ")} | ${durations}` : durations);
  }

  /** A rule for `body`, shared with every other use of the same body. */
  named(prefix: string, body: string): string {
    const known = this.byBody.get(body);
    if (known) return known;
    const name = `${prefix}-${this.byBody.size}`;
    this.byBody.set(body, name);
    this.bodies.set(name, body);
    return name;
  }

  /** An identifier value: a placeholder, or null when the request has none. */
  get id(): string | null {
    return this.hasValues ? "ph" : null;
  }

  gbnf(root: string): string {
    return [`root ::= ${root}`, ...[...this.bodies].map(([name, body]) => `${name} ::= ${body}`)].join("\n") + "\n";
  }
}

/** A where-condition value of the field's type, or null when the field cannot take one here. */
function fieldValue(spec: FieldSpec, rules: Rules): string | null {
  switch (spec.type) {
    case "enum": {
      const values = usableEnumValues(spec);
      return values.length > 0 ? rules.named("enum", values.map(lit).join(" | ")) : null;
    }
    case "string":
      return "str";
    case "guid":
      return rules.id;
    case "boolean":
      return "bool";
    case "int":
    case "number":
      return "num";
    case "datetime":
    case "date":
      return "time";
    case "duration":
      return rules.named("dur", DURATION_CHOICES.map((d) => lit(d.slice(1))).join(" | "));
    default:
      return null;
  }
}

/** `FIELD OP VALUE` alternatives of one operation; fields with the same operators and values share one. */
function whereRule(op: Operation, entity: Entity, rules: Rules): string | null {
  const documented = documentedFields(op, entity);
  const groups = new Map<string, string[]>();
  const add = (field: string, ops: readonly string[], value: string) => {
    const key = `${anyOf(ops.map(lit))} sp ${value}`;
    groups.set(key, [...(groups.get(key) ?? []), field]);
  };
  for (const [name, spec] of plannerFields(documented.entity)) {
    const value = fieldValue(spec, rules);
    if (value === null) continue;
    // Collections and their members are tested per item: the compiler writes x/any(...).
    const enclosing = enclosingCollection(documented.entity, name);
    if (enclosing && !enclosing.filterable) continue;
    if (spec.collection || enclosing) {
      add(name, ["any"], value);
      continue;
    }
    const allowed = documented.operatorsFor(name);
    const ops = (OPS_BY_TYPE[spec.type] ?? []).filter((o) => allowed === null || allowed.includes(o));
    if (ops.length > 0) add(name, ops, value);
    if (IN_TYPES.has(spec.type) && (allowed === null || allowed.includes("eq"))) add(name, ["in"], listOf(value, COMPACT_LIMITS.inValues));
  }
  if (groups.size === 0) return null;
  const alternatives = [...groups].map(([rest, fields]) => `${anyOf(fields.map(lit))} sp ${rest}`);
  return rules.named("where", alternatives.join(" | "));
}

/** One parameter's value from its JSON schema, or null when nothing in this request can fill it. */
function parameterValue(schema: unknown, rules: Rules, inPath: boolean): string | null {
  if (inPath) return rules.id;
  if (!isObject(schema)) return "str";
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v): v is string | number | boolean => v !== "unknownFutureValue" && v !== null);
    return values.length > 0 ? rules.named("enum", values.map((v) => lit(String(v))).join(" | ")) : null;
  }
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.type) ? schema.type.map((type) => ({ ...schema, type })) : null;
  if (variants) {
    const values = [...new Set(variants.map((v) => parameterValue(v, rules, false)).filter((v): v is string => v !== null))];
    return values.length > 0 ? anyOf(values) : null;
  }
  switch (schema.type) {
    case "string":
      if (schema.format === "date-time" || schema.format === "date") return "time";
      return schema.format === "uuid" ? rules.id : "str";
    case "integer":
    case "number":
      return schema.minimum === undefined || schema.maximum === undefined
        ? "num"
        : rules.named("int", integerRangeGbnf(numberOr(schema.minimum, 0), numberOr(schema.maximum, 0)));
    case "boolean":
      return "bool";
    case "array": {
      const item = parameterValue(schema.items, rules, false);
      return item === null ? null : listOf(item, Math.min(numberOr(schema.maxItems, COMPACT_LIMITS.arrayItems), COMPACT_LIMITS.arrayItems));
    }
    case "object":
      // Structured bodies are not written in the compact format: another planner fills them.
      return lit(OPEN_VALUE);
    default:
      return "str";
  }
}

/** The slot alternatives of one operation, or null when a required parameter cannot be filled. */
function slotAlternatives(op: Operation, entities: Readonly<Record<string, Entity>>, rules: Rules): string[] | null {
  const properties = isObject(op.inputSchema.properties) ? op.inputSchema.properties : {};
  const required = new Set(Array.isArray(op.inputSchema.required) ? (op.inputSchema.required as unknown[]) : []);
  const inPath = new Set(op.params.filter((p) => p.in === "path").map((p) => p.name));
  const entity = op.entity === null ? undefined : entities[op.entity];
  const slots: string[] = [];
  if ("where" in properties && entity) {
    const where = whereRule(op, entity, rules);
    if (where) slots.push(`"where" sp ${where}`);
  }
  if ("top" in properties) {
    const max = Math.min(isObject(properties.top) ? numberOr(properties.top.maximum, MAX_TOP) : MAX_TOP, MAX_TOP);
    slots.push(`"top" sp ${rules.named("int", integerRangeGbnf(1, max))}`);
  }
  if ("orderby" in properties && entity) {
    const fields = sortableFields(documentedFields(op, entity).entity);
    if (fields.length > 0) slots.push(`"orderby" sp ${rules.named("sort", fields.map(lit).join(" | "))} sp ("asc" | "desc")`);
  }
  if ("select" in properties && entity) {
    const fields = topLevelFields(entity, () => true);
    if (fields.length > 0) slots.push(`"select" sp ${rules.named("fields", `${anyOf(fields.map(lit))} ("," ${anyOf(fields.map(lit))}){0,${COMPACT_LIMITS.select - 1}}`)}`);
  }
  for (const [name, schema] of Object.entries(properties)) {
    if (OWN_SYNTAX.has(name)) continue;
    const value = FREE_TEXT_KEYS.has(name) ? lit(OPEN_VALUE) : parameterValue(schema, rules, inPath.has(name));
    if (value === null) {
      if (required.has(name)) return null;
      continue;
    }
    slots.push(`${lit(`${name}=`)} ${value}`);
  }
  return slots;
}

/**
 * The GBNF for one request: `placeholders` are the request's (`compactRequest(...).values` keys),
 * `operations` the ones the planner may choose.
 */
export function compactGrammar(operations: readonly Operation[], catalog: Pick<Catalog, "entities">, placeholders: readonly string[]): string {
  const rules = new Rules(placeholders);
  const choices = [lit(COMPACT_DECLINE)];
  for (const op of operations) {
    const slots = slotAlternatives(op, catalog.entities, rules);
    if (slots === null) continue;
    const name = rules.named("op", slots.length === 0 ? lit(op.name) : `${lit(op.name)} (sp (${slots.join(" | ")})){0,${COMPACT_LIMITS.slots}}`);
    choices.push(name);
  }
  // The model may write one space before the operation (a piece with a leading "▁").
  return rules.gbnf(`" "? (${choices.join(" | ")})`);
}
