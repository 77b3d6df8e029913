/**
 * `secgraph-mcp call ... --live` end to end against the loopback Graph: reads print
 * {request, status, result}; writes never reach the server without --allow-writes and a confirmation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadCatalog } from "../../src/catalog/load.js";
import callLive, { type PreparedCall } from "../../src/commands/call-live.js";
import type { CliIO } from "../../src/commands/io.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { CONFIRMATION_TTL_MS, PendingWrites } from "../../src/graph/write-confirmation.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

let server: GraphTestServer;
let stateDir: string;
const catalog = loadCatalog();
const validator = new ArgValidator(catalog);

beforeAll(async () => {
  server = await startGraphTestServer({ pageSize: 3 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  stateDir = mkdtempSync(join(tmpdir(), "secgraph-state-"));
});

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function makeIO(env: NodeJS.ProcessEnv, terminal?: { answer: string }) {
  const out = { stdout: "", stderr: "" };
  const io: CliIO = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    env: { SECGRAPH_ACCESS_TOKEN: server.token, SECGRAPH_STATE_DIR: stateDir, SECGRAPH_LOG_LEVEL: "error", ...env },
    cwd: process.cwd(),
    stdin: Readable.from(terminal ? [terminal.answer] : []),
    stdinIsTTY: terminal !== undefined,
    stderrIsTTY: terminal !== undefined,
  };
  return { io, out };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const { io, out } = makeIO(env);
  const code = await main(argv, io);
  return { code, ...out };
}

/** Runs the live half directly, as `call` does after compiling (for flags `call` may not accept yet). */
async function live(operation: string, args: Record<string, unknown>, flags: string[], env: NodeJS.ProcessEnv = {}, terminal?: { answer: string }): Promise<RunResult> {
  const prepared: PreparedCall = prepareCall(catalog, validator, operation, args, { baseUrl: server.baseUrl });
  const { io, out } = makeIO(env, terminal);
  const code = await callLive(["call", operation, "--args", JSON.stringify(args), "--live", "--graph-base-url", server.baseUrl, ...flags], io, prepared);
  return { code, ...out };
}

const firstAlert = () => server.data.alerts[0] as { id: string; status: string };

describe("call --live (reads)", () => {
  it("prints {request, status, result} with every page followed, sending exactly the dry-run request", async () => {
    const argv = ["call", "alerts_list", "--args", '{"top": 2, "filter": "severity ne \'informational\'"}', "--graph-base-url", server.baseUrl];
    const dry = await cli(argv);
    expect(dry.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    const dryRequest = (JSON.parse(dry.stdout) as { request: { url: string } }).request;

    const run = await cli([...argv, "--live"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as { request: unknown; status: number; result: { items: { id: string }[]; nextLink: string | null } };
    expect(Object.keys(output)).toEqual(["request", "status", "result"]);
    expect(output.request).toEqual(dryRequest);
    expect(output.status).toBe(200);
    const expected = server.data.alerts.filter((a) => a.severity !== "informational").map((a) => a.id);
    expect(output.result.items.map((a) => a.id)).toEqual(expected);
    expect(output.result.nextLink).toBeNull();
    const first = server.graphRequests()[0];
    const wire = new URL(dryRequest.url);
    expect(first?.url).toBe(wire.pathname + wire.search);
  });

  it("reports Graph's 400 with its message and request-id, exit 1", async () => {
    server.inject({ kind: "status", status: 400, code: "BadRequest", message: "Invalid filter clause: unknown property." });
    const run = await cli(["call", "incidents_get", "--args", '{"incidentId": "100"}', "--live", "--graph-base-url", server.baseUrl]);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout) as { status: number; error: { code: string; requestId: string; graphMessage: string } };
    expect(output.status).toBe(400);
    expect(output.error.code).toBe("BadRequest");
    expect(output.error.graphMessage).toContain("Invalid filter clause");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(output.error.requestId);
  });

  it("says what to set when there are no credentials", async () => {
    // The Azure credentials read the process environment; make sure none of them can find a sign-in here.
    const saved = { ...process.env };
    for (const name of ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT"]) delete process.env[name];
    process.env.PATH = "/nonexistent";
    const run = await live("incidents_get", { incidentId: "100" }, [], { SECGRAPH_ACCESS_TOKEN: "" }).finally(() => {
      process.env = saved;
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no Azure credentials found.*SECGRAPH_ACCESS_TOKEN/);
    expect(server.requests).toHaveLength(0);
  }, 30_000);
});

describe("call --live (writes)", () => {
  const update = { alertId: "", status: "resolved" };
  beforeEach(() => {
    update.alertId = firstAlert().id;
  });

  it("refuses a write without --allow-writes and sends nothing", async () => {
    const run = await cli(["call", "alerts_update", "--args", JSON.stringify(update), "--live", "--graph-base-url", server.baseUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--allow-writes/);
    expect(server.requests).toHaveLength(0);
  });

  it("shows the exact request first, sends it only on a second invocation with --confirm, and only once", async () => {
    const shown = await live("alerts_update", update, ["--allow-writes"]);
    expect(shown.code).toBe(1);
    const preview = JSON.parse(shown.stdout) as { mode: string; request: { method: string; url: string; body: unknown } };
    expect(preview.mode).toBe("confirmation-required");
    expect(preview.request).toEqual({ method: "PATCH", url: `${server.baseUrl}/v1.0/security/alerts_v2/${update.alertId}`, body: { status: "resolved" } });
    expect(shown.stderr).toMatch(/--confirm/);
    expect(server.requests).toHaveLength(0);

    const sent = await live("alerts_update", update, ["--allow-writes", "--confirm"]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    expect(server.graphRequests().map((r) => r.method)).toEqual(["PATCH"]);
    expect(firstAlert().status).toBe("resolved");

    const replay = await live("alerts_update", update, ["--allow-writes", "--confirm"]);
    expect(replay.code).toBe(2);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it("does not let --confirm send a request other than the one shown", async () => {
    await live("alerts_update", update, ["--allow-writes"]);
    const other = await live("alerts_update", { ...update, status: "inProgress" }, ["--allow-writes", "--confirm"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/nothing to confirm/);
    const unseen = await live("incidents_update", { incidentId: "100", status: "resolved" }, ["--allow-writes", "--confirm"]);
    expect(unseen.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });

  it("asks y/N on a terminal: no sends nothing, yes sends once", async () => {
    const declined = await live("alerts_update", update, ["--allow-writes"], {}, { answer: "n\n" });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(`PATCH ${server.baseUrl}/v1.0/security/alerts_v2/${update.alertId}`);
    expect(server.requests).toHaveLength(0);
    const accepted = await live("alerts_update", update, [], { SECGRAPH_ALLOW_WRITES: "1" }, { answer: "y\n" });
    expect(accepted.code).toBe(0);
    expect(server.graphRequests().map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("lets a shown request expire", () => {
    let now = 1_000_000;
    const pending = new PendingWrites(stateDir, () => now);
    const request = { method: "PATCH" as const, url: "https://graph.microsoft.com/v1.0/security/alerts_v2/a", body: { status: "resolved" } };
    pending.remember("alerts_update", request);
    now += CONFIRMATION_TTL_MS + 1;
    expect(pending.consume("alerts_update", request)).toBe(false);
    pending.remember("alerts_update", request);
    expect(pending.consume("alerts_update", { ...request, body: { status: "resolved" } })).toBe(true);
  });
});
