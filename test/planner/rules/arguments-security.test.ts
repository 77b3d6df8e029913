import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { assembleArguments } from "../../../src/planner/rules/arguments.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const catalog = loadCatalog();
const now = new Date("2026-12-10T12:00:00Z");

function args(operation: string, text: string): Record<string, unknown> {
  const op = catalog.operations.find((o) => o.name === operation);
  if (!op) throw new Error(`no operation ${operation} in the catalog`);
  const assembled = assembleArguments(op, extractSlots(text, now), catalog);
  if (!assembled.ok) throw new Error(assembled.reason);
  return assembled.arguments;
}

const fields = (a: Record<string, unknown>) => ((a.where ?? []) as { field: string }[]).map((w) => w.field);

describe("assembleArguments on the security namespace", () => {
  it("filters only fields the operation documents, and picks the time field among them", () => {
    const a = args("attack_simulations_list", "failed simulations this month");
    expect(a.where).toContainEqual({ field: "launchDateTime", op: "ge", value: "2026-12-01T00:00:00Z" });
    expect(fields(a)).not.toContain("createdDateTime");
  });

  it("reads 'updated since' as lastUpdateDateTime and a bare window as createdDateTime", () => {
    expect(fields(args("incidents_list", "incidents updated in the last 2 days"))).toContain("lastUpdateDateTime");
    expect(fields(args("incidents_list", "incidents from the last 2 days"))).toContain("createdDateTime");
  });

  it("asks for the count on 'how many', 'X count' and 'total'", () => {
    expect(args("incidents_list", "incident count, status in progress").count).toBe(true);
    expect(args("incidents_list", "total incidents resolved as phishing").count).toBe(true);
    expect(args("alerts_list", "high alerts today, just the list, I'll count").count).toBeUndefined();
  });

  it("expands alerts on incidents when asked", () => {
    expect(args("incidents_list", "list incidents and include their alert objects").expand).toEqual(["alerts"]);
  });

  it("filters assignedTo on an email next to 'assignedTo'", () => {
    expect(args("alerts_list", "alerts -> assignedTo tom.baker@contoso.com, status new").where).toContainEqual({ field: "assignedTo", op: "eq", value: "tom.baker@contoso.com" });
  });

  it("reads serviceSource product names and severity ranges", () => {
    const a = args("alerts_list", "medium or higher MDO alerts");
    expect(a.where).toContainEqual({ field: "serviceSource", op: "eq", value: "microsoftDefenderForOffice365" });
    expect(a.where).toContainEqual({ field: "severity", op: "in", value: ["medium", "high"] });
  });

  it("builds write bodies: every quoted tag, a comment only when one is asked, a new owner", () => {
    expect(args("incidents_update", "tag incident 1357 with 'phish-wave-dec' and 'mdo'")).toEqual({ incidentId: "1357", customTags: ["phish-wave-dec", "mdo"] });
    const resolved = args("incidents_update", "incident 1111: resolved, TP, apt. resolving comment: 'Nation-state actor'");
    expect(resolved).toMatchObject({ status: "resolved", classification: "truePositive", determination: "apt", resolvingComment: "Nation-state actor" });
    expect(resolved.customTags).toBeUndefined();
    expect(args("incidents_update", "Reassign incident 60606 to grace.ho@contoso.com please").assignedTo).toBe("grace.ho@contoso.com");
  });

  it("sets a state from its verb and a number after the field's name", () => {
    expect(args("mdi_health_issues_update", "suppress MDI issue 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a").status).toBe("suppressed");
    expect(args("ti_indicators_update", "set confidence 80 on indicator c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f").confidence).toBe(80);
  });

  it("reads boolean is-fields, DNS-name collections and a named string field", () => {
    expect(args("ti_indicators_list", "tiIndicators list, only active ones").where).toEqual([{ field: "isActive", op: "eq", value: true }]);
    expect(args("mdi_health_issues_list", "health issues of the contoso.local domain still open").where).toContainEqual({ field: "domainNames", op: "endswith", value: "contoso.local" });
    expect(args("secure_score_controls_list", "secure score control profiles for service 'AzureAD'").where).toEqual([{ field: "service", op: "eq", value: "AzureAD" }]);
  });

  it("searches the threat-intelligence property the text names", () => {
    expect(args("ti_ssl_certificates_list", "ssl certificates with subject organization 'Evil Corp Ltd'").search).toBe('"subject/organizationName:Evil Corp Ltd"');
    expect(args("ti_whois_records_list", "whois records search 'paypa1-verify.com'").search).toBe('"paypa1-verify.com"');
  });

  it("takes no enum word from the analyst's own story or from a state that says nobody acted", () => {
    const a = args("incidents_list", "I triaged the high ones. Can you list the remaining active incidents that are medium or low?");
    expect(a.where).toContainEqual({ field: "severity", op: "in", value: ["medium", "low"] });
    const untouched = args("alerts_list", "alerts from the last 2 days that nobody's touched yet");
    expect(fields(untouched)).toEqual(["status", "createdDateTime"]);
  });

  it("reads an email on an incident list as its owner unless the text is about a user", () => {
    expect(args("incidents_list", "INCIDENTS FOR DAVID.CHEN@CONTOSO.COM").where).toEqual([{ field: "assignedTo", op: "eq", value: "DAVID.CHEN@CONTOSO.COM" }]);
    expect(args("alerts_list", "alerts involving user bob@contoso.com").where).toBeUndefined();
  });

  it("searches a whois member by the value's kind", () => {
    expect(args("ti_whois_records_list", "whois records listing ns2.evil-dns.net as nameserver").search).toBe('"nameservers/host/id:ns2.evil-dns.net"');
  });

  it("sets the last value a write names that is not the state the object was in", () => {
    expect(args("alerts_update", "change alert da638700000000000010_10 status back to new, it was closed by mistake").status).toBe("new");
    expect(args("incidents_update", "put incident 8080 in redirected? no, in progress please").status).toBe("inProgress");
  });

  it("takes no enum word from a context sentence that names nothing listed", () => {
    const a = args("alerts_list", "FYI the pentest team was active Friday to Sunday. Show me alerts determined as security testing.");
    expect(a.where).toContainEqual({ field: "determination", op: "eq", value: "securityTesting" });
    expect(fields(a)).not.toContain("status");
  });

  it("reads a host name in a DNS-name collection as one item (in the analyst's spelling) and a domain as a suffix", () => {
    expect(args("mdi_health_issues_list", "health issues for DC01.corp.contoso.com (sensor DNS name)").where).toEqual([{ field: "sensorDNSNames", op: "eq", value: "DC01.corp.contoso.com" }]);
    expect(args("mdi_health_issues_list", "health issues on sensors of *.fabrikam.com").where).toContainEqual({ field: "sensorDNSNames", op: "endswith", value: "fabrikam.com" });
  });

  it("addresses a path parameter by its noun and never by another object's CVE", () => {
    expect(args("ti_vulnerabilities_get_component", "component 40283 of vulnerability CVE-2021-44228")).toEqual({ vulnerabilityId: "CVE-2021-44228", vulnerabilityComponentId: "40283" });
    expect(args("mdi_health_issues_update", "Please close health issue 7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f.").healthIssueId).toBe("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
  });

  it("opens a window with gt where the reference documents gt and lt but not ge", () => {
    const a = args("provisioning_list", "provisioning events from the last 2 days");
    expect(a.where).toContainEqual({ field: "activityDateTime", op: "gt", value: "2026-12-08T12:00:00Z" });
  });
});

