/**
 * Hand-written proposed requests — good ones in the forms people paste, subtly wrong ones and
 * dangerous ones — each with the verdict it must get and the words its problem sentence (or
 * explanation) must carry, so a refusal says what to change.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { RequestChecker } from "../../src/check/index.js";

const G = "https://graph.microsoft.com";
const checker = new RequestChecker(loadCatalog());
const local = new RequestChecker(loadCatalog(), { graphBaseUrl: "http://127.0.0.1:8080/graph" });

interface Case {
  kind: "good" | "wrong" | "dangerous";
  method: string;
  url: string;
  body?: unknown;
  verdict: "ok" | "refused";
  operation?: string | null;
  /** ok: matched against the explanation; refused: against the first problem. */
  says: RegExp;
  readOnly?: boolean;
  destructive?: boolean;
  checker?: RequestChecker;
}

const CASES: Record<string, Case> = {
  // Good: the forms people paste.
  "absolute v1.0 list with top": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?$top=5`, verdict: "ok", operation: "alerts_list", says: /^Lists up to 5 alerts/ },
  "raw filter with spaces and quotes": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?$top=5&$filter=severity eq 'high' and createdDateTime ge 2026-11-24T15:30:00Z`, verdict: "ok", operation: "alerts_list", says: /severity is high and created on or after 24 Nov 2026 15:30 UTC/ },
  "percent-encoded filter": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?%24filter=severity%20eq%20%27medium%27`, verdict: "ok", operation: "alerts_list", says: /severity is medium/ },
  "plus for spaces": { kind: "good", method: "GET", url: `${G}/v1.0/security/incidents?$filter=status+eq+'active'&$top=10`, verdict: "ok", operation: "incidents_list", says: /up to 10 incidents where status is active/ },
  "relative with version": { kind: "good", method: "GET", url: "/v1.0/security/incidents/123", verdict: "ok", operation: "incidents_get", says: /incidentId '123'/ },
  "relative without leading slash": { kind: "good", method: "get", url: "v1.0/security/incidents/123", verdict: "ok", operation: "incidents_get", says: /^Gets an incident/ },
  "relative without version": { kind: "good", method: "GET", url: "/security/secureScores?$top=1", verdict: "ok", operation: "secure_scores_list", says: /up to 1 secure scores/ },
  "trailing slash": { kind: "good", method: "GET", url: `${G}/v1.0/security/incidents/`, verdict: "ok", operation: "incidents_list", says: /^Lists incidents/ },
  "host in capitals": { kind: "good", method: "GET", url: "HTTPS://Graph.Microsoft.com/v1.0/security/incidents", verdict: "ok", operation: "incidents_list", says: /incidents/ },
  "segment case differs": { kind: "good", method: "GET", url: `${G}/v1.0/Security/Incidents`, verdict: "ok", operation: "incidents_list", says: /incidents/ },
  "option name in capitals": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?$TOP=3`, verdict: "ok", operation: "alerts_list", says: /up to 3 alerts/ },
  "hunting with namespace": { kind: "good", method: "POST", url: `${G}/v1.0/security/microsoft.graph.security.runHuntingQuery`, body: { query: "DeviceProcessEvents | take 5" }, verdict: "ok", operation: "hunting_run_query", says: /'DeviceProcessEvents \| take 5'/, readOnly: true },
  "hunting without namespace": { kind: "good", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: { query: "AlertInfo | take 10" }, verdict: "ok", operation: "hunting_run_query", says: /AlertInfo/ },
  "hunting body as JSON text": { kind: "good", method: "POST", url: "/v1.0/security/runHuntingQuery", body: '{"query":"DeviceLogonEvents | take 1","timespan":"P7D"}', verdict: "ok", operation: "hunting_run_query", says: /over P7D/ },
  "sign-ins since with startswith": { kind: "good", method: "GET", url: `${G}/v1.0/auditLogs/signIns?$filter=startswith(userPrincipalName,'adele') and createdDateTime ge 2026-11-01T00:00:00Z&$top=20`, verdict: "ok", operation: "signins_list", says: /user principal name starts with 'adele' and created on or after 1 Nov 2026 00:00 UTC/ },
  "count beside the items": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?$count=true&$top=1`, verdict: "ok", operation: "alerts_list", says: /with the total count/ },
  "in list": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=severity in ('high','medium')`, verdict: "ok", operation: "alerts_list", says: /severity is one of high, medium/ },
  "or inside and": { kind: "good", method: "GET", url: `${G}/v1.0/security/incidents?$filter=(severity eq 'high' or severity eq 'medium') and status eq 'active'`, verdict: "ok", operation: "incidents_list", says: /\(severity is high or severity is medium\) and status is active/ },
  "select and expand on a get": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts_v2/da123?$select=id,title`, verdict: "ok", operation: "alerts_get", says: /returning only id, title/ },
  "orderby documented": { kind: "good", method: "GET", url: `${G}/v1.0/auditLogs/signIns?$orderby=createdDateTime desc&$top=5`, verdict: "ok", operation: "signins_list", says: /sorted by createdDateTime desc/ },
  "beta operation in beta": { kind: "good", method: "GET", url: `${G}/beta/security/identities/sensors`, verdict: "ok", operation: "mdi_sensors_list", says: /Graph beta/ },
  "vulnerability component, two keys": { kind: "good", method: "GET", url: `${G}/v1.0/security/threatIntelligence/vulnerabilities/CVE-2021-44228/components/c1`, verdict: "ok", operation: "ti_vulnerabilities_get_component", says: /vulnerabilityId 'CVE-2021-44228', vulnerabilityComponentId 'c1'/ },
  "encoded key with a space": { kind: "good", method: "GET", url: `${G}/v1.0/security/threatIntelligence/hosts/contoso%20host`, verdict: "ok", operation: "ti_hosts_get", says: /hostId 'contoso host'/ },
  "risky users search": { kind: "good", method: "GET", url: `${G}/v1.0/identityProtection/riskyUsers?$top=3`, verdict: "ok", operation: "risky_users_list", says: /risky users/ },
  "legacy alerts with select and orderby": { kind: "good", method: "GET", url: `${G}/v1.0/security/alerts?$select=id,title&$orderby=createdDateTime desc`, verdict: "ok", operation: "alerts_legacy_list", says: /sorted by createdDateTime desc, returning only id, title/ },
  "local Graph root named by --graph-base-url": { kind: "good", method: "GET", url: "http://127.0.0.1:8080/graph/v1.0/security/incidents", verdict: "ok", operation: "incidents_list", says: /incidents/, checker: local },

  // Writes: valid, flagged as writes.
  "update an alert": { kind: "dangerous", method: "PATCH", url: `${G}/v1.0/security/alerts_v2/da123`, body: { status: "resolved", classification: "truePositive" }, verdict: "ok", operation: "alerts_update", says: /changes (or deletes )?data in the tenant/, readOnly: false },
  "comment with its @odata.type": { kind: "dangerous", method: "POST", url: `${G}/v1.0/security/alerts_v2/da123/comments`, body: { "@odata.type": "#microsoft.graph.security.alertComment", comment: "seen" }, verdict: "ok", operation: "alerts_comment_create", says: /comment 'seen'/, readOnly: false },
  "comment without @odata.type": { kind: "dangerous", method: "POST", url: `${G}/v1.0/security/alerts_v2/da123/comments`, body: { comment: "seen" }, verdict: "ok", operation: "alerts_comment_create", says: /comment/ },
  "dismiss risky users": { kind: "dangerous", method: "POST", url: `${G}/v1.0/identityProtection/riskyUsers/dismiss`, body: { userIds: ["0b5a4cb1-4c4a-4d3d-9f1a-b5d5a2f1c0aa"] }, verdict: "ok", operation: "risky_users_dismiss", says: /^Dismisses user risk/, readOnly: false },
  "confirm compromised with namespace": { kind: "dangerous", method: "POST", url: `${G}/v1.0/identityProtection/riskyUsers/microsoft.graph.confirmCompromised`, body: { userIds: ["0b5a4cb1-4c4a-4d3d-9f1a-b5d5a2f1c0aa"] }, verdict: "ok", operation: "risky_users_confirm_compromised", says: /changes/ },
  "delete an indicator": { kind: "dangerous", method: "DELETE", url: `${G}/beta/security/tiIndicators/ind-1`, verdict: "ok", operation: "ti_indicators_delete", says: /^Deletes .*deletes data/, readOnly: false, destructive: true },

  // Subtly wrong.
  "typo in the path": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alert_v2`, verdict: "refused", operation: null, says: /no documented operation has the path \/security\/alert_v2; closest: GET \/v1\.0\/security\/alerts_v2 \(alerts_list\)/ },
  "unknown resource": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/cases/ediscoveryCases`, verdict: "refused", operation: null, says: /no documented operation .*closest/ },
  "wrong method on a get": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/alerts_v2/da123`, verdict: "refused", says: /POST is not documented for \/security\/alerts_v2\/\{alertId\}; documented: GET \(alerts_get\), PATCH \(alerts_update\)/ },
  "PUT instead of PATCH": { kind: "wrong", method: "PUT", url: `${G}/v1.0/security/incidents/42`, body: { status: "resolved" }, verdict: "refused", says: /PUT is not documented .*PATCH \(incidents_update\)/ },
  "GET on an action": { kind: "wrong", method: "GET", url: `${G}/v1.0/identityProtection/riskyUsers/dismiss`, verdict: "refused", says: /GET is not documented .*POST \(risky_users_dismiss\)/ },
  "beta for a v1.0 operation": { kind: "wrong", method: "GET", url: `${G}/beta/security/alerts_v2`, verdict: "refused", operation: "alerts_list", says: /alerts_list is documented in v1\.0, not beta; use \/v1\.0\/security\/alerts_v2/ },
  "v1.0 for a beta operation": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/tiIndicators`, verdict: "refused", says: /documented in beta, not v1\.0/ },
  "a version that does not exist": { kind: "wrong", method: "GET", url: `${G}/v2.0/security/alerts_v2`, verdict: "refused", says: /'v2\.0' is not a Graph version; use v1\.0 or beta/ },
  "undocumented option": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$select=id`, verdict: "refused", operation: "alerts_list", says: /alerts_list does not support select \(\$select\).*count \(\$count\), filter \(\$filter\), skip \(\$skip\), top \(\$top\)/ },
  "undocumented orderby": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/incidents?$orderby=createdDateTime desc`, verdict: "refused", says: /incidents_list does not support orderby/ },
  "undocumented filter property": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=title eq 'x'`, verdict: "refused", says: /\$filter: cannot filter on title: .* only on assignedTo, classification, createdDateTime/ },
  "undocumented filter operator": { kind: "wrong", method: "GET", url: `${G}/v1.0/auditLogs/signIns?$filter=createdDateTime gt 2026-11-01T00:00:00Z`, verdict: "refused", says: /\$filter: cannot use gt on createdDateTime: .* only eq, ge, le/ },
  "unknown enum value": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=severity eq 'critical'`, verdict: "refused", says: /\$filter: value 'critical' is not allowed for severity; allowed: .*high/ },
  "unbalanced filter": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=(severity eq 'high'`, verdict: "refused", says: /\$filter: expected '\)' but found the end of the filter/ },
  "top above the limit": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$top=5000`, verdict: "refused", says: /top must be an integer between 1 and 1000/ },
  "top not a number": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$top=ten`, verdict: "refused", says: /\$top must be a whole number \(got 'ten'\)/ },
  "option repeated": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$top=5&$top=6`, verdict: "refused", says: /\$top appears twice/ },
  "option without its $": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?top=5`, verdict: "refused", says: /write the query option \$top, not top/ },
  "unknown query parameter": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?api-version=2024-01-01`, verdict: "refused", says: /takes no query parameter 'api-version'/ },
  "paging link pasted": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$skiptoken=abc`, verdict: "refused", says: /paging link/ },
  "/$count where $count=true is documented": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2/$count`, verdict: "refused", says: /\$count=true beside the items, not the \/\$count segment/ },
  "count as a word": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2?$count=yes`, verdict: "refused", says: /\$count must be true or false/ },
  "select of an unknown property": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/alerts_v2/da1?$select=titel`, verdict: "refused", says: /titel.*did you mean 'title'/ },
  "body on a GET": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/incidents`, body: { top: 5 }, verdict: "refused", says: /takes no request body/ },
  "unknown body member": { kind: "wrong", method: "PATCH", url: `${G}/v1.0/security/incidents/42`, body: { state: "resolved" }, verdict: "refused", says: /unknown member 'state'.*'status'/ },
  "invalid enum in the body": { kind: "wrong", method: "PATCH", url: `${G}/v1.0/security/alerts_v2/da1`, body: { status: "closed" }, verdict: "refused", says: /status must be one of/ },
  "empty PATCH": { kind: "wrong", method: "PATCH", url: `${G}/v1.0/security/incidents/42`, body: {}, verdict: "refused", says: /changes nothing without at least one of/ },
  "hunting without a query": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: {}, verdict: "refused", says: /missing required argument 'query'/ },
  "invalid KQL": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: { query: "DeviceProcessEvents | wher FileName == 'x'" }, verdict: "refused", says: /query is refused before sending \(syntax\): syntax error at line 1, column 23/ },
  "KQL on an unknown table": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: { query: "NoSuchTable | take 1" }, verdict: "refused", says: /NoSuchTable/ },
  "body that is a list": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: ["DeviceProcessEvents"], verdict: "refused", says: /must be a JSON object \(got a list\)/ },
  "wrong @odata.type": { kind: "wrong", method: "POST", url: `${G}/v1.0/security/alerts_v2/da1/comments`, body: { "@odata.type": "#microsoft.graph.user", comment: "x" }, verdict: "refused", says: /@odata\.type must be "#microsoft\.graph\.security\.alertComment"/ },
  "not an HTTP method": { kind: "wrong", method: "FETCH", url: `${G}/v1.0/security/incidents`, verdict: "refused", says: /the method is 'FETCH'; Graph operations use GET, POST, PATCH, PUT, DELETE/ },
  "empty segment": { kind: "wrong", method: "GET", url: `${G}/v1.0/security//incidents`, verdict: "refused", says: /empty segment/ },
  "fragment": { kind: "wrong", method: "GET", url: `${G}/v1.0/security/incidents#top`, verdict: "refused", says: /'#'.*%23/ },

  // Dangerous: refused, with the reason.
  "another host": { kind: "dangerous", method: "GET", url: "https://graph.microsoft.com.evil.example/v1.0/security/alerts_v2", verdict: "refused", says: /not to Microsoft Graph/ },
  "plain http to Graph": { kind: "dangerous", method: "GET", url: "http://graph.microsoft.com/v1.0/security/alerts_v2", verdict: "refused", says: /goes to http:\/\/graph\.microsoft\.com, not to Microsoft Graph/ },
  "user info in the host": { kind: "dangerous", method: "GET", url: "https://graph.microsoft.com@evil.example/v1.0/security/alerts_v2", verdict: "refused", says: /not to Microsoft Graph/ },
  "national cloud without --graph-base-url": { kind: "dangerous", method: "GET", url: "https://graph.microsoft.us/v1.0/security/alerts_v2", verdict: "refused", says: /--graph-base-url/ },
  "encoded traversal in a key": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/alerts_v2/..%2F..%2Fusers`, verdict: "refused", says: /alertId cannot contain '\/'/ },
  "dot-dot key": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/alerts_v2/..`, verdict: "refused", says: /alertId cannot be '\.\.'/ },
  "traversal out of the path": { kind: "dangerous", method: "DELETE", url: `${G}/v1.0/security/alerts_v2/../../users/42`, verdict: "refused", says: /no documented operation/ },
  "malformed percent-encoding": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=title eq '100%'`, verdict: "refused", says: /malformed percent-encoding/ },
  "bad escape in the path": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/incidents/%E0%A4%A`, verdict: "refused", says: /malformed percent-encoding/ },
  "filter that tries to close its literal": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=assignedTo eq 'a' or 1 eq 1`, verdict: "refused", says: /\$filter: must compare a field with a value/ },
  "control character in a key": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/incidents/4%0A2`, verdict: "refused", says: /control character/ },
  "line break in the URL": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/incidents\nHost: evil.example`, verdict: "refused", says: /control character/ },
  "a 1 MB URL": { kind: "dangerous", method: "GET", url: `${G}/v1.0/security/alerts_v2?$filter=${"a".repeat(1_048_576)}`, verdict: "refused", says: /the URL is \d+ characters long; at most 16384/ },
  "binary body": { kind: "dangerous", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: "\u0000\u0001PK\u0003\u0004", verdict: "refused", says: /binary data, not JSON/ },
  "body JSON that is not an object": { kind: "dangerous", method: "POST", url: `${G}/v1.0/security/runHuntingQuery`, body: "42", verdict: "refused", says: /must be a JSON object \(got number\)/ },
  "write with a hidden body member": { kind: "dangerous", method: "PATCH", url: `${G}/v1.0/security/incidents/42`, body: { status: "resolved", "@odata.id": "https://evil.example" }, verdict: "refused", says: /unknown member '@odata\.id'/ },
};

describe("hand-written proposed requests", () => {
  it("has at least 60 cases of each sort together, and some of every sort", () => {
    const kinds = Object.values(CASES).map((c) => c.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(60);
    for (const kind of ["good", "wrong", "dangerous"]) expect(kinds.filter((k) => k === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(CASES))("%s", (_label, c) => {
    const { record } = (c.checker ?? checker).check({ method: c.method, url: c.url, body: c.body });
    expect(record.verdict, JSON.stringify(record.problems)).toBe(c.verdict);
    if (c.operation !== undefined) expect(record.operation).toBe(c.operation);
    if (c.readOnly !== undefined) expect(record.readOnly).toBe(c.readOnly);
    if (c.destructive !== undefined) expect(record.destructive).toBe(c.destructive);
    if (c.verdict === "ok") {
      expect(record.problems).toEqual([]);
      expect(record.explanation).toMatch(c.says);
      // One or two sentences, and the request it stands for.
      expect(record.explanation.match(/\. /g)?.length ?? 0).toBeLessThanOrEqual(2);
      expect(record.request?.url.startsWith(c.checker ? "http://127.0.0.1:8080/graph/" : `${G}/`)).toBe(true);
    } else {
      expect(record.problems.length).toBeGreaterThan(0);
      expect(record.problems[0]).toMatch(c.says);
      expect(record.problems[0]!.length).toBeLessThan(600);
      expect(record.request).toBeUndefined();
    }
  });
});
