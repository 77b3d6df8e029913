/** ArgValidator: one sentence for the first problem, naming the argument and what is accepted. */
import { describe, expect, it } from "vitest";
import { catalog, validator } from "./support.js";

const op = (name: string) => catalog.byName.get(name)!;
const message = (name: string, args: unknown) => {
  const r = validator.validate(op(name), args);
  return r.ok ? "ok" : r.message;
};

describe("ArgValidator", () => {
  it("accepts valid arguments", () => {
    expect(validator.validate(op("alerts_list"), { top: 5, select: ["id"], where: [{ field: "severity", op: "eq", value: "high" }] })).toEqual({ ok: true });
  });
  it.each([
    ["alerts_list", { top: 0 }, "top must be an integer between 1 and 1000 (got 0)"],
    ["alerts_list", { top: 2.5 }, "top must be an integer between 1 and 1000 (got 2.5)"],
    ["alerts_list", { count: "yes" }, "count must be true or false (got 'yes')"],
    ["alerts_list", { select: "id" }, "select must be a list (got 'id')"],
    ["alerts_list", { select: ["id", "id"] }, "select lists the same value twice (items 0 and 1)"],
    ["alerts_list", { orderby: Array(9).fill("id") }, "orderby has too many items (at most 8)"],
    ["alerts_list", { where: [{ field: "severity", op: "eq" }] }, "where/0 is missing 'value'"],
    ["alerts_list", { where: [{ field: "severity", op: "eq", value: { nested: 1 } }] }, "where/0/value must be a string, a number, true or false or a list (got {\"nested\":1})"],
    ["alerts_get", {}, "missing required argument 'alertId' (The alertId)"],
    ["alerts_get", { alertId: "" }, "alertId must not be empty"],
    ["alerts_update", { alertId: "a", classification: "benign" }, "classification must be one of: unknown, falsePositive, truePositive, informationalExpectedActivity, unknownFutureValue (got 'benign')"],
    ["riskyUsers_dismiss", { userIds: [] }, "userIds needs at least 1 item"],
    ["riskyUsers_dismiss", { userIds: "a" }, "userIds must be a list (got 'a')"],
    ["alerts_list", "top=5", "arguments must be a JSON object"],
  ])("%s %j → %s", (name, args, expected) => {
    expect(message(name, args)).toBe(expected);
  });
  it("truncates long offending values in messages", () => {
    expect(message("alerts_update", { alertId: "a", status: "x".repeat(500) }).length).toBeLessThan(150);
  });
});
