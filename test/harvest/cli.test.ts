/**
 * `harvest`, `operations` and `toolsets` through the CLI entry: determinism, --check, atomic
 * writes, and bad input reported as one line with exit 2 and the catalog folder untouched.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { loadSources, parseSource, sha256 } from "../../src/harvest/load.js";
import type { SourcesFile } from "../../src/harvest/spec.js";
import { SOURCE_DIR, SPEC_DIR, TOOLS_DIR, captureIO, tempDir } from "./support.js";

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f), "utf8");
  return out;
}

async function harvest(...args: string[]) {
  const io = captureIO();
  const code = await main(["harvest", ...args], io);
  return { code, err: io.err.join(""), out: io.out.join("") };
}

/** A catalog folder with a sentinel file, to prove a failed run leaves it alone. */
function preparedOut(root: string): string {
  const out = join(root, "tools");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "index.json"), '{"sentinel": true}\n');
  return out;
}

function expectOneLineFailure(result: { code: number; err: string }, pattern: RegExp) {
  expect(result.code).toBe(2);
  expect(result.err.trim().split("\n")).toHaveLength(1);
  expect(result.err).toMatch(pattern);
  expect(result.err).not.toMatch(/\bat .*\.ts:\d+/);
}

describe("harvest command", () => {
  it("writes byte-identical catalogs on repeated runs, equal to the committed tools/", async () => {
    const root = tempDir("determinism");
    const first = await harvest("--source", SOURCE_DIR, "--out", join(root, "a"));
    const second = await harvest("--source", SOURCE_DIR, "--out", join(root, "b"));
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    const a = snapshot(join(root, "a"));
    expect(Object.keys(a)).toContain("index.json");
    expect(snapshot(join(root, "b"))).toEqual(a);
    expect(snapshot(TOOLS_DIR)).toEqual(a);
    // The swap leaves nothing behind beside the output folder.
    expect(readdirSync(root).sort()).toEqual(["a", "b"]);
    const index = JSON.parse(a["index.json"] ?? "{}") as { sources: { sha256: string }[] };
    expect(index.sources.map((s) => s.sha256)).toContain("eac524ee7b90a6bca116512b9bb691433ad44f8ce5c94503a0f6de4ab75d58ae");
  }, 120_000);

  it("--check passes on a fresh catalog and names the stale, missing and extra files", async () => {
    const root = tempDir("check");
    const out = join(root, "tools");
    cpSync(TOOLS_DIR, out, { recursive: true });
    const alerts = readFileSync(join(out, "alerts.json"), "utf8");
    writeFileSync(join(out, "alerts.json"), alerts.replace('"List alerts"', '"List all alerts"'));
    writeFileSync(join(out, "leftover.json"), "{}\n");
    const stale = await harvest("--source", SOURCE_DIR, "--out", out, "--check");
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/stale: alerts\.json differs from line \d+ \(1 line\)/);
    expect(stale.err).toMatch(/not generated leftover\.json/);
    expect(stale.err.trim().split("\n")).toHaveLength(1);
    // --check never writes.
    expect(readFileSync(join(out, "alerts.json"), "utf8")).toContain("List all alerts");

    const fresh = await harvest("--source", SOURCE_DIR, "--check");
    expect(fresh.code).toBe(0);
    expect(fresh.err).toMatch(/up to date/);
  }, 120_000);

  it("rejects a missing source document with one line, exit 2, catalog untouched", async () => {
    const root = tempDir("missing");
    const out = preparedOut(root);
    const empty = join(root, "empty");
    mkdirSync(empty);
    const result = await harvest("--source", empty, "--out", out);
    expectOneLineFailure(result, /v1\.0-Security\.yml: cannot read \(file not found\)/);
    expect(snapshot(out)).toEqual({ "index.json": '{"sentinel": true}\n' });
  });

  it("rejects a document whose sha256 does not match its pin", async () => {
    const root = tempDir("sha");
    const out = preparedOut(root);
    const src = join(root, "src");
    cpSync(SOURCE_DIR, src, { recursive: true });
    writeFileSync(join(src, "v1.0-Security.yml"), `${readFileSync(join(SOURCE_DIR, "v1.0-Security.yml"), "utf8")}\n# edited\n`);
    const result = await harvest("--source", src, "--out", out);
    expectOneLineFailure(result, /v1\.0-Security\.yml: sha256 [0-9a-f]{64} does not match the pin eac524ee/);
    expect(snapshot(out)).toEqual({ "index.json": '{"sentinel": true}\n' });
  });

  it("rejects corrupt YAML (pinned, so the parse itself fails) naming the file", async () => {
    const root = tempDir("yaml");
    const out = preparedOut(root);
    const src = join(root, "src");
    mkdirSync(src);
    const corrupt = "openapi: 3.0.1\npaths:\n  /a: [unclosed\n";
    writeFileSync(join(src, "v1.0-Security.yml"), corrupt);
    const spec = join(root, "spec");
    cpSync(SPEC_DIR, spec, { recursive: true });
    const sources = JSON.parse(readFileSync(join(spec, "sources.json"), "utf8")) as SourcesFile;
    sources.sources[0] = { ...sources.sources[0]!, sha256: sha256(corrupt) };
    writeFileSync(join(spec, "sources.json"), JSON.stringify(sources));
    const result = await harvest("--source", src, "--out", out, "--spec", spec);
    expectOneLineFailure(result, /v1\.0-Security\.yml: not valid YAML/);
    expect(snapshot(out)).toEqual({ "index.json": '{"sentinel": true}\n' });
  });

  it("rejects a bad curation profile naming the file and the entry", async () => {
    const root = tempDir("profile");
    const spec = join(root, "spec");
    cpSync(SPEC_DIR, spec, { recursive: true });
    const profile = readFileSync(join(spec, "profile.yaml"), "utf8");
    writeFileSync(join(spec, "profile.yaml"), profile.replace("examples:", "exampels:"));
    const result = await harvest("--source", SOURCE_DIR, "--out", join(root, "tools"), "--spec", spec);
    expectOneLineFailure(result, /profile\.yaml: toolsets\.0\.operations\.0/);
  });

  it("reports an unreachable --source URL as one line", async () => {
    const spec = JSON.parse(readFileSync(join(SPEC_DIR, "sources.json"), "utf8")) as SourcesFile;
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
    await expect(
      loadSources("https://example.invalid/openApiDocs", spec, () => Promise.reject(refused)),
    ).rejects.toThrow(/^https:\/\/example\.invalid\/openApiDocs\/v1\.0\/Security\.yml: cannot fetch \(ENOTFOUND\)$/);
    await expect(
      loadSources("https://example.invalid/openApiDocs/", spec, async () => ({ ok: false, status: 404, text: async () => "" })),
    ).rejects.toThrow(/Security\.yml: cannot fetch \(HTTP 404\)$/);
  });

  it("rejects a YAML document that is not OpenAPI", () => {
    const text = "just: a map\n";
    const pin = { id: "x", file: "x.yml", version: "v1.0" as const, upstreamPath: "x.yml", sha256: sha256(text) };
    expect(() => parseSource("x.yml", text, pin)).toThrow(/x\.yml: not an OpenAPI document/);
  });

  it("needs --source and rejects unknown flags with exit 2", async () => {
    expectOneLineFailure(await harvest(), /--source DIR\|URL is required/);
    expectOneLineFailure(await harvest("--source", SOURCE_DIR, "--bogus"), /bogus/);
  });
});

describe("operations and toolsets commands", () => {
  it("lists every operation as JSON with its schema", async () => {
    const io = captureIO();
    expect(await main(["operations", "--json"], io)).toBe(0);
    const rows = JSON.parse(io.out.join("")) as { name: string; method: string; readOnly: boolean; inputSchema: { type: string } }[];
    const index = JSON.parse(readFileSync(join(TOOLS_DIR, "index.json"), "utf8")) as { operations: number };
    expect(rows).toHaveLength(index.operations);
    expect(rows.find((r) => r.name === "alerts_list")).toMatchObject({ method: "GET", readOnly: true, inputSchema: { type: "object" } });
  });

  it("prints a table of operations and toolset counts that add up", async () => {
    const ops = captureIO();
    expect(await main(["operations"], ops)).toBe(0);
    expect(ops.out.join("")).toMatch(/^hunting_run_query\s+POST\s+v1\.0\s+hunting\s+read-only\s+\/security\/microsoft\.graph\.security\.runHuntingQuery$/m);
    const sets = captureIO();
    expect(await main(["toolsets", "--json"], sets)).toBe(0);
    const rows = JSON.parse(sets.out.join("")) as { name: string; operations: number }[];
    const total = rows.reduce((n, r) => n + r.operations, 0);
    expect(total).toBe(ops.out.join("").trim().split("\n").length - 1);
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(["alerts", "incidents", "hunting", "threatIntelligence"]));
  });

  it.each(["--tools-dir", "--tools"])("fails with one line when the catalog folder given by %s is missing", async (flag) => {
    for (const command of ["toolsets", "operations"]) {
      const io = captureIO();
      expect(await main([command, flag, "/nonexistent/tools"], io)).toBe(1);
      expect(io.err.join("")).toMatch(new RegExp(`^secgraph-mcp ${command}: cannot read /nonexistent/tools/index\\.json`));
    }
  });
});
