import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { createPlanner, findBundledModel, PlannerError } from "../../src/planner/index.js";
import { captureIO } from "../support/io.js";

const dir = mkdtempSync(join(tmpdir(), "secgraph-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = "2026-11-21T12:00:00Z";

describe("secgraph-mcp plan (single)", () => {
  it("prints one output record with the exact dry-run request", async () => {
    const io = captureIO();
    const code = await main(["plan", "high severity alerts from the last 24 hours", "--now", NOW, "--planner", "rules"], io);
    expect(code).toBe(0);
    const lines = io.out.join("").trim().split("\n");
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({ id: "1", decision: "call", operation: "alerts_list", planner: "rules" });
    expect(record.request.method).toBe("GET");
    expect(decodeURIComponent(record.request.url)).toBe(
      "https://graph.microsoft.com/v1.0/security/alerts_v2?$filter=severity eq 'high' and createdDateTime ge 2026-11-20T12:00:00Z",
    );
    expect(record.request.body).toBeNull();
    expect(typeof record.latency_ms).toBe("number");
  });

  it("prints a decline record for an out-of-scope request", async () => {
    const io = captureIO();
    expect(await main(["plan", "tell me a joke", "--planner", "rules", "--id", "q7"], io)).toBe(0);
    const record = JSON.parse(io.out.join(""));
    expect(record).toMatchObject({ id: "q7", decision: "decline" });
    expect(record.reason).toEqual(expect.any(String));
  });

  it.each([
    [["plan", "--planner", "rules"], /give the request/],
    [["plan", "x", "--now", "yesterday", "--planner", "rules"], /--now must be an ISO-8601/],
    [["plan", "--batch", "in.jsonl", "--planner", "rules"], /--batch needs --out/],
    [["plan", "x", "--planner", "psychic"], /invalid setting planner/],
  ])("rejects bad usage %j with exit 2 and one line", async (argv, message) => {
    const io = captureIO();
    expect(await main(argv, io)).toBe(2);
    expect(io.err.join("")).toMatch(message);
    expect(io.err.join("").trim().split("\n")).toHaveLength(1);
    expect(io.out).toEqual([]);
  });
});

describe("secgraph-mcp plan --batch", () => {
  it("writes one record per line, keeps going past bad lines and exits 1", async () => {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    writeFileSync(
      input,
      [
        JSON.stringify({ id: "a", request: "top 5 incidents", now: NOW }),
        "{not json",
        JSON.stringify({ id: "c", request: "what's the weather in Seattle?" }),
        JSON.stringify({ id: "d" }),
        JSON.stringify({ id: "e", request: "alerts today", now: "not a date" }),
        "",
        JSON.stringify({ id: "f", request: "alerts today" }),
      ].join("\n"),
    );
    const io = captureIO();
    const code = await main(["plan", "--batch", input, "--out", output, "--now", NOW, "--planner", "rules"], io);
    expect(code).toBe(1);
    const records = readFileSync(output, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(records.map((r) => r.id)).toEqual(["a", "line 2", "c", "d", "e", "f"]);
    expect(records[0]).toMatchObject({ decision: "call", operation: "incidents_list", arguments: { top: 5 } });
    expect(records[1].error).toMatch(/not valid JSON/);
    expect(records[2]).toMatchObject({ decision: "decline" });
    expect(records[3].error).toMatch(/no "request"/);
    expect(records[4].error).toMatch(/"now" must be/);
    // --now is the default for lines without their own.
    expect(decodeURIComponent(records[5].request.url)).toContain("createdDateTime ge 2026-11-21T00:00:00Z");
    expect(io.err.join("")).toMatch(/3 of 6 lines could not be planned/);
    // Written via a temp file and a rename: nothing else is left in the folder.
    expect(readdirSync(dir).sort()).toEqual(["in.jsonl", "out.jsonl"]);
  });

  it("exits 0 when every line plans, and 2 for an unreadable input", async () => {
    const input = join(dir, "ok.jsonl");
    writeFileSync(input, `${JSON.stringify({ id: "1", request: "risky users at high risk", now: NOW })}\n`);
    const ok = captureIO();
    expect(await main(["plan", "--batch", input, "--out", join(dir, "ok.out.jsonl"), "--planner", "rules"], ok)).toBe(0);
    const missing = captureIO();
    expect(await main(["plan", "--batch", join(dir, "missing.jsonl"), "--out", join(dir, "x.jsonl"), "--planner", "rules"], missing)).toBe(2);
    expect(missing.err.join("")).toMatch(/cannot read .*missing\.jsonl: ENOENT/);
  });
});

describe("createPlanner", () => {
  it("gives rules for rules, and for auto with no model given or bundled", async () => {
    expect((await createPlanner({ planner: "rules" })).name).toBe("rules");
    const empty = join(dir, "no-models");
    mkdirSync(empty);
    expect(findBundledModel(empty)).toBeUndefined();
    if (findBundledModel() === undefined) expect((await createPlanner({ planner: "auto" })).name).toBe("rules");
  });

  it.skipIf(findBundledModel() !== undefined)("asks for a model when the model planner is requested without one (no bundled model)", async () => {
    await expect(createPlanner({ planner: "model" })).rejects.toThrow(PlannerError);
  });

  it("reads the bundled-model manifest", () => {
    const models = join(dir, "models");
    mkdirSync(models);
    writeFileSync(join(models, "bundled.json"), JSON.stringify({ file: "planner.gguf" }));
    expect(findBundledModel(models)).toBeUndefined();
    writeFileSync(join(models, "planner.gguf"), "GGUF");
    expect(findBundledModel(models)).toBe(join(models, "planner.gguf"));
    writeFileSync(join(models, "bundled.json"), JSON.stringify({ file: "planner.bin" }));
    expect(() => findBundledModel(models)).toThrow(/must name the model/);
  });
});
