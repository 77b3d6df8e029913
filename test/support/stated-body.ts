/** The body members `fillStatedBodyValues` reads from a request for one operation of the committed catalog. */
import { loadCatalog } from "../../src/catalog/load.js";
import { fillStatedBodyValues } from "../../src/planner/rules/body-values.js";
import { extractSlots } from "../../src/planner/slots/index.js";

const catalog = loadCatalog();

export function statedBodyValues(opName: string, text: string, now: Date): Record<string, unknown> {
  const op = catalog.operations.find((o) => o.name === opName)!;
  const props = ((op.inputSchema as { properties?: Record<string, object> }).properties ?? {}) as Record<string, never>;
  const bodyNames = new Set(op.params.filter((p) => p.in === "body").map((p) => p.name));
  const args: Record<string, unknown> = {};
  fillStatedBodyValues(op, extractSlots(text, now), props, bodyNames, args);
  return args;
}
