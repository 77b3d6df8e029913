import { describe, expect, it } from "vitest";
import { extractIndicators } from "../../../src/planner/slots/indicators.js";

describe("extractIndicators", () => {
  it("finds Defender alert ids and GUIDs without confusing them", () => {
    const r = extractIndicators("compare da637578995287051192_756343937 with 3F2504E0-4F89-11D3-9A0C-0305E82C3301");
    expect(r.alertIds).toEqual(["da637578995287051192_756343937"]);
    // As written: Graph compares ids case-insensitively, but the analyst's spelling is kept.
    expect(r.guids).toEqual(["3F2504E0-4F89-11D3-9A0C-0305E82C3301"]);
    expect(r.ips).toEqual([]);
  });

  it("reads incident numbers only next to the word incident", () => {
    expect(extractIndicators("show incident #4521").incidentIds).toEqual(["4521"]);
    expect(extractIndicators("incident id: 77 please").incidentIds).toEqual(["77"]);
    expect(extractIndicators("incidents 12, 13 and 14").incidentIds).toEqual(["12", "13", "14"]);
    expect(extractIndicators("top 10 alerts from 2026").incidentIds).toEqual([]);
  });

  it("separates mailbox domains from domains the analyst named", () => {
    const r = extractIndicators("sign-ins for jdoe@contoso.com");
    expect(r.emails).toEqual(["jdoe@contoso.com"]);
    expect(r.domains).toEqual([]);
    const both = extractIndicators("mail from jdoe@contoso.com and traffic to contoso.com");
    expect(both.domains).toEqual(["contoso.com"]);
  });

  it("refangs defanged network indicators", () => {
    const r = extractIndicators("connections to 10.1.2.3, evil-domain[.]com or hxxps://bad.example.org/path");
    expect(r.ips).toEqual(["10.1.2.3"]);
    expect(r.urls).toEqual(["https://bad.example.org/path"]);
    expect(r.domains).toContain("evil-domain.com");
  });

  it("finds reserved test domains and their URLs and mailboxes", () => {
    const r = extractIndicators("clicks on hxxp://login-micros0ft.example/x from attacker@badmail.example via cdn[.]test");
    expect(r.urls).toEqual(["http://login-micros0ft.example/x"]);
    expect(r.emails).toEqual(["attacker@badmail.example"]);
    expect(r.domains).toEqual(expect.arrayContaining(["login-micros0ft.example", "cdn.test"]));
    expect(extractIndicators("see bad.example.org").domains).toEqual(["bad.example.org"]);
  });

  it("keeps identifier-shaped tokens as object ids but not tool names", () => {
    const r = extractIndicators("get secure score control AdminMFAV2 and snapshot contoso.onmicrosoft.com_2026-11-20 using rundll32");
    expect(r.objectIds).toEqual(["AdminMFAV2", "contoso.onmicrosoft.com_2026-11-20"]);
  });

  it("keeps a base64 id's padding, but not an '=' of key=value or of a non-base64 token", () => {
    expect(extractIndicators("intel profile indicator aW5kOmlwOjkxLjI0My41OS4xMg==").objectIds).toEqual(["aW5kOmlwOjkxLjI0My41OS4xMg=="]);
    expect(extractIndicators("component cGFuLW9zOjEwLjI= of CVE-2024-3400").objectIds).toEqual(["cGFuLW9zOjEwLjI="]);
    expect(extractIndicators("control id=AdminMFAV2").objectIds).toEqual(["AdminMFAV2"]);
    expect(extractIndicators("host WS-FIN-0142= please").objectIds).toEqual(["WS-FIN-0142"]);
  });

  it("leaves time shapes to the time reader, never as object ids", () => {
    for (const time of ["last24h", "past7d", "10am", "9:30pm", "8-10am", "08:00Z", "1st-5th"]) {
      expect(extractIndicators(`alerts on device WS-FIN-0142 ${time}`).objectIds, time).toEqual(["WS-FIN-0142"]);
    }
    expect(extractIndicators("get control ab12cd34").objectIds).toEqual(["ab12cd34"]);
  });

  it("finds IPv6 addresses", () => {
    expect(extractIndicators("traffic from 2001:db8::1").ips).toEqual(["2001:db8::1"]);
  });

  it("labels hashes by length", () => {
    const r = extractIndicators(
      "hashes 44d88612fea8a8f36de82e1278abb02f 3395856ce81f2b7382dee72602f798b642f14140 275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F",
    );
    expect(r.hashes.map((h) => h.algorithm).sort()).toEqual(["md5", "sha1", "sha256"]);
    expect(r.hashes.find((h) => h.algorithm === "sha256")?.value).toBe("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");
  });

  it("keeps file names out of domains", () => {
    const r = extractIndicators("was mimikatz.exe or invoice.docm seen");
    expect(r.fileNames).toEqual(["mimikatz.exe", "invoice.docm"]);
    expect(r.domains).toEqual([]);
  });

  it("finds device names after a noun or by their shape", () => {
    expect(extractIndicators("logons on device ws-fin-023").hosts).toEqual(["ws-fin-023"]);
    expect(extractIndicators("what happened on DESKTOP-7G2K1LQ").hosts).toEqual(["DESKTOP-7G2K1LQ"]);
    expect(extractIndicators("alerts about CVE-2021-44228 on the device with the most alerts").hosts).toEqual([]);
  });

  it("reads quoted strings but not apostrophes", () => {
    const r = extractIndicators(`yesterday's alerts titled "Suspicious PowerShell" or 'Mimikatz run'`);
    expect(r.quoted).toEqual(["Suspicious PowerShell", "Mimikatz run"]);
  });
});
