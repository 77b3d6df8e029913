/**
 * Checks a parsed $filter against the entity's fields and rewrites it into canonical form:
 * field names spelled as the catalog spells them, the field on the left of each comparison,
 * literals converted to the field's type (enum members in their declared case, date-times in
 * UTC, GUIDs unquoted). Every problem is one ArgumentError sentence that says what would work.
 */
import type { FieldSpec, FieldType, FilterOperator } from "../../catalog/types.js";
import { ArgumentError } from "../types.js";
import type { ComparisonOp, FieldRef, FilterExpr, Literal, Operand } from "./ast.js";
import type { EntityFields } from "./fields.js";
import { describeChoices } from "./suggest.js";
import { normaliseDateTime } from "./time.js";

const GUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FLIPPED: Record<ComparisonOp, ComparisonOp> = { eq: "eq", ne: "ne", gt: "lt", ge: "le", lt: "gt", le: "ge" };
/** Types with a meaningful order for gt/ge/lt/le. Enums are excluded: their order is declaration order, rarely what a person means. */
const ORDERED: ReadonlySet<FieldType> = new Set(["string", "datetime", "date", "int", "number", "duration"]);
const TYPE_NAME: Record<FieldType, string> = {
  string: "text",
  enum: "an enum",
  datetime: "a date-time",
  date: "a date",
  boolean: "a boolean",
  int: "an integer",
  number: "a number",
  guid: "a GUID",
  duration: "a duration",
  object: "an object",
};
const EXAMPLE: Record<FieldType, string> = {
  string: "'text'",
  enum: "'value'",
  datetime: "2026-11-20T12:00:00Z",
  date: "2026-11-20",
  boolean: "true",
  int: "42",
  number: "4.2",
  guid: "00000000-0000-0000-0000-000000000000",
  duration: "duration'PT1H'",
  object: "",
};

function literalText(lit: Literal): string {
  return lit.type === "string" ? `'${lit.value}'` : String(lit.value);
}

/** A field after lookup: the printed reference and its spec (null when the entity is unknown). */
interface TypedField {
  ref: FieldRef;
  spec: FieldSpec | null;
  /** How errors name it ("severity", "evidence/verdict"). */
  label: string;
}

interface Scope {
  variable: string;
  /** Catalog path of the collection the variable ranges over. */
  collection: string;
}

export class FilterChecker {
  /** Non-fatal notes (e.g. fields left unchecked because the entity is unknown). */
  readonly warnings: string[] = [];

  constructor(
    private readonly fields: EntityFields | null,
    /** The argument errors name: "filter", or "where/2" for a structured condition. */
    private readonly argPath = "filter",
  ) {}

  private fail(message: string): never {
    throw new ArgumentError(`${this.argPath} ${message}`, this.argPath);
  }

  check(expr: FilterExpr, scopes: Scope[] = []): FilterExpr {
    switch (expr.kind) {
      case "and":
      case "or":
        return { kind: expr.kind, left: this.check(expr.left, scopes), right: this.check(expr.right, scopes) };
      case "not":
        return { kind: "not", operand: this.check(expr.operand, scopes) };
      case "compare":
        return this.checkCompare(expr.op, expr.left, expr.right, scopes);
      case "in": {
        const field = this.scalarField(expr.field, scopes, "in");
        this.requireOperator(field, "in");
        const values = expr.values.map((v) => this.coerce(v, field));
        if (values.some((v) => v.type === "null")) this.fail(`cannot list null in 'in'; use ${field.label} eq null`);
        return { kind: "in", field: field.ref, values };
      }
      case "function": {
        const field = this.scalarField(expr.field, scopes, expr.name);
        this.requireOperator(field, expr.name);
        if (field.spec && field.spec.type !== "string") {
          this.fail(`cannot use ${expr.name} on ${field.label} (${TYPE_NAME[field.spec.type]}); ${expr.name} works on text fields`);
        }
        if (expr.value.type !== "string") this.fail(`${expr.name}(${field.label}, …) needs a quoted text value, e.g. ${expr.name}(${field.label},'abc')`);
        return { kind: "function", name: expr.name, field: field.ref, value: expr.value };
      }
      case "lambda":
        return this.checkLambda(expr, scopes);
    }
  }

  private checkLambda(expr: Extract<FilterExpr, { kind: "lambda" }>, scopes: Scope[]): FilterExpr {
    if (scopes.some((s) => s.variable === expr.variable)) this.fail(`reuses the lambda variable '${expr.variable}'; pick another name`);
    // A nested lambda ranges over a collection member of the outer variable: e/roles/any(r: …).
    const slash = expr.collection.indexOf("/");
    const outer = slash > 0 ? scopes.find((s) => s.variable === expr.collection.slice(0, slash)) : undefined;
    const relative = outer ? expr.collection.slice(slash + 1) : expr.collection;
    let collection = outer ? `${outer.collection}/${relative}` : expr.collection;
    let printed = expr.collection;
    if (this.fields) {
      const found = this.fields.resolve(collection);
      if (!found) this.unknownField(collection);
      if (!found.spec.collection) this.fail(`uses ${expr.op}() on ${found.path}, which is not a collection; compare it directly, e.g. ${found.path} eq ${EXAMPLE[found.spec.type] || "…"}`);
      const nestedIn = this.fields.collectionAbove(found.path);
      if (nestedIn && !outer) this.fail(`must reach ${found.path} through ${nestedIn.path}: ${nestedIn.path}/any(x: x/${found.path.slice(nestedIn.path.length + 1)}/${expr.op}(y: …))`);
      // Collections of objects are filtered through their members, whose own flags are checked.
      if (found.spec.type !== "object" && !found.spec.filterable) this.notFilterable(found.path);
      collection = found.path;
      printed = outer ? `${outer.variable}/${found.path.slice(outer.collection.length + 1)}` : found.path;
    }
    const body = this.check(expr.body, [...scopes, { variable: expr.variable, collection }]);
    return { kind: "lambda", op: expr.op, collection: printed, variable: expr.variable, body };
  }

  private checkCompare(op: ComparisonOp, left: Operand, right: Operand, scopes: Scope[]): FilterExpr {
    if (left.kind === "literal" && right.kind === "field") return this.checkCompare(FLIPPED[op], right, left, scopes);
    if (left.kind !== "field" || right.kind !== "literal") {
      this.fail(`must compare a field with a value (e.g. severity eq 'high'), not ${left.kind === "field" ? "two fields" : "two values"}`);
    }
    const field = this.scalarField(left, scopes, op);
    this.requireOperator(field, op);
    const value = this.coerce(right, field);
    if (value.type === "null" && op !== "eq" && op !== "ne") this.fail(`can compare ${field.label} with null only with eq or ne`);
    if (op !== "eq" && op !== "ne" && field.spec && !ORDERED.has(field.spec.type)) {
      const hint = field.spec.type === "enum" ? `; list the values instead, e.g. ${field.label} in ('${(field.spec.enum ?? []).slice(-2).join("','")}')` : "; use eq or ne";
      this.fail(`cannot use ${op} on ${field.label} (${TYPE_NAME[field.spec.type]})${hint}`);
    }
    return { kind: "compare", op, left: field.ref, right: value };
  }

  /** Resolves a field used in a comparison, `in` or a function: it must name a single value. */
  private scalarField(ref: FieldRef, scopes: Scope[], usage: string): TypedField {
    const scope = ref.variable === undefined ? undefined : scopes.find((s) => s.variable === ref.variable);
    if (!this.fields) {
      if (!this.warnings.length) this.warnings.push("filter fields were not checked: this operation has no entity schema");
      return { ref, spec: null, label: scope ? `${ref.variable}${ref.path ? `/${ref.path}` : ""}` : ref.path };
    }
    if (scope) {
      const path = ref.path === "" ? scope.collection : `${scope.collection}/${ref.path}`;
      const found = this.fields.resolve(path);
      if (!found) {
        const members = this.fields.membersOf(scope.collection).map((m) => m.slice(scope.collection.length + 1));
        this.fail(`uses unknown member '${ref.path}' of ${scope.collection}; ${describeChoices("members", ref.path, members)}`);
      }
      if (found.spec.type === "object") this.objectField(found.path);
      if (found.spec.collection && ref.path !== "") {
        this.fail(`uses ${found.path}, a collection inside ${scope.collection}; test its items with ${ref.variable}/${ref.path}/any(y: y eq …)`);
      }
      if (!found.spec.filterable) this.notFilterable(found.path);
      const member = ref.path === "" ? "" : found.path.slice(scope.collection.length + 1);
      return { ref: { kind: "field", variable: ref.variable, path: member }, spec: found.spec, label: found.path };
    }
    const found = this.fields.resolve(ref.path);
    if (!found) this.unknownField(ref.path);
    const above = this.fields.collectionAbove(found.path);
    if (above) {
      const member = found.path.slice(above.path.length + 1);
      this.fail(`must reach ${found.path} through its collection: ${above.path}/any(x: x/${member} ${usage === "in" ? "in (…)" : "eq …"})`);
    }
    if (found.spec.collection) {
      const members = this.fields.membersOf(found.path);
      const example = members.length > 0 ? `x/${members[0]!.slice(found.path.length + 1)} eq …` : `x eq ${EXAMPLE[found.spec.type] || "…"}`;
      this.fail(`uses ${found.path}, a collection; test its items with ${found.path}/any(x: ${example})`);
    }
    if (found.spec.type === "object") this.objectField(found.path);
    if (!found.spec.filterable) this.notFilterable(found.path);
    return { ref: { kind: "field", path: found.path }, spec: found.spec, label: found.path };
  }

  /** A field Graph will not filter on; where the reference names the filterable ones, they are listed. */
  private notFilterable(path: string): never {
    const documented = this.fields?.documented;
    if (documented?.filter) {
      this.fail(`cannot filter on ${path}: the Graph reference documents $filter for ${documented.operation} only on ${Object.keys(documented.filter).join(", ")}`);
    }
    this.fail(`cannot use ${path}: Graph does not filter on it`);
  }

  /** Refuses an operator the reference does not list for the field (`in` counts as a list of eq's). */
  private requireOperator(field: TypedField, op: FilterOperator | "in"): void {
    if (!this.fields || !field.spec) return;
    const allowed = this.fields.operatorsFor(field.label);
    if (allowed === null || allowed.includes(op === "in" ? "eq" : op)) return;
    this.fail(`cannot use ${op} on ${field.label}: the Graph reference documents only ${allowed.join(", ")} for it on ${this.fields.documented?.operation ?? this.fields.entityName}`);
  }

  private objectField(path: string): never {
    const members = this.fields!.membersOf(path);
    this.fail(`cannot compare ${path} itself (an object); use one of its members: ${members.join(", ") || "none are filterable"}`);
  }

  private unknownField(path: string): never {
    this.fail(`uses unknown field '${path}' of ${this.fields!.entityName}; ${describeChoices("fields", path, this.fields!.filterablePaths())}`);
  }

  /** Converts a literal to the field's type, or explains which literal would be right. */
  private coerce(lit: Literal, field: TypedField): Literal {
    const spec = field.spec;
    if (lit.type === "null" || spec === null) return lit;
    const wrongType = (): never =>
      this.fail(`compares ${field.label} (${TYPE_NAME[spec.type]}) with ${literalText(lit)}; write a value like ${EXAMPLE[spec.type]}`);
    switch (spec.type) {
      case "string":
        if (lit.type === "string") return lit;
        // An unquoted GUID against a text id field: Graph ids are text, so quote it.
        if (lit.type === "guid") return { kind: "literal", type: "string", value: lit.value };
        return wrongType();
      case "enum": {
        if (lit.type !== "string") return wrongType();
        const allowed = spec.enum ?? [];
        const member = allowed.find((v) => v.toLowerCase() === lit.value.toLowerCase());
        if (member === undefined) this.fail(`value '${lit.value}' is not allowed for ${field.label}; allowed: ${allowed.join(", ")}`);
        return { kind: "literal", type: "string", value: member };
      }
      case "datetime": {
        if (lit.type === "datetime") return lit;
        const text = lit.type === "date" || lit.type === "string" ? normaliseDateTime(lit.value) : null;
        if (text === null) return wrongType();
        return { kind: "literal", type: "datetime", value: text };
      }
      case "date":
        if (lit.type === "date") return lit;
        if (lit.type === "string" && /^\d{4}-\d{2}-\d{2}$/.test(lit.value) && normaliseDateTime(lit.value)) return { kind: "literal", type: "date", value: lit.value };
        return wrongType();
      case "boolean":
        return lit.type === "boolean" ? lit : wrongType();
      case "int":
        return lit.type === "number" && Number.isSafeInteger(lit.value) ? { ...lit, text: String(lit.value) } : wrongType();
      case "number":
        return lit.type === "number" ? { ...lit, text: String(lit.value) } : wrongType();
      case "guid":
        if (lit.type === "guid") return lit;
        if (lit.type === "string" && GUID_TEXT.test(lit.value)) return { kind: "literal", type: "guid", value: lit.value.toLowerCase() };
        return wrongType();
      case "duration":
        if (lit.type === "duration") return lit;
        if (lit.type === "string" && /^-?P/i.test(lit.value)) return { kind: "literal", type: "duration", value: lit.value.toUpperCase() };
        return wrongType();
      case "object":
        return wrongType();
    }
  }
}
