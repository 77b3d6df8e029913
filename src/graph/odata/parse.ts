/**
 * A small recursive-descent parser for the $filter subset Graph supports: comparisons, `in`,
 * and/or/not, parentheses, contains/startswith/endswith, any/all lambdas and OData literals.
 *
 * Why not a library: @odata/parser and odata-v4-parser (checked with `npm view`, both MIT, the
 * latter a fork of the former's ancestor) reject the OData 4.01 `in` operator that Graph
 * accepts and that our evaluation format uses, and their token trees keep raw source text, so we
 * would still need our own checker and printer. The grammar below is the part we need, with
 * bounded input size and nesting depth.
 */
import { ArgumentError } from "../types.js";
import {
  COMPARISON_OPS,
  LAMBDA_OPS,
  STRING_FUNCTIONS,
  type ComparisonOp,
  type FieldRef,
  type FilterExpr,
  type LambdaOp,
  type Literal,
  type Operand,
  type StringFunction,
} from "./ast.js";
import { findControlCharacter, hasLoneSurrogate } from "./text.js";
import { normaliseDateTime } from "./time.js";

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 32;
export const MAX_IN_VALUES = 100;

type Token =
  | { t: "punct"; v: "(" | ")" | "," | ":"; pos: number }
  | { t: "ident"; v: string; pos: number }
  | { t: "literal"; v: Literal; pos: number; text: string }
  | { t: "end"; pos: number };

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w.:])/iy;
const DATE = /\d{4}-\d{2}-\d{2}(?![\w:.-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/y;
// Whitespace OData allows between tokens; other control characters are refused outright.
const SPACE = /[ \t\r\n]+/y;

function fail(message: string): never {
  throw new ArgumentError(`filter ${message}`, "filter");
}

function describeAt(src: string, pos: number): string {
  if (pos >= src.length) return "the end of the filter";
  const snippet = src.slice(pos, pos + 24);
  return `'${snippet}${src.length > pos + 24 ? "…" : ""}' at character ${pos + 1}`;
}

function sticky(re: RegExp, src: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(src);
  return m ? m[0] : null;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < src.length) {
    const space = sticky(SPACE, src, pos);
    if (space) {
      pos += space.length;
      continue;
    }
    const ch = src[pos]!;
    if (ch === "(" || ch === ")" || ch === "," || ch === ":") {
      tokens.push({ t: "punct", v: ch, pos });
      pos += 1;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readQuoted(src, pos);
      tokens.push({ t: "literal", v: { kind: "literal", type: "string", value }, pos, text: src.slice(pos, end) });
      pos = end;
      continue;
    }
    const guid = sticky(GUID, src, pos);
    if (guid) {
      tokens.push({ t: "literal", v: { kind: "literal", type: "guid", value: guid.toLowerCase() }, pos, text: guid });
      pos += guid.length;
      continue;
    }
    const datetime = sticky(DATETIME, src, pos);
    if (datetime) {
      const value = normaliseDateTime(datetime);
      if (value === null) fail(`has an invalid date-time ${describeAt(src, pos)}`);
      tokens.push({ t: "literal", v: { kind: "literal", type: "datetime", value }, pos, text: datetime });
      pos += datetime.length;
      continue;
    }
    const date = sticky(DATE, src, pos);
    if (date) {
      if (normaliseDateTime(`${date}T00:00:00Z`) === null) fail(`has an invalid date ${describeAt(src, pos)}`);
      tokens.push({ t: "literal", v: { kind: "literal", type: "date", value: date }, pos, text: date });
      pos += date.length;
      continue;
    }
    const num = sticky(NUMBER, src, pos);
    if (num) {
      const value = Number(num);
      if (!Number.isFinite(value)) fail(`has a number out of range ${describeAt(src, pos)}`);
      tokens.push({ t: "literal", v: { kind: "literal", type: "number", value, text: num }, pos, text: num });
      pos += num.length;
      continue;
    }
    const ident = sticky(IDENT, src, pos);
    if (ident) {
      // Typed literal: duration'PT1H'.
      if (ident.toLowerCase() === "duration" && src[pos + ident.length] === "'") {
        const { value, end } = readQuoted(src, pos + ident.length);
        tokens.push({ t: "literal", v: { kind: "literal", type: "duration", value }, pos, text: src.slice(pos, end) });
        pos = end;
        continue;
      }
      tokens.push({ t: "ident", v: ident, pos });
      pos += ident.length;
      continue;
    }
    fail(`has an unexpected character ${describeAt(src, pos)}`);
  }
  tokens.push({ t: "end", pos: src.length });
  return tokens;
}

/** Reads 'text' with '' as an escaped quote; returns the unescaped text and the index after it. */
function readQuoted(src: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  for (;;) {
    const next = src.indexOf("'", i);
    if (next < 0) fail(`has an unterminated string starting at character ${start + 1}; double a quote inside a value ('')`);
    value += src.slice(i, next);
    if (src[next + 1] === "'") {
      value += "'";
      i = next + 2;
      continue;
    }
    return { value, end: next + 1 };
  }
}

const KEYWORD_LITERALS: Record<string, Literal> = {
  true: { kind: "literal", type: "boolean", value: true },
  false: { kind: "literal", type: "boolean", value: false },
  null: { kind: "literal", type: "null", value: null },
};

class Parser {
  private index = 0;
  private depth = 0;
  private readonly scopes: string[] = [];

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterExpr {
    const expr = this.parseOr();
    const tok = this.peek();
    if (tok.t !== "end") fail(`has unexpected ${describeAt(this.src, tok.pos)}; expected 'and', 'or' or the end`);
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const tok = this.peek();
    if (tok.t !== "end") this.index += 1;
    return tok;
  }

  private isKeyword(tok: Token, word: string): boolean {
    return tok.t === "ident" && tok.v.toLowerCase() === word;
  }

  private expectPunct(v: "(" | ")" | "," | ":", what: string): void {
    const tok = this.next();
    if (tok.t !== "punct" || tok.v !== v) fail(`expected ${what} but found ${describeAt(this.src, tok.pos)}`);
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_FILTER_DEPTH) fail(`is nested too deeply (at most ${MAX_FILTER_DEPTH} levels)`);
  }

  private parseOr(): FilterExpr {
    return this.parseChain("or", () => this.parseAnd());
  }

  private parseAnd(): FilterExpr {
    return this.parseChain("and", () => this.parseUnary());
  }

  /** `operand (word operand)*`, left-associative. */
  private parseChain(word: "and" | "or", operand: () => FilterExpr): FilterExpr {
    let left = operand();
    while (this.isKeyword(this.peek(), word)) {
      this.next();
      left = { kind: word, left, right: operand() };
    }
    return left;
  }

  private parseUnary(): FilterExpr {
    this.enter();
    try {
      if (this.isKeyword(this.peek(), "not")) {
        this.next();
        return { kind: "not", operand: this.parseUnary() };
      }
      return this.parsePrimary();
    } finally {
      this.depth -= 1;
    }
  }

  private parsePrimary(): FilterExpr {
    const tok = this.peek();
    if (tok.t === "punct" && tok.v === "(") {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(")", "')'");
      return inner;
    }
    if (tok.t === "ident" && this.peek(1).t === "punct" && (this.peek(1) as { v: string }).v === "(") {
      const fn = tok.v.toLowerCase();
      if ((STRING_FUNCTIONS as readonly string[]).includes(fn)) return this.parseFunction(fn as StringFunction);
      const slash = tok.v.lastIndexOf("/");
      const last = tok.v.slice(slash + 1).toLowerCase();
      if (slash > 0 && (LAMBDA_OPS as readonly string[]).includes(last)) return this.parseLambda(tok.v.slice(0, slash), last as LambdaOp);
      fail(`uses the unsupported function '${tok.v}'; supported: ${STRING_FUNCTIONS.join(", ")}, and any/all on collections`);
    }
    return this.parseComparison();
  }

  private parseFunction(name: StringFunction): FilterExpr {
    this.next();
    this.expectPunct("(", "'('");
    const field = this.parseOperand();
    this.expectPunct(",", `',' between the arguments of ${name}`);
    const value = this.parseOperand();
    this.expectPunct(")", `')' closing ${name}`);
    if (field.kind !== "field" || value.kind !== "literal") fail(`${name} takes a field and then a value, e.g. ${name}(displayName,'text')`);
    return { kind: "function", name, field, value };
  }

  private parseLambda(collection: string, op: LambdaOp): FilterExpr {
    const start = this.next();
    this.expectPunct("(", "'('");
    const variable = this.next();
    if (variable.t !== "ident" || variable.v.includes("/")) fail(`expected a lambda variable after ${collection}/${op}( at character ${start.pos + 1}, e.g. ${collection}/${op}(x: x eq 'value')`);
    this.expectPunct(":", `':' after the lambda variable ${variable.v}`);
    this.scopes.push(variable.v);
    const body = this.parseOr();
    this.scopes.pop();
    this.expectPunct(")", `')' closing ${collection}/${op}`);
    return { kind: "lambda", op, collection, variable: variable.v, body };
  }

  private parseComparison(): FilterExpr {
    const left = this.parseOperand();
    const tok = this.next();
    if (this.isKeyword(tok, "in")) {
      if (left.kind !== "field") fail(`needs a field before 'in' at character ${tok.pos + 1}`);
      return { kind: "in", field: left, values: this.parseList() };
    }
    const op = tok.t === "ident" ? tok.v.toLowerCase() : "";
    if (!(COMPARISON_OPS as readonly string[]).includes(op)) {
      fail(`expected a comparison operator (${COMPARISON_OPS.join(", ")}, in) but found ${describeAt(this.src, tok.pos)}`);
    }
    const right = this.parseOperand();
    return { kind: "compare", op: op as ComparisonOp, left, right };
  }

  private parseList(): Literal[] {
    this.expectPunct("(", "'(' after 'in'");
    const values: Literal[] = [];
    for (;;) {
      const item = this.parseOperand();
      if (item.kind !== "literal") fail(`'in' lists take values only, e.g. status in ('new','inProgress')`);
      values.push(item);
      if (values.length > MAX_IN_VALUES) fail(`has more than ${MAX_IN_VALUES} values in one 'in' list`);
      const sep = this.next();
      if (sep.t === "punct" && sep.v === ")") return values;
      if (sep.t !== "punct" || sep.v !== ",") fail(`expected ',' or ')' in an 'in' list but found ${describeAt(this.src, sep.pos)}`);
    }
  }

  private parseOperand(): Operand {
    const tok = this.next();
    if (tok.t === "literal") return tok.v;
    if (tok.t === "ident") {
      const keyword = KEYWORD_LITERALS[tok.v.toLowerCase()];
      if (keyword && !tok.v.includes("/")) return keyword;
      return this.fieldRef(tok.v);
    }
    fail(`expected a field or a value but found ${describeAt(this.src, tok.pos)}`);
  }

  private fieldRef(text: string): FieldRef {
    const slash = text.indexOf("/");
    const head = slash < 0 ? text : text.slice(0, slash);
    if (this.scopes.includes(head)) return { kind: "field", variable: head, path: slash < 0 ? "" : text.slice(slash + 1) };
    return { kind: "field", path: text };
  }
}

/** Parses a raw $filter into a syntax tree (syntax only; see check.ts for fields and types). */
export function parseFilter(src: string): FilterExpr {
  if (src.length > MAX_FILTER_LENGTH) fail(`is too long (at most ${MAX_FILTER_LENGTH} characters)`);
  const control = findControlCharacter(src);
  if (control) fail(`contains a control character (${control}); remove it`);
  if (hasLoneSurrogate(src)) fail("contains invalid Unicode (an unpaired surrogate)");
  if (src.trim() === "") fail("is empty; leave it out instead");
  return new Parser(src, tokenize(src)).parse();
}
