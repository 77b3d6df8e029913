/**
 * Classes of wording read through the whole rules planner: non-native counts and times ("how much
 * alerts", "since morning"), a status change dated as an event ("closed yesterday" is the last
 * update), and a free-text category written in any case.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { plannedCall, warmedRulesPlanner } from "../../support/rules-planner.js";

const catalog = loadCatalog();
const now = new Date("2026-12-10T10:00:00Z");
const planner = warmedRulesPlanner(catalog);

const call = (text: string) => plannedCall(planner, text, now);

describe("non-native wording", () => {
  it.each([
    ["how much alerts we have new since 3 days?", "$count=true"],
    ["how much secure score controls exist?", "$count=true"],
    ["any new alerts from mdo since morning", "createdDateTime ge 2026-12-10T00:00:00Z"],
    ["mdo alerts TP phish since the 1st of month", "createdDateTime ge 2026-12-01T00:00:00Z"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });

  it("keeps 'how much' of an amount as it is", async () => {
    expect(await call("how much data was uploaded to dropbox from ws-7 today")).not.toContain("$count");
  });
});

describe("a status change dated as an event", () => {
  it.each([
    ["how many incidents were closed yesterday", "lastUpdateDateTime ge 2026-12-09T00:00:00Z"],
    ["INCIDENTS RESOLVED AS TRUE POSITIVE LAST MONTH", "lastUpdateDateTime ge 2026-11-01T00:00:00Z"],
    ["how many alerts got resolved today?", "lastUpdateDateTime ge 2026-12-10T00:00:00Z"],
    // Which objects, not when they changed: an adjective before the noun, or "created" said.
    ["resolved incidents this month, TP", "createdDateTime ge 2026-12-01T00:00:00Z"],
    ["fp incidents created last week that are resolved", "createdDateTime ge"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });
});

describe("secure score control categories", () => {
  it.each([
    ["device category controls in secure score", "controlCategory eq 'Device'"],
    ["securescore controls for data category", "controlCategory eq 'Data'"],
    ["improvement actions (control profiles) whose category is Identity", "controlCategory eq 'Identity'"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });

  it("reads no category from 'by category'", async () => {
    expect(await call("secure score controls by category")).not.toContain("controlCategory");
  });
});

describe("weak enum words next to the collection they qualify", () => {
  it.each([
    ["global payloads with technique link in attachment", "source eq 'global'"],
    ["payloads from the global library", "source eq 'global'"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });
});

describe("the user a directory change was made to", () => {
  it.each([
    ["who reset the password of tina.moreau@contoso.com? check the audit log", "targetResources/any(x: x/displayName eq 'tina.moreau@contoso.com')"],
    ["who touched the user object anna.kowalski@contoso.com? audit records targeting her", "targetResources/any(x: x/displayName eq 'anna.kowalski@contoso.com')"],
    // The one who acted stays on initiatedBy.
    ["audit logs initiated by bob@contoso.com this week", "initiatedBy/user/userPrincipalName eq 'bob@contoso.com'"],
    ["what did the service account svc-provision@contoso.com change since 1 December", "initiatedBy/user/userPrincipalName eq 'svc-provision@contoso.com'"],
    ["directory audits for grace@contoso.com", "initiatedBy/user/userPrincipalName eq 'grace@contoso.com'"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });
});
