/**
 * Hunts the scope gate must let through: a hunt technique by name, a device or file by name, and
 * file events said as "files dropped / named / written"; chit-chat and other jobs stay declined.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { readIntent } from "../../../src/planner/rules/intent.js";
import { warmedRulesPlanner } from "../../support/rules-planner.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const catalog = loadCatalog();
const now = new Date("2026-11-21T12:00:00Z");
const planner = warmedRulesPlanner(catalog);

const OUTSIDE = /outside what this server covers/;

describe("hunt words for file events", () => {
  it.each(["files dropped into the Startup folder in the past 72 hours", "files named like HOW_TO_DECRYPT created today", "dlls written to C:\\ProgramData this week", "files renamed in bulk on the file server"])(
    "a hunt: %s",
    (text) => {
      expect(readIntent(text, extractSlots(text, now)).hunt).toBe(true);
    },
  );
  it.each(["high severity alerts from the last 24 hours", "files in incident 4412's evidence", "who dropped the ball on incident 77?"])("not by these words alone: %s", (text) => {
    expect(readIntent(text, extractSlots(text, now)).hunt).toBe(false);
  });
});

describe("scope gate", () => {
  it.each([
    "run keys — show me writes to CurrentVersion\\Run on LT-MKT-17 over the last week",
    "check if anyone used curl.exe to POST files to external sites in the past 72h",
    "token theft: same session id used from two countries in the past 7 days",
    "files dropped into the Startup folder in the past 72 hours",
  ])("lets a hunt through: %s", async (text) => {
    const r = await planner.plan(text, { now });
    expect(r.decision === "call" ? "call" : r.reason).not.toMatch(OUTSIDE);
  });
  it.each(["good night team", "what's the weather in Lisbon tomorrow", "who won the football last night?"])("still declines: %s", async (text) => {
    expect((await planner.plan(text, { now })).decision).toBe("decline");
  });
});
