import { describe, expect, it } from "vitest";
import { kqlChecker } from "../../../src/graph/kql/index.js";
import { generateHuntingQuery } from "../../../src/planner/rules/hunting.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const now = new Date("2026-11-26T12:00:00Z");
/** `normalised` is what the normaliser made of `original` (it splits glued words and repairs typos). */
const hunt = (original: string, normalised = original) => {
  const query = generateHuntingQuery(extractSlots(normalised, now, original));
  if (query === undefined) throw new Error(`no query for ${original}`);
  expect(kqlChecker().check(query), query).toEqual({ ok: true });
  return query;
};

describe("hunts for a technique named in general", () => {
  it("writes the technique's literals for credential dumping, ransomware precursors, WMIC, scanners, archives, ASR", () => {
    expect(hunt("credential dumping on all endpoints")).toMatch(/lsass[\s\S]*procdump[\s\S]*comsvcs/);
    expect(hunt("credentialdumping hunt lastweek", "credential dumping hunt last week")).toMatch(/ago\(7d\)[\s\S]*mimikatz/);
    expect(hunt("anyone stealing credentials on the DCs?")).toContain("lsass");
    expect(hunt("ransomware precursors: backup catalog wipe, recovery disabled")).toMatch(/vssadmin[\s\S]*wbadmin[\s\S]*bcdedit/);
    expect(hunt("wmic process call create against remote hosts")).toMatch(/wmic\.exe[\s\S]*"call"[\s\S]*"create"/);
    expect(hunt("a port scan tool like nmap or masscan on endpoints")).toMatch(/^DeviceProcessEvents[\s\S]*nmap/);
    expect(hunt("internal port scanning: one device connecting to 100+ internal IPs")).toMatch(/^DeviceNetworkEvents[\s\S]*dcount\(RemoteIP\)/);
    expect(hunt("archive staging with 7z or rar before exfil")).toMatch(/7z\.exe[\s\S]*rar\.exe/);
    expect(hunt("non-browser processes reading Login Data or key4.db")).toMatch(/^DeviceFileEvents[\s\S]*"key4\.db"/);
    expect(hunt("password resets in AD logged by MDI")).toMatch(/^IdentityDirectoryEvents[\s\S]*ActionType contains "password"/);
    expect(hunt("bitsadmin transfer jobs pulling from the internet")).toMatch(/^DeviceProcessEvents[\s\S]*bitsadmin/);
    expect(hunt("MFA fatigue: users with many denied push prompts")).toMatch(/^AADSignInEventsBeta[\s\S]*500121[\s\S]*by AccountUpn/);
    expect(hunt("ASR rule blocks for credential stealing from lsass")).toMatch(/^DeviceEvents[\s\S]*ActionType startswith "Asr"/);
    expect(hunt("DNS tunneling: long subdomain queries")).toMatch(/^DeviceEvents[\s\S]*DnsQueryResponse/);
    expect(hunt("devices where defender AV detected threat 'Trojan:Win32/Emotet'")).toMatch(/AntivirusDetection[\s\S]*Trojan:Win32\/Emotet/);
  });

  it("leaves specific techniques to their own rows", () => {
    expect(hunt("procdump against lsass")).toContain('ProcessCommandLine has_any ("lsass", "comsvcs", "MiniDump", "procdump")');
    expect(hunt("look for shadow copy deletion")).toMatch(/vssadmin[\s\S]*"delete", "resize"\)$/m);
    expect(hunt("DNS lookups for *.duckdns.org from endpoints")).toMatch(/^DeviceNetworkEvents[\s\S]*duckdns\.org/);
  });
});

describe("hunts keep the analyst's tool names and file types", () => {
  it("counts letters with digits as program names, not times or sizes", () => {
    expect(hunt("weird MFA prompts at 2am for anyone running w3wp")).not.toContain('"2am"');
  });

  it("puts back a tool name typo repair cut down to a word, not a typo it fixed", () => {
    expect(hunt("wscript or cscript running scripts", "script or script running scripts")).toContain('has_any ("wscript", "cscript")');
    expect(hunt("processes spawned by proces explorer", "processes spawned by process explorer")).not.toContain("proces\"");
  });

  it("reads 'hta files', 'aspx pages' as extensions and '.js/.vbs' as alternatives", () => {
    const aspx = hunt("aspx files written under inetpub");
    expect(aspx).toMatch(/^DeviceFileEvents\n/);
    expect(aspx).toContain('FileName endswith ".aspx"');
    expect(aspx).toContain('FolderPath contains "\\\\inetpub\\\\"');
    expect(hunt("hta files launched from outlook")).toContain('ProcessCommandLine contains ".hta"');
    expect(hunt("wscript executing .js/.vbs")).toContain('ProcessCommandLine contains ".js" or ProcessCommandLine contains ".vbs"');
    // Not a file type: "log files", "temp files" stay words.
    expect(hunt("cleared log files with wevtutil")).not.toContain('".log"');
  });

  it("hunts program names the id extractor took (RUNDLL32, 7-Zip) but not hosts", () => {
    expect(hunt("hunt for RUNDLL32 making network connections")).toMatch(/^DeviceNetworkEvents[\s\S]*InitiatingProcessFileName has "RUNDLL32"/);
    expect(hunt("every device with 7-Zip installed")).toMatch(/^DeviceTvmSoftwareInventory[\s\S]*SoftwareName contains "7-Zip"/);
    const host = hunt("alerts on device WS-FIN-0142");
    expect(host).toContain('DeviceName has "WS-FIN-0142"');
    expect(host).not.toMatch(/\* has "WS-FIN-0142"|Title/);
  });
});

describe("hunt tables from the request's topic", () => {
  it("files written, logons onto a host, sign-ins, a file's whereabouts", () => {
    expect(hunt("dll written to system32 by a non-installer process")).toMatch(/^DeviceFileEvents[\s\S]*FolderPath contains "\\\\System32\\\\"/);
    expect(hunt("who logged onto HR-LAP-0031 interactively")).toMatch(/^DeviceLogonEvents[\s\S]*HR-LAP-0031/);
    expect(hunt("which users signed in from 198.51.100.23")).toMatch(/^AADSignInEventsBeta[\s\S]*IPAddress == "198\.51\.100\.23"/);
    expect(hunt("where is file invoice_2026.iso on the machines")).toMatch(/^DeviceFileEvents[\s\S]*FileName =~ "invoice_2026\.iso"/);
    expect(hunt("files dropped into the Startup folder")).toContain("Start Menu\\\\Programs\\\\Startup");
  });

  it("device facts and inventory: addresses, certificates, installed software, severities, flags", () => {
    expect(hunt("device names that have public ip 203.0.113.77")).toMatch(/^DeviceInfo[\s\S]*PublicIP == "203\.0\.113\.77"/);
    expect(hunt("the IP address of KIOSK-LOBBY-2")).toMatch(/^DeviceNetworkInfo[\s\S]*KIOSK-LOBBY-2/);
    expect(hunt("certificates expiring in the next 60 days")).toMatch(/^DeviceTvmCertificateInfo\n\| where todatetime\(ExpirationDate\) < now\(\) \+ 60d/);
    expect(hunt("DeviceTvmSoftwareVulnerabilities: critical CVEs per device")).toMatch(/VulnerabilitySeverityLevel =~ "Critical"[\s\S]*by DeviceName/);
    expect(hunt("high severity alerts titled 'Suspicious PowerShell'")).toMatch(/^AlertInfo[\s\S]*Severity =~ "High"/);
    expect(hunt("internet-facing devices from DeviceInfo")).toContain("IsInternetFacing == true");
    // "high" alone is no severity.
    expect(hunt("processes with high privileges running psexec")).not.toContain("Severity");
  });

  it("tables for Teams messages, Graph API audit, mailbox access, service principal sign-ins", () => {
    expect(hunt("Teams messages with malicious URLs")).toMatch(/^MessageEvents\n/);
    // GraphApiAuditEvents keeps Timestamp as a string.
    expect(hunt("graph API audit: apps calling /users")).toMatch(/^GraphApiAuditEvents\n\| where todatetime\(Timestamp\) > ago\(30d\)/);
    expect(hunt("mailbox access via MailItemsAccessed")).toMatch(/^CloudAppEvents[\s\S]*MailItemsAccessed/);
    expect(hunt("service principal sign-ins from new IPs")).toMatch(/^AADSpnSignInEventsBeta\n/);
  });

  it("ports named without the word 'port' only for well-known services", () => {
    expect(hunt("a device connecting to many internal IPs on 445")).toContain("RemotePort == 445");
    expect(hunt("connections on 24 December to 10.1.2.3")).not.toContain("RemotePort");
  });
});

describe("hunt shapes and windows", () => {
  it("groups by a column named or a thing analysts group by", () => {
    expect(hunt("count of events per ActionType in DeviceEvents")).toContain("| summarize Count = count() by ActionType");
    expect(hunt("Entra sign-in events for failures grouped by IP")).toContain("by IPAddress");
    expect(hunt("top 20 senders of malware emails")).toMatch(/ThreatTypes has "Malware"[\s\S]*by SenderFromAddress\n\| top 20 by Count desc/);
    // "by" before a process is who did it, not a grouping.
    expect(hunt("files created by process cmd.exe")).not.toContain("summarize");
  });

  it("reads a bare length at the end as the window", () => {
    expect(hunt("w3wp.exe spawning a shell, 14 days")).toContain("ago(14d)");
    expect(hunt("mimikatz anywhere? filenames, command lines — 90 days")).toContain("ago(90d)");
    expect(hunt("mimikatz on 3 devices")).toContain("ago(30d)");
  });
});
