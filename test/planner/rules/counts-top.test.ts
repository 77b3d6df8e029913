import { describe, expect, it } from "vitest";
import { extractCount } from "../../../src/planner/slots/counts.js";

describe("extractCount: page sizes in words and snapshots", () => {
  it.each([
    ["Show me the ten newest alerts that are high severity.", { top: 10, order: "newest" }],
    ["the list of simulations we ran, the most recent ten are enough", { top: 10, order: "newest" }],
    ["the five latest incidents, with the alerts in each", { top: 5, order: "newest" }],
    ["most recent threat intelligence articles (5)", { top: 5, order: "newest" }],
    ["what's our secure score right now", { top: 1, order: "newest", now: true }],
    ["secure score latest", { top: 1, order: "newest", now: true }],
    // "right now" over a collection asks for every open item, not the newest one.
    ["how many alerts are in progress right now", {}],
    ["alerts from the last two weeks", {}],
  ])("%s", (text, expected) => {
    expect(extractCount(text)).toEqual(expected);
  });
});

describe("extractCount: a snapshot score in the present", () => {
  it.each([
    ["what is our securescore ", "today"],
    ["secure score ", "today"],
  ])("%s%s: the newest one, no window", (text, time) => {
    expect(extractCount(text, time)).toEqual({ top: 1, order: "newest", now: true });
  });

  it.each([
    ["secure score history since ", "today"],
    ["alerts from ", "today"],
    ["secure score ", "last 7 days"],
  ])("%s%s: no snapshot read", (text, time) => {
    expect(extractCount(text, time).now).toBeUndefined();
  });
});
