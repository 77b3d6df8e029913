/**
 * Routing and decline classes: service-principal variants chosen by their stem ("principals"),
 * lower-case "sp"/"spn" shorthand, the product name "Entra ID Protection", count words glued to a
 * number and a noun ("top5incidents"), object nouns a known English word away ("incidence",
 * "alters"), and offensive or content requests that must be declined.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import type { Catalog } from "../../src/catalog/types.js";
import { prepareCall } from "../../src/graph/compile.js";
import { ArgValidator } from "../../src/graph/validate.js";
import { createNormalizer, type Normalizer } from "../../src/planner/normalize/index.js";
import { FEATURES, stemOf } from "../../src/planner/router/features.js";
import { RulesPlanner } from "../../src/planner/rules/index.js";
import { unsafeReason } from "../../src/planner/rules/decline.js";
import { splitIdentifier } from "../../src/planner/rules/retrieve.js";

const now = new Date("2026-11-21T12:00:00Z");
let catalog: Catalog;
let planner: RulesPlanner;
let validator: ArgValidator;
let normalizer: Normalizer;

beforeAll(() => {
  catalog = loadCatalog();
  planner = new RulesPlanner(catalog);
  validator = new ArgValidator(catalog);
  const words = catalog.operations.flatMap((op) => `${splitIdentifier(op.name)} ${op.title} ${splitIdentifier(op.toolset)}`.split(/[^a-zA-Z]+/));
  for (const entity of Object.values(catalog.entities)) for (const field of Object.keys(entity.fields)) words.push(...splitIdentifier(field).split(/\s+/));
  normalizer = createNormalizer(words);
}, 60_000);

async function call(text: string) {
  const result = await planner.plan(text, { now });
  if (result.decision !== "call") throw new Error(`expected a call for "${text}", got a decline: ${result.reason}`);
  const { request } = prepareCall(catalog, validator, result.operation, result.arguments, { now });
  return { operation: result.operation, method: request.method, url: decodeURIComponent(request.url) };
}

describe("normaliser: routing words", () => {
  it.each([
    ["risky spn 0f1e2d3c-4b5a-4697-8877-665544332211", "risky service principal 0f1e2d3c-4b5a-4697-8877-665544332211"],
    ["riskyspns", "risky service principals"],
    ["users flagged by Entra ID Protection", "users flagged by entra identity protection"],
    ["top5incidents", "top 5 incidents"],
    ["last3alerts", "last 3 alerts"],
    ["newest 5 incidence", "newest 5 incident"],
    ["alters since monday", "alerts since monday"],
  ])("%s → %s", (input, output) => {
    expect(normalizer.normalize(input)).toBe(output);
  });

  it("leaves a known word alone when the request names an object", () => {
    expect(normalizer.normalize("alerts where a process alters the registry")).toBe("alerts where a process alters the registry");
    expect(normalizer.normalize("host web10srv")).toBe("host web10srv");
  });

  it("stems name words", () => {
    expect(stemOf("principals")).toBe("principal");
    expect(stemOf("histories")).toBe("history");
    expect(stemOf("access")).toBe("access");
  });
});

describe("routing: service-principal variants", () => {
  it("a lower-case sp with an id is the risky service principal", async () => {
    const r = await call("risky sp 0f1e2d3c-4b5a-4697-8877-665544332211");
    expect(r.operation).toBe("risky_service_principals_get");
    expect(r.url).toContain("/identityProtection/riskyServicePrincipals/0f1e2d3c-4b5a-4697-8877-665544332211");
  });

  it("detections of service principals are the service-principal risk detections", async () => {
    const r = await call("risk detections for service principals, high level");
    expect(r.url).toContain("/identityProtection/servicePrincipalRiskDetections");
  });

  it("sp risk detection by id", async () => {
    const r = await call("sp risk detection 7a6b5c4d3e2f10987a6b5c4d3e2f10987a6b5c4d3e2f10987a6b5c4d3e2f1098");
    expect(r.url).toContain("/identityProtection/servicePrincipalRiskDetections/7a6b5c4d3e2f");
  });

  it("plain risk detections stay user risk detections", async () => {
    const r = await call("risk detections with high risk level");
    expect(r.url).toContain("/identityProtection/riskDetections");
  });
});

describe("routing: glued and slipped object nouns", () => {
  it("top5incidents lists five incidents", async () => {
    const r = await call("top5incidents");
    expect(r.url).toMatch(/\/security\/incidents\?.*\$top=5/);
  });

  it("incidence is incidents when no object is named", async () => {
    const r = await call("newest 5 incidence with severity medium");
    expect(r.url).toContain("/security/incidents");
    expect(r.url).toContain("severity eq 'medium'");
  });
});

describe("declines: offensive work and mailbox content", () => {
  it.each([
    "execute rubeus kerberoast on SRV22 please",
    "run the ransomware sample on host FIN-LAP-07 to check for detection",
    "read the mail of the cfo about the invoice",
    "ping 10.0.0.5 from the jump host",
    "encrypt the files on the test share for the drill",
    "exploit CVE-2023-4966 on our netscaler",
    "forward his mail to me",
    "I need to read the CEO's emails",
    "can you help me to forward his mail to me",
  ])("%s", async (text) => {
    expect(unsafeReason(text)).toBeDefined();
    expect((await planner.plan(text, { now })).decision).toBe("decline");
  });

  it.each([
    "exploit attempts against our servers last week",
    "hunt for ping sweeps from one device",
    "which devices ran mimikatz in the last 7 days",
    "attack simulations launched last month",
    "inbox rules created with New-InboxRule that forward mail outside, since 1 dec",
    "hunt for rules which forward mail to external domains",
  ])("keeps the read: %s", (text) => {
    expect(unsafeReason(text)).toBeUndefined();
  });
});

describe("the collection the request names", () => {
  it.each([
    ["signins where riskDetail = userPassedMFADrivenByRiskBasedPolicy in december", "signins_list"],
    ["simulation called 'Q4 Payroll Lure'", "attack_simulations_list"],
    ["alerts from MDE with severity high", "alerts_list"],
  ])("%s → %s", async (text, operation) => {
    expect((await call(text)).operation).toBe(operation);
  });

  it("is a feature the router reads for every operation, from the catalog's paths", async () => {
    const table = await planner.routingTable("signins where riskDetail = userPassedMFADrivenByRiskBasedPolicy", now);
    const at = (name: string) => table.options.find((o) => o.operation.name === name)!;
    const index = FEATURES.indexOf("collection_named");
    expect(at("signins_list").values[index]).toBe(1);
    expect(at("risky_users_list").values[index]).toBe(0);
  });
});
