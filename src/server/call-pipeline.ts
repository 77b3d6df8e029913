/**
 * One tool call, start to end: write policy → validate → compile → dry-run | confirm | execute → audit.
 * Every path writes exactly one audit line before the answer goes back to the client.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog, Operation } from "../catalog/types.js";
import { ArgumentError, type CompileOptions, type CompileResult, type CompiledRequest, type Executor } from "../graph/types.js";
import { wrapUntrusted } from "../graph/untrusted.js";
import { withDefaultSelect } from "../graph/default-select.js";
import type { ValidationResult } from "../graph/validate.js";
import type { Logger } from "../log.js";
import type { AuditEntry, AuditSink } from "./audit.js";
import type { PendingConfirmations } from "./confirmations.js";

export type CompileFn = (op: Operation, args: Record<string, unknown>, catalog: Catalog, options?: CompileOptions) => CompileResult;
export interface Validator {
  validate(op: Operation, args: unknown): ValidationResult;
}

export interface PipelineDeps {
  catalog: Catalog;
  validator: Validator;
  compile: CompileFn;
  executor?: Executor;
  allowWrites: boolean;
  baseUrl: string;
  now: () => Date;
  audit: AuditSink;
  session: string;
  confirmations: PendingConfirmations;
  logger: Logger;
}

export interface CallContext {
  /** The MCP tool the client called (the operation itself, call_operation or plan_request). */
  tool: string;
  signal?: AbortSignal;
  /** Asks the person through the client (MCP elicitation); absent when the client cannot. */
  elicitConfirmation?: (message: string) => Promise<boolean>;
  /** How the client confirms a write, when not by calling `tool` again (plan_request). */
  confirmVia?: string;
  /** Instant that relative times resolve against (plan_request passes the request's `now`). */
  now?: Date;
}

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function describeRequest(request: CompiledRequest): string {
  const body = request.body === null || request.body === undefined ? "" : `\nbody: ${JSON.stringify(request.body)}`;
  return `${request.method} ${request.url}${body}`;
}

export function writesDisabledMessage(operation: string): string {
  return `"${operation}" changes data in the tenant and writes are disabled: restart the server with --allow-writes (or SECGRAPH_ALLOW_WRITES=1) to enable write operations; each live write is still confirmed.`;
}

export class CallPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  get live(): boolean {
    return this.deps.executor !== undefined;
  }

  /** Records one call; the single place audit lines are written. */
  audit(entry: Omit<AuditEntry, "time" | "session" | "mode">): void {
    this.deps.audit.append({ time: new Date().toISOString(), session: this.deps.session, mode: this.live ? "live" : "dry-run", ...entry });
  }

  async run(op: Operation, rawArgs: unknown, ctx: CallContext): Promise<CallToolResult> {
    const base = { tool: ctx.tool, operation: op.name, arguments: rawArgs ?? {} };
    if (!op.readOnly && !this.deps.allowWrites) {
      const message = writesDisabledMessage(op.name);
      this.audit({ ...base, request: null, outcome: "refused", message });
      return errorResult(message);
    }
    const invalid = (message: string): CallToolResult => {
      this.audit({ ...base, request: null, outcome: "invalid", message });
      return errorResult(message);
    };
    const input = rawArgs ?? {};
    if (!isPlainObject(input)) return invalid(`Arguments for ${op.name} must be a JSON object.`);
    // `confirm` is the server's own argument on write tools; the catalog schema never sees it.
    let args = input;
    let confirm: unknown;
    if (!op.readOnly) ({ confirm, ...args } = input);
    if (confirm !== undefined && typeof confirm !== "boolean") return invalid(`confirm must be true or false (got ${Array.isArray(confirm) ? "a list" : typeof confirm}).`);

    const verdict = this.deps.validator.validate(op, args);
    if (!verdict.ok) return invalid(`Invalid arguments for ${op.name}: ${verdict.message}`);

    // Live list answers stay small: without an explicit select, a short default field list is asked for.
    if (this.live) args = withDefaultSelect(op, args, this.deps.catalog);

    let compiled: CompileResult;
    try {
      compiled = this.deps.compile(op, args, this.deps.catalog, { now: ctx.now ?? this.deps.now(), baseUrl: this.deps.baseUrl });
    } catch (e) {
      if (e instanceof ArgumentError) return invalid(`Invalid arguments for ${op.name}: ${e.message}`);
      throw e;
    }
    const { request, warnings } = compiled;
    const shown = { mode: this.live ? "live" : "dry-run", operation: op.name, request, warnings };

    const executor = this.deps.executor;
    if (!executor) {
      this.audit({ ...base, request, outcome: "dry-run" });
      const notes = warnings.map((w) => `\nwarning: ${w}`).join("");
      return { content: [{ type: "text", text: `Dry run, not sent: ${describeRequest(request)}${notes}` }], structuredContent: shown };
    }

    if (!op.readOnly) {
      const confirmed = await this.confirmWrite(op, args, request, confirm === true, ctx);
      if (confirmed !== true) {
        this.audit({ ...base, request, outcome: confirmed === "declined" ? "declined" : "awaiting-confirmation" });
        const text = confirmed === "declined"
          ? `Not sent: the user declined ${describeRequest(request)}`
          : `Not sent yet. ${op.name} would send:\n${describeRequest(request)}\nTo execute it, call ${ctx.confirmVia ?? ctx.tool} again with the same arguments and confirm: true within ${this.deps.confirmations.ttlMinutes} minutes.`;
        return { content: [{ type: "text", text }], structuredContent: { ...shown, confirmation: confirmed === "declined" ? "declined" : "required" } };
      }
    }

    // A confirmed write is on record before it leaves: a crash during the Graph call cannot hide it.
    if (!op.readOnly) this.audit({ ...base, request, outcome: "sending" });
    try {
      const { status, result } = await executor.execute(request, op, { signal: ctx.signal });
      this.audit({ ...base, request, outcome: "executed", status });
      // The text a model reads wraps Graph's data in the nonce-delimited untrusted-data envelope.
      const text = `${op.name}: HTTP ${status} from ${request.method} ${request.url}\n${wrapUntrusted(result).text}`;
      return { content: [{ type: "text", text }], structuredContent: { ...shown, status, result } };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.audit({ ...base, request, outcome: "error", message });
      return errorResult(`${op.name} failed: ${message}`);
    }
  }

  /**
   * A live write runs only when the person accepted it through elicitation, or when this is the
   * second call (confirm: true) of a request already shown. Otherwise the request is offered.
   */
  private async confirmWrite(
    op: Operation,
    args: Record<string, unknown>,
    request: CompiledRequest,
    confirmFlag: boolean,
    ctx: CallContext,
  ): Promise<true | "declined" | "offered"> {
    if (ctx.elicitConfirmation) {
      try {
        const accepted = await ctx.elicitConfirmation(`Send this ${op.destructive ? "destructive " : ""}write to Microsoft Graph?\n${describeRequest(request)}`);
        return accepted ? true : "declined";
      } catch (e) {
        // The client declared elicitation but could not answer: fall back to the two-call confirmation.
        this.deps.logger.warn("elicitation failed; falling back to confirm: true", { error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (confirmFlag && this.deps.confirmations.take(op.name, args)) return true;
    this.deps.confirmations.offer(op.name, args);
    return "offered";
  }
}
