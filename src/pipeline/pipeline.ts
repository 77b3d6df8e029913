/**
 * The one call path every door uses: policy → validate → compile → confirm → audit → execute →
 * audit outcome. The confirmation codes, audit sink, executor, clock and the channel to the person
 * are injected; the pipeline knows no transport, terminal or client.
 *
 * Fail closed: nothing is executed or answered before its audit record is durable. Writes are sent
 * only after a person said yes (askPerson) or typed the one-time code shown to them; `confirm: true`
 * alone never sends.
 */
import type { Catalog, Operation } from "../catalog/types.js";
import { withDefaultSelect } from "../graph/default-select.js";
import { ArgumentError, type CompileOptions, type CompileResult, type Executor } from "../graph/types.js";
import type { ValidationResult } from "../graph/validate.js";
import type { Logger } from "../log.js";
import { AuditWriteError, type AuditEntry, type AuditSink } from "./audit.js";
import { describeRequest, requestHash } from "./canonical.js";
import type { ConfirmationCodes, Redemption } from "./confirmations.js";
import { defaultRedactor, type Redactor } from "./redact.js";
import type { CallContext, CallOutcome, PreparedCall } from "./types.js";

export type CompileFn = (op: Operation, args: Record<string, unknown>, catalog: Catalog, options?: CompileOptions) => CompileResult;
export interface Validator {
  validate(op: Operation, args: unknown): ValidationResult;
}

export interface PipelineDeps {
  catalog: Catalog;
  validator: Validator;
  compile: CompileFn;
  /** Live mode when present; dry-run otherwise. */
  executor?: Executor;
  allowWrites: boolean;
  baseUrl: string;
  clock: () => Date;
  audit: AuditSink;
  session: string;
  codes: ConfirmationCodes;
  /** Shows a one-time code to the person (server terminal, a private file); never to the client. */
  notifyPerson: (notice: CodeNotice) => void;
  logger: Logger;
  redactor?: Redactor;
  /** While a single long request runs (hunting), progress is reported this often. Default 1 s. */
  progressIntervalMs?: number;
}

/** A one-time code on its way to the person: `text` is the full notice for a terminal. */
export interface CodeNotice {
  code: string;
  expiresAt: Date;
  file?: string;
  operation: string;
  text: string;
}

/** A planner's already compiled call: reused when it was compiled for what this pipeline would send. */
export interface PlannedCall {
  operation: Operation;
  arguments: Record<string, unknown>;
  compiled?: CompileResult;
}

export function writesDisabledMessage(operation: string): string {
  return `"${operation}" changes data in the tenant and writes are disabled: restart the server with --allow-writes (or SECGRAPH_ALLOW_WRITES=1) to enable write operations; each live write is still confirmed by a person.`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const REDEMPTION_TEXT: Record<Exclude<Redemption, "ok">, string> = {
  unknown: "is not a pending code (wrong, or already used)",
  expired: "has expired",
  "other-request": "was issued for a different request",
  "other-session": "was issued to a different session",
};

/** The pipeline's own arguments on write tools; the catalog schema never sees them. */
function splitOwnArguments(op: Operation, input: Record<string, unknown>): { args: Record<string, unknown>; code?: unknown; confirm?: unknown } {
  if (op.readOnly) return { args: input };
  const { confirm, confirmationCode, ...args } = input;
  return { args, code: confirmationCode, confirm };
}

export class CallPipeline {
  private readonly redactor: Redactor;

  constructor(private readonly deps: PipelineDeps) {
    this.redactor = deps.redactor ?? defaultRedactor;
  }

  get live(): boolean {
    return this.deps.executor !== undefined;
  }

  get session(): string {
    return this.deps.session;
  }

  /** One string with secrets removed, for anything a door shows or logs beyond the answer itself. */
  clean(text: string): string {
    return this.redactor.text(text);
  }

  /** Records one event; resolves once durable, rejects with AuditWriteError otherwise. */
  record(entry: Omit<AuditEntry, "time" | "session" | "mode">, ctx?: Pick<CallContext, "caller">): Promise<void> {
    const caller = entry.caller ?? ctx?.caller;
    return this.deps.audit.append({
      time: this.deps.clock().toISOString(),
      session: this.deps.session,
      mode: this.live ? "live" : "dry-run",
      ...entry,
      ...(caller ? { caller } : {}),
    });
  }

  /** Validate and compile only (no policy, no audit): for planners' checks and the shell's dry-run output. */
  prepare(op: Operation, args: Record<string, unknown>, now?: Date): { ok: true; call: PreparedCall } | { ok: false; message: string; detail: string } {
    const bad = (detail: string) => ({ ok: false as const, message: `Invalid arguments for ${op.name}: ${detail}`, detail });
    const verdict = this.deps.validator.validate(op, args);
    if (!verdict.ok) return bad(verdict.message);
    // Live list answers stay small: without an explicit select, a short default field list is asked for.
    const sent = this.live ? withDefaultSelect(op, args, this.deps.catalog) : args;
    try {
      const compiled = this.deps.compile(op, sent, this.deps.catalog, { now: now ?? this.deps.clock(), baseUrl: this.deps.baseUrl });
      return { ok: true, call: this.prepared(op, sent, compiled) };
    } catch (e) {
      if (e instanceof ArgumentError) return bad(e.message);
      throw e;
    }
  }

  private prepared(op: Operation, args: Record<string, unknown>, { request, warnings }: CompileResult): PreparedCall {
    return { operation: op, arguments: args, request, warnings, hash: requestHash(request) };
  }

  /** A call from a door: raw arguments as the client sent them (write tools may carry confirmationCode). */
  async run(op: Operation, rawArgs: unknown, ctx: CallContext): Promise<CallOutcome> {
    const input = rawArgs ?? {};
    const base = { tool: ctx.tool, operation: op.name, arguments: input };
    if (!op.readOnly && !this.deps.allowWrites) return this.stop("refused", op, base, writesDisabledMessage(op.name), ctx);
    if (!isPlainObject(input)) return this.stop("invalid", op, base, `Arguments for ${op.name} must be a JSON object.`, ctx, "arguments must be a JSON object");
    const { args, code, confirm } = splitOwnArguments(op, input);
    if (confirm !== undefined && typeof confirm !== "boolean") return this.stop("invalid", op, base, `confirm must be true or false (got ${Array.isArray(confirm) ? "a list" : typeof confirm}).`, ctx);
    if (code !== undefined && (typeof code !== "string" || code.length > 64)) return this.stop("invalid", op, base, "confirmationCode must be the short code the person was shown (a string).", ctx);
    const prepared = this.prepare(op, args, ctx.now);
    if (!prepared.ok) return this.stop("invalid", op, { ...base, arguments: args }, prepared.message, ctx, prepared.detail);
    return this.proceed(prepared.call, { ...ctx, confirmationCode: ctx.confirmationCode ?? (code as string | undefined) });
  }

  /**
   * A planner's proposal. Its compiled request is reused when it was compiled for exactly what
   * this pipeline would send (same Graph base URL, dry-run so no default $select is added).
   */
  async runPlanned(planned: PlannedCall, ctx: CallContext): Promise<CallOutcome> {
    const { operation: op, compiled } = planned;
    const reusable = compiled !== undefined && !this.live && compiled.request.url.startsWith(`${this.deps.baseUrl.replace(/\/+$/, "")}/`);
    if (!reusable) return this.run(op, planned.arguments, ctx);
    const base = { tool: ctx.tool, operation: op.name, arguments: planned.arguments };
    if (!op.readOnly && !this.deps.allowWrites) return this.stop("refused", op, base, writesDisabledMessage(op.name), ctx);
    return this.proceed(this.prepared(op, planned.arguments, compiled), ctx);
  }

  /** confirm → audit → execute → audit outcome, for a call already validated and compiled. */
  private async proceed(call: PreparedCall, ctx: CallContext): Promise<CallOutcome> {
    const op = call.operation;
    const base = { tool: ctx.tool, operation: op.name, arguments: call.arguments, request: call.request };
    const executor = this.deps.executor;
    if (!executor) {
      const failure = await this.durable({ ...base, outcome: "dry-run" }, ctx);
      if (failure !== null) return this.auditFailed(call, failure);
      return { kind: "dry-run", call };
    }

    let confirmation: string | undefined;
    if (!op.readOnly) {
      const decision = await this.confirmWrite(call, ctx);
      if (decision.kind !== "confirmed") {
        const outcome = decision.kind === "awaiting" ? "awaiting-confirmation" : decision.kind;
        const failure = await this.durable({ ...base, outcome, message: decision.kind === "refused" ? decision.message : undefined }, ctx);
        if (failure !== null) return this.auditFailed(call, failure);
        if (decision.kind === "awaiting") return { kind: "awaiting-confirmation", call, message: decision.message, expiresAt: decision.expiresAt };
        if (decision.kind === "declined") return { kind: "declined", call, message: `Not sent: the person declined ${describeRequest(call.request)}` };
        return { kind: "refused", operation: op, call, message: decision.message, detail: decision.message };
      }
      confirmation = decision.via;
    }

    // On record before it leaves: a crash or a full disk cannot hide a call, and no record means no call.
    const failure = await this.durable({ ...base, outcome: "sending", ...(confirmation ? { confirmation } : {}) }, ctx);
    if (failure !== null) return this.auditFailed(call, failure);
    const stopProgress = this.heartbeat(call, ctx);
    try {
      const { status, result } = await executor.execute(call.request, op, { signal: ctx.signal, onProgress: ctx.onProgress });
      await this.durable({ ...base, outcome: "executed", status }, ctx);
      return { kind: "executed", call, status, result };
    } catch (e) {
      const message = this.clean(e instanceof Error ? e.message : String(e));
      const status = (e as { status?: unknown }).status;
      await this.durable({ ...base, outcome: "error", message, ...(typeof status === "number" ? { status } : {}) }, ctx);
      return { kind: "failed", operation: op, call, message: `${op.name} failed: ${message}`, error: e };
    } finally {
      stopProgress();
    }
  }

  /**
   * A live write runs when the person typed the code issued for exactly this request in this
   * session, or accepted it when asked directly. Otherwise a code is issued to the person.
   */
  private async confirmWrite(
    call: PreparedCall,
    ctx: CallContext,
  ): Promise<{ kind: "confirmed"; via: string } | { kind: "declined" } | { kind: "refused"; message: string } | { kind: "awaiting"; message: string; expiresAt: Date }> {
    const op = call.operation;
    if (ctx.confirmationCode !== undefined) {
      const verdict = this.deps.codes.redeem(ctx.confirmationCode, this.deps.session, call.hash);
      if (verdict === "ok") return { kind: "confirmed", via: "code" };
      return {
        kind: "refused",
        message: `Not sent: that confirmation code ${REDEMPTION_TEXT[verdict]}, and it cannot be used again. Call ${ctx.confirmVia ?? ctx.tool} with the same arguments and no confirmationCode to have a new code shown to the person.`,
      };
    }
    if (ctx.askPerson) {
      try {
        const accepted = await ctx.askPerson(`Send this ${op.destructive ? "destructive " : ""}write to Microsoft Graph?\n${describeRequest(call.request)}`);
        return accepted ? { kind: "confirmed", via: ctx.askVia ?? "person" } : { kind: "declined" };
      } catch (e) {
        this.deps.logger.warn("could not ask the person directly; issuing a one-time confirmation code", { error: this.clean(e instanceof Error ? e.message : String(e)) });
      }
    }
    const issued = this.deps.codes.issue({ session: this.deps.session, requestHash: call.hash, operation: op.name, summary: describeRequest(call.request) });
    const minutes = Math.round(this.deps.codes.ttlMs / 60_000);
    this.deps.notifyPerson({
      ...issued,
      operation: op.name,
      text:
        `secgraph-mcp: confirmation code ${issued.code} approves this write (session ${this.deps.session}, valid ${minutes} min, once):\n${describeRequest(call.request)}\n` +
        `Give the code to your assistant only if you want exactly this request sent.${issued.file ? ` (also in ${issued.file})` : ""}\n`,
    });
    return {
      kind: "awaiting",
      expiresAt: issued.expiresAt,
      message:
        `Not sent. A person must approve this write. Ask the person for the confirmation code shown on the secgraph-mcp server's terminal, ` +
        `then call ${ctx.confirmVia ?? ctx.tool} again with the same arguments plus confirmationCode: "<the code>" within ${minutes} minutes. ` +
        "You cannot confirm it yourself: confirm: true does not send.",
    };
  }

  /** Reports progress on a single long request (a hunting query) until it settles. Paged lists report per page. */
  private heartbeat(call: PreparedCall, ctx: CallContext): () => void {
    if (!ctx.onProgress || call.operation.pageable) return () => {};
    const started = Date.now();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
      ctx.onProgress?.({ progress: ticks, message: `${call.operation.name} running for ${Math.round((Date.now() - started) / 1000)} s` });
    }, this.deps.progressIntervalMs ?? 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Writes the record; null once durable, else why it is not (the call is then refused). */
  private async durable(entry: Omit<AuditEntry, "time" | "session" | "mode">, ctx: CallContext): Promise<string | null> {
    try {
      await this.record(entry, ctx);
      return null;
    } catch (e) {
      if (!(e instanceof AuditWriteError)) throw e;
      this.deps.logger.error("audit record not written; the call is refused", { error: e.message });
      return e.message;
    }
  }

  private auditFailed(call: PreparedCall, reason: string): CallOutcome {
    return {
      kind: "failed",
      operation: call.operation,
      call,
      auditFailed: true,
      message: `Not done: the audit log could not record this call, so it was refused (nothing was sent): ${reason}. Free space or fix the audit log, then try again.`,
    };
  }

  private async stop(
    kind: "refused" | "invalid",
    op: Operation,
    base: { tool: string; operation: string; arguments: unknown },
    message: string,
    ctx: CallContext,
    detail: string = message,
  ): Promise<CallOutcome> {
    const clean = this.clean(message);
    await this.durable({ ...base, request: null, outcome: kind, message: clean }, ctx);
    return { kind, operation: op, message: clean, detail: this.clean(detail) };
  }
}
