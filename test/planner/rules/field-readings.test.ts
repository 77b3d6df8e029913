/**
 * Fields read by their own names (fix-field-readings): sort keys ("sorted by display name"),
 * number comparisons ("confidence above 80"), plain boolean fields ("not deprecated",
 * "deleted users"), quoted names after an object's noun, and update values ("extend expiry to …",
 * "action alert instead of block"). Rows marked "unchanged" guard readings the fixes must keep.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { RulesPlanner } from "../../../src/planner/rules/index.js";
import { queryRows } from "../../support/query-rows.js";

const now = new Date("2026-11-21T12:00:00Z");
const { rows } = queryRows(now);

describe("a sort key named by its field's words", () => {
  rows([
    ["simulations with status scheduled, sorted by display name", "/security/attackSimulation/simulations?$filter=status eq 'scheduled'&$orderby=displayName asc"],
    ["built-in payloads for drive-by URL, top 10 by name", "/security/attackSimulation/payloads?$filter=source eq 'global' and technique eq 'driveByUrl'&$orderby=displayName asc&$top=10"],
    ["landing pages, order by name descending", "/security/attackSimulation/landingPages?$orderby=displayName desc"],
    ["simulations ordered by launch date, newest first", "/security/attackSimulation/simulations?$orderby=launchDateTime desc"],
    // unchanged: an order without a field sorts on the time field.
    ["directory audits, newest 15, sorted desc", "/auditLogs/directoryAudits?$orderby=activityDateTime desc&$top=15"],
  ]);
});

describe("a number field beside a comparison", () => {
  rows([
    ["top 25 TI indicators with confidence above 80", "/security/tiIndicators?$filter=confidence gt 80&$top=25"],
    ["which trainings are having less than 10 minutes of duration?", "/security/attackSimulation/trainings?$filter=durationInMinutes lt 10"],
    ["indicators with confidence at least 90", "/security/tiIndicators?$filter=confidence ge 90"],
    // unchanged: a number that is a count or a window is no comparison.
    ["top 5 trainings", "/security/attackSimulation/trainings?$top=5"],
  ]);
});

describe("boolean fields read from their adjective, negated", () => {
  rows([
    ["secure score controls for service EXO that aren't deprecated", "/security/secureScoreControlProfiles?$filter=deprecated eq false and service eq 'EXO'"],
    ["deprecated secure score controls", "/security/secureScoreControlProfiles?$filter=deprecated eq true"],
    ["deleted users that are still in the risky users list", "/identityProtection/riskyUsers?$filter=isDeleted eq true"],
    ["non-automated simulations", "/security/attackSimulation/simulations?$filter=isAutomated eq false"],
    // unchanged: without the adjective, no flag.
    ["risky users at high risk", "/identityProtection/riskyUsers?$filter=riskLevel eq 'high'"],
  ]);
});

describe("a quoted name after the object's noun", () => {
  rows([
    ["sim automation 'Quarterly Finance Phish' – find it", "/security/attackSimulation/simulationAutomations?$filter=displayName eq 'Quarterly Finance Phish'"],
    ["the landing page ‘HR Benefits 2027’ please", "/security/attackSimulation/landingPages?$filter=displayName eq 'HR Benefits 2027'"],
  ]);
});

describe("update values: a new expiry, the value replacing another", () => {
  let planner: RulesPlanner;
  beforeAll(() => {
    planner = new RulesPlanner(loadCatalog());
  });
  it.each([
    ["extend indicator 4c4c-9e9e-1010 expiry to 2027-03-31 and tag it 'isac-q1'", { expirationDateTime: "2027-03-31T00:00:00Z", tags: ["isac-q1"] }],
    ["extend expiry of ti indicator 0d9c8b7a-6f5e-4d3c-b2a1-9f8e7d6c5b4a until 2027-03-01T00:00:00Z", { expirationDateTime: "2027-03-01T00:00:00Z" }],
    ["change indicator 6f2a1b3c-9d8e-4f7a-b6c5-d4e3f2a1b0c9 to action alert instead of block", { action: "alert" }],
  ])("%s", async (text, body) => {
    const result = await planner.plan(text, { now });
    expect(result.decision === "call" && result.operation).toBe("ti_indicators_update");
    expect(result.decision === "call" && result.arguments).toMatchObject(body);
  });
  it("keeps the new status when the old one is named first (unchanged)", async () => {
    const result = await planner.plan("change incident 55 status from active to resolved", { now });
    expect(result.decision === "call" && result.arguments).toMatchObject({ status: "resolved" });
  });
});
