/**
 * The plan record's "confidence" and "alternatives" (INTERFACES.md, second round): the planner's
 * probability for its call, and up to two other calls it considered, each compiled exactly as a
 * dry-run would send it. An alternative the compiler rejects is left out, never shown.
 */
import type { Catalog } from "../catalog/types.js";
import { prepareCall } from "../graph/compile.js";
import { ArgumentError, type CompiledRequest } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import type { PlanResult } from "./types.js";

export interface CompiledAlternative {
  operation: string;
  arguments: Record<string, unknown>;
  request: CompiledRequest;
}

export interface PlanExtras {
  confidence?: number;
  alternatives?: CompiledAlternative[];
}

const validators = new WeakMap<Catalog, ArgValidator>();

export function planExtras(result: PlanResult, catalog: Catalog, options: { now: Date; baseUrl?: string; validator?: ArgValidator }): PlanExtras {
  if (result.decision !== "call") return {};
  let validator = options.validator ?? validators.get(catalog);
  if (!validator) {
    validator = new ArgValidator(catalog);
    validators.set(catalog, validator);
  }
  const alternatives: CompiledAlternative[] = [];
  for (const alt of result.alternatives ?? []) {
    if (alternatives.length === 2) break;
    try {
      const prepared = prepareCall(catalog, validator, alt.operation, alt.arguments, { now: options.now, baseUrl: options.baseUrl });
      alternatives.push({ operation: prepared.operation.name, arguments: alt.arguments, request: prepared.request });
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
    }
  }
  const confidence = typeof result.confidence === "number" && Number.isFinite(result.confidence) ? Math.min(1, Math.max(0, result.confidence)) : undefined;
  return { ...(confidence !== undefined ? { confidence } : {}), ...(alternatives.length > 0 ? { alternatives } : {}) };
}
