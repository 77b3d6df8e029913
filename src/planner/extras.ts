/**
 * The plan record's "confidence" and "alternatives" (INTERFACES.md, second round): the planner's
 * probability for its call, and up to two other calls it considered, each compiled exactly as a
 * dry-run would send it. An alternative the compiler rejects is left out, never shown.
 */
import type { Catalog } from "../catalog/types.js";
import { prepareCall } from "../graph/compile.js";
import { ArgumentError, type CompiledRequest } from "../graph/types.js";
import type { ArgValidator } from "../graph/validate.js";
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

export function planExtras(result: PlanResult, catalog: Catalog, validator: ArgValidator, options: { now: Date; baseUrl?: string }): PlanExtras {
  if (result.decision !== "call") return {};
  const alternatives: CompiledAlternative[] = [];
  for (const alt of result.alternatives ?? []) {
    if (alternatives.length === 2) break;
    try {
      const prepared = prepareCall(catalog, validator, alt.operation, alt.arguments, options);
      alternatives.push({ operation: prepared.operation.name, arguments: alt.arguments, request: prepared.request });
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
    }
  }
  const confidence = typeof result.confidence === "number" && Number.isFinite(result.confidence) ? Math.min(1, Math.max(0, result.confidence)) : undefined;
  return { ...(confidence !== undefined ? { confidence } : {}), ...(alternatives.length > 0 ? { alternatives } : {}) };
}
