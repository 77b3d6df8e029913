/** Prints a checked $filter tree in one canonical spelling (the only $filter text we ever emit). */
import type { FieldRef, FilterExpr, Literal, Operand } from "./ast.js";

export function printLiteral(lit: Literal): string {
  switch (lit.type) {
    case "string":
      // OData escapes a quote inside a string literal by doubling it.
      return `'${lit.value.replaceAll("'", "''")}'`;
    case "number":
      return String(lit.value);
    case "boolean":
      return lit.value ? "true" : "false";
    case "null":
      return "null";
    case "duration":
      return `duration'${lit.value}'`;
    case "datetime":
    case "date":
    case "guid":
      return lit.value;
  }
}

function printField(ref: FieldRef): string {
  if (ref.variable === undefined) return ref.path;
  return ref.path === "" ? ref.variable : `${ref.variable}/${ref.path}`;
}

function printOperand(operand: Operand): string {
  return operand.kind === "field" ? printField(operand) : printLiteral(operand);
}

export function printFilter(expr: FilterExpr): string {
  switch (expr.kind) {
    case "and":
      // `and` binds tighter than `or`: an `or` below an `and` needs its parentheses back.
      return `${wrapIf(expr.left, "or")} and ${wrapIf(expr.right, "or")}`;
    case "or":
      return `${printFilter(expr.left)} or ${printFilter(expr.right)}`;
    case "not": {
      const inner = printFilter(expr.operand);
      return expr.operand.kind === "function" || expr.operand.kind === "lambda" ? `not ${inner}` : `not (${inner})`;
    }
    case "compare":
      return `${printOperand(expr.left)} ${expr.op} ${printOperand(expr.right)}`;
    case "in":
      return `${printField(expr.field)} in (${expr.values.map(printLiteral).join(",")})`;
    case "function":
      return `${expr.name}(${printField(expr.field)},${printLiteral(expr.value)})`;
    case "lambda":
      return `${expr.collection}/${expr.op}(${expr.variable}: ${printFilter(expr.body)})`;
  }
}

/** Parenthesises a child of the given kind. */
function wrapIf(expr: FilterExpr, kind: FilterExpr["kind"]): string {
  const text = printFilter(expr);
  return expr.kind === kind ? `(${text})` : text;
}
