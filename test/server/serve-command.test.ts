import { PassThrough } from "node:stream";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/commands/io.js";
import { FIXTURE_TOOLS_DIR, tempDir } from "./helpers.js";

function io(stdin = new PassThrough(), env: NodeJS.ProcessEnv = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd: process.cwd(), stdin, stdinIsTTY: false, stderrIsTTY: false };
}

describe("secgraph-mcp serve (in process)", () => {
  it("prints its options on --help", async () => {
    const cli = io();
    expect(await main(["serve", "--help"], cli)).toBe(0);
    expect(cli.out.join("")).toMatch(/--allow-writes/);
  });

  it.each([
    [["serve", "--frobnicate"], /--frobnicate/],
    [["serve", "--transport", "carrier-pigeon"], /transport/],
    [["serve", "--planner", "oracle"], /planner/],
    [["serve", "extra"], /unexpected argument "extra"/],
  ])("rejects %j with exit 2 and one line", async (argv, pattern) => {
    const cli = io();
    expect(await main(argv, cli)).toBe(2);
    expect(cli.err.join("")).toMatch(pattern);
    expect(cli.err.join("").trim().split("\n")).toHaveLength(1);
  });

  it("fails in one line when the audit log cannot be written", async () => {
    const file = join(tempDir(), "plain-file");
    const cli = io(undefined, { SECGRAPH_AUDIT_LOG: join(file, "audit.jsonl") });
    (await import("node:fs")).writeFileSync(file, "");
    expect(await main(["serve", "--planner", "rules"], cli)).toBe(1);
    expect(cli.err.join("").trim().split("\n")).toHaveLength(1);
  });

  it("serves JSON-RPC on the given streams until stdin ends, auditing to SECGRAPH_AUDIT_LOG", async () => {
    const stdin = new PassThrough();
    const audit = join(tempDir(), "audit.jsonl");
    const cli = io(stdin, { SECGRAPH_AUDIT_LOG: audit, SECGRAPH_LOG_LEVEL: "silent" });
    const done = main(["serve", "--tools-dir", FIXTURE_TOOLS_DIR, "--planner", "rules"], cli);
    const send = (m: unknown) => stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } } });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "alerts_get", arguments: { alertId: "a1" } } });
    const answered = async () => {
      for (let i = 0; i < 200 && !cli.out.join("").includes('"id":2'); i++) await new Promise((r) => setTimeout(r, 10));
    };
    await answered();
    stdin.end();
    expect(await done).toBe(0);
    const replies = cli.out.join("").trim().split("\n").map((l) => JSON.parse(l) as { id: number; result: Record<string, unknown> });
    expect(replies.find((r) => r.id === 2)?.result).toMatchObject({ structuredContent: { mode: "dry-run", operation: "alerts_get" } });
    expect(readFileSync(audit, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
