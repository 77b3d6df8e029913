/**
 * --planner openai against a loopback OpenAI-compatible stand-in made here: the request it receives
 * (prompt, json_schema response_format, key), a good answer through plan_request and a real Client,
 * an off-schema answer, a timeout, a server that is down, retries and the concurrency limit.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../src/cli.js";
import { createPlanner, PlannerError } from "../../../src/planner/index.js";
import { chatMessages, OpenAIPlanner, OpenAIPlannerError } from "../../../src/planner/openai/index.js";
import { renderPrompt } from "../../../src/planner/prompt.js";
import { captureIO } from "../../support/io.js";
import { connectPerTest, fixtureCatalog, FIXTURE_TOOLS_DIR, textOf } from "../../server/helpers.js";

const NOW = new Date("2026-11-21T12:00:00Z");
const connect = connectPerTest();

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema: { name: string; schema: { oneOf: { properties: { name: { const: string }; arguments?: { properties?: Record<string, unknown> } } }[] }; strict: boolean } };
}

interface StandIn {
  url: string;
  requests: { body: ChatRequest; authorization?: string }[];
  maxInFlight: number;
  close(): Promise<void>;
}

type Reply = (body: ChatRequest, res: ServerResponse, n: number) => void | Promise<void>;

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const answer = (res: ServerResponse, content: unknown): void =>
  void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content } }] }));

/** The first offered candidate that takes `top` and needs no id, with `top: 5`. */
const firstCandidate: Reply = (body, res) => {
  const listLike = body.response_format.json_schema.schema.oneOf.find((o) => {
    const args = Object.keys(o.properties.arguments?.properties ?? {});
    return args.includes("top") && !args.some((a) => a.endsWith("Id"));
  });
  const name = listLike?.properties.name.const ?? "decline";
  answer(res, JSON.stringify({ name, arguments: name === "decline" ? { reason: "nothing fits" } : { top: 5, where: null } }));
};

async function standIn(reply: Reply): Promise<StandIn> {
  const state = { requests: [] as StandIn["requests"], maxInFlight: 0 };
  let inFlight = 0;
  const server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
      state.requests.push({ body, authorization: req.headers.authorization });
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.once("close", () => inFlight--);
      if (req.url !== "/v1/chat/completions") return void res.writeHead(404).end();
      await reply(body, res, state.requests.length);
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const s = Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  });
  open.push(s);
  return s;
}

const planner = (url: string, extra: Partial<ConstructorParameters<typeof OpenAIPlanner>[0]> = {}) =>
  new OpenAIPlanner({ catalog: fixtureCatalog(), url, model: "secgraph-lora", backoffMs: 1, ...extra });

describe("--planner openai", () => {
  it("sends the model planner's prompt as chat messages with its JSON schema as response_format, and the key", async () => {
    const server = await standIn(firstCandidate);
    const result = await planner(server.url, { apiKey: "sk-test-key" }).plan("high severity alerts", { now: NOW });
    expect(result).toMatchObject({ decision: "call", arguments: { top: 5 } });
    const [sent] = server.requests;
    expect(sent?.authorization).toBe("Bearer sk-test-key");
    expect(sent?.body).toMatchObject({ model: "secgraph-lora", temperature: 0, response_format: { type: "json_schema", json_schema: { name: "plan", strict: true } } });
    expect(sent?.body.response_format.json_schema.schema.oneOf[0]?.properties.name.const).toBe("decline");
    // A ChatML template renders the two messages back to the exact prompt the adapter was trained on.
    const [system, user] = sent!.body.messages;
    const chatml = `<|im_start|>system\n${system!.content}<|im_end|>\n<|im_start|>user\n${user!.content}<|im_end|>\n<|im_start|>assistant\n`;
    const catalog = fixtureCatalog();
    const candidates = sent!.body.response_format.json_schema.schema.oneOf.slice(1).map((o) => catalog.byName.get(o.properties.name.const)!);
    expect(chatml).toBe(renderPrompt({ text: "high severity alerts", now: NOW, candidates, entities: catalog.entities }));
    expect(chatMessages("x", NOW, [], fixtureCatalog())[1]?.content).toBe("Now: 2026-11-21T12:00:00Z\nx");
  });

  it("goes through plan_request and the one pipeline: validated, compiled, audited", async () => {
    const server = await standIn(firstCandidate);
    const p = planner(server.url);
    const { call, audit } = await connect({ planner: p });
    const result = await call("plan_request", { request: "list recent alerts", now: NOW.toISOString() });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(JSON.stringify(result.structuredContent)).toMatch(/"method":"GET"/);
    expect(audit.entries.length).toBeGreaterThan(0);
    expect(p.name).toBe("openai:secgraph-lora");
  });

  it("declines a call to an operation it did not offer, or with arguments that do not validate", async () => {
    const notOffered = await standIn((_b, res) => answer(res, JSON.stringify({ name: "alerts_update", arguments: { status: "resolved" } })));
    expect(await planner(notOffered.url).plan("alerts", { now: NOW })).toMatchObject({ decision: "decline", reason: expect.stringMatching(/not offered/) });
    const badArgs = await standIn((body, res) => {
      const name = body.response_format.json_schema.schema.oneOf[1]!.properties.name.const;
      answer(res, JSON.stringify({ name, arguments: { top: -4 } }));
    });
    expect(await planner(badArgs.url).plan("alerts", { now: NOW })).toMatchObject({ decision: "decline", reason: expect.stringMatching(/invalid/) });
  });

  it("reports an off-schema answer as an error that says so", async () => {
    for (const content of ["Sure! Here are your alerts.", JSON.stringify({ tool: "alerts_list" }), 42]) {
      const server = await standIn((_b, res) => answer(res, content));
      await expect(planner(server.url).plan("alerts", { now: NOW })).rejects.toThrow(content === 42 ? /no choices\[0\]\.message\.content/ : /off-schema.*response_format json_schema/);
    }
  });

  it("gives up after the timeout and bounded retries, with one sentence", async () => {
    const server = await standIn(() => new Promise(() => {}));
    const started = Date.now();
    await expect(planner(server.url, { timeoutMs: 150, retries: 1 }).plan("alerts", { now: NOW })).rejects.toThrow(/no answer within 150 ms \(2 attempts\)/);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("says so when the server is down, and retries 5xx but not 4xx", async () => {
    const down = await standIn(firstCandidate);
    const url = down.url;
    await down.close();
    await expect(planner(url, { retries: 2 }).plan("alerts", { now: NOW })).rejects.toThrow(/unreachable \(ECONNREFUSED\) \(3 attempts\)/);

    const flaky = await standIn((body, res, n) => {
      if (n < 3) res.writeHead(503).end();
      else void firstCandidate(body, res, n);
    });
    expect(await planner(flaky.url, { retries: 2 }).plan("alerts", { now: NOW })).toMatchObject({ decision: "call" });
    expect(flaky.requests).toHaveLength(3);

    const unauthorized = await standIn((_b, res) => {
      res.writeHead(401).end();
    });
    await expect(planner(unauthorized.url).plan("alerts", { now: NOW })).rejects.toThrow(/answered HTTP 401 \(3 attempts\)/);
    expect(unauthorized.requests).toHaveLength(1);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const server = await standIn(async (body, res, n) => {
      await new Promise((r) => setTimeout(r, 40));
      firstCandidate(body, res, n);
    });
    const p = planner(server.url, { concurrency: 2 });
    const results = await Promise.all(Array.from({ length: 8 }, () => p.plan("alerts", { now: NOW })));
    expect(results.every((r) => r.decision === "call")).toBe(true);
    expect(server.maxInFlight).toBe(2);
  });

  it("needs a URL and a model name: one line, exit 2", async () => {
    await expect(createPlanner({ planner: "openai", toolsDir: FIXTURE_TOOLS_DIR })).rejects.toThrow(PlannerError);
    await expect(createPlanner({ planner: "openai", plannerUrl: "http://127.0.0.1:9/v1", toolsDir: FIXTURE_TOOLS_DIR })).rejects.toThrow(/--planner-model/);
    const io = captureIO({ env: { SECGRAPH_AUDIT_LOG: "/dev/null" } });
    expect(await main(["serve", "--tools-dir", FIXTURE_TOOLS_DIR, "--planner", "openai", "--planner-url", "http://127.0.0.1:9/v1"], io)).toBe(2);
    expect(io.err.join("").trim().split("\n")).toHaveLength(1);
    expect(() => planner("ftp://x")).toThrow(OpenAIPlannerError);
  });
});
