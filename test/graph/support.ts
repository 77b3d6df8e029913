/** Shared set-up for the compiler suites: the hand-written fixture catalog and a fixed clock. */
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../../src/catalog/load.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgumentError, type CompileResult } from "../../src/graph/types.js";
import { ArgValidator } from "../../src/graph/validate.js";

export const FIXTURE_DIR = fileURLToPath(new URL("../fixtures/catalog/", import.meta.url));
export const catalog = loadCatalog(FIXTURE_DIR);
export const validator = new ArgValidator(catalog);
export const NOW = new Date("2026-11-21T12:00:00Z");
export const GRAPH = "https://graph.microsoft.com";

export function compile(operation: string, args: unknown): CompileResult {
  return prepareCall(catalog, validator, operation, args, { now: NOW });
}

/** The ArgumentError a call raises (fails the test when it compiles). */
export function rejection(operation: string, args: unknown): ArgumentError {
  try {
    const r = compile(operation, args);
    throw new Error(`expected an ArgumentError, got ${r.request.url}`);
  } catch (e) {
    if (e instanceof ArgumentError) return e;
    throw e;
  }
}

/** Query string as fetch sends it: `$` names literal, values encodeURIComponent'd and `'` as %27. */
export function query(options: Record<string, string | number>): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replaceAll("'", "%27")}`)
    .join("&");
}
