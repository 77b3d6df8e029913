/**
 * Argument validation with ajv: one compiled validator per operation, built on first use and
 * cached. Produces one actionable sentence for the first problem.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { UNPUBLISHED_OPTIONS } from "../catalog/common-schemas.js";
import type { Catalog, Operation } from "../catalog/types.js";
import { unsupportedOption } from "./capabilities.js";
import { describeChoices } from "./odata/suggest.js";
import { huntingQueryProblem } from "./kql/index.js";

export interface ValidationIssue {
  /** Argument path, e.g. "top" or "where/0/op". */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; message: string; issues: ValidationIssue[] };

type Schema = Record<string, unknown>;

/** "arguments" for the root, else the slash path ("where/0/op"). */
function argPath(instancePath: string): string {
  return instancePath === "" ? "arguments" : instancePath.slice(1).replaceAll("~1", "/").replaceAll("~0", "~");
}

const SHORT_VALUE_CHARS = 40;

/**
 * JSON-like text of a value, at most `budget` characters and 3 levels deep: a value nested
 * 10 000 deep renders as `[[[…]]]` instead of overflowing the stack (JSON.stringify recurses).
 */
function preview(value: unknown, budget: number, depth = 0): string {
  if (typeof value === "string") return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
  if (value === null || typeof value !== "object") return String(value);
  const list = Array.isArray(value);
  const [open, close] = list ? ["[", "]"] : ["{", "}"];
  if (depth >= 3) return `${open}…${close}`;
  let text = open;
  for (const [key, item] of list ? value.entries() : Object.entries(value)) {
    if (text.length >= budget) return `${text}…${close}`;
    const sep = text.length > 1 ? "," : "";
    text += `${sep}${list ? "" : `${JSON.stringify(String(key).slice(0, budget))}:`}${preview(item, budget - text.length, depth + 1)}`;
  }
  return `${text}${close}`;
}

/** A short rendering of the offending value (never a 1 MB echo, never a deep recursion). */
function shortValue(value: unknown): string {
  const text = typeof value === "string" ? `'${value.slice(0, SHORT_VALUE_CHARS)}'` : preview(value, SHORT_VALUE_CHARS);
  return text.length > SHORT_VALUE_CHARS ? `${text.slice(0, SHORT_VALUE_CHARS - 3)}…` : text;
}

function range(schema: Schema, noun: string): string {
  const min = schema.minimum;
  const max = schema.maximum;
  if (typeof min === "number" && typeof max === "number") return `${noun} between ${min} and ${max}`;
  if (typeof min === "number") return `${noun} of at least ${min}`;
  if (typeof max === "number") return `${noun} of at most ${max}`;
  return noun;
}

const TYPE_NOUN: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  null: "null",
};

function expected(schema: Schema): string {
  const type = schema.type;
  if (Array.isArray(type)) {
    const nouns = type.map((t) => TYPE_NOUN[String(t)] ?? String(t));
    return nouns.length > 1 ? `${nouns.slice(0, -1).join(", ")} or ${nouns.at(-1)}` : (nouns[0] ?? "valid");
  }
  if (type === "integer" || type === "number") return range(schema, TYPE_NOUN[type]!);
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map(String).join(", ")}`;
  return TYPE_NOUN[String(type)] ?? "valid";
}

/** One sentence per ajv error, naming the argument and what would be accepted. */
export function describeError(error: ErrorObject, rootSchema: Schema): string {
  const path = argPath(error.instancePath);
  const parent = (error.parentSchema ?? {}) as Schema;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as Schema);
      // The hint names only what tools/list publishes; the unpublished options still work when sent.
      const published = allowed.filter((a) => !UNPUBLISHED_OPTIONS.has(a));
      if (error.instancePath === "") return `unknown argument '${name}'; ${describeChoices("arguments", name, published)}`;
      return `${path} has unknown key '${name}'; ${describeChoices("keys", name, allowed)}`;
    }
    case "required": {
      const name = String(params.missingProperty);
      if (error.instancePath === "") {
        const described = ((rootSchema.properties ?? {}) as Record<string, Schema>)[name]?.description;
        return `missing required argument '${name}'${typeof described === "string" ? ` (${described})` : ""}`;
      }
      return `${path} is missing '${name}'`;
    }
    case "type":
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "enum":
      return `${path} must be ${expected(parent)} (got ${shortValue(error.data)})`;
    case "maxLength":
      return `${path} is too long (at most ${String(params.limit)} characters)`;
    case "minLength":
      return params.limit === 1 ? `${path} must not be empty` : `${path} must have at least ${String(params.limit)} characters`;
    case "maxItems":
      return `${path} has too many items (at most ${String(params.limit)})`;
    case "minItems":
      return `${path} needs at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}`;
    case "uniqueItems":
      return `${path} lists the same value twice (items ${Math.min(Number(params.i), Number(params.j))} and ${Math.max(Number(params.i), Number(params.j))})`;
    case "format":
      return `${path} must be a valid ${String(params.format)} (got ${shortValue(error.data)})`;
    case "pattern":
      return `${path} must match ${String(params.pattern)} (got ${shortValue(error.data)})`;
    case "const":
      return `${path} must be ${shortValue(params.allowedValue)}`;
    default:
      return `${path} ${error.message ?? "is not valid"}`;
  }
}

export class ArgValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new WeakMap<Operation, ValidateFunction>();

  constructor(readonly catalog: Catalog) {
    // strict: false — catalog schemas carry annotations (description, examples) and union types
    // with per-type keywords, which strict mode would refuse though they are valid JSON Schema.
    this.ajv = new Ajv({ allErrors: false, strict: false, verbose: true, allowUnionTypes: true });
    addFormats.default(this.ajv);
  }

  private validatorFor(op: Operation): ValidateFunction {
    let fn = this.compiled.get(op);
    if (!fn) {
      fn = this.ajv.compile(op.inputSchema);
      this.compiled.set(op, fn);
    }
    return fn;
  }

  validate(op: Operation, args: unknown): ValidationResult {
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      const message = "arguments must be a JSON object";
      return { ok: false, message, issues: [{ path: "arguments", message }] };
    }
    // An option the reference does not document is named as such, not as an unknown argument.
    for (const name of Object.keys(args)) {
      const message = unsupportedOption(op, name);
      if (message !== null) return { ok: false, message, issues: [{ path: name, message }] };
    }
    const fn = this.validatorFor(op);
    if (fn(args)) {
      // An advanced-hunting query is parsed against the pinned schema before anything is sent.
      const kql = huntingQueryProblem(op, args as Record<string, unknown>);
      return kql === null ? { ok: true } : { ok: false, message: kql, issues: [{ path: "query", message: kql }] };
    }
    const issues = (fn.errors ?? []).map((e) => ({ path: argPath(e.instancePath), message: describeError(e, op.inputSchema) }));
    const first = issues[0] ?? { path: "arguments", message: "arguments are not valid" };
    return { ok: false, message: first.message, issues };
  }
}
