/** $filter from a raw OData expression and/or structured conditions, checked and printed canonically. */
import type { StructuredCondition } from "../../catalog/common-schemas.js";
import { andAll, type FilterExpr } from "./ast.js";
import { FilterChecker } from "./check.js";
import type { EntityFields } from "./fields.js";
import { parseFilter } from "./parse.js";
import { printFilter } from "./print.js";
import { structuredToFilter } from "./structured.js";

export { EntityFields } from "./fields.js";
export { closestNames, describeChoices } from "./suggest.js";
export { parseFilter } from "./parse.js";
export { printFilter } from "./print.js";

export interface FilterInput {
  filter?: string;
  where?: StructuredCondition[];
}

/** The canonical $filter text, or null when neither input is given. Pushes notes onto `warnings`. */
export function buildFilter(input: FilterInput, fields: EntityFields | null, now: Date, warnings: string[]): string | null {
  const parts: FilterExpr[] = [];
  if (input.filter !== undefined) {
    const checker = new FilterChecker(fields);
    parts.push(checker.check(parseFilter(input.filter)));
    warnings.push(...checker.warnings);
  }
  if (input.where !== undefined) {
    const structured = structuredToFilter(input.where, fields, now, warnings);
    if (structured) parts.push(structured);
  }
  const combined = andAll(parts);
  return combined === null ? null : printFilter(combined);
}

/** Raw filter text → canonical text (parse, check, print): what `filter` becomes in the URL. */
export function canonicalFilter(filter: string, fields: EntityFields | null): string {
  return printFilter(new FilterChecker(fields).check(parseFilter(filter)));
}
