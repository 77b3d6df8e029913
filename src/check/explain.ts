/**
 * One or two plain sentences of what a checked request does, written from the catalog record
 * and the parsed arguments (never by a model): "Lists up to 5 alerts where severity is high and
 * created on or after 24 Nov 2026 15:30 UTC. It only reads data."
 */
import type { Operation } from "../catalog/types.js";
import type { FieldRef, FilterExpr, Literal, Operand } from "../graph/odata/ast.js";
import { printLiteral } from "../graph/odata/print.js";
import { isHuntingOperation } from "../graph/kql/index.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const QUOTE_LIMIT = 80;

/** "24 Nov 2026 15:30 UTC" (seconds shown only when not zero). */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  const seconds = d.getUTCSeconds() === 0 ? "" : `:${pad(d.getUTCSeconds())}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds} UTC`;
}

function quote(text: string): string {
  return text.length > QUOTE_LIMIT ? `'${text.slice(0, QUOTE_LIMIT)}…'` : `'${text}'`;
}

function literal(lit: Literal): string {
  if (lit.type === "datetime") return humanTime(lit.value);
  if (lit.type === "string") return /^[A-Za-z][A-Za-z0-9]*$/.test(lit.value) ? lit.value : quote(lit.value);
  return printLiteral(lit);
}

/** createdDateTime → "created", lastUpdateDateTime → "last update", status/errorCode → "status/error code". */
function fieldWords(ref: FieldRef): string {
  const path = ref.variable === undefined ? ref.path : ref.path === "" ? "it" : ref.path;
  return path.split("/").map((part) => part.replace(/DateTime$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase() || part).join("/");
}

const TIME_WORDS: Record<string, string> = { eq: "at", ne: "not at", gt: "after", ge: "on or after", lt: "before", le: "on or before" };
const VALUE_WORDS: Record<string, string> = { eq: "is", ne: "is not", gt: "is above", ge: "is at least", lt: "is below", le: "is at most" };
const FUNCTION_WORDS: Record<string, string> = { contains: "contains", startswith: "starts with", endswith: "ends with" };

function operand(o: Operand): string {
  return o.kind === "field" ? fieldWords(o) : literal(o);
}

/** The filter tree in words; `and` binds tighter than `or`, as in OData. */
export function filterWords(expr: FilterExpr): string {
  switch (expr.kind) {
    case "and":
      return `${wrapOr(expr.left)} and ${wrapOr(expr.right)}`;
    case "or":
      return `${filterWords(expr.left)} or ${filterWords(expr.right)}`;
    case "not":
      return `not (${filterWords(expr.operand)})`;
    case "compare": {
      const time = expr.right.kind === "literal" && expr.right.type === "datetime";
      if (expr.right.kind === "literal" && expr.right.type === "null") return `${operand(expr.left)} ${expr.op === "eq" ? "is empty" : "is set"}`;
      return `${operand(expr.left)} ${(time ? TIME_WORDS : VALUE_WORDS)[expr.op]!} ${operand(expr.right)}`;
    }
    case "in":
      return `${fieldWords(expr.field)} is one of ${expr.values.map(literal).join(", ")}`;
    case "function":
      return `${fieldWords(expr.field)} ${FUNCTION_WORDS[expr.name]!} ${quote(String(expr.value.value))}`;
    case "lambda":
      return `${expr.op === "any" ? "some" : "every"} ${fieldWords({ kind: "field", path: expr.collection.split("/").at(-1) ?? expr.collection })} entry has ${filterWords(expr.body)}`;
  }
}

function wrapOr(expr: FilterExpr): string {
  return expr.kind === "or" ? `(${filterWords(expr)})` : filterWords(expr);
}

/** "List alerts" → ["Lists", "alerts"]. */
function verbAndNoun(op: Operation): [string, string] {
  const [verb = "Calls", ...rest] = op.title.split(" ");
  const third = /(s|sh|ch|x|z)$/.test(verb) ? `${verb}es` : `${verb}s`;
  return [third, rest.join(" ") || op.name];
}

function listOf(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

function bodyWords(op: Operation, args: Record<string, unknown>): string {
  const set = op.params.filter((p) => p.in === "body" && args[p.name] !== undefined);
  if (set.length === 0) return "";
  const shown = set.slice(0, 4).map((p) => {
    const v = args[p.name];
    const text = typeof v === "string" ? quote(v) : Array.isArray(v) ? `[${listOf(v)}]` : JSON.stringify(v);
    return `${p.name} ${text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text}`;
  });
  return `, setting ${shown.join(", ")}${set.length > 4 ? ` and ${set.length - 4} more` : ""}`;
}

export interface ExplainInput {
  operation: Operation;
  arguments: Record<string, unknown>;
  filter: FilterExpr | null;
  countSegment: boolean;
}

export function explain({ operation: op, arguments: args, filter, countSegment }: ExplainInput): string {
  let [verb, noun] = verbAndNoun(op);
  const parts: string[] = [];
  if (countSegment) verb = "Counts";
  else if (typeof args.top === "number") noun = `up to ${args.top} ${noun}`;
  const keys = op.params.filter((p) => p.in === "path" && typeof args[p.name] === "string").map((p) => `${p.name} ${quote(args[p.name] as string)}`);
  if (keys.length > 0) parts.push(` (${keys.join(", ")})`);
  if (isHuntingOperation(op) && typeof args.query === "string") {
    parts.push(`: ${quote(args.query.replace(/\s+/g, " ").trim())}${typeof args.timespan === "string" ? ` over ${args.timespan}` : ""}`);
  } else {
    parts.push(bodyWords(op, args));
  }
  if (filter) parts.push(` where ${filterWords(filter)}`);
  if (typeof args.search === "string") parts.push(` matching the search ${args.search.startsWith('"') ? args.search : `"${args.search}"`}`);
  if (Array.isArray(args.orderby) && args.orderby.length > 0) parts.push(`, sorted by ${listOf(args.orderby)}`);
  if (typeof args.skip === "number" && args.skip > 0) parts.push(`, skipping the first ${args.skip}`);
  if (Array.isArray(args.select)) parts.push(`, returning only ${listOf(args.select)}`);
  if (Array.isArray(args.expand)) parts.push(`, with ${listOf(args.expand)} expanded`);
  if (args.count === true && !countSegment) parts.push(", with the total count");
  const effect = op.readOnly
    ? "It only reads data."
    : op.destructive
      ? "It changes or deletes data in the tenant and is sent only after a person confirms it."
      : "It changes data in the tenant and is sent only after a person confirms it.";
  return `${verb} ${noun}${parts.join("")}, with ${op.name} on Graph ${op.version}. ${effect}`;
}
