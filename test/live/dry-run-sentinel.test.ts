/**
 * Dry-run sends nothing: `call` and the MCP server without an executor, pointed at a Graph test
 * server, leave it untouched; and the run-wide sentinel's teardown fails when it was touched.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadCatalog } from "../../src/catalog/load.js";
import type { CliIO } from "../../src/commands/io.js";
import { silentLogger } from "../../src/log.js";
import { MemoryAuditLog } from "../../src/server/audit.js";
import { createServer } from "../../src/server/server.js";
import { DRY_RUN_SENTINEL_ENV, dryRunSentinelUrl, startDryRunSentinel, startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

let graph: GraphTestServer;
beforeAll(async () => {
  graph = await startGraphTestServer();
});
afterAll(async () => {
  await graph.close();
});

/** One read, one read-only POST and two writes: dry-run must send none of them. */
const CALLS: [string, Record<string, unknown>][] = [
  ["alerts_list", { top: 5, filter: "severity eq 'high'" }],
  ["hunting_run_query", { query: "DeviceProcessEvents | take 5" }],
  ["alerts_update", { alertId: "abc", status: "resolved" }],
  ["risky_users_dismiss", { userIds: ["00000000-1111-2222-3333-444444444444"] }],
];

describe("dry-run sends nothing", () => {
  it("`call` without --live compiles every call and sends none", async () => {
    // Against a server of this file, and against the run-wide sentinel (checked at global teardown).
    for (const [operation, args, baseUrl] of [...CALLS.map((c) => [...c, graph.baseUrl] as const), ...CALLS.map((c) => [...c, dryRunSentinelUrl()] as const)]) {
      let stdout = "";
      const io: CliIO = {
        stdout: (t) => void (stdout += t),
        stderr: () => undefined,
        // Credentials present on purpose: even with a token at hand, dry-run must not send.
        env: { SECGRAPH_ACCESS_TOKEN: graph.token },
        cwd: process.cwd(),
        stdin: process.stdin,
        stdinIsTTY: false,
        stderrIsTTY: false,
      };
      const code = await main(["call", operation, "--args", JSON.stringify(args), "--graph-base-url", baseUrl], io);
      expect(code, operation).toBe(0);
      expect((JSON.parse(stdout) as { mode: string }).mode).toBe("dry-run");
    }
    expect(graph.requests).toHaveLength(0);
  });

  it("the MCP server without an executor answers every call and sends none, writes allowed or not", async () => {
    for (const allowWrites of [false, true]) {
      const secgraph = createServer({ catalog: loadCatalog(), audit: new MemoryAuditLog(), allowWrites, graphBaseUrl: graph.baseUrl, logger: silentLogger });
      const client = new Client({ name: "dry-run-test", version: "0.0.0" });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await Promise.all([secgraph.server.connect(serverSide), client.connect(clientSide)]);
      for (const [name, args] of CALLS) {
        const operation = loadCatalog().byName.get(name);
        const result = await client.callTool({ name, arguments: operation?.readOnly ? args : { ...args, confirm: true } });
        // With writes allowed every call is answered as a dry run; without, writes are refused.
        if (allowWrites || operation?.readOnly) expect((result.structuredContent as { mode?: string } | undefined)?.mode, name).toBe("dry-run");
        else expect(result.isError, name).toBe(true);
      }
      await client.close();
      await secgraph.close();
    }
    expect(graph.requests).toHaveLength(0);
  });
});

describe("the run-wide dry-run sentinel", () => {
  it("fails its teardown once it has received a request, naming it", async () => {
    const before = process.env[DRY_RUN_SENTINEL_ENV];
    try {
      const quiet = await startDryRunSentinel();
      await expect(quiet()).resolves.toBeUndefined();
      const touched = await startDryRunSentinel();
      await fetch(`${process.env[DRY_RUN_SENTINEL_ENV]}/v1.0/security/alerts_v2?$top=1`);
      await expect(touched()).rejects.toThrow(/received 1 request.*GET \/v1\.0\/security\/alerts_v2\?\$top=1/);
    } finally {
      if (before === undefined) delete process.env[DRY_RUN_SENTINEL_ENV];
      else process.env[DRY_RUN_SENTINEL_ENV] = before;
    }
  });
});
