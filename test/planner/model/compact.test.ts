import { describe, expect, it } from "vitest";
import { augment, misspell, reorder, shorten } from "../../../src/dataset/augment.js";
import { Rng } from "../../../src/dataset/random.js";
import { compactRequest, decodePlan, encodePlan } from "../../../src/planner/model/compact.js";
import type { PlanResult } from "../../../src/planner/types.js";

const now = new Date("2026-11-21T12:00:00Z");

describe("compact format: request → placeholders", () => {
  it("replaces accounts, IPs, ids and the time window by typed placeholders", () => {
    const req = compactRequest("High sev alerts for jane.doe@contoso.com from 10.1.2.3 in the last 24 hours", now);
    expect(req.text).toBe("high sev alerts for <UPN1> from <IP1> in the <TIME1>");
    expect(req.values.get("<UPN1>")).toBe("jane.doe@contoso.com");
    expect(req.values.get("<IP1>")).toBe("10.1.2.3");
    expect(req.values.get("<TIME1>")).toBe("2026-11-20T12:00:00Z");
    expect(req.text).not.toMatch(/contoso|10\.1/);
  });

  it("gives a closed window two placeholders, start and exclusive end", () => {
    const req = compactRequest("incidents between Nov 1 and Nov 5 for host WS-FIN-023", now);
    expect(req.text).toBe("incidents between <TIME1> <TIME2> for host <HOST1>");
    expect([...req.values]).toEqual([["<TIME1>", "2026-11-01T00:00:00Z"], ["<TIME2>", "2026-11-06T00:00:00Z"], ["<HOST1>", "WS-FIN-023"]]);
  });

  it("numbers repeated values once and distinct values apart", () => {
    const a = "0b6f3a5e-1111-4222-8333-944455556666";
    const b = "9c1b8a7d-aaaa-4bbb-8ccc-dddddddddddd";
    const req = compactRequest(`compare ${a} with ${b} and ${a}`, now);
    expect(req.text).toBe("compare <ID1> with <ID2> and <ID1>");
  });
});

describe("compact format: plan ↔ completion", () => {
  it("round-trips a filtered list through placeholders, enum values and a relative time", () => {
    const req = compactRequest("new high severity alerts assigned to tom@contoso.com in the last 7 days, top 5", now);
    const listWithTime = (value: string): PlanResult => ({
      decision: "call",
      operation: "alerts_list",
      arguments: {
        top: 5,
        where: [
          { field: "severity", op: "eq", value: "high" },
          { field: "assignedTo", op: "eq", value: "tom@contoso.com" },
          { field: "createdDateTime", op: "ge", value },
        ],
      },
    });
    const plan = listWithTime("-P7D");
    const completion = encodePlan(plan, req, now);
    expect(completion).toBe("alerts_list top 5 where severity eq high where assignedTo eq <UPN1> where createdDateTime ge <TIME1>");
    const back = decodePlan(completion, req);
    expect(back.open).toEqual([]);
    // The relative time comes back as the instant it resolved to.
    expect(back.plan).toEqual(listWithTime("2026-11-14T12:00:00Z"));
  });

  it("leaves free text (KQL) open and lists, numbers and text literals intact", () => {
    const req = compactRequest("hunt for 1.2.3.4 and 5.6.7.8", now);
    const completion = encodePlan({ decision: "call", operation: "hunting_run_query", arguments: { query: "DeviceNetworkEvents | take 1" } }, req, now);
    expect(completion).toBe("hunting_run_query query=?");
    expect(decodePlan(completion, req).open).toEqual(["query"]);
    const list = decodePlan('x_list where ip in [<IP1>,<IP2>] where title eq "a b" top 3', req);
    expect(list.plan).toEqual({
      decision: "call",
      operation: "x_list",
      arguments: { top: 3, where: [{ field: "ip", op: "in", value: ["1.2.3.4", "5.6.7.8"] }, { field: "title", op: "eq", value: "a b" }] },
    });
  });

  it("declines on a placeholder the request lacks, on garbage, and on decline", () => {
    const req = compactRequest("alerts for bob@contoso.com", now);
    expect(decodePlan("alerts_list where assignedTo eq <UPN2>", req).plan).toMatchObject({ decision: "decline", reason: expect.stringContaining("<UPN2>") });
    expect(decodePlan("Alerts!!", req).plan.decision).toBe("decline");
    expect(decodePlan("alerts_list where severity", req).plan.decision).toBe("decline");
    expect(decodePlan("decline", req).plan.decision).toBe("decline");
    expect(encodePlan({ decision: "decline", reason: "x" }, req, now)).toBe("decline");
  });
});

describe("augmentation keeps placeholders whole", () => {
  it("never alters a placeholder and changes the text in most draws", () => {
    const text = "show high severity incidents assigned to <UPN1> since <TIME1>";
    let changed = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const out = augment(text, new Rng(seed));
      expect(out).toContain("<UPN1>");
      expect(out).toContain("<TIME1>");
      if (out !== text) changed++;
    }
    expect(changed).toBeGreaterThan(150);
  });

  it("misspells one word, shortens SOC words, moves the time phrase", () => {
    const rng = new Rng(3);
    const typo = misspell("severity incidents", rng);
    expect(typo).not.toBe("severity incidents");
    expect(typo.split(" ")).toHaveLength(2);
    expect(shorten("incident severity", new Rng(1)).split(" ").some((w) => ["inc", "incdt", "incid", "sev", "svrty", "sevrity"].includes(w))).toBe(true);
    expect(reorder("alerts assigned to <UPN1> since <TIME1>", new Rng(5))).toMatch(/^since <TIME1> alerts|<UPN1>/);
  });
});
