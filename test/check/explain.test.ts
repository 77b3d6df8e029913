/** The explanation: whole sentences written from the catalog and the parsed arguments. */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { humanTime } from "../../src/check/explain.js";
import { RequestChecker } from "../../src/check/index.js";

const checker = new RequestChecker(loadCatalog());
const explain = (method: string, url: string, body?: unknown) => checker.check({ method, url, body }).record.explanation;

describe("explanation", () => {
  it("writes times as a person reads them, in UTC", () => {
    expect(humanTime("2026-11-24T15:30:00Z")).toBe("24 Nov 2026 15:30 UTC");
    expect(humanTime("2026-01-02T03:04:05Z")).toBe("2 Jan 2026 03:04:05 UTC");
  });

  it.each([
    [
      "GET",
      "/v1.0/security/alerts_v2?$top=5&$filter=severity eq 'high' and createdDateTime ge 2026-11-24T15:30:00Z",
      undefined,
      "Lists up to 5 alerts where severity is high and created on or after 24 Nov 2026 15:30 UTC, with alerts_list on Graph v1.0. It only reads data.",
    ],
    [
      "GET",
      "/v1.0/auditLogs/signIns?$filter=status/errorCode eq 50126 or ipAddress eq '10.0.0.1'&$orderby=createdDateTime desc",
      undefined,
      "Lists sign-ins where status/error code is 50126 or ip address is '10.0.0.1', sorted by createdDateTime desc, with signins_list on Graph v1.0. It only reads data.",
    ],
    [
      "PATCH",
      "/v1.0/security/incidents/42",
      { status: "resolved", classification: "truePositive" },
      "Updates an incident (incidentId '42'), setting classification 'truePositive', status 'resolved', with incidents_update on Graph v1.0. It changes or deletes data in the tenant and is sent only after a person confirms it.",
    ],
    [
      "POST",
      "/v1.0/security/runHuntingQuery",
      { query: "DeviceProcessEvents\n| take 5", timespan: "P7D" },
      "Runs an advanced hunting query: 'DeviceProcessEvents | take 5' over P7D, with hunting_run_query on Graph v1.0. It only reads data.",
    ],
  ])("%s %s", (method, url, body, sentence) => {
    expect(explain(method, url, body)).toBe(sentence);
  });
});
