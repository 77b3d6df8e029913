import { describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { connectPerTest, textOf } from "./helpers.js";

const connect = connectPerTest();

describe("tools/call in dry-run mode", () => {
  it("answers a valid call with the exact request it would send, and audits it", async () => {
    const session = await connect();
    const result = await session.call("alerts_list", { filter: "severity eq 'high'", top: 5 });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { mode: string; operation: string; request: { method: string; url: string; body: unknown }; warnings: string[] };
    expect(structured.mode).toBe("dry-run");
    expect(structured.operation).toBe("alerts_list");
    expect(structured.request.method).toBe("GET");
    const url = new URL(structured.request.url);
    expect(url.origin + url.pathname).toBe("https://graph.microsoft.com/v1.0/security/alerts_v2");
    expect(url.searchParams.get("$filter")).toBe("severity eq 'high'");
    expect(url.searchParams.get("$top")).toBe("5");
    expect(structured.request.body).toBeNull();
    expect(textOf(result)).toContain(structured.request.url);

    expect(session.audit.entries).toHaveLength(1);
    expect(session.audit.entries[0]).toMatchObject({
      tool: "alerts_list",
      operation: "alerts_list",
      mode: "dry-run",
      outcome: "dry-run",
      session: session.secgraph.sessionId,
      request: structured.request,
    });
  });

  it("puts path arguments into the URL and uses the configured Graph base URL", async () => {
    const session = await connect({ graphBaseUrl: "https://graph.example.test" });
    const result = await session.call("alerts_get", { alertId: "da637 x" });
    const request = (result.structuredContent as { request: { url: string } }).request;
    expect(request.url).toBe("https://graph.example.test/v1.0/security/alerts_v2/da637%20x");
  });

  it.each([
    ["wrong type", { top: "ten" }, /top/],
    ["out of range", { top: 100000 }, /top/],
    ["extra key", { colour: "red" }, /colour/],
    ["unknown filter field", { filter: "colour eq 'red'" }, /colour/],
  ])("rejects %s with isError naming the argument, and compiles nothing", async (_label, args, pattern) => {
    let compiled = 0;
    const { compileCall } = await import("../../src/graph/compile.js");
    const session = await connect({ compile: (...a) => (compiled++, compileCall(...a)) });
    const result = await session.call("alerts_list", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(pattern);
    expect(session.audit.entries.at(-1)).toMatchObject({ outcome: "invalid", request: null });
    // Semantic problems (an unknown $filter field) are found by the compiler, which then throws.
    if (!("filter" in args)) expect(compiled).toBe(0);
  });

  it("reports a missing required argument", async () => {
    const session = await connect();
    const result = await session.call("alerts_get", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/alertId/);
  });

  it("names close matches for an unknown tool", async () => {
    const session = await connect();
    const result = await session.call("alert_lst", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Unknown tool "alert_lst"/);
    expect(textOf(result)).toMatch(/alerts_list/);
    expect(session.audit.entries.at(-1)).toMatchObject({ tool: "alert_lst", operation: null, outcome: "invalid" });
  });

  it("echoes a huge unknown tool name cut short, in the answer and the audit", async () => {
    const session = await connect();
    const result = await session.call("x".repeat(1024 * 1024), {});
    expect(result.isError).toBe(true);
    expect(textOf(result).length).toBeLessThan(200);
    expect(session.audit.entries.at(-1)!.tool.length).toBeLessThanOrEqual(65);
  });

  it("refuses a write tool called by name while writes are off, saying how to enable them", async () => {
    const session = await connect();
    const result = await session.call("alerts_update", { alertId: "1", status: "resolved" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/--allow-writes/);
    expect(session.audit.entries.at(-1)).toMatchObject({ operation: "alerts_update", outcome: "refused", request: null });
  });

  it("with --allow-writes, a write is a dry-run like any other call (nothing is sent without an executor)", async () => {
    const session = await connect({ allowWrites: true });
    const result = await session.call("alerts_update", { alertId: "1", status: "resolved" });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { mode: string; request: { method: string; body: unknown } };
    expect(structured.mode).toBe("dry-run");
    expect(structured.request.method).toBe("PATCH");
    expect(structured.request.body).toMatchObject({ status: "resolved" });
  });

  it("keeps serving after a bad call", async () => {
    const session = await connect();
    const bad: CallToolResult = await session.call("alerts_list", { top: -1 });
    expect(bad.isError).toBe(true);
    const good = await session.call("alerts_list", { top: 1 });
    expect(good.isError).toBeFalsy();
  });
});

describe("server faults", () => {
  it("turns an unexpected compiler failure into one isError line, audits it, and notifies the client's log", async () => {
    const { LoggingMessageNotificationSchema } = await import("@modelcontextprotocol/sdk/types.js");
    const logged: unknown[] = [];
    const session = await connect({
      compile: () => {
        throw new Error("compiler exploded");
      },
    });
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(n.params));
    const result = await session.call("alerts_list", { top: 1 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("alerts_list could not be completed because of an internal error (compiler exploded).");
    expect(session.audit.entries.at(-1)).toMatchObject({ outcome: "error", message: "compiler exploded" });
    await new Promise((r) => setTimeout(r, 10));
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", logger: "secgraph-mcp" }));
    expect((await session.call("alerts_get", { alertId: "a" })).isError).toBe(true);
  });
});
