import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/load.js";
import { createNormalizer, type Normalizer } from "../../src/planner/normalize/index.js";
import { splitIdentifier } from "../../src/planner/rules/retrieve.js";

let normalizer: Normalizer;
let words: string[] = [];

beforeAll(async () => {
  const catalog = loadCatalog();
  words = catalog.operations.flatMap((op) => `${splitIdentifier(op.name)} ${op.title} ${splitIdentifier(op.toolset)}`.split(/[^a-zA-Z]+/));
  for (const entity of Object.values(catalog.entities)) for (const field of Object.keys(entity.fields)) words.push(...splitIdentifier(field).split(/\s+/));
  normalizer = createNormalizer(words);
}, 60_000);

describe("normaliser", () => {
  it.each([
    ["open incs assigned to bob@contoso.com", "open incidents assigned to bob@contoso.com"],
    ["high sev alerts", "high severity alerts"],
    ["crit alerts on box WS-01", "critical alerts on device WS-01"],
    ["AAD sign-ins that failed CA", "entra sign-ins that failed conditional access"],
    ["alerts closed as FP yday", "alerts closed as false positive yesterday"],
    ["incs w/ sev hi assigned to nobody", "incidents with severity high assigned to nobody"],
    ["hi sev incidents", "high severity incidents"],
    ["alerts sev:med", "alerts severity medium"],
    ["FPalerts from MDI", "false positive alerts from MDI"],
    ["hi team, show alerts", "hi team, show alerts"],
  ])("expands SOC shorthand: %s", (input, output) => {
    expect(normalizer.normalize(input)).toBe(output);
  });

  it.each([
    ["Wie viele Alerts sind noch im Status new?", "how many Alerts are still im Status new?"],
    ["letzte 72 Stunden, Tabelle DeviceNetworkEvents", "last 72 hours, table DeviceNetworkEvents"],
    ["alertas de severidad alta de hoy", "alerts de severity high de today"],
    ["Incident 7781 zuweisen an lukas.becker@contoso.com bitte", "Incident 7781 assign to lukas.becker@contoso.com please"],
    ["zeig mir 'Delete user' Einträge von gestern", "show 'Delete user' entries from yesterday"],
    ["w ostatnich 30 dniach", "w last 30 days"],
    ["seit dem 1. Dezember", "since 1. december"],
  ])("reads other languages' request words as English, quoted values kept: %s", (input, output) => {
    expect(normalizer.normalize(input)).toBe(output);
  });

  it.each([
    "show the hierarchy of alerts from the solo admin",
    "sin of omission: alerts with a hat in the name",
    "alerts for MIT.edu users",
  ])("leaves English requests alone: %s", (input) => {
    expect(normalizer.normalize(input)).toBe(input);
  });

  it("splits words glued together when the parts are catalog or English words", () => {
    expect(normalizer.normalize("show highseverity alerts")).toBe("show high severity alerts");
    expect(normalizer.normalize("riskyusers at risk")).toBe("risky users at risk");
    // A prefix and its word are one word: "deactivate" is not "de activate".
    expect(normalizer.normalize("deactivate the indicator")).toBe("deactivate the indicator");
  });

  it.each([
    ["DNS lookups for evil.com", "DNS lookups for evil.com"],
    ["files dropped in temp", "files dropped in temp"],
    ["any new admins (net localgroup administrators /add)", "any new admins (net localgroup administrators /add)"],
    ["highsev alerts lastweek", "high severity alerts last week"],
  ])("keeps inflected words and command lines whole, still splits glued words: %s", (input, output) => {
    expect(normalizer.normalize(input)).toBe(output);
  });

  it("case-folds a shouted request but keeps identifiers and quoted text as written", () => {
    expect(normalizer.normalize("SHOW HIGH SEV ALERTS FOR DA637578995287051192_756343937")).toBe("show high severity alerts for DA637578995287051192_756343937");
    expect(normalizer.normalize("COMMENT 'INC CLOSED AS FP' ON ALERT 123")).toBe("comment 'INC CLOSED AS FP' on alert 123");
  });

  it("never splits a product name, and still counts it as a word it does not know (a tool term)", () => {
    expect(normalizer.normalize("sign-ins to sharepoint and onedrive")).toBe("sign-ins to sharepoint and onedrive");
    expect(normalizer.knows("powershell")).toBe(false);
  });

  it("splits words glued in camelCase but keeps the catalog's own identifiers", () => {
    const withIds = createNormalizer(words, [], new Set(["riskstate", "atrisk", "leakedcredentials", "devicelogonevents"]));
    expect(withIds.normalize("alertsNewHighMDE")).toBe("alerts New High MDE");
    expect(withIds.normalize("riskyusersHigh")).toBe("risky users High");
    expect(withIds.normalize("users with riskState atRisk")).toBe("users with riskState atRisk");
    expect(withIds.normalize("leakedCredentials detections")).toBe("leakedCredentials detections");
  });

  it("reads the verb a politeness word asks for in its base form", () => {
    expect(normalizer.normalize("please dismissing the risk of the user")).toBe("please dismiss the risk of the user");
    expect(normalizer.normalize("pls to closing incident 44, please setting status, please checking")).toBe("please close incident 44, please set status, please check");
    expect(normalizer.normalize("please assigning it to bob")).toBe("please assign it to bob");
  });

  it("leaves words it does not know alone instead of guessing", () => {
    expect(normalizer.normalize("hunt for mimikatz and rundll32 on devices")).toBe("hunt for mimikatz and rundll32 on devices");
    expect(normalizer.knows("mimikatz")).toBe(false);
    expect(normalizer.knows("severity")).toBe(true);
  });

  it("does not read lower-case words as two-letter acronyms", () => {
    expect(normalizer.normalize("ca policies")).toBe("ca policies");
    expect(normalizer.normalize("tp alerts")).toBe("tp alerts");
  });
});
