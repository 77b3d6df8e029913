/**
 * Hostile arguments: every one either ends up inside a quoted, escaped literal or is refused with
 * one clear sentence — never a request that says something else.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/graph/types.js";
import { compile, GRAPH, query, rejection } from "./support.js";

const ALERTS = `${GRAPH}/v1.0/security/alerts_v2`;

describe("path traversal in ids", () => {
  it.each([
    ["..", /alertId cannot be '\.\.'/],
    [".", /alertId cannot be '\.'/],
    ["../../users", /alertId cannot contain '\/'/],
    ["a/b", /alertId cannot contain '\/'/],
    ["..\\..\\x", /alertId cannot contain '\/' or '\\'/],
    ["", /alertId must not be empty/],
    ["a\u0000b", /alertId contains a control character \(U\+0000\)/],
    ["a\nb", /alertId/],
  ])("refuses %j", (alertId, message) => {
    const e = rejection("alerts_get", { alertId });
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain("\n");
  });
  it("encodes percent signs so pre-encoded traversal stays one segment", () => {
    expect(compile("alerts_get", { alertId: "%2e%2e%2fusers" }).request.url).toBe(`${ALERTS}/%252e%252e%252fusers`);
  });
});

describe("injection through filter values", () => {
  it("keeps a structured value with quotes and `or 1 eq 1` inside one literal", () => {
    const { request } = compile("alerts_list", { where: [{ field: "title", op: "eq", value: "x' or 1 eq 1 or title eq '" }] });
    const filter = new URL(request.url).searchParams.get("$filter");
    expect(filter).toBe("title eq 'x'' or 1 eq 1 or title eq '''");
  });
  it("keeps it inside the literal for contains too", () => {
    const { request } = compile("alerts_list", { where: [{ field: "title", op: "contains", value: "') or (1 eq 1" }] });
    expect(new URL(request.url).searchParams.get("$filter")).toBe("contains(title,''') or (1 eq 1')");
  });
  it("refuses a raw filter whose quote escapes the literal", () => {
    expect(rejection("alerts_list", { filter: "title eq 'x' or 1 eq 1'" }).message).toMatch(/unterminated string/);
  });
  it("refuses a tautology that compares two values", () => {
    expect(rejection("alerts_list", { filter: "title eq 'x' or 1 eq 1" }).message).toMatch(/must compare a field with a value/);
  });
  it("refuses query-string smuggling in a raw filter", () => {
    expect(rejection("alerts_list", { filter: "severity eq 'high'&$top=1000" }).message).toMatch(/unexpected character '&/);
  });
  it("encodes & and = inside a literal so they cannot start a new option", () => {
    const { request } = compile("alerts_list", { filter: "title eq 'a&$top=5'" });
    expect(request.url).toBe(`${ALERTS}?${query({ $filter: "title eq 'a&$top=5'" })}`);
    expect([...new URL(request.url).searchParams.keys()]).toEqual(["$filter"]);
  });
  it("keeps plain query values in their own parameter", () => {
    const e = rejection("reports_emailActivityUserDetail", { period: "D7", format: "text/csv&$top=1" });
    expect(e.message).toMatch(/format must be one of: text\/csv, application\/json/);
  });
});

describe("unknown fields and wrong types", () => {
  it("names the valid fields for an unknown one", () => {
    const e = rejection("alerts_list", { filter: "severty eq 'high'" });
    expect(e.message).toMatch(/unknown field 'severty'.*did you mean 'severity'\?.*valid fields: .*classification.*createdDateTime/);
    expect(e.argPath).toBe("filter");
  });
  it("lists the allowed values for a bad enum value", () => {
    expect(rejection("alerts_list", { filter: "severity eq 'critical'" }).message).toBe(
      "filter value 'critical' is not allowed for severity; allowed: unknown, informational, low, medium, high, unknownFutureValue",
    );
  });
  it("refuses a bad enum value in a structured condition and names it", () => {
    const e = rejection("alerts_list", { where: [{ field: "status", op: "eq", value: "new" }, { field: "status", op: "eq", value: "closed" }] });
    expect(e.message).toMatch(/^where\/1 value 'closed' is not allowed for status; allowed: unknown, new, inProgress/);
    expect(e.argPath).toBe("where/1");
  });
  it.each([
    ["status/errorCode eq '50126'", /status\/errorCode \(an integer\) with '50126'; write a value like 42/],
    ["createdDateTime ge 'yesterday'", /createdDateTime \(a date-time\) with 'yesterday'; write a value like 2026-11-20T12:00:00Z/],
    ["isInteractive eq 'yes'", /isInteractive \(a boolean\)/],
    ["userPrincipalName eq 42", /userPrincipalName \(text\) with 42/],
    ["status/errorCode eq 1.5", /an integer/],
    ["contains(createdDateTime,'2026')", /cannot use contains on createdDateTime \(a date-time\)/],
    ["riskLevelDuringSignIn gt 'low'", /cannot use gt on riskLevelDuringSignIn \(an enum\); list the values instead/],
    ["isInteractive gt true", /cannot use gt on isInteractive \(a boolean\)/],
    ["status eq 'x'", /cannot compare status itself \(an object\); use one of its members: status\/errorCode, status\/failureReason/],
    ["riskEventTypes_v2 eq 'x'", /riskEventTypes_v2, a collection; test its items with riskEventTypes_v2\/any\(x: x eq 'text'\)/],
    ["appliedConditionalAccessPolicies/result eq 'failure'", /through its collection: appliedConditionalAccessPolicies\/any\(x: x\/result eq/],
    ["location/any(l: l eq 'x')", /location, which is not a collection/],
    ["appliedConditionalAccessPolicies/any(p: p/nope eq 'x')", /unknown member 'nope' of appliedConditionalAccessPolicies; .*valid members: displayName, result/],
    ["createdDateTime gt null", /with null only with eq or ne/],
    ["userPrincipalName eq appDisplayName", /not two fields/],
  ])("refuses %s", (filter, message) => {
    expect(rejection("signIns_list", { filter }).message).toMatch(message);
  });
  it("refuses wrong argument types before compiling", () => {
    expect(rejection("alerts_list", { top: "10" }).message).toBe("top must be an integer between 1 and 1000 (got '10')");
    expect(rejection("alerts_list", { filter: 5 }).message).toBe("filter must be a string (got 5)");
    expect(rejection("alerts_update", { alertId: "a", status: "closed" }).message).toMatch(/^status must be one of: unknown, new, inProgress, resolved/);
  });
  it("checks select and orderby fields", () => {
    expect(rejection("alerts_list", { select: ["id", "severty"] }).message).toMatch(/select names unknown property 'severty'.*did you mean 'severity'/);
    expect(rejection("alerts_list", { orderby: ["description desc"] }).message).toMatch(/orderby cannot sort by description/);
    expect(rejection("alerts_list", { orderby: ["createdDateTime sideways"] }).message).toMatch(/must be "field" or "field asc\|desc"/);
    expect(rejection("alerts_list", { select: ["id,title"] }).message).toMatch(/select item 'id,title' is not a property name/);
  });
});

describe("size, unicode and control characters", () => {
  const mega = "a".repeat(1024 * 1024);
  it.each([
    ["filter", { filter: `title eq '${mega}'` }, "filter is too long (at most 4096 characters)"],
    ["search", { search: mega }, "search is too long (at most 1024 characters)"],
    ["where value", { where: [{ field: "title", op: "eq", value: mega }] }, "where/0/value is too long (at most 1024 characters)"],
  ])("refuses a 1 MB %s without echoing it", (_name, args, message) => {
    const e = rejection("alerts_list", args);
    expect(e.message).toBe(message);
  });
  it("refuses a 1 MB path key and body", () => {
    expect(rejection("alerts_get", { alertId: mega }).message).toBe("alertId is too long (at most 512 characters)");
    expect(rejection("alerts_comment_create", { alertId: "a", comment: mega }).message).toBe("comment is too long (at most 4000 characters)");
  });
  it("refuses deep nesting", () => {
    const deep = `${"(".repeat(40)}severity eq 'high'${")".repeat(40)}`;
    expect(rejection("alerts_list", { filter: deep }).message).toMatch(/nested too deeply/);
  });
  it("allows unicode in literals and encodes it", () => {
    const { request } = compile("alerts_list", { filter: "title eq '攻撃 🚨 ünïcödé'" });
    expect(new URL(request.url).searchParams.get("$filter")).toBe("title eq '攻撃 🚨 ünïcödé'");
  });
  it.each([
    ["NUL in a raw filter", "alerts_list", { filter: "title eq 'a\u0000'" }, /filter contains a control character \(U\+0000\)/],
    ["NUL in a structured value", "alerts_list", { where: [{ field: "title", op: "eq", value: "a\u0000" }] }, /where\/0\/value contains a control character \(U\+0000\)/],
    ["escape in a body", "alerts_comment_create", { alertId: "a", comment: "x\u001b[31m" }, /comment contains a control character \(U\+001B\)/],
    ["lone surrogate", "alerts_list", { search: "a\uD800b" }, /search contains invalid Unicode/],
    ["NUL in a list item", "riskyUsers_dismiss", { userIds: ["ok", "b\u0000"] }, /userIds\/1 contains a control character/],
  ])("refuses %s", (_name, op, args, message) => {
    expect(rejection(op, args).message).toMatch(message);
  });
});

describe("arguments and operations", () => {
  it("names close operations for an unknown one", () => {
    const e = rejection("alerts_lst", {});
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toBe("unknown operation 'alerts_lst'; did you mean alerts_list, alerts_get?");
  });
  it("names the valid arguments for an unknown one: only those tools/list publishes", () => {
    expect(rejection("alerts_list", { topp: 5 }).message).toBe("unknown argument 'topp'; did you mean 'top'? valid arguments: filter, orderby, select, top");
  });
  it("refuses non-object arguments", () => {
    expect(rejection("alerts_list", [1]).message).toBe("arguments must be a JSON object");
    expect(rejection("alerts_list", null).message).toBe("arguments must be a JSON object");
  });
  it("refuses a missing path key", () => {
    expect(rejection("alerts_get", {}).message).toMatch(/^missing required argument 'alertId'/);
  });
  it("refuses an update that changes nothing", () => {
    expect(rejection("alerts_update", { alertId: "a1" }).message).toBe(
      "alerts_update changes nothing without at least one of: status, classification, determination, assignedTo",
    );
  });
  it("refuses a bad structured op and an unknown key", () => {
    expect(rejection("alerts_list", { where: [{ field: "severity", op: "like", value: "x" }] }).message).toMatch(/^where\/0\/op must be one of: eq, ne/);
    expect(rejection("alerts_list", { where: [{ field: "severity", op: "eq", value: "high", negate: true }] }).message).toMatch(
      /^where\/0 has unknown key 'negate'; valid keys: field, op, value/,
    );
    expect(rejection("alerts_list", { where: [{ field: "severity", op: "eq", value: ["high"] }] }).message).toMatch(/takes one value, not a list; use op "in"/);
    expect(rejection("alerts_list", { where: [{ field: "severity", op: "any", value: "high" }] }).message).toMatch(/op "any" needs a collection field/);
  });
});
