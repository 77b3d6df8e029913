/**
 * The documented query capabilities of an operation (recorded by `harvest` from
 * spec/capabilities.yaml) as the compiler and validator use them: which option arguments Graph
 * takes, the sentence that refuses one it does not, and the warning for undocumented operations.
 */
import { ODATA_OPTION_NAMES } from "../catalog/common-schemas.js";
import type { Operation } from "../catalog/types.js";
import type { DocumentedQuery } from "./odata/fields.js";

const WIRE_BY_ARGUMENT: Record<string, string> = Object.fromEntries(
  [...Object.entries(ODATA_OPTION_NAMES).map(([wire, name]) => [name, wire]), ["where", "$filter"]],
);

/** Whether an argument name is one of the OData option arguments (filter, where, top, …). */
export function isOptionArgument(name: string): boolean {
  return name in WIRE_BY_ARGUMENT;
}

/** The narrowing the reference documents for $filter/$orderby, or undefined when it documents none. */
export function documentedQuery(op: Operation): DocumentedQuery | undefined {
  const caps = op.capabilities;
  if (caps === undefined || !caps.documented) return undefined;
  return { operation: op.name, filter: caps.filter, filterOperators: caps.filterOperators ?? null, orderby: caps.options.includes("orderby") ? caps.orderby : [] };
}

/**
 * The refusal for an option argument the operation's documentation does not list, or null when
 * the option is supported (or the documentation is silent).
 */
export function unsupportedOption(op: Operation, name: string): string | null {
  const caps = op.capabilities;
  if (caps === undefined || !caps.documented || !isOptionArgument(name)) return null;
  const option = name === "where" ? "filter" : name;
  if (caps.options.includes(option)) return null;
  const refused = `${op.name} does not support ${name} (${WIRE_BY_ARGUMENT[name]})`;
  // Some get pages say outright that the method takes no OData options at all.
  if (caps.options.length === 0) return `${refused}: the Graph reference says it takes no query options`;
  const supported = caps.options.map((o) => `${o} (${WIRE_BY_ARGUMENT[o]})`).join(", ");
  return `${refused}: the Graph reference documents only these query options for it: ${supported}`;
}

/** A warning for an operation whose reference page is silent, when the call uses query options. */
export function undocumentedWarning(op: Operation, args: Record<string, unknown>): string | null {
  const caps = op.capabilities;
  if (caps === undefined || caps.documented) return null;
  const used = Object.keys(args).filter((k) => isOptionArgument(k) && args[k] !== undefined && args[k] !== null);
  if (used.length === 0) return null;
  return `the Graph reference does not say which query options ${op.name} supports; Graph may refuse ${used.join(", ")}`;
}

/** Where a documented $expand names something else: one sentence naming the documented targets. */
export function unsupportedExpand(op: Operation, names: string[]): string | null {
  const caps = op.capabilities;
  if (caps === undefined || !caps.documented) return null;
  const allowed = new Map(caps.expand.map((e) => [e.toLowerCase(), e]));
  const bad = names.find((n) => !allowed.has(n.toLowerCase()));
  if (bad === undefined) return null;
  return `expand cannot include '${bad.slice(0, 64)}' on ${op.name}; the Graph reference documents $expand only for: ${caps.expand.join(", ") || "nothing"}`;
}
