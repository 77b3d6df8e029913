/**
 * Protocol edges as raw JSON-RPC lines to the built bin over stdio: every request that carries an
 * id is answered with that id, params that fail a schema get −32602 with one line, and a deeply
 * nested argument gets a tool error instead of a crash.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STDIO_MAX_MESSAGE_BYTES } from "../../src/server/stdio.js";
import { INITIALIZE, rawServers, requireBuiltBin } from "../interop/bin.js";
import { FIXTURE_TOOLS_DIR, tempDir } from "./helpers.js";

requireBuiltBin();
const spawnServer = rawServers();

async function started() {
  const server = spawnServer(join(tempDir(), "audit.jsonl"), ["--tools-dir", FIXTURE_TOOLS_DIR]);
  server.send(INITIALIZE);
  expect(await server.next()).toMatchObject({ id: 0, result: { serverInfo: { name: "secgraph-mcp" } } });
  server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return server;
}

describe("raw JSON-RPC over stdio (built bin)", () => {
  it("answers every request that carries an id with that id, malformed ones included", async () => {
    const server = await started();
    const requests: [string | number, string, number | null][] = [
      [1, `{"jsonrpc":"2.0","id":1,"method":"ping","params":null}`, -32600],
      [2, `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":null}`, -32600],
      ["three", `{"jsonrpc":"2.0","id":"three","method":"tools/call","params":null}`, -32600],
      [4, `{"jsonrpc":"2.0","id":4,"method":"tools/call","params":[1,2]}`, -32600],
      [5, `{"jsonrpc":"2.0","id":5,"method":"tools/list","params":{},"extra":true}`, -32600],
      [6, `{"jsonrpc":"1.0","id":6,"method":"ping"}`, -32600],
      [7, `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":7}}`, -32602],
      [8, `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"alerts_list","arguments":"x"}}`, -32602],
      [9, `{"jsonrpc":"2.0","id":9,"method":"resources/read","params":{}}`, -32602],
      [10, `{"jsonrpc":"2.0","id":10,"method":"no/such/method"}`, -32601],
      [11, `{"jsonrpc":"2.0","id":11,"method":"ping"}`, null],
    ];
    for (const [, line] of requests) server.send(line);
    const answers = new Map<unknown, Record<string, unknown>>();
    while (answers.size < requests.length) {
      const message = await server.next();
      expect(message.id, `an answer without a request id: ${JSON.stringify(message)}`).toBeDefined();
      expect(answers.has(message.id), `two answers for id ${String(message.id)}`).toBe(false);
      answers.set(message.id, message);
    }
    for (const [id, line, code] of requests) {
      const answer = answers.get(id);
      if (code === null) {
        expect(answer, line).toMatchObject({ jsonrpc: "2.0", id, result: {} });
        continue;
      }
      const error = (answer as { error: { code: number; message: string } }).error;
      expect(error.code, line).toBe(code);
      expect(error.message.split("\n"), line).toHaveLength(1);
      expect(error.message, line).not.toMatch(/[[{]/);
    }
    expect((answers.get(1) as { error: { message: string } }).error.message).toBe("Invalid Request: params must be an object or left out (got null)");
    expect((answers.get(7) as { error: { message: string } }).error.message).toBe("Invalid params for tools/call: params.name: expected string, received number");
  });

  it("answers a line without a usable id without inventing one, and keeps serving", async () => {
    const server = await started();
    server.send("not json");
    expect(await server.next()).toEqual({ jsonrpc: "2.0", error: { code: -32700, message: expect.stringMatching(/^Parse error: /) } });
    server.send(`{"jsonrpc":"2.0","id":{"n":1},"method":"ping"}`);
    expect(await server.next()).toEqual({ jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request: id must be a string or an integer" } });
    server.send(`{"jsonrpc":"2.0","id":12,"method":"ping"}`);
    expect(await server.next()).toMatchObject({ id: 12, result: {} });
  });

  it("answers a where nested 10 000 deep with a tool error naming the argument", async () => {
    const server = await started();
    const deep = `${"[".repeat(10_000)}1${"]".repeat(10_000)}`;
    server.send(`{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"alerts_list","arguments":{"where":${deep}}}}`);
    const answer = (await server.next()) as { id: number; result: { isError: boolean; content: { text: string }[] } };
    expect(answer.id).toBe(20);
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]!.text).toBe("Invalid arguments for alerts_list: where/0 must be an object (got [[[[…]]]])");
    server.send(`{"jsonrpc":"2.0","id":21,"method":"ping"}`);
    expect(await server.next()).toMatchObject({ id: 21, result: {} });
    expect(server.stderr()).not.toMatch(/Maximum call stack/);
  });

  it("answers a line split across writes and two lines in one write", async () => {
    const server = await started();
    const a = `{"jsonrpc":"2.0","id":30,"method":"ping"}`;
    server.child.stdin.write(a.slice(0, 10));
    await new Promise((r) => setTimeout(r, 20));
    server.child.stdin.write(`${a.slice(10)}\r\n{"jsonrpc":"2.0","id":31,"method":"ping"}\n`);
    expect(await server.next()).toMatchObject({ id: 30, result: {} });
    expect(await server.next()).toMatchObject({ id: 31, result: {} });
  });

  it("answers a line over the 10 MiB limit with one error and stops reading", async () => {
    const server = await started();
    server.send(`{"jsonrpc":"2.0","id":40,"method":"ping","params":{"pad":"${"a".repeat(STDIO_MAX_MESSAGE_BYTES)}"}}`);
    expect(await server.next()).toEqual({ jsonrpc: "2.0", error: { code: -32600, message: `Invalid Request: message larger than ${STDIO_MAX_MESSAGE_BYTES} bytes` } });
    // The transport is closed: a later request gets no answer, and the server exits 0 once stdin ends.
    server.send(`{"jsonrpc":"2.0","id":41,"method":"ping"}`);
    const exited = new Promise<number | null>((done) => server.child.on("exit", done));
    server.child.stdin.end();
    expect(await exited).toBe(0);
    await expect(server.next()).rejects.toThrow(/server closed stdout/);
  });
});
