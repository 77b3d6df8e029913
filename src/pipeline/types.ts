/** The pipeline's contracts with its doors (MCP tools, the shell commands) and with its injected parts. */
import type { Operation } from "../catalog/types.js";
import type { CompiledRequest } from "../graph/types.js";
import type { Caller } from "./audit.js";

/** A validated and compiled call: what is shown, confirmed, audited and (live) sent. */
export interface PreparedCall {
  operation: Operation;
  /** The catalog arguments the request was compiled from (the pipeline's own `confirm…` arguments removed). */
  arguments: Record<string, unknown>;
  request: CompiledRequest;
  warnings: string[];
  /** requestHash(request): what a confirmation is bound to. */
  hash: string;
}

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface CallContext {
  /** The door: the MCP tool the client called (an operation, call_operation, plan_request) or `cli:call`. */
  tool: string;
  signal?: AbortSignal;
  /**
   * Asks the person directly and waits for the answer (MCP elicitation, a terminal prompt); absent
   * when the door cannot reach one. Throwing means "could not ask": the one-time code is used instead.
   */
  askPerson?: (message: string) => Promise<boolean>;
  /** How askPerson reaches the person, for the audit record ("elicitation", "terminal"). */
  askVia?: string;
  /** A one-time code the person typed (shell --confirm CODE); MCP doors pass it as the `confirmationCode` argument. */
  confirmationCode?: string;
  /** How the client retries with the code, when not by calling `tool` again (plan_request → the operation's tool). */
  confirmVia?: string;
  /** Instant that relative times resolve against (plan_request passes the request's `now`). */
  now?: Date;
  /** Live progress (paging, long hunting queries), e.g. MCP notifications/progress. */
  onProgress?: (progress: Progress) => void;
  /** Who is calling, when the door knows (OAuth callers over HTTP). */
  caller?: Caller;
}

/** What happened to one call. Doors turn this into their own answer (see result.ts for MCP). */
export type CallOutcome =
  /** message: a sentence for a model (names the tool); detail: the bare reason, for the shell's one line. */
  | { kind: "refused" | "invalid"; operation: Operation; message: string; detail: string; call?: PreparedCall }
  | { kind: "dry-run"; call: PreparedCall }
  | { kind: "awaiting-confirmation"; call: PreparedCall; message: string; expiresAt: Date }
  | { kind: "declined"; call: PreparedCall; message: string }
  | { kind: "executed"; call: PreparedCall; status: number; result: unknown }
  /** Execution failed (error: what the executor threw), or the audit record could not be made durable. */
  | { kind: "failed"; operation: Operation; call?: PreparedCall; message: string; error?: unknown; auditFailed?: boolean };
