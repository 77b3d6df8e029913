import { beforeAll, describe, expect, it } from "vitest";
import type { StructuredCondition } from "../../../src/catalog/common-schemas.js";
import { loadCatalog } from "../../../src/catalog/load.js";
import type { Catalog } from "../../../src/catalog/types.js";
import { textFilters } from "../../../src/planner/rules/text-filters.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const now = new Date("2026-12-01T12:00:00Z");
let catalog: Catalog;

beforeAll(() => {
  catalog = loadCatalog();
});

/** The text conditions for `text` on the catalog entity `name` (without the "microsoft.graph." prefix). */
function where(name: string, text: string): StructuredCondition[] {
  const entity = catalog.entities[`microsoft.graph.${name}`];
  if (!entity) throw new Error(`no entity ${name}`);
  return textFilters(entity, catalog, extractSlots(text, now), { searchable: false }).where;
}

const eq = (field: string, value: StructuredCondition["value"]): StructuredCondition => ({ field, op: "eq", value });

describe("directory audit filters", () => {
  it("reads the activity from its description and puts the quoted group on the target", () => {
    expect(where("directoryAudit", "who added members to the 'Domain Admins-Cloud' group since Friday?")).toEqual([
      eq("activityDisplayName", "Add member to group"),
      eq("targetResources/displayName", "Domain Admins-Cloud"),
    ]);
  });

  it("takes a quoted activity name as the activity and a policy name as the target", () => {
    expect(where("directoryAudit", "WHO CHANGED THE CA POLICY 'Require MFA for admins' TODAY")).toEqual([
      eq("activityDisplayName", "Update conditional access policy"),
      eq("targetResources/displayName", "Require MFA for admins"),
    ]);
    expect(where("directoryAudit", "someone consented to a weird app called 'Mail Helper Pro'. Find the 'Consent to application' audit entries targeting it.")).toEqual([
      eq("activityDisplayName", "Consent to application"),
      eq("targetResources/displayName", "Mail Helper Pro"),
    ]);
  });

  it("puts a service name on loggedByService, never on the activity", () => {
    expect(where("directoryAudit", "directory audits from service 'Privileged Identity Management'")).toEqual([eq("loggedByService", "Privileged Identity Management")]);
    expect(where("directoryAudit", "PIM activations (loggedByService PIM)")).toEqual([eq("loggedByService", "Privileged Identity Management")]);
    expect(where("directoryAudit", "Self-service password reset activity")).toEqual([eq("loggedByService", "Self-service Password Management")]);
  });

  it("puts the acting app on initiatedBy, quoted or not", () => {
    expect(where("directoryAudit", "what did the app 'Azure AD Connect Sync' change?")).toEqual([eq("initiatedBy/app/displayName", "Azure AD Connect Sync")]);
    expect(where("directoryAudit", "any 'Add application' audit events from app Graph Explorer")).toEqual([
      eq("activityDisplayName", "Add application"),
      eq("initiatedBy/app/displayName", "Graph Explorer"),
    ]);
    expect(where("directoryAudit", "audits initiated by user display name 'Sync_AADCONNECT01'")).toEqual([eq("initiatedBy/user/displayName", "Sync_AADCONNECT01")]);
  });

  it("reads startswith on the field named before it and object ids as targets", () => {
    expect(where("directoryAudit", "audit events whose activity starts with 'Update'")).toEqual([{ field: "activityDisplayName", op: "startswith", value: "Update" }]);
    expect(where("directoryAudit", "audit records targeting display names beginning with 'Finance'")).toEqual([{ field: "targetResources/displayName", op: "startswith", value: "Finance" }]);
    expect(where("directoryAudit", "audit trail for UPNs beginning with 'ext-' (initiators)")).toEqual([{ field: "initiatedBy/user/userPrincipalName", op: "startswith", value: "ext-" }]);
    expect(where("directoryAudit", "changes on object id 9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a")).toEqual([eq("targetResources/id", "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a")]);
    expect(where("directoryAudit", "directory audit correlated to 3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a")).toEqual([eq("correlationId", "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a")]);
  });
});

describe("sign-in filters", () => {
  it("reads client apps, the conditional access outcome and error codes", () => {
    expect(where("signIn", "signins using legacy client Exchange ActiveSync")).toEqual([eq("clientAppUsed", "Exchange ActiveSync")]);
    expect(where("signIn", "sign-ins via POP3 legacy protocol")).toEqual([eq("clientAppUsed", "POP3")]);
    expect(where("signIn", "logins blocked by conditional access")).toEqual([eq("conditionalAccessStatus", "failure")]);
    expect(where("signIn", "signinlogs CAfailure past hour")).toEqual([eq("conditionalAccessStatus", "failure")]);
    expect(where("signIn", "sign-ins where conditional access wasn't applied")).toEqual([eq("conditionalAccessStatus", "notApplied")]);
    expect(where("signIn", "sign-ins with invalid username or password (50126)")).toEqual([eq("status/errorCode", 50126)]);
    expect(where("signIn", "locked out sign-ins today")).toEqual([eq("status/errorCode", 50053)]);
  });

  it("reads browser and operating system, and does not take a browser for an app", () => {
    expect(where("signIn", "Sign-ins from Windows 10 via Edge")).toEqual([
      { field: "deviceDetail/browser", op: "startswith", value: "Edge" },
      eq("deviceDetail/operatingSystem", "Windows 10"),
    ]);
    expect(where("signIn", "sign-ins from iOS (os starts with iOS)")).toEqual([{ field: "deviceDetail/operatingSystem", op: "startswith", value: "iOS" }]);
  });

  it("names apps as Entra does and reads several places as one `in`", () => {
    expect(where("signIn", "logins to SharePoint Online")).toEqual([eq("appDisplayName", "Office 365 SharePoint Online")]);
    expect(where("signIn", "sign-ins where CA was successful for app 'Workday'")).toEqual([eq("conditionalAccessStatus", "success"), eq("appDisplayName", "Workday")]);
    expect(where("signIn", "sign-ins from Iran or Russia")).toEqual([{ field: "location/countryOrRegion", op: "in", value: ["IR", "RU"] }]);
    expect(where("signIn", "sign-ins from the city of Moscow or St Petersburg")).toEqual([{ field: "location/city", op: "in", value: ["Moscow", "Saint Petersburg"] }]);
    expect(where("signIn", "sign-ins from state 'Bavaria'")).toEqual([eq("location/state", "Bavaria")]);
  });

  it("reads risk event types on sign-ins only as Graph spells them", () => {
    expect(where("signIn", "sign-ins riskEventTypes leakedCredentials")).toEqual([{ field: "riskEventTypes_v2", op: "any", value: "leakedCredentials" }]);
    expect(where("signIn", "sign-ins with IP starting with 10.200.")).toEqual([{ field: "ipAddress", op: "startswith", value: "10.200." }]);
  });
});

describe("provisioning filters", () => {
  it("puts systems and identities on the side the words name", () => {
    expect(where("provisioningObjectSummary", "provisioning: failures for target system 'Slack'")).toEqual([eq("targetSystem/displayName", "Slack")]);
    expect(where("provisioningObjectSummary", "successful provisioning updates for Slack")).toEqual([eq("servicePrincipal/displayName", "Slack"), eq("provisioningAction", "update")]);
    expect(where("provisioningObjectSummary", "show what the SuccessFactors provisioning job created today")).toEqual([
      eq("sourceSystem/displayName", "SuccessFactors"),
      eq("provisioningAction", "create"),
    ]);
    expect(where("provisioningObjectSummary", "prov logs for user 'Grace Hopper' target identity")).toEqual([eq("targetIdentity/displayName", "Grace Hopper")]);
    expect(where("provisioningObjectSummary", "provisioning records for target identity id 2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c")).toEqual([eq("targetIdentity/id", "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5b6c")]);
    expect(where("provisioningObjectSummary", "provisioning events in cycle 44576e58-a14b-40f5-8404-3d22bb46ed93")).toEqual([eq("cycleId", "44576e58-a14b-40f5-8404-3d22bb46ed93")]);
  });

  it("reads an enum value labelled by its field's name", () => {
    expect(where("provisioningObjectSummary", "provisioning 'other' actions")).toEqual([eq("provisioningAction", "other")]);
    expect(where("provisioningObjectSummary", "provisioning errors with category nonServiceFailure")).toEqual([eq("provisioningStatusInfo/errorInformation/errorCategory", "nonServiceFailure")]);
  });
});

describe("identity protection filters", () => {
  it("reads documented risk event types from Entra's names for them", () => {
    expect(where("riskDetection", "password spray detections")).toEqual([eq("riskEventType", "passwordSpray")]);
    expect(where("riskDetection", "attacker in the middle (AiTM) detections")).toEqual([eq("riskEventType", "attackerinTheMiddle")]);
    expect(where("riskDetection", "impossible travel risk detections")).toEqual([eq("riskEventType", "impossibleTravel")]);
    expect(where("servicePrincipalRiskDetection", "workload identity detections of suspicious sign-ins")).toEqual([eq("riskEventType", "suspiciousSignins")]);
  });

  it("keeps the event type's words out of the token issuer", () => {
    expect(where("riskDetection", "token issuer anomaly detections for ADFS federated users")).toEqual([eq("riskEventType", "tokenIssuerAnomaly")]);
    expect(where("riskDetection", "detections with ADFS MFA adapter tokens")).toEqual([eq("tokenIssuerType", "ADFederationServicesMFAAdapter")]);
  });

  it("reads risk detail, timing and labelled values", () => {
    expect(where("riskyUser", "risky users remediated by admin temporary password")).toEqual([eq("riskDetail", "adminGeneratedTemporaryPassword")]);
    expect(where("riskyUser", "risky users flagged adminConfirmedAccountSafe")).toEqual([eq("riskDetail", "adminConfirmedAccountSafe")]);
    expect(where("riskyServicePrincipal", "which workload identities were confirmed compromised by an admin? risk detail")).toEqual([eq("riskDetail", "adminConfirmedServicePrincipalCompromised")]);
    expect(where("riskDetection", "near realtime detections")).toEqual([eq("detectionTimingType", "nearRealtime")]);
    expect(where("riskDetection", "hidden-level risk detections")).toEqual([eq("riskLevel", "hidden")]);
    expect(where("riskyUser", "risky users not being processed yet (isProcessing true)")).toEqual([eq("isProcessing", true)]);
    expect(where("riskyServicePrincipal", "risky workload identity 'Backup-Automation'")).toEqual([eq("displayName", "Backup-Automation")]);
  });
});

describe("text filter results", () => {
  it("says a risk detail supersedes the risk state its words also spell, unless the state is named", () => {
    const entity = () => catalog.entities["microsoft.graph.riskyUser"]!;
    const read = (text: string) => textFilters(entity(), catalog, extractSlots(text, now), { searchable: false });
    expect(read("risky users that were remediated by secure password reset").supersedes).toEqual(["riskState"]);
    expect(read("risky users remediated by secure password reset, state remediated").supersedes).toBeUndefined();
    expect(read("high risk users").supersedes).toBeUndefined();
  });
});
