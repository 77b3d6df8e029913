/** `secgraph-mcp call`: JSON on success, one line and exit 2 on bad input. */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureIO } from "../support/io.js";
import { FIXTURE_DIR } from "./support.js";

async function call(...argv: string[]) {
  const io = captureIO();
  const code = await main(["call", ...argv, "--tools-dir", FIXTURE_DIR], io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("secgraph-mcp call", () => {
  it("prints the dry-run request as JSON", async () => {
    const r = await call("alerts_list", "--args", JSON.stringify({ where: [{ field: "createdDateTime", op: "ge", value: "-P1D" }], top: 5 }), "--now", "2026-11-21T12:00:00Z");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual({
      operation: "alerts_list",
      mode: "dry-run",
      request: { method: "GET", url: "https://graph.microsoft.com/v1.0/security/alerts_v2?$filter=createdDateTime%20ge%202026-11-20T12%3A00%3A00Z&$top=5", body: null },
      warnings: [],
    });
  });
  it("prints a write's body and honours --graph-base-url", async () => {
    const r = await call("alerts_update", "--args", '{"alertId":"a1","status":"resolved"}', "--graph-base-url", "http://localhost:9999");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).request).toEqual({ method: "PATCH", url: "http://localhost:9999/v1.0/security/alerts_v2/a1", body: { status: "resolved" } });
  });
  it("defaults --args to {}", async () => {
    const r = await call("signIns_list");
    expect(JSON.parse(r.out).request.url).toBe("https://graph.microsoft.com/v1.0/auditLogs/signIns");
  });
  it.each([
    [["alerts_get", "--args", '{"alertId":"../users"}'], "secgraph-mcp call: alertId cannot contain '/' or '\\'; pass the id itself"],
    [["alerts_list", "--args", '{"filter":"severity eq \'critical\'"}'], "secgraph-mcp call: filter value 'critical' is not allowed for severity; allowed: unknown, informational, low, medium, high, unknownFutureValue"],
    [["alerts_list", "--args", "{nope"], /^secgraph-mcp call: --args is not valid JSON: /],
    [["alerts_list", "--args", "[]"], "secgraph-mcp call: arguments must be a JSON object"],
    [["alerts_list", "--now", "yesterday"], /^secgraph-mcp call: --now must be an ISO-8601 date-time/],
    [["nope_list"], /^secgraph-mcp call: unknown operation 'nope_list'/],
    [[], /^secgraph-mcp call: name the operation/],
    [["alerts_list", "--bogus"], /^secgraph-mcp call: Unknown option '--bogus'/],
    [["alerts_list", "--graph-base-url", "not a url"], /^secgraph-mcp call: invalid setting graphBaseUrl/],
  ])("%j → exit 2 with one line", async (argv, message) => {
    const r = await call(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.endsWith("\n")).toBe(true);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    if (typeof message === "string") expect(r.err.trimEnd()).toBe(message);
    else expect(r.err).toMatch(message);
  });
  it("hands --live to the live half (a write without --allow-writes is refused there, policy before anything is compiled)", async () => {
    const r = await call("alerts_update", "--args", '{"alertId":"a1","status":"resolved"}', "--live");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^secgraph-mcp call: "alerts_update" changes data in the tenant and writes are disabled: .*--allow-writes/);
  });
  it("prints help", async () => {
    const r = await call("--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: secgraph-mcp call OPERATION/);
  });
});
