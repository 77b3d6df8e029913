/**
 * `secgraph-mcp call ... --live` end to end against the loopback Graph: reads print
 * {request, status, result}; writes never reach the server without --allow-writes and a confirmation.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/commands/io.js";
import { CONFIRMATION_TTL_MS, FileConfirmationCodes, requestHash, type AuditEntry } from "../../src/pipeline/index.js";
import { startGraphTestServer, type GraphTestServer } from "../support/graph-server.js";

let server: GraphTestServer;
let stateDir: string;

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
    env: { SECGRAPH_ACCESS_TOKEN: server.token, SECGRAPH_STATE_DIR: stateDir, SECGRAPH_AUDIT_LOG: join(stateDir, "audit.jsonl"), SECGRAPH_LOG_LEVEL: "error", ...env },
    cwd: process.cwd(),
    stdin: Readable.from(terminal ? [terminal.answer] : []),
    stdinIsTTY: terminal !== undefined,
    stderrIsTTY: terminal !== undefined,
  };
  return { io, out };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, terminal?: { answer: string }): Promise<RunResult> {
  const { io, out } = makeIO(env, terminal);
  const code = await main(argv, io);
  return { code, ...out };
}

/** `call OPERATION --args … --live` against the loopback Graph, plus flags. */
function live(operation: string, args: Record<string, unknown>, flags: string[], env: NodeJS.ProcessEnv = {}, terminal?: { answer: string }): Promise<RunResult> {
  return cli(["call", operation, "--args", JSON.stringify(args), "--live", "--graph-base-url", server.baseUrl, ...flags], env, terminal);
}

const auditLines = () => readFileSync(join(stateDir, "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as AuditEntry);

/** The person reads the code from the private file the first run named. */
const codeFrom = (shown: RunResult) => (JSON.parse(readFileSync((JSON.parse(shown.stdout) as { codeFile: string }).codeFile, "utf8")) as { code: string }).code;

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
    // Both runs are audited, the live one before it was sent.
    expect(auditLines().map((l) => `${l.tool} ${l.mode} ${l.outcome}`)).toEqual(["cli:call dry-run dry-run", "cli:call live sending", "cli:call live executed"]);
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

  it("shows the exact request first, sends it only with --confirm CODE from the private file, and only once", async () => {
    const shown = await live("alerts_update", update, ["--allow-writes"]);
    expect(shown.code).toBe(1);
    const preview = JSON.parse(shown.stdout) as { mode: string; request: { method: string; url: string; body: unknown }; codeFile: string };
    expect(preview.mode).toBe("confirmation-required");
    expect(preview.request).toEqual({ method: "PATCH", url: `${server.baseUrl}/v1.0/security/alerts_v2/${update.alertId}`, body: { status: "resolved" } });
    expect(shown.stderr).toMatch(/--confirm CODE/);
    expect(server.requests).toHaveLength(0);
    const code = codeFrom(shown);
    // The code is in the 0600 file only: not on stdout or stderr, where a model driving the shell reads.
    expect(shown.stdout + shown.stderr).not.toContain(code);

    const blind = await live("alerts_update", update, ["--allow-writes", "--confirm", "AAAA-BBBB"]);
    expect(blind.code).toBe(2);
    expect(server.requests).toHaveLength(0);

    const sent = await live("alerts_update", update, ["--allow-writes", "--confirm", code]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    expect(server.graphRequests().map((r) => r.method)).toEqual(["PATCH"]);
    expect(firstAlert().status).toBe("resolved");

    const replay = await live("alerts_update", update, ["--allow-writes", "--confirm", code]);
    expect(replay.code).toBe(2);
    expect(server.graphRequests()).toHaveLength(1);
    expect(auditLines().map((l) => l.outcome)).toEqual(["awaiting-confirmation", "refused", "sending", "executed", "refused"]);
  });

  it("does not let --confirm CODE send a request other than the one shown", async () => {
    const code = codeFrom(await live("alerts_update", update, ["--allow-writes"]));
    const other = await live("alerts_update", { ...update, status: "inProgress" }, ["--allow-writes", "--confirm", code]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/different request/);
    // The attempt spent the code: not even the request it was issued for can use it now.
    const spent = await live("alerts_update", update, ["--allow-writes", "--confirm", code]);
    expect(spent.code).toBe(2);
    const unseen = await live("incidents_update", { incidentId: "100", status: "resolved" }, ["--allow-writes", "--confirm", code]);
    expect(unseen.code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });

  it("says --confirm needs the code", async () => {
    const run = await live("alerts_update", update, ["--allow-writes", "--confirm"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
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

  it("lets a code expire", () => {
    let now = 1_000_000;
    const codes = new FileConfirmationCodes(stateDir, CONFIRMATION_TTL_MS, () => now);
    const request = { method: "PATCH" as const, url: "https://graph.microsoft.com/v1.0/security/alerts_v2/a", body: { status: "resolved" } };
    const pending = { session: "cli", requestHash: requestHash(request), operation: "alerts_update", summary: "" };
    const late = codes.issue(pending);
    now += CONFIRMATION_TTL_MS + 1;
    expect(codes.redeem(late.code, "cli", pending.requestHash)).toBe("expired");
    const fresh = codes.issue(pending);
    expect(codes.redeem(fresh.code, "cli", requestHash({ ...request, body: { status: "resolved" } }))).toBe("ok");
  });
});
