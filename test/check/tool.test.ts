/** check_request through a real MCP Client: the record as structuredContent, read-only, audited, never sent. */
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import type { Operation } from "../../src/catalog/types.js";
import type { CompiledRequest, ExecResult, Executor } from "../../src/graph/types.js";
import { AuditWriteError, MemoryAuditLog, type AuditEntry, type AuditSink } from "../../src/pipeline/index.js";
import { geminiProblems, openaiStrictProblems } from "../../src/server/schema-profiles/check.js";
import { connectPerTest, textOf } from "../server/helpers.js";

const catalog = loadCatalog(defaultToolsDir());
const connect = connectPerTest();

class RecordingExecutor implements Executor {
  readonly sent: CompiledRequest[] = [];
  async execute(request: CompiledRequest, _op: Operation): Promise<ExecResult> {
    this.sent.push(request);
    return { status: 200, result: {} };
  }
}

class FailingAudit implements AuditSink {
  append(_entry: AuditEntry): Promise<void> {
    return Promise.reject(new AuditWriteError("disk full"));
  }
  close(): void {}
}

const UPDATE = { method: "PATCH", url: "https://graph.microsoft.com/v1.0/security/incidents/42", body: { status: "resolved" } };

describe("check_request over MCP", () => {
  it("is published read-only with an outputSchema, only when asked for", async () => {
    const without = await connect({ catalog });
    expect((await without.client.listTools()).tools.map((t) => t.name)).not.toContain("check_request");
    const session = await connect({ catalog, checkRequests: true, discovery: true });
    const tool = (await session.client.listTools()).tools.find((t) => t.name === "check_request");
    expect(tool?.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(tool?.outputSchema?.required).toEqual(["verdict", "operation", "arguments", "readOnly", "destructive", "explanation", "problems", "warnings"]);
  });

  it("publishes an input schema every schema profile accepts; the body as JSON text, an object or null", async () => {
    for (const profile of ["openai-strict", "gemini"] as const) {
      const session = await connect({ catalog, checkRequests: true, schemaProfile: profile });
      const tool = (await session.client.listTools()).tools.find((t) => t.name === "check_request")!;
      expect(profile === "gemini" ? geminiProblems(tool) : openaiStrictProblems(tool)).toEqual([]);
    }
    const session = await connect({ catalog, checkRequests: true });
    for (const body of ['{"status":"resolved"}', { status: "resolved" }]) {
      expect((await session.call("check_request", { ...UPDATE, body })).structuredContent).toMatchObject({ verdict: "ok", arguments: { incidentId: "42", status: "resolved" } });
    }
    expect((await session.call("check_request", { method: "GET", url: "/v1.0/security/incidents", body: null })).structuredContent).toMatchObject({ verdict: "ok" });
  });

  it("answers the check record as structuredContent, matching its outputSchema", async () => {
    const session = await connect({ catalog, checkRequests: true });
    const tool = (await session.client.listTools()).tools.find((t) => t.name === "check_request")!;
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(tool.outputSchema!);
    const ok = await session.call("check_request", { method: "GET", url: "https://graph.microsoft.com/v1.0/security/alerts_v2?$top=5&$filter=severity eq 'high'" });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).toMatchObject({ verdict: "ok", operation: "alerts_list", arguments: { top: 5, filter: "severity eq 'high'" }, readOnly: true, destructive: false, problems: [] });
    expect(validate(ok.structuredContent), JSON.stringify(validate.errors)).toBe(true);
    expect(textOf(ok)).toMatch(/^ok: Lists up to 5 alerts where severity is high/);

    const refused = await session.call("check_request", { method: "GET", url: "https://graph.microsoft.com/beta/security/alerts_v2" });
    expect(refused.isError).toBeFalsy();
    expect(refused.structuredContent).toMatchObject({ verdict: "refused", operation: "alerts_list", problems: ["alerts_list is documented in v1.0, not beta; use /v1.0/security/alerts_v2"] });
    expect(validate(refused.structuredContent), JSON.stringify(validate.errors)).toBe(true);
  });

  it("checks writes even while writes are disabled, and never sends in live mode", async () => {
    const executor = new RecordingExecutor();
    const session = await connect({ catalog, checkRequests: true, executor, allowWrites: true });
    const write = await session.call("check_request", UPDATE);
    expect(write.structuredContent).toMatchObject({ verdict: "ok", operation: "incidents_update", readOnly: false, destructive: true });
    const read = await session.call("check_request", { method: "GET", url: "/v1.0/security/incidents" });
    expect(read.structuredContent).toMatchObject({ verdict: "ok", operation: "incidents_list" });
    expect(executor.sent).toEqual([]);
    const readOnlyServer = await connect({ catalog, checkRequests: true });
    expect((await readOnlyServer.call("check_request", UPDATE)).structuredContent).toMatchObject({ verdict: "ok", operation: "incidents_update" });
  });

  it("audits every check, refused ones and invalid arguments too", async () => {
    const audit = new MemoryAuditLog();
    const session = await connect({ catalog, checkRequests: true, audit });
    await session.call("check_request", { method: "GET", url: "/v1.0/security/incidents" });
    await session.call("check_request", { method: "GET", url: "https://evil.example/v1.0/security/incidents" });
    const invalid = await session.call("check_request", { method: "GET" });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/^Invalid arguments for check_request: url: Required/);
    await new Promise((r) => setTimeout(r, 0));
    expect(audit.entries.map((e) => [e.tool, e.outcome, e.operation, e.request])).toEqual([
      ["check_request", "answered", "incidents_list", null],
      ["check_request", "invalid", null, null],
      ["check_request", "invalid", null, null],
    ]);
    expect(audit.entries[1]!.message).toMatch(/not to Microsoft Graph/);
  });

  it("refuses to answer when the audit record cannot be written", async () => {
    const session = await connect({ catalog, checkRequests: true, audit: new FailingAudit() });
    const result = await session.call("check_request", { method: "GET", url: "/v1.0/security/incidents" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/check_request was refused: disk full/);
  });

  it("gives a 1 MB URL, a binary body and a body that is not an object one clear sentence each", async () => {
    const session = await connect({ catalog, checkRequests: true });
    const huge = await session.call("check_request", { method: "GET", url: `/v1.0/security/alerts_v2?$filter=${"x".repeat(1_048_576)}` });
    expect(huge.structuredContent).toMatchObject({ verdict: "refused", problems: [expect.stringMatching(/^the URL is 1048\d+ characters long/)] });
    const binary = await session.call("check_request", { method: "POST", url: "/v1.0/security/runHuntingQuery", body: "\u0000\u0001\u0002" });
    expect(binary.structuredContent).toMatchObject({ verdict: "refused", problems: ["the body is binary data, not JSON; Graph operations in the catalog take JSON objects"] });
    const list = await session.call("check_request", { method: "POST", url: "/v1.0/security/runHuntingQuery", body: "[1,2]" });
    expect(list.structuredContent).toMatchObject({ verdict: "refused", problems: ["the body of hunting_run_query must be a JSON object (got a list)"] });
  });
});
