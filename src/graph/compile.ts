/**
 * The request compiler: (operation, validated arguments) → the exact HTTP request, or ArgumentError.
 * (Stub signature — implementation lands with the compiler.)
 */
import type { Catalog, Operation } from "../catalog/types.js";
import type { CompileOptions, CompileResult } from "./types.js";
import type { ArgValidator } from "./validate.js";

/** Compiles arguments that already passed ArgValidator. Throws ArgumentError on semantic problems. */
export function compileCall(
  _op: Operation,
  _args: Record<string, unknown>,
  _catalog: Catalog,
  _options?: CompileOptions,
): CompileResult {
  throw new Error("compileCall is not implemented yet");
}

/** Look up by name, validate with ajv, then compile. Throws ArgumentError (unknown operation included). */
export function prepareCall(
  _catalog: Catalog,
  _validator: ArgValidator,
  _operationName: string,
  _args: unknown,
  _options?: CompileOptions,
): CompileResult & { operation: Operation } {
  throw new Error("prepareCall is not implemented yet");
}
