/**
 * (operation, arguments) → the exact request. The first block spells URLs byte for byte to pin
 * the encoding; the table uses `query()` (encodeURIComponent per value) for readability.
 */
import { describe, expect, it } from "vitest";
import { prepareCall } from "../../src/graph/compile.js";
import { catalog, compile, GRAPH, NOW, query, validator } from "./support.js";

const ALERTS = `${GRAPH}/v1.0/security/alerts_v2`;
const SIGNINS = `${GRAPH}/v1.0/auditLogs/signIns`;
const RISKY = `${GRAPH}/v1.0/identityProtection/riskyUsers`;
const DETECTIONS = `${GRAPH}/v1.0/identityProtection/riskDetections`;
const GUID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("encoding, byte for byte", () => {
  it("keeps $ names literal, spaces as %20, quotes and parentheses as is", () => {
    expect(compile("alerts_list", { filter: "severity eq 'high'", top: 10 }).request.url).toBe(
      `${ALERTS}?$filter=severity%20eq%20%27high%27&$top=10`,
    );
  });
  it("encodes colons of date-times and commas of lists", () => {
    expect(compile("alerts_list", { filter: "createdDateTime ge 2026-11-20T12:00:00Z", select: ["id", "title"] }).request.url).toBe(
      `${ALERTS}?$filter=createdDateTime%20ge%202026-11-20T12%3A00%3A00Z&$select=id%2Ctitle`,
    );
  });
  it("quotes $search and encodes the quotes", () => {
    expect(compile("alerts_list", { search: "mimikatz" }).request.url).toBe(`${ALERTS}?$search=%22mimikatz%22`);
  });
  it("encodes unicode in literals as UTF-8", () => {
    expect(compile("signIns_list", { filter: "location/city eq 'Zürich'" }).request.url).toBe(
      `${SIGNINS}?$filter=location%2Fcity%20eq%20%27Z%C3%BCrich%27`,
    );
  });
  it("uses the given base URL without doubling slashes", () => {
    const r = prepareCall(catalog, validator, "alerts_get", { alertId: "a1" }, { baseUrl: "http://127.0.0.1:8080/", now: NOW });
    expect(r.request.url).toBe("http://127.0.0.1:8080/v1.0/security/alerts_v2/a1");
  });
});

interface Case {
  name: string;
  op: string;
  args: Record<string, unknown>;
  method?: string;
  url: string;
  body?: unknown;
}

const cases: Case[] = [
  // alerts_list: raw $filter, canonicalised
  { name: "no arguments", op: "alerts_list", args: {}, url: ALERTS },
  { name: "top only", op: "alerts_list", args: { top: 25 }, url: `${ALERTS}?$top=25` },
  { name: "enum in another case", op: "alerts_list", args: { filter: "severity eq 'High'" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high'" })}` },
  { name: "field in another case", op: "alerts_list", args: { filter: "Severity eq 'high'" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high'" })}` },
  { name: "offset date-time to UTC", op: "alerts_list", args: { filter: "createdDateTime ge 2026-11-20T12:00:00+02:00" }, url: `${ALERTS}?${query({ $filter: "createdDateTime ge 2026-11-20T10:00:00Z" })}` },
  { name: "quoted date to midnight UTC", op: "alerts_list", args: { filter: "createdDateTime ge '2026-11-20'" }, url: `${ALERTS}?${query({ $filter: "createdDateTime ge 2026-11-20T00:00:00Z" })}` },
  { name: "milliseconds kept when not zero", op: "alerts_list", args: { filter: "createdDateTime lt 2026-11-20T00:00:00.250Z" }, url: `${ALERTS}?${query({ $filter: "createdDateTime lt 2026-11-20T00:00:00.250Z" })}` },
  { name: "value on the left is flipped", op: "alerts_list", args: { filter: "2026-11-20T12:00:00Z le createdDateTime" }, url: `${ALERTS}?${query({ $filter: "createdDateTime ge 2026-11-20T12:00:00Z" })}` },
  { name: "enum on the left", op: "alerts_list", args: { filter: "'high' eq severity" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high'" })}` },
  { name: "in list spacing", op: "alerts_list", args: { filter: "status in ( 'new' , 'InProgress' )" }, url: `${ALERTS}?${query({ $filter: "status in ('new','inProgress')" })}` },
  { name: "or inside and keeps parentheses", op: "alerts_list", args: { filter: "(severity eq 'high' or severity eq 'medium') and status ne 'resolved'" }, url: `${ALERTS}?${query({ $filter: "(severity eq 'high' or severity eq 'medium') and status ne 'resolved'" })}` },
  { name: "redundant parentheses dropped", op: "alerts_list", args: { filter: "((severity eq 'high')) and (status eq 'new')" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high' and status eq 'new'" })}` },
  { name: "and binds tighter than or", op: "alerts_list", args: { filter: "severity eq 'high' or severity eq 'medium' and status eq 'new'" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high' or severity eq 'medium' and status eq 'new'" })}` },
  { name: "not of a comparison", op: "alerts_list", args: { filter: "not status eq 'resolved'" }, url: `${ALERTS}?${query({ $filter: "not (status eq 'resolved')" })}` },
  { name: "not of a function", op: "alerts_list", args: { filter: "not startswith(title, 'Suspicious')" }, url: `${ALERTS}?${query({ $filter: "not startswith(title,'Suspicious')" })}` },
  { name: "contains", op: "alerts_list", args: { filter: "contains(title,'mimikatz')" }, url: `${ALERTS}?${query({ $filter: "contains(title,'mimikatz')" })}` },
  { name: "keywords in capitals", op: "alerts_list", args: { filter: "severity EQ 'high' AND status NE 'resolved'" }, url: `${ALERTS}?${query({ $filter: "severity eq 'high' and status ne 'resolved'" })}` },
  { name: "any over a collection of objects", op: "alerts_list", args: { filter: "evidence/any(e: e/verdict eq 'Malicious')" }, url: `${ALERTS}?${query({ $filter: "evidence/any(e: e/verdict eq 'malicious')" })}` },
  { name: "any over a collection of strings", op: "alerts_list", args: { filter: "mitreTechniques/any(t:t eq 'T1059')" }, url: `${ALERTS}?${query({ $filter: "mitreTechniques/any(t: t eq 'T1059')" })}` },
  { name: "all with a nested or", op: "alerts_list", args: { filter: "evidence/all(e: e/remediationStatus eq 'blocked' or e/remediationStatus eq 'prevented')" }, url: `${ALERTS}?${query({ $filter: "evidence/all(e: e/remediationStatus eq 'blocked' or e/remediationStatus eq 'prevented')" })}` },
  { name: "quoted GUID on a guid field is unquoted", op: "alerts_list", args: { filter: `tenantId eq '${GUID.toUpperCase()}'` }, url: `${ALERTS}?${query({ $filter: `tenantId eq ${GUID}` })}` },
  { name: "bare GUID on a text field is quoted", op: "alerts_list", args: { filter: `incidentId eq ${GUID}` }, url: `${ALERTS}?${query({ $filter: `incidentId eq '${GUID}'` })}` },
  { name: "null", op: "alerts_list", args: { filter: "assignedTo eq null" }, url: `${ALERTS}?${query({ $filter: "assignedTo eq null" })}` },
  { name: "doubled quote survives", op: "alerts_list", args: { filter: "assignedTo eq 'o''brien@contoso.com'" }, url: `${ALERTS}?${query({ $filter: "assignedTo eq 'o''brien@contoso.com'" })}` },
  // structured filter
  { name: "where: enum and relative time", op: "alerts_list", args: { where: [{ field: "severity", op: "eq", value: "high" }, { field: "createdDateTime", op: "ge", value: "-P1D" }] }, url: `${ALERTS}?${query({ $filter: "severity eq 'high' and createdDateTime ge 2026-11-20T12:00:00Z" })}` },
  { name: "where: in list", op: "alerts_list", args: { where: [{ field: "status", op: "in", value: ["new", "inProgress"] }] }, url: `${ALERTS}?${query({ $filter: "status in ('new','inProgress')" })}` },
  { name: "where: startswith", op: "alerts_list", args: { where: [{ field: "title", op: "startswith", value: "Suspicious" }] }, url: `${ALERTS}?${query({ $filter: "startswith(title,'Suspicious')" })}` },
  { name: "filter with or, and-ed with where", op: "alerts_list", args: { filter: "severity eq 'high' or severity eq 'medium'", where: [{ field: "status", op: "ne", value: "resolved" }] }, url: `${ALERTS}?${query({ $filter: "(severity eq 'high' or severity eq 'medium') and status ne 'resolved'" })}` },
  { name: "where: member of a collection becomes any()", op: "alerts_list", args: { where: [{ field: "evidence/remediationStatus", op: "eq", value: "blocked" }] }, url: `${ALERTS}?${query({ $filter: "evidence/any(x: x/remediationStatus eq 'blocked')" })}` },
  // other options
  { name: "select", op: "alerts_list", args: { select: ["id", "title", "severity"] }, url: `${ALERTS}?${query({ $select: "id,title,severity" })}` },
  { name: "select in another case", op: "alerts_list", args: { select: ["ID", "createddatetime"] }, url: `${ALERTS}?${query({ $select: "id,createdDateTime" })}` },
  { name: "orderby with directions", op: "alerts_list", args: { orderby: ["createdDateTime DESC", "severity"] }, url: `${ALERTS}?${query({ $orderby: "createdDateTime desc,severity" })}` },
  { name: "search already quoted", op: "alerts_list", args: { search: '"mimikatz"' }, url: `${ALERTS}?${query({ $search: '"mimikatz"' })}` },
  { name: "search with inner quotes escaped", op: "alerts_list", args: { search: 'say "hi"' }, url: `${ALERTS}?${query({ $search: '"say \\"hi\\""' })}` },
  { name: "count true", op: "alerts_list", args: { count: true }, url: `${ALERTS}?$count=true` },
  { name: "count false is left out", op: "alerts_list", args: { count: false }, url: ALERTS },
  { name: "skip", op: "alerts_list", args: { skip: 20, top: 10 }, url: `${ALERTS}?$top=10&$skip=20` },
  {
    name: "every option in stable order",
    op: "alerts_list",
    args: { count: true, skip: 5, top: 50, orderby: ["createdDateTime desc"], select: ["id"], search: "x", filter: "severity eq 'low'" },
    url: `${ALERTS}?${query({ $filter: "severity eq 'low'", $search: '"x"', $select: "id", $orderby: "createdDateTime desc", $top: 50, $skip: 5, $count: "true" })}`,
  },
  // alerts_get: path keys
  { name: "Defender alert id", op: "alerts_get", args: { alertId: "da637578995287051192_756343937" }, url: `${ALERTS}/da637578995287051192_756343937` },
  { name: "GUID id with select", op: "alerts_get", args: { alertId: GUID, select: ["status"] }, url: `${ALERTS}/${GUID}?$select=status` },
  { name: "UPN-like id is encoded", op: "alerts_get", args: { alertId: "user@contoso.com" }, url: `${ALERTS}/user%40contoso.com` },
  { name: "spaces, unicode and query characters in an id are encoded", op: "alerts_get", args: { alertId: "ä b?c#d" }, url: `${ALERTS}/%C3%A4%20b%3Fc%23d` },
  { name: "dots inside an id are fine", op: "alerts_get", args: { alertId: "a..b" }, url: `${ALERTS}/a..b` },
  // writes: bodies
  { name: "update status and classification", op: "alerts_update", method: "PATCH", args: { alertId: "a1", status: "resolved", classification: "truePositive" }, url: `${ALERTS}/a1`, body: { status: "resolved", classification: "truePositive" } },
  { name: "update determination and owner", op: "alerts_update", method: "PATCH", args: { alertId: "a1", determination: "malware", assignedTo: "soc@contoso.com" }, url: `${ALERTS}/a1`, body: { determination: "malware", assignedTo: "soc@contoso.com" } },
  { name: "comment with body constant", op: "alerts_comment_create", method: "POST", args: { alertId: "a1", comment: "Escalated to tier 2." }, url: `${ALERTS}/a1/comments`, body: { comment: "Escalated to tier 2.", "@odata.type": "#microsoft.graph.security.alertComment" } },
  { name: "hunting query keeps newlines, wire names", op: "hunting_run_query", method: "POST", args: { query: "DeviceProcessEvents\n| where FileName =~ \"mimikatz.exe\"\n| take 10" }, url: `${GRAPH}/v1.0/security/microsoft.graph.security.runHuntingQuery`, body: { Query: "DeviceProcessEvents\n| where FileName =~ \"mimikatz.exe\"\n| take 10" } },
  { name: "hunting query with timespan", op: "hunting_run_query", method: "POST", args: { query: "AlertInfo | take 5", timespan: "P7D" }, url: `${GRAPH}/v1.0/security/microsoft.graph.security.runHuntingQuery`, body: { Query: "AlertInfo | take 5", Timespan: "P7D" } },
  { name: "dismiss risky users", op: "riskyUsers_dismiss", method: "POST", args: { userIds: [GUID, "b2"] }, url: `${RISKY}/dismiss`, body: { userIds: [GUID, "b2"] } },
  // other entities
  { name: "incidents with expand", op: "incidents_list", args: { filter: "status eq 'active'", expand: ["alerts"] }, url: `${GRAPH}/v1.0/security/incidents?${query({ $filter: "status eq 'active'", $expand: "alerts" })}` },
  { name: "risky users by level and state", op: "riskyUsers_list", args: { filter: "riskLevel eq 'high' and riskState eq 'atRisk'" }, url: `${RISKY}?${query({ $filter: "riskLevel eq 'high' and riskState eq 'atRisk'" })}` },
  { name: "where: quoted boolean", op: "riskyUsers_list", args: { where: [{ field: "isDeleted", op: "eq", value: "false" }] }, url: `${RISKY}?${query({ $filter: "isDeleted eq false" })}` },
  { name: "where: nested field and hours", op: "riskDetections_list", args: { where: [{ field: "location/city", op: "eq", value: "Paris" }, { field: "detectedDateTime", op: "ge", value: "-PT24H" }] }, url: `${DETECTIONS}?${query({ $filter: "location/city eq 'Paris' and detectedDateTime ge 2026-11-20T12:00:00Z" })}` },
  { name: "where: any with a list", op: "riskDetections_list", args: { where: [{ field: "tags", op: "any", value: ["a", "b"] }] }, url: `${DETECTIONS}?${query({ $filter: "tags/any(x: x in ('a','b'))" })}` },
  { name: "sign-ins: nested int and date", op: "signIns_list", args: { filter: "status/errorCode eq 50126 and createdDateTime ge 2026-11-20" }, url: `${SIGNINS}?${query({ $filter: "status/errorCode eq 50126 and createdDateTime ge 2026-11-20T00:00:00Z" })}` },
  { name: "sign-ins: where quoted int", op: "signIns_list", args: { where: [{ field: "status/errorCode", op: "ne", value: "0" }] }, url: `${SIGNINS}?${query({ $filter: "status/errorCode ne 0" })}` },
  { name: "sign-ins: policy result through a collection", op: "signIns_list", args: { where: [{ field: "appliedConditionalAccessPolicies/result", op: "eq", value: "failure" }] }, url: `${SIGNINS}?${query({ $filter: "appliedConditionalAccessPolicies/any(x: x/result eq 'failure')" })}` },
  { name: "sign-ins: startswith, orderby, top", op: "signIns_list", args: { filter: "startswith(userPrincipalName,'admin')", orderby: ["createdDateTime desc"], top: 50 }, url: `${SIGNINS}?${query({ $filter: "startswith(userPrincipalName,'admin')", $orderby: "createdDateTime desc", $top: 50 })}` },
  // function-style path with a quoted key, plain query parameter
  { name: "report period and plain query parameter", op: "reports_emailActivityUserDetail", args: { period: "D7", format: "application/json" }, url: `${GRAPH}/v1.0/reports/getEmailActivityUserDetail(period='D7')?format=application%2Fjson` },
  { name: "quote inside a quoted key is doubled", op: "reports_emailActivityUserDetail", args: { period: "D7')?x=1" }, url: `${GRAPH}/v1.0/reports/getEmailActivityUserDetail(period='D7'')%3Fx%3D1')` },
];

describe("compiler cases", () => {
  it("has at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases)("$op: $name", ({ op, args, method, url, body }) => {
    const { request } = compile(op, args);
    expect(request).toEqual({ method: method ?? "GET", url, body: body ?? null });
  });
});
