/**
 * The compiler against the generated catalog under tools/: the operations planners and evals use
 * most, plus a sweep that every operation compiles (or refuses) cleanly with its required keys.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgumentError } from "../../src/graph/types.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { GRAPH, NOW } from "./support.js";

const catalog = loadCatalog();
const validator = new ArgValidator(catalog);
const compile = (operation: string, args: unknown) => prepareCall(catalog, validator, operation, args, { now: NOW });
const filterOf = (url: string) => new URL(url).searchParams.get("$filter");

describe("generated catalog (tools/)", () => {
  it("lists high-severity alerts from the last day, raw or structured, to the same URL", () => {
    const raw = compile("alerts_list", { filter: "severity eq 'high' and createdDateTime ge 2026-11-20T12:00:00Z", top: 10 });
    const structured = compile("alerts_list", { where: [{ field: "severity", op: "eq", value: "high" }, { field: "createdDateTime", op: "ge", value: "-P1D" }], top: 10 });
    expect(raw.request).toEqual({
      method: "GET",
      url: `${GRAPH}/v1.0/security/alerts_v2?$filter=severity%20eq%20%27high%27%20and%20createdDateTime%20ge%202026-11-20T12%3A00%3A00Z&$top=10`,
      body: null,
    });
    expect(structured.request).toEqual(raw.request);
  });
  it("gets and updates an alert", () => {
    expect(compile("alerts_get", { alertId: "da637578995287051192_756343937" }).request.url).toBe(`${GRAPH}/v1.0/security/alerts_v2/da637578995287051192_756343937`);
    expect(compile("alerts_update", { alertId: "a1", status: "resolved", classification: "truePositive", determination: "malware" }).request).toEqual({
      method: "PATCH",
      url: `${GRAPH}/v1.0/security/alerts_v2/a1`,
      body: { status: "resolved", classification: "truePositive", determination: "malware" },
    });
  });
  it("comments on an alert with the @odata.type constant", () => {
    expect(compile("alerts_comment_create", { alertId: "a1", comment: "triaged" }).request.body).toEqual({
      comment: "triaged",
      "@odata.type": "#microsoft.graph.security.alertComment",
    });
  });
  it("lists active incidents with their alerts expanded (List incidents documents no $orderby)", () => {
    expect(compile("incidents_list", { filter: "status eq 'active'", expand: ["alerts"] }).request.url).toBe(
      `${GRAPH}/v1.0/security/incidents?$filter=status%20eq%20%27active%27&$expand=alerts`,
    );
    expect(() => compile("incidents_list", { orderby: ["createdDateTime desc"] })).toThrow(/incidents_list does not support orderby.*count \(\$count\), expand \(\$expand\), filter/);
  });
  it("runs a hunting query", () => {
    expect(compile("hunting_run_query", { query: "DeviceProcessEvents | where FileName =~ 'mimikatz.exe'", timespan: "P7D" }).request).toEqual({
      method: "POST",
      url: `${GRAPH}/v1.0/security/microsoft.graph.security.runHuntingQuery`,
      body: { query: "DeviceProcessEvents | where FileName =~ 'mimikatz.exe'", timespan: "P7D" },
    });
  });
  it("filters sign-ins on nested fields and risky users on enums", () => {
    expect(filterOf(compile("signins_list", { where: [{ field: "status/errorCode", op: "eq", value: 50126 }, { field: "location/city", op: "eq", value: "Zürich" }] }).request.url)).toBe(
      "status/errorCode eq 50126 and location/city eq 'Zürich'",
    );
    expect(filterOf(compile("risky_users_list", { filter: "riskLevel eq 'high' and riskState eq 'atRisk'" }).request.url)).toBe("riskLevel eq 'high' and riskState eq 'atRisk'");
    expect(compile("risky_users_dismiss", { userIds: ["u1"] }).request).toEqual({
      method: "POST",
      url: `${GRAPH}/v1.0/identityProtection/riskyUsers/microsoft.graph.dismiss`,
      body: { userIds: ["u1"] },
    });
  });
  it("reaches a collection inside a collection with nested lambdas (where the reference is silent)", () => {
    // incidents_alerts_list has no reference page, so the entity's own fields decide (with a warning);
    // List alerts_v2 documents $filter on eight top-level properties only, and evidence is not one.
    const done = compile("incidents_alerts_list", { incidentId: "1", where: [{ field: "evidence/roles", op: "any", value: "compromised" }] });
    expect(filterOf(done.request.url)).toBe("evidence/any(x: x/roles/any(y: y eq 'compromised'))");
    expect(done.warnings).toContain("the Graph reference does not say which query options incidents_alerts_list supports; Graph may refuse where");
    expect(filterOf(compile("incidents_alerts_list", { incidentId: "1", filter: "evidence/any(e: e/roles/any(r: r eq 'Compromised'))" }).request.url)).toBe("evidence/any(e: e/roles/any(r: r eq 'compromised'))");
    expect(() => compile("alerts_list", { filter: "evidence/any(e: e/roles/any(r: r eq 'compromised'))" })).toThrow(/cannot filter on evidence\/roles: the Graph reference documents \$filter for alerts_list only on assignedTo/);
  });
  it("names valid fields of the real entity for an unknown one", () => {
    expect(() => compile("alerts_list", { filter: "severity eq 'high' and sevrity eq 'low'" })).toThrow(/unknown field 'sevrity'.*did you mean 'severity'/);
  });

  it("compiles every operation with its required path keys, or refuses with an ArgumentError", () => {
    let compiled = 0;
    for (const op of catalog.operations) {
      const args = Object.fromEntries(op.params.filter((p) => p.required && p.in === "path").map((p) => [p.name, "id-1"]));
      try {
        const { request } = compile(op.name, args);
        expect(request.url.startsWith(`${GRAPH}/${op.version}/`)).toBe(true);
        expect(request.url).not.toMatch(/[{}]/);
        expect(request.method).toBe(op.method);
        compiled += 1;
      } catch (e) {
        // Operations with required body members cannot compile from path keys alone.
        expect(e).toBeInstanceOf(ArgumentError);
        expect((e as Error).message).toMatch(/^(missing required argument|.* changes nothing)/);
      }
    }
    expect(compiled).toBeGreaterThan(catalog.operations.length / 2);
  });
});
