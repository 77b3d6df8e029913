/**
 * Argument validation with ajv: one compiled validator per operation, built on first use and
 * cached. Produces one actionable sentence for the first problem.
 * (Stub signature — implementation lands with the compiler.)
 */
import type { Catalog, Operation } from "../catalog/types.js";

export interface ValidationIssue {
  /** Argument path, e.g. "top" or "where/0/op". */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; message: string; issues: ValidationIssue[] };

export class ArgValidator {
  constructor(readonly catalog: Catalog) {}
  validate(_op: Operation, _args: unknown): ValidationResult {
    throw new Error("ArgValidator.validate is not implemented yet");
  }
}
