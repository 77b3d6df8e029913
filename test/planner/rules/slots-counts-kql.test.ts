import { describe, expect, it } from "vitest";
import { extractCount } from "../../../src/planner/slots/counts.js";
import { extractKql } from "../../../src/planner/slots/kql.js";

describe("extractCount", () => {
  it.each([
    ["top 10 alerts", { top: 10 }],
    ["last 20 incidents", { top: 20, order: "newest" }],
    ["5 most recent alerts", { top: 5, order: "newest" }],
    ["show me 25 high severity alerts", { top: 25 }],
    ["the latest incident", { top: 1, order: "newest" }],
    ["latest alerts", { order: "newest" }],
    ["oldest 3 incidents", { top: 3, order: "oldest" }],
    ["alerts from the last 24 hours", {}],
    ["alerts from the last 7 days", {}],
    ["incidents from 2026", {}],
  ])("%s", (text, expected) => {
    expect(extractCount(text)).toEqual(expected);
  });
});

describe("extractKql", () => {
  it("passes an analyst's query through verbatim", () => {
    const q = "DeviceProcessEvents | where FileName =~ \"mimikatz.exe\" | take 10";
    expect(extractKql(`run this hunting query: ${q}`)).toBe(q);
    expect(extractKql(`run "${q}"`)).toBe(q);
    expect(extractKql("hunt with ```kql\nEmailEvents\n| where SenderFromAddress == 'a@b.c'\n```")).toBe("EmailEvents\n| where SenderFromAddress == 'a@b.c'");
  });
  it("finds none in prose", () => {
    expect(extractKql("hunt for mimikatz in process events")).toBeUndefined();
    expect(extractKql("alerts | incidents")).toBeUndefined();
  });
});
