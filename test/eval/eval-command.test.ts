import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/commands/io.js";

function io(): CliIO & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
    stdin: process.stdin,
    stdinIsTTY: false,
    stderrIsTTY: false,
    out: () => out.join(""),
    err: () => err.join(""),
  };
}

async function caseFile(lines: unknown[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "secgraph-eval-cmd-"));
  const path = join(dir, "cases.jsonl");
  await writeFile(path, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return path;
}

describe("secgraph-mcp eval", () => {
  it("needs --cases (exit 2, one line)", async () => {
    const cli = io();
    expect(await main(["eval"], cli)).toBe(2);
    expect(cli.err().trim().split("\n")).toEqual(["secgraph-mcp eval: --cases FILE.jsonl is required"]);
  });

  it("rejects an unknown planner name and an unknown flag with exit 2", async () => {
    const path = await caseFile([{ id: "a", request: "hi", expect: null }]);
    const cli = io();
    expect(await main(["eval", "--cases", path, "--planner", "oracle"], cli)).toBe(2);
    expect(cli.err()).toMatch(/--planner must be one of auto, model, rules, openai, got "oracle"/);
    expect(await main(["eval", "--cases", path, "--frobnicate"], io())).toBe(2);
    const tolerance = io();
    expect(await main(["eval", "--cases", path, "--tolerance-minutes=-5"], tolerance)).toBe(2);
    expect(tolerance.err()).toMatch(/--tolerance-minutes must be a number ≥ 0, got "-5"/);
  });

  it("reads the catalog from --tools-dir and says in one line when it is not there", async () => {
    const path = await caseFile([{ id: "a", request: "hi", expect: null }]);
    const cli = io();
    expect(await main(["eval", "--cases", path, "--tools-dir", join(path, "..", "no-such-tools")], cli)).toBe(1);
    expect(cli.err().trim().split("\n")).toHaveLength(1);
    expect(cli.err()).toMatch(/cannot read .*no-such-tools.*index\.json: ENOENT/);
  });

  it("names the file and line of a bad case, without a stack", async () => {
    const path = await caseFile([{ id: "a", request: "hi", expect: null }, '{"id": "b", "request": "x", "expect": {"method": "FETCH", "path": "/x"}}']);
    const cli = io();
    expect(await main(["eval", "--cases", path], cli)).toBe(1);
    const lines = cli.err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cases\.jsonl:2 is not a valid case at expect/);
  });

  it("runs the rules planner, prints the summary and writes the report", async () => {
    const path = await caseFile([
      { id: "t1", request: "show me high severity alerts from the last 24 hours", now: "2026-11-21T12:00:00Z", tags: ["alerts"], expect: { method: "GET", path: "/security/alerts_v2", query: { $filter: "severity eq 'high' and createdDateTime ge 2026-11-20T12:00:00Z" } } },
      { id: "t2", request: "write me a poem about firewalls and also delete all users", now: "2026-11-21T12:00:00Z", tags: ["decline"], expect: null },
    ]);
    const reportDir = join(path, "..", "report");
    const cli = io();
    expect(await main(["eval", "--cases", path, "--planner", "rules", "--report", reportDir], cli)).toBe(0);
    expect(cli.out()).toMatch(/^\| metric \(95 % CI\) \| rules \|/);
    expect(cli.err()).toMatch(/eval rules: 2\/2 cases/);
    const report = JSON.parse(await readFile(join(reportDir, "report.json"), "utf8"));
    expect(report.runs[0].planner).toBe("rules");
    expect(report.runs[0].results.map((r: { id: string }) => r.id)).toEqual(["t1", "t2"]);
    expect(await readFile(join(reportDir, "accuracy-by-tag.svg"), "utf8")).toMatch(/^<svg/);

    // A second run compared with the first: both columns in the table, both series in the chart.
    const second = io();
    const secondDir = join(path, "..", "second");
    expect(await main(["eval", "--cases", path, "--planner", "rules", "--report", secondDir, "--compare", reportDir], second)).toBe(0);
    expect(second.out()).toMatch(/^\| metric \(95 % CI\) \| rules \| rules \|/);
    const svg = await readFile(join(secondDir, "accuracy-by-tag.svg"), "utf8");
    expect(svg.match(/<rect [^>]*><title>rules · alerts/g)).toHaveLength(2);
  });
});
