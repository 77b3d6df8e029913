import { describe, expect, it } from "vitest";
import { kqlChecker } from "../../../src/graph/kql/index.js";
import { TECHNIQUES } from "../../../src/planner/hunting/techniques.js";
import { generateHuntingQuery } from "../../../src/planner/rules/hunting.js";
import { extractSlots } from "../../../src/planner/slots/index.js";

const now = new Date("2026-11-26T12:00:00Z");
/** `normalised` is what the normaliser made of `original` (it splits glued words). */
const hunt = (original: string, normalised = original) => {
  const query = generateHuntingQuery(extractSlots(normalised, now, original));
  if (query === undefined) throw new Error(`no query for ${original}`);
  const verdict = kqlChecker().check(query);
  expect(verdict, query).toEqual({ ok: true });
  return query;
};

describe("technique table", () => {
  it("holds conditions and summaries the KQL checker accepts on their tables", () => {
    for (const technique of TECHNIQUES) {
      for (const [table, condition, summarize] of technique.hunts) {
        const query = [table, `| where ${condition}`, ...(summarize ? [summarize] : [])].join("\n");
        expect(kqlChecker().check(query), `${technique.attack} on ${table}`).toEqual({ ok: true });
      }
    }
  });

  it("has a table for every technique that chooses one", () => {
    for (const technique of TECHNIQUES) expect(technique.hunts.length, technique.attack).toBeGreaterThan(0);
  });
});

describe("generateHuntingQuery: tables", () => {
  it("hunts Entra sign-ins on AADSignInEventsBeta and device logons on DeviceLogonEvents", () => {
    const signIns = hunt("failed sign-ins for j.doe@contoso.com today");
    expect(signIns).toMatch(/^AADSignInEventsBeta\n/);
    expect(signIns).toContain('AccountUpn =~ "j.doe@contoso.com"');
    expect(signIns).toContain("ErrorCode != 0");
    expect(hunt("rdp logons to SRV-DC01 yesterday")).toMatch(/^DeviceLogonEvents[\s\S]*LogonType == "RemoteInteractive"[\s\S]*DeviceName has "SRV-DC01"/);
  });

  it("puts a technique on its table unless the request's topic is a table it is also hunted on", () => {
    expect(hunt("look for shadow copy deletion")).toMatch(/^DeviceProcessEvents[\s\S]*vssadmin/);
    expect(hunt("look for LSASS dumps written as .dmp files")).toMatch(/^DeviceFileEvents[\s\S]*FileName endswith "\.dmp"/);
    // "hklm" reads as the registry, but a hive saved with reg.exe is a process.
    expect(hunt("anyone dumping the SAM hive with reg save hklm\\sam?")).toMatch(/^DeviceProcessEvents[\s\S]*FileName =~ "reg.exe"/);
  });

  it("reads table names as analysts write them", () => {
    expect(hunt("identity query events with SAMR enumeration")).toMatch(/^IdentityQueryEvents[\s\S]*ActionType has "SAMR"/);
    expect(hunt("get the device info for host LAB-WIN11-07")).toMatch(/^DeviceInfo[\s\S]*DeviceName has "LAB-WIN11-07"/);
  });

  it("adds no time filter on inventory tables without Timestamp", () => {
    const query = hunt("vulnerable devices for CVE-2023-4863");
    expect(query).toMatch(/^DeviceTvmSoftwareVulnerabilities\n\| where CveId == "CVE-2023-4863"$/);
  });

  it("hunts alerts on AlertInfo by title and on AlertEvidence by entity", () => {
    expect(hunt("alerts with title starting with 'Suspicious PowerShell'")).toMatch(/^AlertInfo[\s\S]*Title startswith "Suspicious PowerShell"/);
    expect(hunt("alerts on device WS-FIN-0142 in the last 3 days")).toMatch(/^AlertEvidence[\s\S]*ago\(3d\)[\s\S]*DeviceName has "WS-FIN-0142"/);
  });
});

describe("generateHuntingQuery: conditions", () => {
  it("keeps the analyst's switches, paths, wildcards and lists", () => {
    expect(hunt("hunt: scheduled tasks created with schtasks /create")).toContain('ProcessCommandLine contains "/create"');
    expect(hunt("processes launched from C:\\Users\\Public in last 7d")).toContain('FolderPath startswith "C:\\\\Users\\\\Public"');
    expect(hunt("ransom note files (README*.txt / *DECRYPT*) created last 24h")).toContain('(FileName startswith "README" and FileName endswith ".txt") or FileName contains "DECRYPT"');
    expect(hunt("registry changes to HKLM\\SYSTEM\\CurrentControlSet\\Services")).toContain('RegistryKey contains "SYSTEM\\\\CurrentControlSet\\\\Services"');
  });

  it("puts a parent process on InitiatingProcessFileName", () => {
    const query = hunt("hunt for excel.exe spawning cmd.exe");
    expect(query).toContain('InitiatingProcessFileName =~ "excel.exe"');
    expect(query).toContain('FileName =~ "cmd.exe"');
    expect(query).not.toMatch(/\| where FileName =~ "excel\.exe"/);
  });

  it("excludes a range the analyst says to exclude", () => {
    expect(hunt("rdp logons from outside the 10.0.0.0/8 range")).toContain('not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"))');
  });

  it("matches the word the analyst typed glued, not the normaliser's split", () => {
    expect(hunt("hunt for nightmarespooler", "hunt for nightmare spooler")).toContain('ProcessCommandLine has "nightmarespooler"');
  });

  it("matches tool names and leaves ordinary words out when there is one", () => {
    const query = hunt("hunt for mshta executing remote hta files");
    expect(query).toContain('ProcessCommandLine has "mshta"');
    expect(query).not.toContain("remote");
  });

  it("does not AND two conditions one technique stands for", () => {
    const query = hunt("hunt for mimikatz variants: sekurlsa or kerberos::");
    expect(query.match(/\| where /g)).toHaveLength(2);
    expect(query).toContain("sekurlsa");
  });

  it("summarizes a technique seen only in aggregate unless the analyst asked for a shape", () => {
    expect(hunt("password spray against Entra accounts in the last day")).toMatch(/^AADSignInEventsBeta[\s\S]*\| summarize Accounts = dcount\(AccountUpn\)[^\n]* by IPAddress\n/);
    expect(hunt("password spray: failed sign-ins per account")).toMatch(/\| summarize Count = count\(\) by AccountUpn\n\| order by Count desc$/);
  });

  it("counts per device for 'top N devices by'", () => {
    expect(hunt("top 10 devices by number of AV detections this month")).toMatch(
      /^DeviceEvents[\s\S]*ActionType == "AntivirusDetection"\n\| summarize Count = count\(\) by DeviceName\n\| top 10 by Count desc$/,
    );
  });
});

describe("generateHuntingQuery: the schema's own names", () => {
  it("reads a column written by its name with a value, typed by the schema", () => {
    const q = hunt("DeviceLogonEvents with LogonType Network and IsLocalAdmin true on SRV-SQL-02, last 12h");
    expect(q).toContain('LogonType =~ "Network"');
    expect(q).toContain("IsLocalAdmin == true");
    expect(hunt("logons with RemotePort 3389 today")).toContain("RemotePort == 3389");
    expect(hunt("DeviceEvents where ActionType = 'AntivirusDetection' last 3 days")).toContain('ActionType =~ "AntivirusDetection"');
    // A word that is no value ("ActionType and …") adds nothing.
    expect(hunt("DeviceEvents ActionType and DeviceName for ws-7 today")).not.toContain("ActionType =~");
  });

  it("answers a question about a table's columns with getschema", () => {
    expect(hunt("which columns has DeviceLogonEvents table?")).toBe("DeviceLogonEvents\n| getschema");
    expect(hunt("show the schema of EmailEvents")).toBe("EmailEvents\n| getschema");
  });

  it("groups 'top N processes' by the process: the created one in process events, else the initiator", () => {
    expect(hunt("top 10 process by count on SRV-SQL02 today")).toContain("summarize Count = count() by FileName");
    expect(hunt("top 10 processes by connection count on ws-ops-221, last 24 hours")).toContain("by InitiatingProcessFileName");
  });
});

describe("generateHuntingQuery: ports", () => {
  it("takes every port of a list, and a port after a protocol is no count threshold", () => {
    expect(hunt("outbound connections on port 4444 or 3389 from WS-DEV-03 in the last 6 hours")).toContain("RemotePort in (4444, 3389)");
    const smb = hunt("smb over 445 from ws-2");
    expect(smb).toContain("RemotePort == 445");
    expect(smb).not.toContain("Count > 445");
  });
});
