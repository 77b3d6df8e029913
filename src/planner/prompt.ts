/**
 * The planner prompt format (ChatML with Hermes/Qwen-style `<tools>` and `<tool_call>` tags), shared by
 * the model planner, the dataset generator and training. Everything here is deterministic: the same
 * inputs give the same bytes, because training data is rendered from these functions and the runtime
 * reuses the KV cache of the fixed prefix.
 *
 * Layout of one example:
 *   <|im_start|>system\n SYSTEM_PREFIX <tools>\n decline-signature \n candidate signatures \n</tools><|im_end|>\n
 *   <|im_start|>user\n Now: <ISO instant>\n <request><|im_end|>\n
 *   <|im_start|>assistant\n                               ← renderPrompt ends here
 *   <tool_call>\n{"name": "...", "arguments": {...}}\n</tool_call><|im_end|>   ← renderCompletion
 *
 * Arguments of a call list every parameter the planner may use, in `plannerArgumentNames` order, with
 * `null` for unused ones: the generation grammar cannot express optional object keys, so the target
 * text is exactly what the grammar admits. `parseCompletion` drops the nulls again.
 */
import type { Entity, FieldSpec, Operation } from "../catalog/types.js";
import type { PlanResult } from "./types.js";

/** The pseudo-function a model calls to decline (out of scope, unsafe, or no candidate fits). */
export const DECLINE_TOOL = "decline";
/** Longest decline reason the grammar admits. */
export const DECLINE_REASON_MAX = 120;

/**
 * OData options the planner may set, in argument order. Raw `filter` is left out on purpose: the
 * structured `where` can be constrained per entity field by the grammar, a free OData string cannot.
 * `skip`, `count` and `expand` are left out to keep prompts and completions short.
 */
export const PLANNER_OPTIONS = ["where", "top", "orderby", "select", "search"] as const;
const ALL_ODATA_OPTIONS = new Set(["filter", "where", "top", "skip", "select", "orderby", "search", "count", "expand"]);

/** Entity fields shown per tool (the grammar still admits every filterable field). */
export const PROMPT_MAX_FIELDS = 12;
/** Enum values shown per field (the grammar admits all of them). */
export const PROMPT_MAX_ENUM_VALUES = 5;
/** Tool descriptions are cut to this many characters to keep the prompt short. */
export const PROMPT_MAX_DESCRIPTION = 160;

export const TOOL_CALL_OPEN = "<tool_call>\n";
export const TOOL_CALL_CLOSE = "\n</tool_call>";
export const END_OF_TURN = "<|im_end|>";

/**
 * Fixed instructions, first in every prompt so the runtime evaluates them once and reuses their KV
 * cache. Changing this text invalidates trained adapters: treat it as part of the model's format.
 */
export const SYSTEM_PREFIX =
  "<|im_start|>system\n" +
  "You turn a SOC analyst's request into one Microsoft Graph security API call. " +
  "Call exactly one function from <tools></tools>; call decline when none fits or the request is out of scope or unsafe.\n" +
  "Use only the listed parameters; give null for unused ones. " +
  "where: conditions {field, op, value} joined by and; op is eq ne gt ge lt le in startswith endswith contains any; " +
  "a datetime value is an ISO instant or a duration back from now (-PT24H, -P7D). " +
  "orderby: [\"field desc\"]. select: field names. top: how many items.\n" +
  "Reply as <tool_call>\n{\"name\": <function-name>, \"arguments\": <args-object>}\n</tool_call>\n" +
  "<tools>\n" +
  compactJson({
    name: DECLINE_TOOL,
    description: "Refuse: out of scope, unsafe, or no function fits.",
    parameters: { reason: "string" },
  }) +
  "\n";

/** The names a call's `arguments` may carry, in the order the prompt, grammar and completion use. */
export function plannerArgumentNames(op: Operation): string[] {
  const properties = schemaProperties(op.inputSchema);
  const own = Object.keys(properties).filter((name) => !ALL_ODATA_OPTIONS.has(name));
  const options = PLANNER_OPTIONS.filter((name) => name in properties);
  // Entity-dependent options need the entity's field list; without one they cannot be constrained.
  const usable = op.entity === null ? options.filter((name) => name === "top" || name === "search") : options;
  return [...own, ...usable];
}

/** Compact one-line signatures of the candidate operations, after the fixed decline signature. */
export function renderTools(candidates: readonly Operation[], entities: Readonly<Record<string, Entity>>): string {
  const lines = candidates.map((op) => compactJson(toolSignature(op, entities)));
  return lines.map((l) => `${l}\n`).join("") + "</tools>";
}

export interface PromptInput {
  text: string;
  now: Date;
  candidates: readonly Operation[];
  entities: Readonly<Record<string, Entity>>;
}

/** The full prompt up to and including `<|im_start|>assistant\n`. */
export function renderPrompt(input: PromptInput): string {
  const { head, request, tail } = renderPromptSegments(input);
  return head + request + tail;
}

/**
 * The prompt in three parts, so a runtime can tokenize the analyst's text without special tokens
 * (a request containing "<|im_end|>" or "<tool_call>" must stay plain text) and the template with them.
 * `head + request + tail === renderPrompt(input)`.
 */
export function renderPromptSegments({ text, now, candidates, entities }: PromptInput): { head: string; request: string; tail: string } {
  return {
    head: SYSTEM_PREFIX + renderTools(candidates, entities) + END_OF_TURN + "\n<|im_start|>user\n" + `Now: ${isoSeconds(now)}\n`,
    request: normaliseRequestText(text),
    tail: END_OF_TURN + "\n<|im_start|>assistant\n",
  };
}

/**
 * The exact target text for a plan. For a call, pass its operation so every planner argument is
 * written in order (unused ones as null), matching what the generation grammar produces.
 * Throws when the call uses an argument the planner cannot produce (e.g. raw `filter`).
 */
export function renderCompletion(result: PlanResult, operation?: Operation): string {
  return TOOL_CALL_OPEN + pythonStyleJson(completionObject(result, operation)) + TOOL_CALL_CLOSE + END_OF_TURN;
}

/** The `{name, arguments}` object of a completion (what the grammar constrains). */
export function completionObject(result: PlanResult, operation?: Operation): { name: string; arguments: Record<string, unknown> } {
  if (result.decision === "decline") {
    return { name: DECLINE_TOOL, arguments: { reason: result.reason.slice(0, DECLINE_REASON_MAX) } };
  }
  if (!operation) return { name: result.operation, arguments: result.arguments };
  if (operation.name !== result.operation) {
    throw new Error(`renderCompletion: operation ${operation.name} does not match the call's ${result.operation}`);
  }
  const names = plannerArgumentNames(operation);
  const unknown = Object.keys(result.arguments).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new Error(`renderCompletion: ${operation.name} cannot take ${unknown.join(", ")} from the planner (allowed: ${names.join(", ")})`);
  }
  const args: Record<string, unknown> = {};
  for (const name of names) args[name] = result.arguments[name] ?? null;
  return { name: operation.name, arguments: args };
}

/**
 * Reads a completion (with or without the `<tool_call>` wrapper) back into a PlanResult. Never throws:
 * text that is not a well-formed call becomes a decline that says why. Null arguments are dropped.
 */
export function parseCompletion(text: string): PlanResult {
  let body = text.trim();
  if (body.endsWith(END_OF_TURN)) body = body.slice(0, -END_OF_TURN.length).trimEnd();
  if (body.startsWith(TOOL_CALL_OPEN.trim())) body = body.slice(TOOL_CALL_OPEN.trim().length);
  if (body.endsWith(TOOL_CALL_CLOSE.trim())) body = body.slice(0, -TOOL_CALL_CLOSE.trim().length);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { decision: "decline", reason: "the model's reply was not valid JSON" };
  }
  if (!isPlainObject(parsed) || typeof parsed.name !== "string" || !isPlainObject(parsed.arguments)) {
    return { decision: "decline", reason: 'the model\'s reply was not a {"name", "arguments"} call' };
  }
  if (parsed.name === DECLINE_TOOL) {
    const reason = typeof parsed.arguments.reason === "string" && parsed.arguments.reason.trim() !== ""
      ? parsed.arguments.reason.trim()
      : "the model declined without a reason";
    return { decision: "decline", reason };
  }
  const args = Object.fromEntries(Object.entries(parsed.arguments).filter(([, v]) => v !== null));
  return { decision: "call", operation: parsed.name, arguments: args };
}

// ---------------------------------------------------------------------------------------------

type ToolSignature = {
  name: string;
  description: string;
  parameters?: Record<string, string>;
  /** Standard options the tool takes (explained once in SYSTEM_PREFIX). */
  options?: string;
  fields?: Record<string, string>;
};

function toolSignature(op: Operation, entities: Readonly<Record<string, Entity>>): ToolSignature {
  const properties = schemaProperties(op.inputSchema);
  const required = new Set(Array.isArray(op.inputSchema.required) ? (op.inputSchema.required as string[]) : []);
  const names = plannerArgumentNames(op);
  const own = names.filter((name) => !ALL_ODATA_OPTIONS.has(name));
  const options = names.filter((name) => ALL_ODATA_OPTIONS.has(name));
  const signature: ToolSignature = { name: op.name, description: truncate(op.description, PROMPT_MAX_DESCRIPTION) };
  if (own.length > 0) {
    signature.parameters = Object.fromEntries(
      own.map((name) => {
        const schema = properties[name];
        return [name, parameterSummary(name, isPlainObject(schema) ? schema : {}, required.has(name))];
      }),
    );
  }
  if (options.length > 0) signature.options = options.join(" ");
  // Field lists are long; tools that can only `select` (get by id) do without them.
  const entity = op.entity === null ? undefined : entities[op.entity];
  if (entity && (options.includes("where") || options.includes("orderby"))) signature.fields = fieldSummary(entity, op.description);
  return signature;
}

/** A parameter as a short type string: "string", "string!" (required), "low|medium|high", "date-time". */
function parameterSummary(name: string, schema: Record<string, unknown>, required: boolean): string {
  let type: string;
  if (Array.isArray(schema.enum)) {
    type = shortEnum(schema.enum.map(String).filter((v) => v !== "unknownFutureValue"));
  } else if (typeof schema.format === "string" && schema.format === "date-time") {
    type = "datetime";
  } else if (schema.type === "array") {
    const items = isPlainObject(schema.items) ? schema.items : {};
    type = `${parameterSummary(name, items, false)}[]`;
  } else if (typeof schema.type === "string") {
    type = schema.type;
  } else {
    type = "any";
  }
  const note = typeof schema.description === "string" && !restatesName(schema.description, name) ? ` (${truncate(schema.description, 60)})` : "";
  return `${type}${required ? "!" : ""}${note}`;
}

/** Harvested descriptions such as "The alertId" say nothing the name does not. */
function restatesName(description: string, name: string): boolean {
  return description.trim().toLowerCase().replace(/^the\s+/, "").replace(/\.$/, "") === name.toLowerCase();
}

/**
 * The entity fields a tool can filter or sort on, grouped to save tokens: enum fields each with their
 * values, all other fields listed by type ({"string": "id title", "datetime": "createdDateTime"}).
 */
function fieldSummary(entity: Entity, description: string): Record<string, string> {
  const byType = new Map<string, string[]>();
  const enums: [string, string][] = [];
  const collections = Object.entries(entity.fields).filter(([, s]) => s.collection).map(([n]) => `${n}/`);
  for (const [name, spec] of shownFields(entity, description)) {
    // "[]": one value per item (a collection, or a member of one): filter it with op any.
    const many = spec.collection || collections.some((c) => name.startsWith(c)) ? "[]" : "";
    if (spec.type === "enum") {
      enums.push([name, shortEnum(usableEnumValues(spec)) + many]);
      continue;
    }
    const type = `${spec.type}${many}`;
    byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  return Object.fromEntries([...[...byType].map(([type, names]) => [type, names.join(" ")] as const), ...enums]);
}

/** Which type of field an analyst filters on most: times first, then categories and text, ids last. */
const TYPE_PRIORITY: Record<string, number> = { datetime: 0, date: 0, enum: 1, string: 1, boolean: 2, int: 3, number: 3, guid: 4, duration: 5 };

/**
 * The PROMPT_MAX_FIELDS fields the prompt lists, in catalog order: first those the operation's
 * description names (the catalog's own hint of what matters), then by type priority.
 */
function shownFields(entity: Entity, description: string): [string, FieldSpec][] {
  const fields = plannerFields(entity);
  if (fields.length <= PROMPT_MAX_FIELDS) return fields;
  const words = new Set(description.split(/[^A-Za-z0-9/]+/));
  const rank = ([name, spec]: [string, FieldSpec]) => (words.has(name) ? -1 : TYPE_PRIORITY[spec.type] ?? 9);
  const chosen = new Set(
    fields
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .slice(0, PROMPT_MAX_FIELDS)
      .map(({ f }) => f[0]),
  );
  return fields.filter(([name]) => chosen.has(name));
}

/**
 * Fields the planner may filter on: filterable and not complex (members of complex fields, such as
 * "status/errorCode" or "evidence/verdict", are listed themselves). The grammar offers exactly these.
 */
export function plannerFields(entity: Entity): [string, FieldSpec][] {
  const unfilterableCollections = Object.entries(entity.fields)
    .filter(([, spec]) => spec.collection && !spec.filterable)
    .map(([name]) => `${name}/`);
  return Object.entries(entity.fields).filter(
    ([name, spec]) => spec.filterable && spec.type !== "object" && !unfilterableCollections.some((c) => name.startsWith(c)),
  );
}

/** Enum members worth offering: Graph's evolvable-enum sentinel is never a meaningful value. */
export function usableEnumValues(spec: FieldSpec): string[] {
  return (spec.enum ?? []).filter((v) => v !== "unknownFutureValue");
}

function shortEnum(values: readonly string[]): string {
  const shown = values.slice(0, PROMPT_MAX_ENUM_VALUES);
  return shown.join("|") + (values.length > shown.length ? "|…" : "");
}

function schemaProperties(schema: Record<string, unknown>): Record<string, unknown> {
  return isPlainObject(schema.properties) ? schema.properties : {};
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Requests are one line in the prompt. Role tags are removed so the training text (a plain string)
 * cannot be confused either; the runtime additionally tokenizes the request without special tokens.
 */
function normaliseRequestText(text: string): string {
  return text.replace(/<\|im_(start|end)\|>/g, "").replace(/\s+/g, " ").trim();
}

/** ISO instant without milliseconds: "2026-11-21T12:00:00Z". */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Compact JSON (no spaces) for the tool signatures: fewer tokens. */
function compactJson(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * JSON with `", "` and `": "` separators and keys in insertion order — the same text Python's
 * `json.dumps(obj, ensure_ascii=False)` writes, and a form node-llama-cpp's JSON grammar admits.
 */
export function pythonStyleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonStyleJson).join(", ")}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonStyleJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value ?? null);
}
