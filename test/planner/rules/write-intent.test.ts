/**
 * Writes said without one of the catalog's verbs, bare incident numbers after a change verb, and
 * the reads that must stay reads.
 */
import { describe, expect, it } from "vitest";
import { readIntent } from "../../../src/planner/rules/intent.js";
import { extractSlots } from "../../../src/planner/slots/index.js";
import { extractIndicators } from "../../../src/planner/slots/indicators.js";

const now = new Date("2026-11-21T12:00:00Z");
const intentOf = (text: string) => readIntent(text, extractSlots(text, now));

describe("writes without a usual verb", () => {
  it.each([
    ["hand incident 9753 to night shift lead (nina.w@contoso.com)", "assign"],
    ["please hand off incident 41 to bob@contoso.com", "assign"],
    ["pass alert da638700000000000009_-9 over to the IR team, eva@contoso.com", "assign"],
    ["put incident 8080 in progress", "put"],
    ["put it into awaiting action", "put"],
    ["add tags 'phish-wave-12' and 'finance' to incident 9090", "tag"],
    ["add the tag bec to incident 77", "tag"],
    ["add to alert da638700000000000014_14 the note: hash submitted to MS for analysis", "comment"],
    ["Please add: 'Escalated to IR lead, awaiting containment approval'", "comment"],
    ["note for da638808080808080808_-4 — contacted the user by phone", "comment"],
    ["note on incident 55: customer informed", "comment"],
    ["user c4d5e6f7-0819-4a2b-bc3d-e4f5a6b7c844 passed our review, clear their risk", "dismiss"],
    ["clear the risk for 1e2d3c4b-5a69-4788-96a5-b4c3d2e1f022", "dismiss"],
    ["new IOC - alert on IPv4 203.0.113.200 for Azure Sentinel", "create"],
    ["new ti indicator: block domain evil.example", "create"],
    ["alert da7766554433_21 — give it to kofi.mensah@contoso.com, he is on it from now", "assign"],
  ])("%s → %s", (text, verb) => {
    const intent = intentOf(text);
    expect(intent.write).toBe(true);
    expect(intent.verbs).toContain(verb);
  });

  it.each([
    "incident 8642 -> awaiting action, we wait for the customer",
    "incident 6767 awaiting action from legal",
    "alert da638700000000000009_-9: determination apt",
    "incident 4242 - status redirected",
    "alert da638700000000000009_-9 → resolved",
  ])("a value stated for one object is an update: %s", (text) => {
    expect(intentOf(text).write).toBe(true);
  });

  it.each([
    "new IOCs this week",
    "new indicators since Monday",
    "show incidents awaiting action",
    "which incidents are redirected?",
    "what is the determination of alert da638700000000000009_-9?",
    "incident 4242 alerts",
    "on the other hand, list alerts for incident 77",
    "show notes for incident 77",
    "alerts where the status is new",
    "put together a list of high alerts",
  ])("stays a read: %s", (text) => {
    expect(intentOf(text).write).toBe(false);
  });
});

describe("bare incident numbers after a change verb", () => {
  it.each([
    ["resolve 6677 — true positive, multi-staged attack", ["6677"]],
    ["close 5656 TP malware, comment 'host reimaged'", ["5656"]],
    ["assign 100200 to liam.oconnor@contoso.ie", ["100200"]],
    ["please reopen #4321, it came back", ["4321"]],
    ["triage 777 then assign it to me", ["777"]],
  ])("%s", (text, ids) => {
    expect(extractIndicators(text).incidentIds).toEqual(ids);
  });

  it.each([
    "close 120 stale alerts",
    "resolve 300 of them",
    "show 500 alerts",
    "alerts since 1200",
    "top 100 incidents",
    "set 250 high alerts to resolved",
  ])("not an id: %s", (text) => {
    expect(extractIndicators(text).incidentIds).toEqual([]);
  });
});

describe("URLs end before sentence punctuation", () => {
  it("drops a trailing comma or full stop", () => {
    expect(extractIndicators("block url http://bad-updates.example/dl.exe, targetProduct Azure Sentinel").urls).toEqual(["http://bad-updates.example/dl.exe"]);
    expect(extractIndicators("clicks on http://phish.example/login.").urls).toEqual(["http://phish.example/login"]);
  });
});

describe("names are no verbs", () => {
  it.each(["indicators for url hxxp://cdn-update[.]ru/payload.bin", "do we have ti indicator for domain evil-cdn-update.com?", "sign-ins of reset-admin@contoso.com today", "any process that opened close-all.exe"])("%s", (text) => {
    expect(intentOf(text).verbs).toEqual([]);
  });
});
