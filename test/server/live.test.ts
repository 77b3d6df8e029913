import { describe, expect, it } from "vitest";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { CompiledRequest, ExecResult, Executor } from "../../src/graph/types.js";
import type { Operation } from "../../src/catalog/types.js";
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
    expect(result.structuredContent).toMatchObject({ mode: "live", operation: "alerts_list", status: 200, result: { items: [{ id: "a1" }] } });
    expect(executor.sent).toHaveLength(1);
    expect(new URL(executor.sent[0]!.request.url).searchParams.get("$top")).toBe("2");
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

describe("write confirmation without elicitation", () => {
  it("shows the request first, executes on the confirming call exactly once", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor, allowWrites: true });

    const first = await session.call("alerts_update", UPDATE);
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ mode: "live", confirmation: "required", request: { method: "PATCH" } });
    expect(textOf(first)).toMatch(/confirm: true/);
    expect(executor.sent).toHaveLength(0);

    // Same arguments, keys in another order: still the same call.
    const second = await session.call("alerts_update", { classification: "truePositive", status: "resolved", alertId: "a1", confirm: true });
    expect(second.structuredContent).toMatchObject({ mode: "live", status: 200 });
    expect(executor.sent).toHaveLength(1);
    expect(executor.sent[0]!.request).toEqual((first.structuredContent as { request: CompiledRequest }).request);

    // The confirmation is spent: replaying it shows the request again instead of sending.
    const replay = await session.call("alerts_update", { ...UPDATE, confirm: true });
    expect(replay.structuredContent).toMatchObject({ confirmation: "required" });
    expect(executor.sent).toHaveLength(1);
    expect(session.audit.entries.map((e) => e.outcome)).toEqual(["awaiting-confirmation", "sending", "executed", "awaiting-confirmation"]);
  });

  it("does not execute a confirm whose arguments differ from the request shown", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor, allowWrites: true });
    await session.call("alerts_update", UPDATE);
    const other = await session.call("alerts_update", { ...UPDATE, status: "inProgress", confirm: true });
    expect(other.structuredContent).toMatchObject({ confirmation: "required" });
    expect(executor.sent).toHaveLength(0);
  });

  it("does not execute confirm: true without a prior showing", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor, allowWrites: true });
    const blind = await session.call("alerts_update", { ...UPDATE, confirm: true });
    expect(blind.structuredContent).toMatchObject({ confirmation: "required" });
    expect(executor.sent).toHaveLength(0);
  });

  it("lets a shown request expire", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor, allowWrites: true, confirmationTtlMs: 1 });
    await session.call("alerts_update", UPDATE);
    await new Promise((r) => setTimeout(r, 5));
    await session.call("alerts_update", { ...UPDATE, confirm: true });
    expect(executor.sent).toHaveLength(0);
  });

  it("confirms through call_operation in discovery mode", async () => {
    const executor = new FakeExecutor();
    const session = await connect({ executor, allowWrites: true, discovery: true });
    const first = await session.call("call_operation", { name: "alerts_update", arguments: UPDATE });
    expect(first.structuredContent).toMatchObject({ confirmation: "required" });
    await session.call("call_operation", { name: "alerts_update", arguments: UPDATE, confirm: true });
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
