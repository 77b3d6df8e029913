import { beforeAll, describe, expect, it } from "vitest";
import { kqlChecker, loadHuntingSchema, MAX_QUERY_BYTES } from "../../../src/graph/kql/index.js";
import { INVALID, VALID } from "./cases.js";

const checker = kqlChecker();

// The first analysis loads the language service (seconds); the cases below time only the check.
beforeAll(() => {
  checker.warm();
}, 120_000);

describe("KQL check: hunts that must pass", () => {
  it("covers at least 15 documented tables, each named in the schema", () => {
    const tables = new Set(VALID.flatMap((c) => c.tables));
    expect(tables.size).toBeGreaterThanOrEqual(15);
    for (const t of tables) expect(loadHuntingSchema().tables).toHaveProperty(t);
  });

  it.each(VALID)("$id passes", ({ query }) => {
    expect(checker.check(query)).toEqual({ ok: true });
  });
});

describe("KQL check: queries that must be refused", () => {
  it("has a case for every refusal class", () => {
    expect(new Set(INVALID.map((c) => c.kind))).toEqual(
      new Set(["too-large", "control-character", "too-deep", "command", "externaldata", "outside-cluster", "plugin", "syntax", "unknown-table", "unknown-name", "semantic"]),
    );
  });

  it.each(INVALID)("$id is refused as $kind", ({ query, kind, says }) => {
    const verdict = checker.check(query);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.kind).toBe(kind);
    expect(verdict.message).toMatch(says);
    // One sentence: no stack trace, no echo of a huge query.
    expect(verdict.message).not.toMatch(/\n|at Object\.|\.ts:\d+/);
    expect(verdict.message.length).toBeLessThan(700);
  });
});

describe("KQL check: bad input is bounded before parsing", () => {
  it("refuses a 1 MB query by its UTF-8 size without parsing it", () => {
    const query = `DeviceInfo | where DeviceName has "${"a".repeat(1_048_576)}"`;
    const verdict = checker.check(query);
    expect(verdict).toMatchObject({ ok: false, kind: "too-large" });
    expect(verdict.ok ? "" : verdict.message).toContain(`${MAX_QUERY_BYTES} bytes`);
  });

  it("counts bytes, not characters: a query under the character cap can exceed the byte cap", () => {
    const query = `print "${"😀".repeat(5_001)}"`;
    expect(query.length).toBeLessThan(10_020);
    expect(checker.check(query)).toMatchObject({ ok: false, kind: "too-large" });
    const ascii = `print "${"a".repeat(MAX_QUERY_BYTES - 20)}"`;
    expect(checker.check(ascii)).toEqual({ ok: true });
  });

  it("refuses about 20 000 nested parentheses without recursing into them", () => {
    const query = `print ${"(".repeat(100_000)}`;
    expect(checker.check(query.slice(0, MAX_QUERY_BYTES - 1))).toMatchObject({ ok: false, kind: "too-deep" });
  });

  it("accepts nesting at the limit and refuses one level more", () => {
    const at = (n: number) => `print ${"(".repeat(n)}1${")".repeat(n)}`;
    expect(checker.check(at(32))).toEqual({ ok: true });
    expect(checker.check(at(33))).toMatchObject({ ok: false, kind: "too-deep" });
  });
});
