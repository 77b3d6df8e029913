import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileAuditLog, redact, type AuditEntry } from "../../src/server/audit.js";
import { tempDir } from "./helpers.js";

const entry = (args: unknown): AuditEntry => ({
  time: "2026-11-21T12:00:00.000Z",
  session: "s1",
  tool: "t",
  operation: "t",
  arguments: args,
  request: null,
  mode: "dry-run",
  outcome: "dry-run",
});

describe("audit log", () => {
  it("redacts secret-looking keys at any depth and cuts long strings", () => {
    const out = redact({ query: "x", headers: { Authorization: "Bearer abc" }, list: [{ client_secret: "s", password: "p" }], apiKey: "k", long: "y".repeat(5000) }) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toMatch(/Bearer abc|"s"|"p"|"k"/);
    expect(out.query).toBe("x");
    expect((out.long as string).length).toBeLessThan(2100);
  });

  it("bounds huge lists and objects", () => {
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const out = redact({ list: Array.from({ length: 5000 }, (_, i) => i), many }) as { list: unknown[]; many: Record<string, unknown> };
    expect(out.list).toHaveLength(101);
    expect(out.list.at(-1)).toBe("…[4900 more items]");
    expect(Object.keys(out.many)).toHaveLength(101);
  });

  it("appends one JSON line per call to a private file in folders it creates", async () => {
    const path = join(tempDir(), "nested", "deeper", "audit.jsonl");
    const log = new FileAuditLog(path);
    await log.append(entry({ top: 1 }));
    await log.append(entry({ token: "secret-value" }));
    log.close();
    const lines = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as AuditEntry);
    expect(lines.map((l) => l.arguments)).toEqual([{ top: 1 }, { token: "[redacted]" }]);
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Reopening appends rather than truncating.
    const again = new FileAuditLog(path);
    await again.append(entry({ top: 2 }));
    again.close();
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(3);
  });

  it("fails at open when the path cannot be written", () => {
    const file = join(tempDir(), "a-file");
    new FileAuditLog(file).open();
    expect(() => new FileAuditLog(join(file, "audit.jsonl")).open()).toThrow();
  });
});
