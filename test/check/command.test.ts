/** `secgraph-mcp check`: one request or a batch, the record on stdout or in OUT, exit 0/1/2, audited. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { tempDir } from "../server/helpers.js";
import { captureIO } from "../support/io.js";

async function run(args: string[], dir: string) {
  const io = captureIO({ cwd: dir, env: { XDG_STATE_HOME: join(dir, "state") } });
  const code = await main(["check", ...args, "--audit-log", join(dir, "audit.jsonl")], io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

function auditLines(dir: string): Record<string, unknown>[] {
  return readFileSync(join(dir, "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("check, one request", () => {
  it("prints the record and exits 0 for a documented read", async () => {
    const dir = tempDir();
    const r = await run(["GET https://graph.microsoft.com/v1.0/security/alerts_v2?$top=5&$filter=severity eq 'high'"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: "ok", operation: "alerts_list", arguments: { top: 5, filter: "severity eq 'high'" }, readOnly: true, destructive: false, problems: [] });
    expect(auditLines(dir)).toMatchObject([{ tool: "cli:check", outcome: "answered", operation: "alerts_list", request: null }]);
  });

  it("takes method and URL as two arguments, a body with --body, and a trailing HTTP/1.1", async () => {
    const dir = tempDir();
    const r = await run(["POST", "/v1.0/security/runHuntingQuery", "HTTP/1.1", "--body", '{"query":"DeviceProcessEvents | take 5"}'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: "ok", operation: "hunting_run_query", arguments: { query: "DeviceProcessEvents | take 5" } });
  });

  it("exits 1 for a refused request, with the problem in the record", async () => {
    const dir = tempDir();
    const r = await run(["DELETE https://graph.microsoft.com/v1.0/security/alerts_v2/a1"], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: "refused", problems: [expect.stringMatching(/^DELETE is not documented for \/security\/alerts_v2\/\{alertId\}/)] });
    expect(auditLines(dir)).toMatchObject([{ outcome: "invalid" }]);
  });

  it("exits 1 for a 1 MB URL and malformed percent-encoding, each with one sentence", async () => {
    const dir = tempDir();
    const huge = await run([`GET /v1.0/security/alerts_v2?$filter=${"a".repeat(1_048_576)}`], dir);
    expect(huge.code).toBe(1);
    expect(JSON.parse(huge.out).problems).toEqual([expect.stringMatching(/^the URL is 1048\d+ characters long; at most 16384/)]);
    const bad = await run(["GET /v1.0/security/incidents/%zz"], dir);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).problems[0]).toMatch(/malformed percent-encoding near '%zz'/);
  });

  it("exits 2 with one stderr line for input it cannot read", async () => {
    const dir = tempDir();
    for (const [args, says] of [
      [["POST /v1.0/security/runHuntingQuery", "--body", "\u0001\u0002PK"], /binary data, not JSON/],
      [["POST /v1.0/security/runHuntingQuery", "--body", "{query:"], /the body is not valid JSON/],
      [["https://graph.microsoft.com/v1.0/security/incidents"], /is not "METHOD URL"/],
      [["TRACE /v1.0/security/incidents"], /the method is 'TRACE'/],
      [[], /give the request/],
    ] as const) {
      const r = await run([...args], dir);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n"), r.err).toHaveLength(1);
      expect(r.err).toMatch(says);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe("check --batch", () => {
  const LINES = [
    { id: "a", method: "GET", url: "https://graph.microsoft.com/v1.0/security/incidents?$top=2" },
    { id: "b", method: "PATCH", url: "/v1.0/security/incidents/42", body: { status: "resolved" } },
    { id: "c", method: "GET", url: "https://graph.microsoft.com/v1.0/security/alerts_v2?$select=id" },
    { id: 4, url: "GET /v1.0/security/secureScores" },
  ];

  it("writes one record a line in input order, with ids, and exits 1 when some are refused", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in.jsonl"), `${LINES.map((l) => JSON.stringify(l)).join("\n")}\n\n`);
    const r = await run(["--batch", join(dir, "in.jsonl"), "--out", join(dir, "out.jsonl")], dir);
    expect(r.code).toBe(1);
    const out = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => [o.id, o.verdict, o.operation])).toEqual([["a", "ok", "incidents_list"], ["b", "ok", "incidents_update"], ["c", "refused", "alerts_list"], [4, "ok", "secure_scores_list"]]);
    expect(Object.keys(out[0]!).slice(0, 8)).toEqual(["id", "verdict", "operation", "arguments", "readOnly", "destructive", "explanation", "problems"]);
    expect(r.err).toBe(`checked 4 requests: 3 ok, 1 refused → ${join(dir, "out.jsonl")}\n`);
    expect(auditLines(dir)).toHaveLength(4);
  });

  it("exits 0 when all are ok", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in.jsonl"), `${JSON.stringify(LINES[0])}\n`);
    expect((await run(["--batch", join(dir, "in.jsonl"), "--out", join(dir, "out.jsonl")], dir)).code).toBe(0);
  });

  it("records unreadable lines as refused and exits 2; the out file is still whole", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in.jsonl"), `${JSON.stringify(LINES[0])}\nnot json\n[1,2]\n${JSON.stringify({ id: "x", method: "GET", url: "/v1.0/security/incidents", body: "\u0000\u00ff" })}\n`);
    const r = await run(["--batch", join(dir, "in.jsonl"), "--out", join(dir, "out.jsonl")], dir);
    expect(r.code).toBe(2);
    const out = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: unknown; problems: string[] });
    expect(out.map((o) => [o.id, o.problems[0]])).toEqual([
      ["a", undefined],
      [null, "line 2 is not valid JSON"],
      [null, 'line 3 must be a JSON object {"id", "method", "url", "body"}'],
      ["x", "the body is binary data, not JSON; Graph operations in the catalog take JSON objects"],
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("leaves no half-written file when OUT cannot be written, and refuses a missing IN", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in.jsonl"), `${JSON.stringify(LINES[0])}\n`);
    const r = await run(["--batch", join(dir, "in.jsonl"), "--out", join(dir, "missing", "out.jsonl")], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^secgraph-mcp check: cannot write .*: ENOENT\n$/);
    expect(existsSync(join(dir, "missing"))).toBe(false);
    const missing = await run(["--batch", join(dir, "nope.jsonl"), "--out", join(dir, "out.jsonl")], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.jsonl: ENOENT/);
    expect(existsSync(join(dir, "out.jsonl"))).toBe(false);
  });

  it("needs --out, and refuses a request beside --batch", async () => {
    const dir = tempDir();
    expect((await run(["--batch", "in.jsonl"], dir)).err).toMatch(/--batch needs --out/);
    expect((await run(["GET /v1.0/security/incidents", "--batch", "in.jsonl", "--out", "o"], dir)).code).toBe(2);
  });
});
