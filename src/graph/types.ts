/** Contracts between the compiler, the executor and their callers (server, CLI, planners, evals). */
import type { HttpMethod, Operation } from "../catalog/types.js";

/** Exactly what dry-run shows and what live mode sends. */
export interface CompiledRequest {
  method: HttpMethod;
  /** Absolute URL including the version segment and the encoded query string. */
  url: string;
  /** JSON body, or null. */
  body: unknown;
  /** Extra request headers Graph needs for this call (ConsistencyLevel for some counts); absent when none. */
  headers?: Record<string, string>;
}

export interface CompileResult {
  request: CompiledRequest;
  /** Non-fatal notes for the caller (e.g. "$top capped at 1000"). */
  warnings: string[];
}

export interface CompileOptions {
  /** Resolves relative durations in structured filters ("-P1D"). Defaults to the current time. */
  now?: Date;
  /** Default https://graph.microsoft.com (no trailing slash, no version). */
  baseUrl?: string;
}

/**
 * Invalid arguments. `message` is one sentence a person or a model can act on
 * (names the bad argument and what would be accepted). Never carries a stack to the user.
 */
export class ArgumentError extends Error {
  override name = "ArgumentError";
  constructor(
    message: string,
    /** JSON pointer-ish path of the offending argument, e.g. "filter" or "where/0/field". */
    readonly argPath: string = "",
  ) {
    super(message);
  }
}

/** Result of running a compiled request against Graph (live mode). */
export interface ExecResult {
  status: number;
  /** A paged list's result is {items, nextLink}; otherwise the (untrusted) response body. */
  result: unknown;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  /** Called after each page of a paged list (progress = pages so far, message = items so far). */
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** Live execution seam: the server and the CLI depend on this interface, never on a concrete client. */
export interface Executor {
  execute(request: CompiledRequest, operation: Operation, options?: ExecuteOptions): Promise<ExecResult>;
}
