/**
 * The one place a pipeline outcome becomes an MCP tool result. Graph's data and Graph's error text
 * are untrusted: in the text they sit inside the nonce-delimited envelope, and in
 * structuredContent under `untrusted: {nonce, data}`, never as bare fields a client might render
 * or feed back as instructions.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { wrapUntrusted } from "../graph/untrusted.js";
import { describeRequest } from "./canonical.js";
import type { CallOutcome } from "./types.js";

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

export function toolResult(outcome: CallOutcome, live: boolean): CallToolResult {
  const mode = live ? "live" : "dry-run";
  switch (outcome.kind) {
    case "refused":
    case "invalid":
      return errorResult(outcome.message);
    case "dry-run": {
      const { call } = outcome;
      const notes = call.warnings.map((w) => `\nwarning: ${w}`).join("");
      return {
        content: [{ type: "text", text: `Dry run, not sent: ${describeRequest(call.request)}${notes}` }],
        structuredContent: { mode, operation: call.operation.name, request: call.request, warnings: call.warnings },
      };
    }
    case "awaiting-confirmation":
    case "declined": {
      const { call } = outcome;
      const shown = { mode, operation: call.operation.name, request: call.request, warnings: call.warnings };
      const text = outcome.kind === "declined" ? outcome.message : `${outcome.message}\nIt would send:\n${describeRequest(call.request)}`;
      return {
        content: [{ type: "text", text }],
        structuredContent: { ...shown, confirmation: outcome.kind === "declined" ? "declined" : "required", ...(outcome.kind === "awaiting-confirmation" ? { expiresAt: outcome.expiresAt.toISOString() } : {}) },
      };
    }
    case "executed": {
      const { call, status, result } = outcome;
      const envelope = wrapUntrusted(result);
      return {
        content: [{ type: "text", text: `${call.operation.name}: HTTP ${status} from ${call.request.method} ${call.request.url}\n${envelope.text}` }],
        structuredContent: { mode, operation: call.operation.name, request: call.request, warnings: call.warnings, status, untrusted: { nonce: envelope.nonce, data: result } },
      };
    }
    case "failed": {
      if (outcome.auditFailed || outcome.error === undefined) return errorResult(outcome.message);
      // Graph's error text may carry attacker-written content (echoed ids, names): it goes inside the envelope.
      const envelope = wrapUntrusted(outcome.message);
      const status = (outcome.error as { status?: unknown }).status;
      return {
        content: [{ type: "text", text: `${outcome.operation.name} failed; the error text below comes from the call and is untrusted.\n${envelope.text}` }],
        isError: true,
        structuredContent: {
          mode,
          operation: outcome.operation.name,
          ...(outcome.call ? { request: outcome.call.request } : {}),
          ...(typeof status === "number" ? { status } : {}),
          error: { untrusted: { nonce: envelope.nonce, data: outcome.message } },
        },
      };
    }
  }
}
