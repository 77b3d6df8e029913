/**
 * The one place a pipeline outcome becomes an MCP tool result. Graph's data and Graph's error text
 * are untrusted: they sit only in the text, inside the nonce-delimited envelope. structuredContent
 * carries the request, status and paging facts plus the envelope's nonce under `untrusted`, never
 * the data itself: clients copy structuredContent to their model (LangChain keeps it on the text
 * block, the OpenAI Agents SDK's useStructuredContent sends it instead of the text), and there
 * Graph data would reach the model outside the envelope, a second time.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { wrapUntrusted } from "../graph/untrusted.js";
import { describeRequest } from "./canonical.js";
import type { CallOutcome } from "./types.js";

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

/** What structuredContent says about Graph's data without carrying any of it. */
function dataFacts(result: unknown, truncated: boolean): Record<string, unknown> {
  const paged = typeof result === "object" && result !== null && Array.isArray((result as { items?: unknown }).items);
  if (!paged) return { truncated };
  const { items, nextLink } = result as { items: unknown[]; nextLink?: unknown };
  return { items: items.length, morePages: typeof nextLink === "string" && nextLink !== "", truncated };
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
        structuredContent: { mode, operation: call.operation.name, request: call.request, warnings: call.warnings, status, untrusted: { nonce: envelope.nonce, ...dataFacts(result, envelope.truncated) } },
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
          error: { untrusted: { nonce: envelope.nonce } },
        },
      };
    }
  }
}
