/**
 * The advanced-hunting KQL check as the argument validator uses it: a runHuntingQuery call whose
 * arguments passed the JSON schema still fails when its query does not pass the KQL checker.
 */
import type { Operation } from "../../catalog/types.js";
import type { Logger } from "../../log.js";
import { kqlChecker } from "./check.js";
import { loadHuntingSchema } from "./schema.js";

export { ALLOWED_PLUGINS, KqlChecker, kqlChecker, MAX_NESTING, MAX_QUERY_BYTES, type KqlRefusal, type KqlVerdict } from "./check.js";
export { loadHuntingSchema, type HuntingSchema, type HuntingTable } from "./schema.js";

/** Resource URI prefix of one advanced-hunting table's columns (secgraph://hunting/tables/DeviceProcessEvents). */
export const HUNTING_TABLE_PREFIX = "secgraph://hunting/tables/";

/** What describe_operation adds for the hunting operation: the table names and where their columns are. */
export function huntingTablesCard(): { huntingTables: string[]; huntingTableResource: string } {
  return { huntingTables: Object.keys(loadHuntingSchema().tables).sort(), huntingTableResource: `${HUNTING_TABLE_PREFIX}{table}` };
}

/** Graph's advanced-hunting action, bound or qualified (…/runHuntingQuery, …/microsoft.graph.security.runHuntingQuery). */
export function isHuntingOperation(op: Pick<Operation, "path">): boolean {
  return /(?:^|[/.])runHuntingQuery$/.test(op.path);
}

/** One sentence naming what is wrong with the hunting query, or null when it passes (or `op` is not hunting). */
export function huntingQueryProblem(op: Operation, args: Record<string, unknown>): string | null {
  if (!isHuntingOperation(op) || typeof args.query !== "string") return null;
  const verdict = kqlChecker().check(args.query);
  return verdict.ok ? null : `query is refused before sending (${verdict.kind}): ${verdict.message}`;
}

/**
 * Loads the language service once, `delayMs` after the server started, so the first hunt does not
 * pay for it. The load is synchronous (seconds on a busy machine): the delay lets the client's
 * initialize and tools/list be answered first. The timer never keeps the process alive.
 */
export function warmKqlCheckerLater(logger: Logger, delayMs = 1_500): void {
  setTimeout(() => {
    try {
      const loadMs = kqlChecker().warm();
      logger.debug("KQL check ready", { languageServiceLoadMs: Math.round(loadMs) });
    } catch (e) {
      // The check loads again on the first hunt and answers that call with the error.
      logger.warn(`KQL check could not warm up: ${(e as Error).message}`);
    }
  }, delayMs).unref();
}
