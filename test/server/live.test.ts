import { describe, expect, it } from "vitest";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { CompiledRequest, ExecResult, Executor } from "../../src/graph/types.js";
import type { Operation } from "../../src/catalog/types.js";
import { MemoryConfirmationCodes, type CodeNotice } from "../../src/pipeline/index.js";
import { connectPerTest, textOf } from "./helpers.js";

/** Records what it was asked to send; answers like Graph would, or fails when told to. */
class FakeExecutor implements Executor {
  readonly sent: { request: CompiledRequest; operation: string }[] = [];
  constructor(private readonly failWith?: string) {}
  async execute(request: CompiledRequest, operation: Operation): Promise<ExecResult> {
    this.sent.push({ request, operation: operation.name });
    if (this.failWith) throw new Error(this.failWith);
    return { status: 200, result: { items: [{ id: "a1" }], nextLink: null } };
  }
}

const connect = connectPerTest();

const UPDATE = { alertId: "a1", status: "resolved", classification: "truePositive" };

describe("live mode", () => {
  it("executes a read call and returns status and result", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor });
    const result = await session.call("alerts_list", { top: 2 });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ mode: "live", operation: "alerts_list", status: 200, untrusted: { items: 1, morePages: false, truncated: false } });
    // structuredContent names the envelope's nonce and carries none of Graph's data (README "Untrusted data in every client").
    expect(JSON.stringify(result.structuredContent)).not.toContain('"a1"');
    const { untrusted } = result.structuredContent as { untrusted: { nonce: string } };
    expect(textOf(result)).toContain(`nonce="${untrusted.nonce}"`);
    expect(result.structuredContent).not.toHaveProperty("result");
    expect(executor.sent).toHaveLength(1);
    expect(new URL(executor.sent[0]!.request.url).searchParams.get("$top")).toBe("2");
    expect(session.audit.entries.map((e) => e.outcome)).toEqual(["sending", "executed"]);
    expect(session.audit.entries.at(-1)).toMatchObject({ mode: "live", outcome: "executed", status: 200 });
    // Graph's data reaches the model inside the untrusted-data envelope.
    expect(textOf(result)).toMatch(/^alerts_list: HTTP 200 from GET https:\/\/graph\.microsoft\.com\/v1\.0\/security\/alerts_v2/);
    expect(textOf(result)).toMatch(/<untrusted-graph-data nonce="[0-9a-f]+">[\s\S]*"a1"[\s\S]*<\/untrusted-graph-data/);
  });

  it("turns an executor failure into isError with its message", async () => {
    const session = await connect({ executor: new FakeExecutor("Graph answered 403: Forbidden") });
    const result = await session.call("alerts_list", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Graph answered 403: Forbidden");
    expect(session.audit.entries.at(-1)).toMatchObject({ outcome: "error", message: "Graph answered 403: Forbidden" });
  });

  it("never sends invalid arguments", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor });
    expect((await session.call("alerts_list", { top: "all" })).isError).toBe(true);
    expect(executor.sent).toHaveLength(0);
  });
});

describe("write confirmation without elicitation: a one-time code for the person", () => {
  /** A live session whose codes reach the test (standing in for the person at the server's terminal). */
  async function withCodes(deps: Parameters<typeof connect>[0] = {}) {
    const executor = new FakeExecutor();
    const notices: CodeNotice[] = [];
    const session = await connect({ executor, allowWrites: true, notifyPerson: (n) => void notices.push(n), ...deps });
    return { executor, notices, session };
  }

  it("shows the request, tells the model to ask the person, and sends once with the person's code", async () => {
    const { executor, notices, session } = await withCodes();
    const first = await session.call("alerts_update", UPDATE);
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ mode: "live", confirmation: "required", request: { method: "PATCH" } });
    expect(textOf(first)).toMatch(/Ask the person for the confirmation code shown on the secgraph-mcp server's terminal/);
    expect(executor.sent).toHaveLength(0);
    expect(notices).toHaveLength(1);
    const code = notices[0]!.code;
    // The code reaches the person, never the answer the model reads (text or structuredContent).
    expect(JSON.stringify(first)).not.toContain(code);
    expect(JSON.stringify(session.audit.entries)).not.toContain(code);
    expect(notices[0]!.text).toContain("PATCH https://graph.microsoft.com/v1.0/security/alerts_v2/a1");

    // Same arguments, keys in another order, code typed in lower case: still the same request.
    const second = await session.call("alerts_update", { classification: "truePositive", status: "resolved", alertId: "a1", confirmationCode: code.toLowerCase() });
    expect(second.structuredContent).toMatchObject({ mode: "live", status: 200 });
    expect(executor.sent).toHaveLength(1);
    expect(executor.sent[0]!.request).toEqual((first.structuredContent as { request: CompiledRequest }).request);

    // The code is spent: replaying it sends nothing.
    const replay = await session.call("alerts_update", { ...UPDATE, confirmationCode: code });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toMatch(/not a pending code/);
    expect(executor.sent).toHaveLength(1);
    expect(session.audit.entries.map((e) => e.outcome)).toEqual(["awaiting-confirmation", "sending", "executed", "refused"]);
    expect(session.audit.entries[1]).toMatchObject({ confirmation: "code" });
  });

  it("never sends on confirm: true, however often it is repeated", async () => {
    const { executor, session } = await withCodes();
    for (let i = 0; i < 5; i++) {
      const r = await session.call("alerts_update", { ...UPDATE, confirm: true });
      expect(r.structuredContent).toMatchObject({ confirmation: "required" });
    }
    expect(executor.sent).toHaveLength(0);
  });

  it("does not accept a code for a request other than the one it was issued for", async () => {
    const { executor, notices, session } = await withCodes();
    await session.call("alerts_update", UPDATE);
    const other = await session.call("alerts_update", { ...UPDATE, status: "inProgress", confirmationCode: notices[0]!.code });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toMatch(/different request/);
    // And the code is burnt by the attempt.
    await session.call("alerts_update", { ...UPDATE, confirmationCode: notices[0]!.code });
    expect(executor.sent).toHaveLength(0);
  });

  it("does not accept a code from another session", async () => {
    const codes = new MemoryConfirmationCodes();
    const a = await withCodes({ confirmations: codes, sessionId: "session-a" });
    const b = await withCodes({ confirmations: codes, sessionId: "session-b" });
    await a.session.call("alerts_update", UPDATE);
    const stolen = await b.session.call("alerts_update", { ...UPDATE, confirmationCode: a.notices[0]!.code });
    expect(textOf(stolen)).toMatch(/different session/);
    expect(a.executor.sent.length + b.executor.sent.length).toBe(0);
  });

  it("lets a code expire", async () => {
    const { executor, notices, session } = await withCodes({ confirmationTtlMs: 1 });
    await session.call("alerts_update", UPDATE);
    await new Promise((r) => setTimeout(r, 5));
    const late = await session.call("alerts_update", { ...UPDATE, confirmationCode: notices[0]!.code });
    expect(textOf(late)).toMatch(/expired/);
    expect(executor.sent).toHaveLength(0);
  });

  it("confirms through call_operation in discovery mode", async () => {
    const { executor, notices, session } = await withCodes({ discovery: true });
    const first = await session.call("call_operation", { name: "alerts_update", arguments: UPDATE });
    expect(first.structuredContent).toMatchObject({ confirmation: "required" });
    await session.call("call_operation", { name: "alerts_update", arguments: UPDATE, confirm: true });
    expect(executor.sent).toHaveLength(0);
    await session.call("call_operation", { name: "alerts_update", arguments: UPDATE, confirmationCode: notices[0]!.code });
    expect(executor.sent.map((s) => s.operation)).toEqual(["alerts_update"]);
  });

  it("refuses writes in live mode when writes are not allowed, without executing", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor });
    const result = await session.call("alerts_update", { ...UPDATE, confirm: true });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/--allow-writes/);
    expect(executor.sent).toHaveLength(0);
  });
});

describe("write confirmation through elicitation", () => {
  async function withElicitation(answer: "accept" | "decline", confirm = true) {
    const executor = new FakeExecutor();
    const asked: string[] = [];
    const session = await connect({ executor, allowWrites: true }, { capabilities: { elicitation: { form: {} } } });
    session.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return answer === "accept" ? { action: "accept", content: { confirm } } : { action: "decline" };
    });
    return { executor, asked, session };
  }

  it("asks the person with the exact request and executes once on accept", async () => {
    const { executor, asked, session } = await withElicitation("accept");
    const result = await session.call("alerts_update", UPDATE);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("PATCH https://graph.microsoft.com/v1.0/security/alerts_v2/a1");
    expect(result.structuredContent).toMatchObject({ mode: "live", status: 200 });
    expect(executor.sent).toHaveLength(1);
  });

  it("does not execute when the person declines, or accepts with the box unchecked", async () => {
    for (const [answer, confirm] of [["decline", true], ["accept", false]] as const) {
      const { executor, session } = await withElicitation(answer, confirm);
      const result = await session.call("alerts_update", UPDATE);
      expect(result.structuredContent).toMatchObject({ confirmation: "declined" });
      expect(executor.sent).toHaveLength(0);
      expect(session.audit.entries.at(-1)).toMatchObject({ outcome: "declined" });
    }
  });
});
