import { describe, expect, it } from "vitest";
import type { RequestExpectation } from "../../src/eval/cases.js";
import { normalizePath, scoreCase, type ActualRequest } from "../../src/eval/score.js";

const GRAPH = "https://graph.microsoft.com/v1.0";

function get(path: string, query: Record<string, string> = {}): ActualRequest {
  const qs = new URLSearchParams(query).toString();
  return { method: "GET", url: `${GRAPH}${path}${qs ? `?${qs}` : ""}`, body: null };
}

function post(path: string, body: unknown, method: ActualRequest["method"] = "POST"): ActualRequest {
  return { method, url: `${GRAPH}${path}`, body };
}

const alertsWith = (filter: string): RequestExpectation => ({ method: "GET", path: "/security/alerts_v2", query: { $filter: filter } });

describe("route", () => {
  it("ignores the version prefix, case and the microsoft.graph. action qualifier", () => {
    expect(normalizePath("/beta/Security/Alerts_V2/")).toBe("/security/alerts_v2");
    expect(normalizePath("/v1.0/identityProtection/riskyUsers/microsoft.graph.dismiss")).toBe("/identityprotection/riskyusers/dismiss");
    const hunt: RequestExpectation = { method: "POST", path: "/security/runHuntingQuery", body_match: { query: ["DeviceEvents"] } };
    const actual = post("/security/microsoft.graph.security.runHuntingQuery", { Query: "DeviceEvents | take 10" });
    expect(scoreCase(hunt, actual)).toEqual({ correct: true, routeCorrect: true, reasons: [] });
    expect(scoreCase(hunt, post("/security/microsoft.graph.security.runHunting", { Query: "DeviceEvents" })).correct).toBe(false);
  });

  it("compares URL-decoded path segments", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents/2972395" };
    expect(scoreCase(want, get("/security/incidents/2972395")).correct).toBe(true);
    const upn: RequestExpectation = { method: "GET", path: "/identityProtection/riskyUsers/a@contoso.com" };
    expect(scoreCase(upn, get("/identityProtection/riskyUsers/a%40contoso.com")).correct).toBe(true);
  });

  it("fails a request whose URL does not parse", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents" };
    expect(scoreCase(want, { method: "GET", url: "https://[graph", body: null })).toEqual({ correct: false, routeCorrect: false, reasons: ["the request URL does not parse: https://[graph"] });
  });

  it("fails a wrong method or path and says which route it got", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents" };
    const score = scoreCase(want, get("/security/alerts_v2"));
    expect(score).toMatchObject({ correct: false, routeCorrect: false });
    expect(score.reasons[0]).toMatch(/route is GET \/security\/alerts_v2/);
    expect(scoreCase(want, post("/security/incidents", {})).routeCorrect).toBe(false);
  });
});

describe("$filter", () => {
  it("ignores the order of conjuncts", () => {
    const want = alertsWith("severity eq 'high' and status eq 'new'");
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "status eq 'new' and severity eq 'high'" })).correct).toBe(true);
  });

  it("reads or and in as sets, and in as a chain of eq", () => {
    const want = alertsWith("severity in ('high', 'medium')");
    for (const filter of ["severity eq 'medium' or severity eq 'high'", "(severity eq 'high' or severity eq 'medium')", "severity in ('medium','high')"]) {
      expect(scoreCase(want, get("/security/alerts_v2", { $filter: filter })).correct, filter).toBe(true);
    }
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "severity eq 'high'" })).correct).toBe(false);
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "severity in ('high','medium','low')" })).correct).toBe(false);
  });

  it("treats gt as ge and lt as le against datetimes, not against numbers", () => {
    const want = alertsWith("createdDateTime ge 2026-11-20T12:00:00Z and createdDateTime lt 2026-11-21T12:00:00Z");
    const actual = get("/security/alerts_v2", { $filter: "createdDateTime gt 2026-11-20T12:00:00Z and createdDateTime le 2026-11-21T12:00:00Z" });
    expect(scoreCase(want, actual).correct).toBe(true);
    const numeric: RequestExpectation = { method: "GET", path: "/auditLogs/signIns", query: { $filter: "status/errorCode gt 0" } };
    expect(scoreCase(numeric, get("/auditLogs/signIns", { $filter: "status/errorCode ge 0" })).correct).toBe(false);
    expect(scoreCase(numeric, get("/auditLogs/signIns", { $filter: "status/errorCode gt 0" })).correct).toBe(true);
  });

  it("accepts a literal on the left of a comparison", () => {
    const want = alertsWith("createdDateTime ge 2026-11-20T12:00:00Z");
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "2026-11-20T12:00:00Z le createdDateTime" })).correct).toBe(true);
  });

  it("allows datetimes within the tolerance (one hour by default)", () => {
    const want = alertsWith("createdDateTime ge 2026-11-20T12:00:00Z");
    const at = (t: string) => get("/security/alerts_v2", { $filter: `createdDateTime ge ${t}` });
    expect(scoreCase(want, at("2026-11-20T12:59:00Z")).correct).toBe(true);
    expect(scoreCase(want, at("2026-11-20T11:00:00.000Z")).correct).toBe(true);
    expect(scoreCase(want, at("2026-11-20T13:00:01Z")).correct).toBe(false);
    expect(scoreCase(want, at("2026-11-20T12:59:00Z"), { datetimeToleranceMs: 60_000 }).correct).toBe(false);
    expect(scoreCase(want, at("2026-11-20T14:00:00+02:00")).correct).toBe(true);
  });

  it("compares string values without regard to case, but keeps literal kinds apart", () => {
    const want = alertsWith("assignedTo eq 'Ana.Lopez@Contoso.com'");
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "assignedTo eq 'ana.lopez@contoso.com'" })).correct).toBe(true);
    const dated = alertsWith("createdDateTime ge 2026-11-20T12:00:00Z");
    expect(scoreCase(dated, get("/security/alerts_v2", { $filter: "createdDateTime ge '2026-11-20T12:00:00Z'" })).correct).toBe(false);
  });

  it("fails a missing conjunct and an added one, naming each", () => {
    const want = alertsWith("severity eq 'high' and status eq 'new'");
    const score = scoreCase(want, get("/security/alerts_v2", { $filter: "severity eq 'high' and serviceSource eq 'microsoftDefenderForEndpoint'" }));
    expect(score.correct).toBe(false);
    expect(score.routeCorrect).toBe(true);
    expect(score.reasons).toEqual(["$filter lacks `status eq 'new'`", "$filter adds `serviceSource eq 'microsoftDefenderForEndpoint'`"]);
  });

  it("fails an invented $filter when none was expected", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents" };
    const score = scoreCase(want, get("/security/incidents", { $filter: "status eq 'active'" }));
    expect(score.correct).toBe(false);
    expect(score.reasons).toEqual(["unexpected query option $filter=status eq 'active'"]);
  });

  it("matches lambdas whatever their variable is called, and functions by their arguments", () => {
    const want = alertsWith("evidence/any(e: e/remediationStatus eq 'notFound') and startswith(title, 'Suspicious')");
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "startswith(title,'suspicious') and evidence/any(x:x/remediationStatus eq 'notfound')" })).correct).toBe(true);
    expect(scoreCase(want, get("/security/alerts_v2", { $filter: "startswith(title,'Malware') and evidence/any(x:x/remediationStatus eq 'notFound')" })).correct).toBe(false);
  });

  it("reports a $filter that does not parse", () => {
    const score = scoreCase(alertsWith("severity eq 'high'"), get("/security/alerts_v2", { $filter: "severity eq 'high" }));
    expect(score.correct).toBe(false);
    expect(score.reasons[0]).toMatch(/does not parse/);
  });
});

describe("other query options", () => {
  it("tolerates unrequested paging and shaping options but not others", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents" };
    const shaped = get("/security/incidents", { $top: "50", $select: "id", $count: "true", $orderby: "createdDateTime desc", $skip: "10", $expand: "alerts" });
    expect(scoreCase(want, shaped).correct).toBe(true);
    expect(scoreCase(want, get("/security/incidents", { $search: '"phish"' })).correct).toBe(false);
  });

  it("compares $select and $expand as sets, $top and $orderby exactly", () => {
    const want: RequestExpectation = { method: "GET", path: "/security/incidents", query: { $select: "id,status", $top: 5, $orderby: "createdDateTime desc" } };
    expect(scoreCase(want, get("/security/incidents", { $select: "status, id", $top: "5", $orderby: " createdDateTime desc" })).correct).toBe(true);
    expect(scoreCase(want, get("/security/incidents", { $select: "status,id,severity", $top: "5", $orderby: "createdDateTime desc" })).correct).toBe(false);
    expect(scoreCase(want, get("/security/incidents", { $select: "status,id", $top: "10", $orderby: "createdDateTime desc" })).reasons).toEqual(['$top is "10", expected "5"']);
    expect(scoreCase(want, get("/security/incidents", { $select: "status,id", $top: "5", $orderby: "createdDateTime asc" })).correct).toBe(false);
    expect(scoreCase(want, get("/security/incidents", { $select: "status,id" })).reasons).toEqual(["query lacks $top", "query lacks $orderby"]);
  });
});

describe("body", () => {
  const update: RequestExpectation = { method: "PATCH", path: "/security/alerts_v2/da637", body: { status: "resolved", classification: "truePositive" } };

  it("needs every expected key (any case) with an equal value and ignores extra keys", () => {
    expect(scoreCase(update, post("/security/alerts_v2/da637", { Status: "resolved", classification: "truePositive", determination: "malware" }, "PATCH")).correct).toBe(true);
    const wrong = scoreCase(update, post("/security/alerts_v2/da637", { status: "inProgress", classification: "truePositive" }, "PATCH"));
    expect(wrong.reasons).toEqual(['body.status is "inProgress", expected "resolved"']);
    expect(scoreCase(update, post("/security/alerts_v2/da637", { status: "resolved" }, "PATCH")).reasons).toEqual(['body lacks "classification"']);
    expect(scoreCase(update, post("/security/alerts_v2/da637", null, "PATCH")).correct).toBe(false);
  });

  it("compares lists as sets", () => {
    const dismiss: RequestExpectation = { method: "POST", path: "/identityProtection/riskyUsers/dismiss", body: { userIds: ["u1", "u2"] } };
    const path = "/identityProtection/riskyUsers/microsoft.graph.dismiss";
    expect(scoreCase(dismiss, post(path, { userIds: ["u2", "u1"] })).correct).toBe(true);
    expect(scoreCase(dismiss, post(path, { userIds: ["u1"] })).correct).toBe(false);
    expect(scoreCase(dismiss, post(path, { userIds: ["u1", "u2", "u3"] })).correct).toBe(false);
    expect(scoreCase(dismiss, post(path, { userIds: "u1,u2" })).correct).toBe(false);
  });

  it("compares GUIDs without regard to case, other strings exactly", () => {
    const confirm: RequestExpectation = { method: "POST", path: "/identityProtection/riskyUsers/confirmCompromised", body: { userIds: ["0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"] } };
    const path = "/identityProtection/riskyUsers/microsoft.graph.confirmCompromised";
    expect(scoreCase(confirm, post(path, { userIds: ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"] })).correct).toBe(true);
    const update: RequestExpectation = { method: "PATCH", path: "/security/incidents/1", body: { status: "resolved" } };
    expect(scoreCase(update, post("/security/incidents/1", { status: "Resolved" }, "PATCH")).correct).toBe(false);
  });

  it("body_match: every regex must match the field, case-insensitively", () => {
    const hunt: RequestExpectation = { method: "POST", path: "/security/runHuntingQuery", body_match: { query: ["DeviceProcessEvents", "mimikatz", "ago\\(7d\\)"] } };
    const path = "/security/microsoft.graph.security.runHuntingQuery";
    expect(scoreCase(hunt, post(path, { Query: "deviceprocessevents | where Timestamp > ago(7d) | where ProcessCommandLine has 'MIMIKATZ'" })).correct).toBe(true);
    const partial = scoreCase(hunt, post(path, { Query: "DeviceProcessEvents | where ProcessCommandLine has 'mimikatz'" }));
    expect(partial.reasons).toEqual(["body.query does not match /ago\\(7d\\)/i"]);
    expect(scoreCase(hunt, post(path, { timespan: "P7D" })).reasons).toEqual(['body lacks "query"']);
  });
});

describe("alternatives and declines", () => {
  const either = {
    any: [
      { method: "GET" as const, path: "/security/incidents", query: { $filter: "status eq 'active'" } },
      { method: "GET" as const, path: "/security/alerts_v2", query: { $filter: "status eq 'new'" } },
    ],
  };

  it("is correct when any alternative holds", () => {
    expect(scoreCase(either, get("/security/alerts_v2", { $filter: "status eq 'new'" })).correct).toBe(true);
    expect(scoreCase(either, get("/security/incidents", { $filter: "status eq 'active'" })).correct).toBe(true);
  });

  it("reports the closest alternative when none holds", () => {
    const score = scoreCase(either, get("/security/alerts_v2", { $filter: "status eq 'resolved'" }));
    expect(score).toMatchObject({ correct: false, routeCorrect: true });
    expect(score.reasons).toEqual(["$filter lacks `status eq 'new'`", "$filter adds `status eq 'resolved'`"]);
  });

  it("expect null is correct only when the planner declined", () => {
    expect(scoreCase(null, null)).toEqual({ correct: true, routeCorrect: true, reasons: [] });
    const called = scoreCase(null, post("/security/incidents/1", { status: "resolved" }, "PATCH"));
    expect(called.correct).toBe(false);
    expect(called.reasons[0]).toBe("expected a decline, got PATCH https://graph.microsoft.com/v1.0/security/incidents/1");
  });

  it("a decline fails a case that expects a request", () => {
    const score = scoreCase(either, null);
    expect(score).toMatchObject({ correct: false, routeCorrect: false });
    expect(score.reasons[0]).toMatch(/^declined, expected GET \/security\/incidents or GET \/security\/alerts_v2/);
  });
});
