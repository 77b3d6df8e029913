/**
 * Catalog operations → a JSON-schema plan grammar (the OpenAI-compatible planner's structured output,
 * which vLLM's guided decoding and llama-server enforce), and the catalog readings the compact model
 * grammar shares (compact-grammar.ts): documented fields and operators, sortable fields, operators
 * per field type, exact integer ranges.
 *
 * The grammar is a `oneOf` over `{"name": <candidate>, "arguments": {...}}` plus the `decline`
 * pseudo-function, so every completion names a real operation and only its parameters. It keeps to the
 * subset those engines share, so the conversion
 *   - writes optional parameters as `oneOf [null, X]` (nulls are dropped after generation),
 *   - bounds every string, integer and array (a random or confused model fills free fields to the limit),
 *   - offers the structured `where` filter as typed per-field alternatives built from the entity's
 *     field list (field const, operators valid for its type, typed value), and never raw `filter`,
 *   - writes path keys, GUIDs and instants as anchored patterns (the compiler still checks the calendar).
 * The answer then goes through the catalog's argument validation like any call.
 */
import { documentedQuery } from "../../graph/capabilities.js";
import { EntityFields } from "../../graph/odata/fields.js";
import type { Entity, FieldSpec, Operation } from "../../catalog/types.js";
import { MAX_TOP } from "../../catalog/common-schemas.js";
import {
  DECLINE_REASON_MAX, DECLINE_TOOL, PLANNER_OPTIONS, plannerArgumentNames, plannerFields,
  usableEnumValues,
} from "../prompt.js";

/** A JSON Schema under construction. */
export type GrammarSchema = Record<string, unknown>;

/** Bounds for free values. Short on purpose: they cap generation time and the output-size bound. */
export interface GrammarLimits {
  valueString: number;
  longString: number;
  identifier: number;
  declineReason: number;
  whereConditions: number;
  inValues: number;
  select: number;
  orderby: number;
  arrayItems: number;
}

export const LIMITS = {
  /** Free-text filter values, search terms, plain string parameters. */
  valueString: 64,
  /** Body strings that carry longer text (KQL queries, comments). */
  longString: 512,
  /** Decline reasons (the prompt format's own bound). */
  declineReason: DECLINE_REASON_MAX,
  /** Path keys (ids): ASCII identifier characters only. */
  identifier: 128,
  whereConditions: 3,
  inValues: 5,
  select: 6,
  orderby: 2,
  arrayItems: 8,
  /** Integers without declared bounds. */
  integerMin: -999_999_999,
  integerMax: 999_999_999,
} as const;

/** Relative times a datetime condition may use (durations back from `now`, as the compiler reads them). */
export const DURATION_CHOICES = [
  "-PT15M", "-PT1H", "-PT4H", "-PT12H", "-PT24H", "-PT48H", "-PT72H",
  "-P1D", "-P2D", "-P3D", "-P7D", "-P14D", "-P30D", "-P90D",
] as const;

export const OPS_BY_TYPE: Record<string, readonly string[]> = {
  string: ["eq", "ne", "startswith", "endswith", "contains"],
  guid: ["eq", "ne"],
  enum: ["eq", "ne"],
  boolean: ["eq", "ne"],
  int: ["eq", "ne", "gt", "ge", "lt", "le"],
  number: ["eq", "ne", "gt", "ge", "lt", "le"],
  datetime: ["gt", "ge", "lt", "le"],
  date: ["gt", "ge", "lt", "le"],
  duration: ["eq", "gt", "ge", "lt", "le"],
};
/** Field types whose values may be listed with `in`. */
export const IN_TYPES: ReadonlySet<string> = new Set(["string", "guid", "enum", "int"]);

// --- values a plain type cannot bound --------------------------------------------------------------

/** An integer in [min, max]. */
function boundedInteger(min: number, max: number): GrammarSchema {
  const lo = Math.ceil(min);
  const hi = Math.floor(max);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new Error(`cannot bound an integer to [${min}, ${max}]`);
  }
  return { type: "integer", minimum: lo, maximum: hi };
}

/** GBNF for the integers lo..hi: digit-class alternatives per block, negatives with a "-" prefix. */
export function integerRangeGbnf(lo: number, hi: number): string {
  const alternatives: string[] = [];
  if (lo < 0) {
    const negHi = -lo;
    const negLo = hi < 0 ? -hi : 1;
    alternatives.push(...nonNegativeRangeAlternatives(negLo, negHi).map((a) => `"-" ${a}`));
  }
  if (hi >= 0) alternatives.push(...nonNegativeRangeAlternatives(Math.max(lo, 0), hi));
  return `(${alternatives.join(" | ")})`;
}

/**
 * Splits [lo, hi] (both ≥ 0) into blocks "same prefix, one digit range, then any digits" and writes
 * each block as a GBNF sequence, e.g. [1, 1000] → [1-9] | [1-9] [0-9] | [1-9] [0-9] [0-9] | "1" "0" "0" "0".
 */
function nonNegativeRangeAlternatives(lo: number, hi: number): string[] {
  const out: string[] = [];
  let start = lo;
  if (start === 0) {
    // 0 is the only one-digit block that cannot grow into a block of ten (no "00"-"09").
    out.push('"0"');
    start = 1;
  }
  while (start <= hi) {
    let step = 1;
    while (start % (step * 10) === 0 && start + step * 10 - 1 <= hi) step *= 10;
    let end = start + step - 1;
    while ((end + 1) % (step * 10) !== 0 && end + step <= hi) end += step;
    const a = String(start);
    const b = String(end);
    const parts: string[] = [];
    for (let i = 0; i < a.length; i++) {
      parts.push(a[i] === b[i] ? `"${a[i]}"` : `[${a[i]}-${b[i]}]`);
    }
    out.push(parts.join(" "));
    start = end + 1;
  }
  return out;
}

/** A path key: never empty, never "." or "..", no "/", no control characters (what the compiler accepts). */
function identifier(maxLength: number): GrammarSchema {
  return { type: "string", pattern: `^[A-Za-z0-9_@:+=-][A-Za-z0-9_.@:+=-]{0,${maxLength - 1}}$` };
}
/** UTC instants as the compiler prints them; the compiler also rejects impossible calendar dates. */
const DATE_TIME: GrammarSchema = { type: "string", pattern: "^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$" };
const DATE: GrammarSchema = { type: "string", pattern: "^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$" };
const GUID: GrammarSchema = { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" };

// --- catalog → grammar schema ---------------------------------------------------------------------

const nullable = (schema: GrammarSchema): GrammarSchema => ({ oneOf: [{ type: "null" }, schema] });
const boundedString = (maxLength: number, minLength = 1): GrammarSchema => ({ type: "string", minLength, maxLength });

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function numberOr(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/**
 * One JSON-schema value (path, query or body parameter) as a grammar schema. Only a top-level body
 * string (a KQL query, a comment) gets the long bound; strings inside arrays and objects are values.
 */
export function convertValueSchema(
  schema: unknown,
  where: "path" | "query" | "body",
  limits: GrammarLimits = LIMITS,
  topLevel = true,
): GrammarSchema {
  const convert = (sub: unknown) => convertValueSchema(sub, where, limits, topLevel);
  const convertNested = (sub: unknown) => convertValueSchema(sub, where, limits, false);
  if (!isObject(schema)) return boundedString(limits.valueString);
  if ("const" in schema) return { const: schema.const as string | number | boolean | null };
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v) => v !== "unknownFutureValue");
    return { enum: values.length > 0 ? values : schema.enum };
  }
  const alternatives = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null);
  if (alternatives) return { oneOf: alternatives.map(convert) };
  if (Array.isArray(schema.allOf)) {
    // Harvested schemas use allOf only to wrap a single $ref-resolved schema; merge shallowly.
    const merged = Object.assign({}, ...schema.allOf.filter(isObject), { allOf: undefined }) as Record<string, unknown>;
    return convert(merged);
  }
  const type = schema.type;
  if (Array.isArray(type)) {
    return { oneOf: type.map((t) => convert({ ...schema, type: t })) };
  }
  switch (type) {
    case "string":
      if (where === "path") return identifier(limits.identifier);
      if (schema.format === "date-time") return DATE_TIME;
      if (schema.format === "date") return DATE;
      if (schema.format === "uuid") return GUID;
      return boundedString(
        Math.min(numberOr(schema.maxLength, limits.valueString), where === "body" && topLevel ? limits.longString : limits.valueString),
        Math.min(numberOr(schema.minLength, 0), 1),
      );
    case "integer":
    case "number":
      return boundedInteger(
        Math.max(numberOr(schema.minimum, LIMITS.integerMin), LIMITS.integerMin),
        Math.min(numberOr(schema.maximum, LIMITS.integerMax), LIMITS.integerMax),
      );
    case "boolean":
      return { type: "boolean" };
    case "null":
      return { type: "null" };
    case "array":
      return {
        type: "array",
        items: convertNested(schema.items),
        minItems: Math.min(numberOr(schema.minItems, 0), limits.arrayItems),
        maxItems: Math.min(numberOr(schema.maxItems, limits.arrayItems), limits.arrayItems),
      };
    case "object": {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      const out: Record<string, GrammarSchema> = {};
      for (const [name, sub] of Object.entries(properties)) {
        const converted = convertNested(sub);
        out[name] = required.has(name) ? converted : nullable(converted);
      }
      return { type: "object", properties: out };
    }
    default:
      return boundedString(limits.valueString);
  }
}

/** The value schema of one where-condition on a field of the given type (scalar form). */
function fieldValueSchema(spec: FieldSpec, limits: GrammarLimits): GrammarSchema | null {
  switch (spec.type) {
    case "enum":
      return usableEnumValues(spec).length > 0 ? { enum: usableEnumValues(spec) } : null;
    case "string":
      return boundedString(limits.valueString);
    case "guid":
      return GUID;
    case "boolean":
      return { type: "boolean" };
    case "int":
    case "number":
      return boundedInteger(LIMITS.integerMin, LIMITS.integerMax);
    case "datetime":
      return { oneOf: [DATE_TIME, { enum: [...DURATION_CHOICES] }] };
    case "date":
      return DATE;
    case "duration":
      return { enum: DURATION_CHOICES.map((d) => d.slice(1)) };
    default:
      return null;
  }
}

/**
 * Typed alternatives for one where-condition: a random model cannot produce an invalid filter.
 * Fields that take the same operators and values share one alternative (`field` as an enum): fewer
 * alternatives mean fewer grammar stacks, which is what constrained sampling pays for per token.
 */
export function whereConditionSchema(
  entity: Entity,
  limits: GrammarLimits = LIMITS,
  /** The operators the operation's documentation allows on a field; null = any its type allows. */
  operatorsFor: (field: string) => readonly string[] | null = () => null,
): GrammarSchema | null {
  const groups = new Map<string, { fields: string[]; op: GrammarSchema; value: GrammarSchema }>();
  const add = (field: string, op: GrammarSchema, value: GrammarSchema) => {
    const key = JSON.stringify([op, value]);
    const group = groups.get(key);
    if (group) group.fields.push(field);
    else groups.set(key, { fields: [field], op, value });
  };
  for (const [name, spec] of plannerFields(entity)) {
    const value = fieldValueSchema(spec, limits);
    if (value === null) continue;
    // Collections and their members are tested per item: the compiler writes x/any(...).
    const enclosing = enclosingCollection(entity, name);
    if (enclosing && !enclosing.filterable) continue;
    if (spec.collection || enclosing) {
      add(name, { const: "any" }, value);
      continue;
    }
    const documented = operatorsFor(name);
    const ops = (OPS_BY_TYPE[spec.type] ?? []).filter((o) => documented === null || documented.includes(o));
    if (ops.length > 0) add(name, { enum: [...ops] }, value);
    // `in` is a list of eq's: offered where eq is.
    if (IN_TYPES.has(spec.type) && (documented === null || documented.includes("eq"))) {
      add(name, { const: "in" }, { type: "array", items: value, minItems: 1, maxItems: limits.inValues });
    }
  }
  const alternatives = [...groups.values()].map(({ fields, op, value }) => ({
    type: "object",
    properties: { field: fields.length === 1 ? { const: fields[0] } : { enum: fields }, op, value },
  }));
  return alternatives.length === 0 ? null : { oneOf: alternatives };
}

/**
 * The entity as the operation's reference page narrows it: only documented properties filter and
 * sort, each with its documented operators, so the model can only write filters the validator takes.
 */
export function documentedFields(op: Operation, entity: Entity): { entity: Entity; operatorsFor: (field: string) => readonly string[] | null } {
  const fields = new EntityFields(op.entity ?? op.name, entity, documentedQuery(op));
  const narrowed = Object.fromEntries(Object.keys(entity.fields).map((name) => [name, fields.resolve(name)!.spec]));
  return { entity: { ...entity, fields: narrowed }, operatorsFor: (field) => fields.operatorsFor(field) };
}

export function enclosingCollection(entity: Entity, name: string): FieldSpec | undefined {
  return Object.entries(entity.fields).find(([other, spec]) => spec.collection && name.startsWith(`${other}/`))?.[1];
}

export function topLevelFields(entity: Entity, predicate: (s: FieldSpec) => boolean): string[] {
  return Object.entries(entity.fields)
    .filter(([name, spec]) => !name.includes("/") && predicate(spec))
    .map(([name]) => name);
}

export function sortableFields(entity: Entity): string[] {
  return plannerFields(entity)
    .filter(([name, spec]) => spec.sortable && !spec.collection && !enclosingCollection(entity, name))
    .map(([name]) => name);
}

/** One standard OData option as a grammar schema, or null when the operation's entity cannot support it. */
function optionSchema(
  name: string,
  op: Operation,
  entity: Entity | undefined,
  inputSchema: unknown,
  limits: GrammarLimits,
): GrammarSchema | null {
  switch (name) {
    case "top": {
      const max = isObject(inputSchema) ? numberOr(inputSchema.maximum, MAX_TOP) : MAX_TOP;
      return boundedInteger(1, Math.min(max, MAX_TOP));
    }
    case "search":
      return boundedString(limits.valueString);
    case "where": {
      if (!entity) return null;
      const fields = documentedFields(op, entity);
      return arrayOf(whereConditionSchema(fields.entity, limits, (f) => fields.operatorsFor(f)), limits.whereConditions);
    }
    case "select": {
      const fields = entity ? topLevelFields(entity, () => true) : [];
      return fields.length > 0 ? arrayOf({ enum: fields }, limits.select) : null;
    }
    case "orderby": {
      const fields = entity ? sortableFields(documentedFields(op, entity).entity) : [];
      const choices = fields.flatMap((f) => [`${f} asc`, `${f} desc`]);
      return choices.length > 0 ? arrayOf({ enum: choices }, limits.orderby) : null;
    }
    default:
      throw new Error(`${op.name}: no grammar for option ${name}`);
  }
}

function arrayOf(items: GrammarSchema | null, maxItems: number): GrammarSchema | null {
  return items === null ? null : { type: "array", items, minItems: 1, maxItems };
}

/**
 * The `arguments` object of one operation: every planner argument (prompt order), required ones as
 * their value schema, optional ones as `oneOf [null, value]`.
 */
export function operationArgumentsSchema(
  op: Operation,
  entities: Readonly<Record<string, Entity>>,
  limits: GrammarLimits = LIMITS,
): GrammarSchema {
  const properties = isObject(op.inputSchema.properties) ? op.inputSchema.properties : {};
  const required = new Set(Array.isArray(op.inputSchema.required) ? (op.inputSchema.required as unknown[]) : []);
  const bindings = new Map(op.params.map((p) => [p.name, p.in]));
  const entity = op.entity === null ? undefined : entities[op.entity];
  const out: Record<string, GrammarSchema> = {};
  for (const name of plannerArgumentNames(op)) {
    const isOption = PLANNER_OPTIONS.some((o) => o === name);
    const value = isOption
      ? optionSchema(name, op, entity, properties[name], limits)
      : convertValueSchema(properties[name], bindings.get(name) ?? "body", limits);
    if (value === null) {
      // The option exists but the entity gives nothing to fill it with: the only valid value is "absent".
      out[name] = { type: "null" };
      continue;
    }
    out[name] = required.has(name) ? value : nullable(value);
  }
  return { type: "object", properties: out };
}

/** `{"name": <op>, "arguments": {...}}` for one candidate. */
export function callSchema(op: Operation, entities: Readonly<Record<string, Entity>>, limits: GrammarLimits = LIMITS): GrammarSchema {
  return { type: "object", properties: { name: { const: op.name }, arguments: operationArgumentsSchema(op, entities, limits) } };
}

export function declineSchema(limits: GrammarLimits = LIMITS): GrammarSchema {
  const reason = boundedString(Math.min(limits.declineReason, DECLINE_REASON_MAX));
  return { type: "object", properties: { name: { const: DECLINE_TOOL }, arguments: { type: "object", properties: { reason } } } };
}

/** The whole plan grammar for a candidate set: one of the candidates' calls, or decline. */
export function planSchema(
  candidates: readonly Operation[],
  entities: Readonly<Record<string, Entity>>,
  limits: GrammarLimits = LIMITS,
): GrammarSchema {
  return { oneOf: [declineSchema(limits), ...candidates.map((op) => callSchema(op, entities, limits))] };
}
