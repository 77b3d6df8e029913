/** `secgraph-mcp serve --transport http` in process: the token shown once, setup refusals, graceful stop. */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { main } from "../../src/cli.js";
import { captureIO, type CapturedIO } from "../support/io.js";
import { FIXTURE_TOOLS_DIR, tempDir } from "./helpers.js";

interface Running {
  io: CapturedIO;
  done: Promise<number>;
  url: URL;
  stop(): void;
  stderr(): string;
}

async function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  let stop: (() => void) | undefined;
  const io: CapturedIO = { ...captureIO({ env }), onShutdown: (h) => ((stop = h), () => (stop = undefined)) };
  const done = main(["serve", "--transport", "http", "--port", "0", "--tools-dir", FIXTURE_TOOLS_DIR, "--planner", "rules", ...args], io);
  const stderr = () => io.err.join("");
  for (let i = 0; i < 500 && !/tools at (http:\S+)/.test(stderr()); i++) {
    if (await Promise.race([done.then(() => true), new Promise((r) => setTimeout(() => r(false), 10))])) break;
  }
  const match = /tools at (http:\S+)/.exec(stderr());
  if (!match?.[1]) throw new Error(`server did not start: ${stderr()}`);
  return { io, done, url: new URL(match[1]), stop: () => stop?.(), stderr };
}

async function connect(url: URL, token: string): Promise<Client> {
  const client = new Client({ name: "serve-http-test", version: "0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

describe("serve --transport http", () => {
  it("generates a token, shows it once on stderr and nowhere else, and stops gracefully on a shutdown signal", async () => {
    const audit = join(tempDir(), "audit.jsonl");
    const running = await serve([], { SECGRAPH_AUDIT_LOG: audit, SECGRAPH_LOG_LEVEL: "debug" });
    const token = /HTTP bearer token for this run[^:]*: (\S+)/.exec(running.stderr())?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const client = await connect(running.url, token!);
    expect((await client.callTool({ name: "alerts_get", arguments: { alertId: "a1" } })).isError).toBeFalsy();
    await client.close();
    running.stop();
    expect(await running.done).toBe(0);
    expect(running.stderr().split(token!).length - 1).toBe(1);
    const lines = readFileSync(audit, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines.join("")).not.toContain(token!);
  });

  it("uses SECGRAPH_HTTP_TOKEN or --http-token-file as given and prints no token", async () => {
    const token = "a-token-the-operator-chose-0123456789";
    const dir = tempDir();
    const env = { SECGRAPH_AUDIT_LOG: join(dir, "audit.jsonl"), SECGRAPH_HTTP_TOKEN: token };
    const running = await serve([], env);
    expect(running.stderr()).not.toMatch(/HTTP bearer token/);
    const client = await connect(running.url, token);
    await client.close();
    running.stop();
    expect(await running.done).toBe(0);
    expect(running.stderr()).not.toContain(token);

    const file = join(dir, "token");
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    const fromFile = await serve(["--http-token-file", file], { SECGRAPH_AUDIT_LOG: join(dir, "audit.jsonl") });
    await (await connect(fromFile.url, token)).close();
    fromFile.stop();
    expect(await fromFile.done).toBe(0);
  });

  it.each([
    [["--host", "0.0.0.0", "--auth", "none", "--allowed-hosts", "soc.example"], {}, /needs authentication/],
    [["--auth", "sometimes"], {}, /auth/],
    [[], { SECGRAPH_HTTP_TOKEN: "short" }, /at least 24 characters/],
    [["--max-sessions", "0"], {}, /maxSessions/],
    [["--allowed-origins", "not a url"], {}, /not an http\(s\) origin/],
    [["--auth", "oauth"], {}, /SECGRAPH_AUTH_ISSUER/],
    [["--auth", "oauth", "--auth-issuer", "https://login.example/t/v2.0"], {}, /SECGRAPH_AUTH_AUDIENCE/],
    [["--auth", "oauth", "--auth-issuer", "https://login.example/t/v2.0", "--auth-audience", "api://x"], {}, /--auth-scope/],
    [["--auth", "oauth", "--auth-issuer", "http://login.example/t/v2.0", "--auth-audience", "api://x", "--auth-scope", "s"], {}, /must use https/],
    [["--auth", "oauth", "--auth-issuer", "https://login.example/t/v2.0", "--auth-audience", "api://x", "--auth-scope", "s", "--live"], { AZURE_TENANT_ID: "t" }, /on behalf of each caller: set AZURE_TENANT_ID, AZURE_CLIENT_ID/],
  ])("refuses %j with exit 2 and one line", async (args, env, pattern) => {
    const io = captureIO({ env: { SECGRAPH_AUDIT_LOG: join(tempDir(), "audit.jsonl"), ...env } });
    expect(await main(["serve", "--transport", "http", "--port", "0", "--tools-dir", FIXTURE_TOOLS_DIR, "--planner", "rules", ...args], io)).toBe(2);
    const err = io.err.join("").trim();
    expect(err).toMatch(pattern);
    expect(err.split("\n").filter((l) => !l.includes("warn:"))).toHaveLength(1);
  });

  it("the built bin: serves with a generated token, refuses without it, and on SIGTERM exits 0 with the audit written", async () => {
    const audit = join(tempDir(), "audit.jsonl");
    const bin = resolve(import.meta.dirname, "..", "..", "dist", "cli.js");
    const child = spawn(process.execPath, [bin, "serve", "--transport", "http", "--port", "0", "--tools-dir", FIXTURE_TOOLS_DIR, "--planner", "rules"], {
      env: { ...process.env, SECGRAPH_AUDIT_LOG: audit, SECGRAPH_HTTP_TOKEN: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    for (let i = 0; i < 1000 && !/bearer token for this run[^:]*: \S+\n/.test(stderr); i++) await new Promise((r) => setTimeout(r, 10));
    const url = new URL(/tools at (http:\S+)/.exec(stderr)![1]!);
    const token = /bearer token for this run[^:]*: (\S+)/.exec(stderr)![1]!;
    const refused = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(401);
    const c = await connect(url, token);
    expect((await c.callTool({ name: "alerts_get", arguments: { alertId: "a1" } })).isError).toBeFalsy();
    await c.close();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toBe("");
    expect(readFileSync(audit, "utf8").trim().split("\n")).toHaveLength(1);
    expect(stderr.split(token).length - 1).toBe(1);
  });

  it("refuses a token file others can read", async () => {
    const file = join(tempDir(), "token");
    writeFileSync(file, "a-token-the-operator-chose-0123456789");
    chmodSync(file, 0o644);
    expect(existsSync(file)).toBe(true);
    const io = captureIO({ env: { SECGRAPH_AUDIT_LOG: join(tempDir(), "audit.jsonl") } });
    expect(await main(["serve", "--transport", "http", "--port", "0", "--tools-dir", FIXTURE_TOOLS_DIR, "--http-token-file", file], io)).toBe(2);
    expect(io.err.join("")).toMatch(/readable by other users; chmod 600/);
  });
});
