import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HUNTING_SCHEMA_PATH, HuntingSchemaFile } from "../../../src/graph/kql/schema.js";

const SCRIPT = resolve(import.meta.dirname, "../../../scripts/harvest-hunting-schema.mjs");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), "hunting-schema-"));
  dirs.push(d);
  return d;
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
}

/** A two-page docs checkout, in the upstream layout, with a page that describes no table. */
function fixtureDocs(dir: string): void {
  mkdirSync(join(dir, "defender-xdr"));
  writeFileSync(join(dir, "defender-xdr", "advanced-hunting-zetaevents-table.md"),
    "---\ntitle: x\n---\n# ZetaEvents (Preview)\n\nText.\n\n| Column name | Data type | Description |\n|---|---|---|\n| `Timestamp` | `datetime` | when |\n| `IsThing` [*](#x) | `boolean` | flag |\n| `Bag` | `object` | more |\n\n## Related\n");
  writeFileSync(join(dir, "defender-xdr", "advanced-hunting-alphainfo-table.md"),
    "# AlphaInfo\n|Column name|Data type|Description|\n|-|-|-|\n|`Id`|`string`|id|\n|`Count`|`integer`|n|\n");
  writeFileSync(join(dir, "defender-xdr", "advanced-hunting-overview-table.md"), "# Overview\nNo columns here.\n");
  writeFileSync(join(dir, "defender-xdr", "advanced-hunting-query-language.md"), "# Not a table page\n");
}

describe("committed hunting schema", () => {
  const schema = HuntingSchemaFile.parse(JSON.parse(readFileSync(HUNTING_SCHEMA_PATH, "utf8")));

  it("is well-formed and names the documented core tables", () => {
    const names = Object.keys(schema.tables);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(names).toEqual([...names].sort());
    for (const t of ["DeviceProcessEvents", "DeviceNetworkEvents", "EmailEvents", "IdentityLogonEvents", "AlertInfo", "AlertEvidence", "CloudAppEvents", "UrlClickEvents"]) {
      expect(names).toContain(t);
    }
    expect(schema.tables.DeviceProcessEvents?.columns).toMatchObject({ Timestamp: "datetime", ProcessId: "long", ProcessCommandLine: "string" });
  });

  it("pins every table to its source file: path named after the table, commit and sha256", () => {
    for (const [name, table] of Object.entries(schema.tables)) {
      expect(table.source.path.toLowerCase()).toBe(`defender-xdr/advanced-hunting-${name.toLowerCase()}-table.md`);
      expect(Object.keys(table.columns).length).toBeGreaterThan(0);
    }
    const hashes = Object.values(schema.tables).map((t) => t.source.sha256);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe("scripts/harvest-hunting-schema.mjs", () => {
  it("reads a git checkout and writes the same bytes twice, with commit and sha256 of each page", () => {
    const docs = temp();
    fixtureDocs(docs);
    execFileSync("git", ["init", "-q", docs]);
    execFileSync("git", ["-C", docs, "add", "."]);
    execFileSync("git", ["-C", docs, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "docs"]);
    const head = execFileSync("git", ["-C", docs, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const out = join(temp(), "schema.json");

    expect(run("--source", docs, "--out", out).status).toBe(0);
    const first = readFileSync(out, "utf8");
    expect(run("--source", docs, "--out", out).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(first);

    const doc = HuntingSchemaFile.parse(JSON.parse(first));
    expect(Object.keys(doc.tables)).toEqual(["AlphaInfo", "ZetaEvents"]);
    expect(doc.tables.ZetaEvents).toMatchObject({
      columns: { Timestamp: "datetime", IsThing: "bool", Bag: "dynamic" },
      docTypes: { IsThing: "boolean", Bag: "object" },
      source: { path: "defender-xdr/advanced-hunting-zetaevents-table.md", commit: head },
    });
    expect(doc.tables.AlphaInfo?.columns).toEqual({ Id: "string", Count: "int" });
    expect(doc.skipped).toEqual(["defender-xdr/advanced-hunting-overview-table.md"]);
    const page = execFileSync("git", ["-C", docs, "show", "HEAD:defender-xdr/advanced-hunting-alphainfo-table.md"]);
    expect(doc.tables.AlphaInfo?.source.sha256).toBe(createHash("sha256").update(page).digest("hex"));
  });

  it("refuses bad input with one line and exit 2, leaving no file behind", () => {
    const folder = temp();
    const out = join(folder, "schema.json");
    const missing = run("--source", join(folder, "nope"), "--out", out);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);

    const docs = temp();
    fixtureDocs(docs); // not a git checkout and no source-commits.json
    const noCommits = run("--source", docs, "--out", out);
    expect(noCommits.status).toBe(2);
    expect(noCommits.stderr).toMatch(/source-commits\.json/);

    writeFileSync(join(docs, "defender-xdr", "advanced-hunting-betaevents-table.md"), "# BetaEvents\n| Column name | Data type |\n|--|--|\n| `X` | `hologram` |\n");
    const commit = "0".repeat(40);
    const commits = Object.fromEntries(readdirSync(join(docs, "defender-xdr")).map((f) => [`defender-xdr/${f}`, commit]));
    writeFileSync(join(docs, "source-commits.json"), JSON.stringify({ commits }));
    const badType = run("--source", docs, "--out", out);
    expect(badType.status).toBe(2);
    expect(badType.stderr).toMatch(/undocumented type 'hologram'/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });
});
