/**
 * KQL cases for the advanced-hunting check: hunts that must pass (written as an analyst would, over
 * many tables) and queries that must be refused, each with the refusal class and what the sentence
 * must say. Written by hand against the documented columns, not derived from the checker's output.
 */
import type { KqlRefusal } from "../../../src/graph/kql/index.js";

export interface ValidCase {
  id: string;
  /** Tables the hunt reads (counted for the "≥ 15 tables" goal). */
  tables: string[];
  query: string;
}

export interface InvalidCase {
  id: string;
  kind: KqlRefusal;
  query: string;
  /** Must match the refusal sentence (e.g. the close-match suggestion). */
  says: RegExp;
}

export const VALID: ValidCase[] = [
  { id: "process-mimikatz", tables: ["DeviceProcessEvents"], query: 'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "mimikatz.exe" or ProcessCommandLine has "sekurlsa"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine' },
  { id: "encoded-powershell", tables: ["DeviceProcessEvents"], query: 'DeviceProcessEvents | where Timestamp between (datetime(2026-11-01) .. datetime(2026-11-08)) | where FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine contains "-enc" | summarize count() by DeviceName | top 10 by count_' },
  { id: "network-rare-port", tables: ["DeviceNetworkEvents"], query: "DeviceNetworkEvents | where Timestamp > ago(1d) and RemotePort in (4444, 1337) | project Timestamp, DeviceName, RemoteIP, RemotePort, InitiatingProcessFileName" },
  { id: "file-dropped-exe", tables: ["DeviceFileEvents"], query: 'DeviceFileEvents | where ActionType == "FileCreated" and FolderPath startswith @"C:\\Users\\Public" and FileName endswith ".exe" | project Timestamp, DeviceId, SHA1, FileOriginUrl' },
  { id: "registry-run-key", tables: ["DeviceRegistryEvents"], query: 'DeviceRegistryEvents | where RegistryKey has @"\\CurrentVersion\\Run" and ActionType == "RegistryValueSet" | summarize arg_max(Timestamp, *) by DeviceId, RegistryValueName' },
  { id: "logon-failures", tables: ["DeviceLogonEvents"], query: 'DeviceLogonEvents | where ActionType == "LogonFailed" and Timestamp > ago(1h) | summarize Failures = count() by AccountName, RemoteIP | where Failures > 20' },
  { id: "image-load-unsigned", tables: ["DeviceImageLoadEvents"], query: 'DeviceImageLoadEvents | where FileName =~ "comsvcs.dll" | project Timestamp, DeviceName, InitiatingProcessFileName, InitiatingProcessCommandLine' },
  { id: "device-info-latest", tables: ["DeviceInfo"], query: 'DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId | where OSPlatform startswith "Windows" and IsInternetFacing == true | project DeviceName, OSVersion, PublicIP' },
  { id: "device-events-asr", tables: ["DeviceEvents"], query: 'DeviceEvents | where ActionType startswith "Asr" | extend Fields = parse_json(AdditionalFields) | project Timestamp, DeviceName, ActionType, FileName, Fields' },
  { id: "email-phish-subject", tables: ["EmailEvents"], query: 'EmailEvents | where Timestamp > ago(3d) and ThreatTypes has "Phish" and Subject contains "invoice" | project NetworkMessageId, SenderFromAddress, RecipientEmailAddress, DeliveryAction' },
  { id: "email-attachment-join", tables: ["EmailEvents", "EmailAttachmentInfo"], query: 'EmailAttachmentInfo | where FileType in ("docm", "xlsm") | join kind=inner (EmailEvents | where EmailDirection == "Inbound") on NetworkMessageId | project Timestamp, SenderFromAddress, FileName, SHA256' },
  { id: "email-url-click", tables: ["EmailUrlInfo", "UrlClickEvents"], query: 'EmailUrlInfo | where UrlDomain has "login" | join kind=inner (UrlClickEvents | where IsClickedThrough) on NetworkMessageId | project Timestamp, AccountUpn, Url, UrlDomain' },
  { id: "post-delivery-zap", tables: ["EmailPostDeliveryEvents"], query: 'EmailPostDeliveryEvents | where ActionType in ("Phish ZAP", "Malware ZAP") and ActionResult == "Success" | summarize count() by bin(Timestamp, 1h)' },
  { id: "identity-logon-spray", tables: ["IdentityLogonEvents"], query: 'IdentityLogonEvents | where Timestamp > ago(1d) and ActionType == "LogonFailed" | summarize Accounts = dcount(AccountUpn) by IPAddress | where Accounts > 10' },
  { id: "identity-query-recon", tables: ["IdentityQueryEvents"], query: 'IdentityQueryEvents | where QueryType in ("EnumerateUsers", "QueryGroup") | summarize make_set(QueryTarget) by DeviceName, bin(Timestamp, 1d)' },
  { id: "identity-directory-changes", tables: ["IdentityDirectoryEvents"], query: 'IdentityDirectoryEvents | where ActionType == "Group Membership changed" | extend ToGroup = tostring(AdditionalFields["TO.GROUP"]) | project Timestamp, TargetAccountUpn, ToGroup' },
  { id: "identity-info-department", tables: ["IdentityInfo"], query: 'IdentityInfo | where Department has "Finance" and IsAccountEnabled | distinct AccountUpn, JobTitle' },
  { id: "cloud-app-mass-download", tables: ["CloudAppEvents"], query: 'CloudAppEvents | where ActionType == "FileDownloaded" and Timestamp > ago(1d) | summarize Downloads = count() by AccountObjectId, Application | where Downloads > 500' },
  { id: "alerts-by-technique", tables: ["AlertInfo", "AlertEvidence"], query: 'AlertInfo | where Severity == "High" and AttackTechniques has "T1059" | join kind=inner (AlertEvidence | where EntityType == "Machine") on AlertId | project Timestamp, Title, DeviceName' },
  { id: "entra-signin-risky", tables: ["EntraIdSignInEvents"], query: 'EntraIdSignInEvents | where RiskLevelAggregated >= 50 and ErrorCode == 0 | project Timestamp, AccountUpn, IPAddress, Country, Application' },
  { id: "aad-spn-signin", tables: ["AADSpnSignInEventsBeta"], query: "AADSpnSignInEventsBeta | where IsManagedIdentity == false and ErrorCode != 0 | summarize count() by ServicePrincipalName" },
  { id: "tvm-critical-cves", tables: ["DeviceTvmSoftwareVulnerabilities", "DeviceTvmSoftwareVulnerabilitiesKB"], query: 'DeviceTvmSoftwareVulnerabilities | where VulnerabilitySeverityLevel == "Critical" | join kind=leftouter (DeviceTvmSoftwareVulnerabilitiesKB | project CveId, IsExploitAvailable) on CveId | where IsExploitAvailable | summarize Devices = dcount(DeviceId) by CveId' },
  { id: "let-and-union", tables: ["DeviceProcessEvents", "DeviceNetworkEvents"], query: 'let suspicious = dynamic(["rclone.exe", "mega.exe"]);\nlet window = 2d;\nunion (DeviceProcessEvents | where Timestamp > ago(window) and FileName in~ (suspicious) | project Timestamp, DeviceId, Name = FileName), (DeviceNetworkEvents | where Timestamp > ago(window) and InitiatingProcessFileName in~ (suspicious) | project Timestamp, DeviceId, Name = InitiatingProcessFileName)' },
  { id: "oauth-app-privileged", tables: ["OAuthAppInfo"], query: 'OAuthAppInfo | where PrivilegeLevel == "High" and AppStatus == "Enabled" | project AppName, OAuthAppId, ConsentedUsersCount' },
  { id: "bag-unpack-plugin", tables: ["CloudAuditEvents"], query: 'CloudAuditEvents | where OperationName startswith "Microsoft.Compute/virtualMachines/write" | project RawEventData | evaluate bag_unpack(RawEventData)' },
  { id: "fileprofile-enrichment", tables: ["DeviceFileEvents"], query: 'DeviceFileEvents | where ActionType == "FileCreated" and Timestamp > ago(1d) | project CreatedOn = Timestamp, FileName, SHA1 | invoke FileProfile("SHA1", 500) | where GlobalPrevalence < 15 and not(IsCertificateValid)' },
  { id: "assigned-ip-join", tables: ["DeviceNetworkEvents"], query: 'AssignedIPAddresses("wks-0231", ago(1d)) | project IPAddress, AssignedTime = Timestamp | join kind=inner DeviceNetworkEvents on $left.IPAddress == $right.RemoteIP' },
  { id: "device-from-ip", tables: ["DeviceNetworkEvents"], query: "DeviceNetworkEvents | take 100 | project IP = LocalIP | invoke DeviceFromIP() | distinct DeviceId" },
  { id: "comment-mentions-externaldata", tables: ["DeviceNetworkInfo"], query: '// externaldata and cluster() in a comment do not count\nDeviceNetworkInfo | where IPAddresses has "10.0." | project DeviceName, MacAddress, note = "cluster(x) .drop"' },
];

export const INVALID: InvalidCase[] = [
  { id: "syntax-open-paren", kind: "syntax", query: "DeviceProcessEvents | where (", says: /syntax error at line 1, column 30/ },
  { id: "syntax-dangling-pipe", kind: "syntax", query: "DeviceProcessEvents |", says: /syntax error/ },
  { id: "syntax-unclosed-string", kind: "syntax", query: 'DeviceProcessEvents | where FileName == "cmd.exe', says: /syntax error/ },
  { id: "unknown-table-typo", kind: "unknown-table", query: "DeviceProcesEvents | take 10", says: /DeviceProcesEvents.*did you mean DeviceProcessEvents/ },
  { id: "unknown-table-sentinel", kind: "unknown-table", query: "SecurityEvent | where EventID == 4625", says: /'SecurityEvent' does not refer to any known table/ },
  { id: "unknown-table-old-name", kind: "unknown-table", query: "AccountInfo | take 5", says: /'AccountInfo'/ },
  { id: "unknown-column-typo", kind: "unknown-name", query: "DeviceProcessEvents | project FileNam", says: /FileNam.*did you mean FileName/ },
  { id: "unknown-column-wrong-table", kind: "unknown-name", query: 'EmailEvents | where ProcessCommandLine has "x"', says: /ProcessCommandLine/ },
  { id: "unknown-column-case", kind: "unknown-name", query: "DeviceLogonEvents | where accountname == 'x'", says: /did you mean AccountName/ },
  { id: "type-has-on-long", kind: "semantic", query: 'DeviceProcessEvents | where ProcessId has "x"', says: /operator 'has' is not defined for the operand types long and string/ },
  { id: "type-compare-string-number", kind: "semantic", query: "DeviceNetworkEvents | where RemoteIP > 5", says: /operand types string and long/ },
  { id: "fileprofile-unknown-column", kind: "unknown-name", query: "DeviceFileEvents | invoke FileProfile() | where GlobalPrevalance < 5", says: /did you mean GlobalPrevalence/ },
  { id: "type-ago-string", kind: "semantic", query: 'DeviceEvents | where Timestamp > ago("7d")', says: /at line 1/ },
  { id: "command-drop", kind: "command", query: ".drop table DeviceProcessEvents", says: /management commands/ },
  { id: "command-set", kind: "command", query: ".set MyTable <| DeviceInfo | take 1", says: /management commands/ },
  { id: "command-alter", kind: "command", query: "  // setup\n.alter table DeviceInfo policy retention '{}'", says: /management commands/ },
  { id: "command-after-let", kind: "command", query: "let x = 1;\n.show tables", says: /command starts at line 2, column 1/ },
  { id: "externaldata", kind: "externaldata", query: 'externaldata(Ip: string) ["https://attacker.example/ips.csv"] | join (DeviceNetworkEvents) on $left.Ip == $right.RemoteIP', says: /externaldata .*not allowed/ },
  { id: "externaldata-in-let", kind: "externaldata", query: 'let bad = externaldata(h: string) [@"https://x.example/h.txt"];\nDeviceFileEvents | where SHA1 in (bad)', says: /externaldata/ },
  { id: "plugin-http-request", kind: "plugin", query: 'DeviceInfo | take 1 | evaluate http_request("https://attacker.example/")', says: /plugin 'http_request'/ },
  { id: "plugin-sql-request", kind: "plugin", query: "evaluate sql_request('Server=tcp:x.example;', 'select 1')", says: /plugin 'sql_request'/ },
  { id: "plugin-python", kind: "plugin", query: "DeviceInfo | evaluate python(typeof(*), 'result = df')", says: /plugin 'python'.*runs code/ },
  { id: "cluster-function", kind: "outside-cluster", query: 'cluster("other.kusto.windows.net").database("db").SigninLogs | take 1', says: /cluster\(\)/ },
  { id: "database-function", kind: "outside-cluster", query: 'database("Other").DeviceInfo | take 1', says: /database\(\)/ },
  { id: "workspace-function", kind: "outside-cluster", query: 'workspace("other-workspace").SecurityEvent | take 1', says: /workspace\(\)/ },
  { id: "adx-function", kind: "outside-cluster", query: 'adx("https://help.kusto.windows.net/Samples").StormEvents | take 1', says: /adx\(\)/ },
  { id: "external-table", kind: "outside-cluster", query: 'external_table("Logs") | take 1', says: /external_table\(\)/ },
  { id: "nul-byte", kind: "control-character", query: "DeviceInfo\u0000 | take 1", says: /U\+0000 at line 1, column 11/ },
  { id: "escape-byte", kind: "control-character", query: "DeviceInfo | take 1\u001b[2J", says: /U\+001B/ },
  { id: "deep-parentheses", kind: "too-deep", query: `print ${"(".repeat(500)}1${")".repeat(500)}`, says: /500 levels deep; the limit is 32/ },
  { id: "too-large-multibyte", kind: "too-large", query: `DeviceInfo | where DeviceName == "${"€".repeat(7_000)}"`, says: /\d+ bytes in UTF-8; the limit is 20000 bytes/ },
  { id: "empty", kind: "syntax", query: "   \n ", says: /empty/ },
];
