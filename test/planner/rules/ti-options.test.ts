/**
 * Threat intelligence and MDI query options read from the catalog: the subject of a list that
 * only `$search` narrows (articles), a named profile with no kind filter from the word that
 * classifies it, `$expand` of a navigation property the request names, `$select` of the entity's
 * own field names, and one DNS name (eq) versus a domain's names (endswith).
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/catalog/load.js";
import { plannedCall, warmedRulesPlanner } from "../../support/rules-planner.js";

const catalog = loadCatalog();
const now = new Date("2026-11-21T12:00:00Z");
const planner = warmedRulesPlanner(catalog);

const call = (text: string) => plannedCall(planner, text, now);

describe("TI article and profile subjects", () => {
  it.each([
    ["TI articles about Qakbot", '$search="Qakbot"'],
    ["any threat intel article on scattered spider?", '$search="scattered spider"'],
    ["articles about CVE-2024-3400 exploitation", '$search="CVE-2024-3400"'],
    ["count TI articles mentioning ransomware", '$search="ransomware"'],
    ["Search the threat intel articles for Lumma.", '$search="Lumma"'],
    ["mdti articles on the Qakbot loader", '$search="Qakbot"'],
    ["how many MDTI articles mention Storm-0558?", '$search="Storm-0558"'],
    ["intel articles newest first, 10 of them, only about ransomware", '$search="ransomware"'],
    ["ti articles abt qakbot", '$search="qakbot"'],
    ["threat intel articles lumma stealer", '$search="lumma stealer"'],
  ])("%s", async (text, expected) => {
    const got = await call(text);
    expect(got).toContain("/security/threatIntelligence/articles");
    expect(got).toContain(expected);
  });

  it.each(["latest threat intelligence articles", "10 newest TI articles from this week", "threat intel articles from today", "TI articles published recently"])("no subject: %s", async (text) => {
    expect(await call(text)).not.toContain("$search");
  });

  it.each([
    ["tell me about the actor Storm-0558 from threat intel", '$search="Storm-0558"'],
    ["pull the MDTI actor write-up on Midnight Blizzard", '$search="Midnight Blizzard"'],
  ])("named profile without a kind filter: %s", async (text, expected) => {
    const got = await call(text);
    expect(got).toContain("/security/threatIntelligence/intelProfiles");
    expect(got).toContain(expected);
    expect(got).not.toContain("kind eq");
  });
});

describe("$expand and $select from the catalog", () => {
  it.each([
    ["ports of host 91.240.118.172 with the most recent ssl cert expanded", "$expand=mostRecentSslCertificate"],
    ["ports on 45.9.148.221 with the most recent ssl cert inline", "$expand=mostRecentSslCertificate"],
    ["host port 12ab34cd with its latest certificate", "$expand=mostRecentSslCertificate"],
    ["sensor 1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f with its health issues", "$expand=healthIssues"],
    ["threat articles on LockBit, just title and createdDateTime", "$select=title,createdDateTime"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });

  it.each(["ports of host 91.240.118.172", "get MDI sensor 2f3e4d5c-6b7a-4981-a2b3-c4d5e6f70812"])("nothing expanded: %s", async (text) => {
    const got = await call(text);
    expect(got).not.toContain("$expand");
    expect(got).not.toContain("$select");
  });
});

describe("$search on a property labelled by its own name", () => {
  it.each([
    ["ssl cert with sha1 2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d", '$search="sha1:2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d"'],
    ["search certificates by serial number 6995036355238373586", '$search="serialNumber:6995036355238373586"'],
    ["how many ssl certs in threat intel have the serial number 0a1b2c3d4e5f", '$search="serialNumber:0a1b2c3d4e5f"'],
    ["ssl certificates with subject organization 'Evil Corp Ltd'", '$search="subject/organizationName:Evil Corp Ltd"'],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });

  it.each(["TI ssl certificates, top 5"])("no search: %s", async (text) => {
    expect(await call(text)).not.toContain("$search");
  });
});

describe("MDI DNS names", () => {
  it.each([
    ["health issues for domain contoso.local", "domainNames/any(x: x eq 'contoso.local')"],
    ["health issues for the domain corp.contoso.com", "domainNames/any(x: x eq 'corp.contoso.com')"],
    ["health issues for domain controller DC01.corp.contoso.com (sensor DNS name)", "sensorDNSNames/any(x: x eq 'DC01.corp.contoso.com')"],
    ["health issues of the contoso.local domain still open", "domainNames/any(x: endswith(x,'contoso.local'))"],
    ["anything wrong with the sensors on *.fabrikam.com DCs? (health issues)", "sensorDNSNames/any(x: endswith(x,'fabrikam.com'))"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });
});

describe("a time field named in full: last seen / first seen", () => {
  it.each([
    ["pdns for 45.137.21.9, newest last seen first", "$orderby=lastSeenDateTime desc"],
    ["top 5 child pairs for cdn-static-assets.xyz by last seen", "$orderby=lastSeenDateTime desc"],
    ["parent host pairs for newyear-bonus-claim.com, most recently seen first", "$orderby=lastSeenDateTime desc"],
    ["passive dns for evil-cdn.net by first seen, oldest first", "$orderby=firstSeenDateTime asc"],
  ])("%s", async (text, expected) => {
    expect(await call(text)).toContain(expected);
  });
});
