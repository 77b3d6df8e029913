/**
 * The attack table's first row: a model alone cannot get a write sent. 1 000 model-only attempts
 * (repeated confirm: true, guessed codes, codes of another request, concurrent bursts) through a
 * real MCP Client against the loopback Graph send 0 writes; the person's code sends exactly once,
 * however many identical calls race with it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryConfirmationCodes, newCode } from "../../src/pipeline/confirmations.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";
import { liveSession, type LiveSession } from "./support.js";

let graph: GraphTestServer;
let session: LiveSession;
beforeAll(async () => {
  graph = await startGraphTestServer();
});
afterAll(async () => {
  await graph.close();
});
beforeEach(async () => {
  graph.reset();
  session = await liveSession(graph);
});
afterEach(async () => {
  await session.close();
});

const writes = () => graph.graphRequests().filter((r) => r.method !== "GET").length;

describe("model-only confirmation attempts", () => {
  it("1 000 attempts without the person's code send 0 writes", async () => {
    const alertId = graph.data.alerts[0]!.id as string;
    const update = { alertId, status: "resolved" };
    let attempts = 0;
    // 400 sequential: the same call again and again, with confirm: true, as a prompt-injected model would.
    for (let i = 0; i < 400; i++, attempts++) await session.call("alerts_update", { ...update, confirm: true });
    // 300 sequential guesses: codes in the right alphabet and shape, and words a model might try.
    for (let i = 0; i < 300; i++, attempts++) await session.call("alerts_update", { ...update, confirmationCode: i % 2 === 0 ? newCode() : "confirm" });
    // 300 concurrent: bursts of 50 mixing confirm: true and guesses.
    for (let burst = 0; burst < 6; burst++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) =>
        session.call("alerts_update", i % 2 === 0 ? { ...update, confirm: true } : { ...update, confirmationCode: newCode() })));
      attempts += 50;
    }
    expect(attempts).toBe(1000);
    expect(writes()).toBe(0);
    expect(graph.data.alerts[0]!.status).not.toBe("resolved");
    // The person was shown codes all along (one per attempt without a code); none reached the model.
    expect(session.notices.length).toBe(400 + 150);
  }, 120_000);

  it("a code issued for one request does not send another (changed body, other alert, other operation)", async () => {
    const [a, b] = [graph.data.alerts[0]!.id as string, graph.data.alerts[1]!.id as string];
    const tries: [string, Record<string, unknown>][] = [
      ["alerts_update", { alertId: a, status: "inProgress" }],
      ["alerts_update", { alertId: b, status: "resolved" }],
      ["incidents_update", { incidentId: "100", status: "resolved" }],
    ];
    for (const [name, args] of tries) {
      await session.call("alerts_update", { alertId: a, status: "resolved" });
      const code = session.notices.at(-1)!.code;
      const r = await session.call(name, { ...args, confirmationCode: code });
      expect(r.isError).toBe(true);
    }
    expect(writes()).toBe(0);
  });

  it("the person's code sends exactly once when 20 identical calls race with it", async () => {
    const update = { alertId: graph.data.alerts[2]!.id as string, status: "resolved" };
    await session.call("alerts_update", update);
    const code = session.notices[0]!.code;
    const results = await Promise.all(Array.from({ length: 20 }, () => session.call("alerts_update", { ...update, confirmationCode: code })));
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    expect(writes()).toBe(1);
  });

  it("a code from another session is refused even with a shared store", async () => {
    const codes = new MemoryConfirmationCodes();
    const a = await liveSession(graph, { confirmations: codes, sessionId: "a" });
    const b = await liveSession(graph, { confirmations: codes, sessionId: "b" });
    try {
      const update = { alertId: graph.data.alerts[3]!.id as string, status: "resolved" };
      await a.call("alerts_update", update);
      await b.call("alerts_update", { ...update, confirmationCode: a.notices[0]!.code });
      expect(writes()).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
