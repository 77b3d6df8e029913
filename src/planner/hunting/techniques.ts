/**
 * Attack techniques as data: the words analysts use for a technique (MITRE ATT&CK), the advanced
 * hunting table that records it, and the condition a hunter writes there (tool names, command-line
 * switches, ActionType values, registry keys, ports). One row per technique, never per request.
 * The query builder picks the first matching row that is not a qualifier as the hunt's technique;
 * qualifier rows ("failed", "interactive", "launched by Office") only narrow a hunt on a table they
 * know, so two techniques are never ANDed into a query that cannot match.
 */

export interface Technique {
  /** The ATT&CK technique (for the reader; not matched). */
  attack: string;
  pattern: RegExp;
  /**
   * Table, condition and, for techniques seen only in aggregate (beaconing, token replay), the
   * summarize lines; in order of preference: the first is the table when nothing else names one.
   */
  hunts: readonly (readonly [table: string, condition: string, summarize?: string])[];
  /** Narrows a hunt on one of its tables without choosing the table. */
  qualifier?: boolean;
  /** Qualifiers of one group exclude each other: both named ("successful logons after failures") means neither. */
  group?: string;
}

const OFFICE_PROCESSES = '("winword.exe", "excel.exe", "powerpnt.exe", "outlook.exe", "msaccess.exe", "mspub.exe")';

export const TECHNIQUES: readonly Technique[] = [
  // An attack surface reduction rule is named by what it blocks ("ASR rule blocks for credential stealing from lsass").
  {
    attack: "Attack surface reduction rules",
    pattern: /\basr\b|\battack surface reduction\b/i,
    hunts: [["DeviceEvents", 'ActionType startswith "Asr"']],
  },
  // Credential access.
  {
    attack: "T1003.001 LSASS memory access",
    pattern: /\blsass access\b|\bopenprocess(?:apicall)?\b|\baccess(?:es|ing)? (?:to )?lsass\b/i,
    hunts: [["DeviceEvents", 'ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"']],
  },
  {
    attack: "T1003.001 Mimikatz",
    pattern: /\bmimikatz\b|\bsekurlsa\b|kerberos::|\blogonpasswords\b|\blsadump\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("mimikatz", "sekurlsa", "logonpasswords", "lsadump") or ProcessCommandLine contains "kerberos::" or FileName =~ "mimikatz.exe"'],
      ["DeviceFileEvents", 'FileName has "mimikatz"'],
      ["DeviceEvents", 'ProcessCommandLine has_any ("mimikatz", "sekurlsa") or FileName =~ "mimikatz.exe"'],
    ],
  },
  {
    attack: "T1003.001 LSASS memory dump",
    pattern: /\blsass\b[^.]{0,30}\b(?:dump\w*|memory|minidump)\b|\bdump\w*\b[^.]{0,20}\blsass\b|\bprocdump\b|\bcomsvcs\b|\bminidump\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("lsass", "comsvcs", "MiniDump", "procdump")'],
      ["DeviceFileEvents", 'FileName endswith ".dmp"'],
      ["DeviceEvents", 'ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"'],
    ],
  },
  {
    attack: "T1003.002 SAM and SYSTEM hive dump",
    pattern: /\breg(?:\.exe)? save\b|\b(?:sam|system|security) (?:hives?|database)\b|hklm\\sam\b/i,
    hunts: [["DeviceProcessEvents", 'FileName =~ "reg.exe" and ProcessCommandLine has "save" and ProcessCommandLine has_any ("sam", "system", "security")']],
  },
  {
    attack: "T1003.003 NTDS.dit theft",
    pattern: /\bntdsutil\b|\bntds(?:\.dit)?\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("ntdsutil", "ntds.dit")'],
      ["DeviceFileEvents", 'FileName =~ "ntds.dit"'],
    ],
  },
  {
    attack: "T1003.006 DCSync",
    pattern: /\bdcsync\b|\breplication requests?\b|\bdrsuapi\b|\bgetncchanges\b/i,
    hunts: [["IdentityDirectoryEvents", 'ActionType == "Directory Services replication"']],
  },
  {
    attack: "T1558 Rubeus",
    pattern: /\brubeus\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("rubeus", "kerberoast", "asreproast", "asktgt")']],
  },
  {
    attack: "T1558 Kerberos ticket abuse (kerberoasting, AS-REP roasting, golden tickets)",
    pattern: /\bkerberoast\w*|\btg[st]s?\b|\brc4\b|\bpass[- ]the[- ]ticket\b|\bptt\b|\b(?:golden|silver) tickets?\b|\bas-?rep\b|\bpre-?auth\w*\b|\bkerberos\b/i,
    hunts: [
      ["IdentityLogonEvents", 'Protocol == "Kerberos"'],
      ["DeviceLogonEvents", 'Protocol == "Kerberos"'],
    ],
  },
  {
    attack: "T1087 LDAP reconnaissance",
    pattern: /\bldap\b[^.]{0,20}\b(?:quer(?:y|ies)|recon\w*|enumeration|searches|traffic)\b/i,
    hunts: [
      ["IdentityQueryEvents", 'ActionType has "LDAP"'],
      ["DeviceNetworkEvents", "RemotePort in (389, 636, 3268, 3269)"],
    ],
  },
  {
    attack: "T1087 SAMR enumeration",
    pattern: /\bsamr\b/i,
    hunts: [["IdentityQueryEvents", 'ActionType has "SAMR"']],
  },
  {
    attack: "T1649 AD CS certificate abuse",
    pattern: /\badcs\b|\bcertify(?:\.exe)?\b|\bcertreq\b|\bcertipy\b|\bcertificate (?:template )?abuse\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("certify", "certreq", "certipy") or FileName in~ ("certify.exe", "certreq.exe")']],
  },
  {
    attack: "T1087 Active Directory discovery tools",
    pattern: /\b(?:adfind|dsquery|sharphound|bloodhound|invoke-bloodhound|powerview)\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("adfind", "dsquery", "sharphound", "bloodhound", "PowerView")']],
  },
  {
    attack: "T1555.003 Browser credential files",
    pattern: /\blogin data\b|\bbrowser (?:credential|password)s?\b|\bkey4\.db\b|\blogins\.json\b/i,
    hunts: [["DeviceFileEvents", 'FileName in~ ("Login Data", "Web Data", "Cookies", "key4.db", "logins.json")']],
  },
  {
    attack: "T1003 OS credential dumping (the technique by name: LSASS, Mimikatz, NTDS, SAM)",
    pattern: /\bcred(?:ential)?s? ?(?:dump\w*|harvest\w*|theft|steal\w*)|\b(?:dump\w*|steal\w*|harvest\w*) (?:of )?(?:the )?(?:credentials|creds|password hashes)\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("lsass", "mimikatz", "sekurlsa", "procdump", "comsvcs", "MiniDump", "ntdsutil") or FileName in~ ("mimikatz.exe", "procdump.exe", "procdump64.exe")'],
      ["DeviceEvents", 'ActionType == "OpenProcessApiCall" and FileName =~ "lsass.exe"'],
      ["DeviceFileEvents", 'FileName endswith ".dmp" or FileName =~ "ntds.dit"'],
    ],
  },
  // Impact and defence evasion.
  {
    attack: "T1490 Ransomware precursors (shadow copies, backup catalog, boot recovery)",
    pattern: /\bransomware (?:precursors?|prep\w*|staging|behaviou?rs?|indicators?)\b|\bbackup catalog\b|\b(?:inhibit\w*|disabl\w*) (?:system )?recovery\b|\brecovery (?:disabled|inhibit\w*)\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("vssadmin", "wbadmin", "bcdedit", "shadowcopy") and ProcessCommandLine has_any ("delete", "resize", "recoveryenabled", "bootstatuspolicy", "catalog")']],
  },
  {
    attack: "T1490 Shadow copy deletion",
    pattern: /\bshadow ?cop(?:y|ies)\b|\bvssadmin\b|\bshadows\b|\bwbadmin\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("vssadmin", "shadowcopy", "shadows", "wbadmin") and ProcessCommandLine has_any ("delete", "resize")']],
  },
  {
    attack: "T1490 Boot recovery disabled",
    pattern: /\bbcdedit\b|\brecoveryenabled\b|\bbootstatuspolicy\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has "bcdedit" and ProcessCommandLine has_any ("recoveryenabled", "bootstatuspolicy", "ignoreallfailures")']],
  },
  {
    attack: "T1070.001 Event log clearing",
    pattern: /\bwevtutil\b|\bclear(?:ed|ing|s)?\b[^.]{0,20}\bevent ?logs?\b|\bclear-eventlog\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("wevtutil", "Clear-EventLog") and ProcessCommandLine has_any ("cl", "clear-log", "Clear-EventLog")']],
  },
  {
    attack: "T1562.002 Event logging disabled",
    pattern: /\b(?:stop\w*|disabl\w*|kill\w*)\b[^.]{0,20}\bevent ?log(?:ging)?\b|\bauditpol\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("eventlog", "auditpol") and ProcessCommandLine has_any ("stop", "disabled", "config", "/clear", "/remove")']],
  },
  {
    attack: "T1562.001 Defender tampering",
    pattern: /\bset-mppreference\b|\bdisablerealtimemonitoring\b|\breal-?time (?:protection|monitoring)\b|\btamper(?:ing)? protection\b|\b(?:disabl\w*|turn\w* off)\b[^.]{0,20}\bdefender\b|\bdefender\b[^.]{0,30}\b(?:disabled|turned off)\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has "Set-MpPreference" and ProcessCommandLine has_any ("DisableRealtimeMonitoring", "DisableBehaviorMonitoring", "DisableIOAVProtection", "DisableScriptScanning")'],
      ["DeviceRegistryEvents", 'RegistryKey has "Windows Defender" and RegistryValueName has_any ("DisableRealtimeMonitoring", "DisableAntiSpyware", "TamperProtection")'],
      ["DeviceEvents", 'ActionType == "TamperingAttempt"'],
    ],
  },
  {
    attack: "T1562.001 AMSI bypass",
    pattern: /\bamsi\b|\bamsiutils\b|\bamsiinitfailed\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("AmsiUtils", "amsiInitFailed", "AmsiScanBuffer", "amsi.dll")']],
  },
  {
    attack: "T1548.002 UAC bypass",
    pattern: /\bfodhelper\b|\buac bypass\w*\b|\beventvwr\b|\bcomputerdefaults\b|\bsdclt\b/i,
    hunts: [
      ["DeviceProcessEvents", 'InitiatingProcessFileName in~ ("fodhelper.exe", "eventvwr.exe", "computerdefaults.exe", "sdclt.exe") or FileName in~ ("fodhelper.exe", "eventvwr.exe", "computerdefaults.exe", "sdclt.exe")'],
      ["DeviceRegistryEvents", 'RegistryKey has_any ("ms-settings", "mscfile") and RegistryKey has "shell"'],
    ],
  },
  // Execution.
  {
    attack: "T1105 Certutil download",
    pattern: /\bcertutil\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has "certutil" and ProcessCommandLine has_any ("urlcache", "verifyctl", "split", "decode")']],
  },
  {
    attack: "T1059.001 PowerShell download cradle",
    pattern: /\biex\b|\binvoke-expression\b|\bdownloadstring\b|\bdownloadfile\b|\bnet\.webclient\b|\binvoke-webrequest\b|\bdownload cradles?\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("IEX", "Invoke-Expression", "DownloadString", "DownloadFile", "Net.WebClient", "Invoke-WebRequest")']],
  },
  {
    attack: "T1059.001 PowerShell downgrade",
    pattern: /\bdowngrade\b|-v(?:ersion)? 2\b|\bpowershell v(?:ersion ?)?2\b/i,
    hunts: [["DeviceProcessEvents", 'FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine has_any ("-version 2", "-v 2")']],
  },
  {
    attack: "T1218.010 Regsvr32 Squiblydoo",
    pattern: /\bsquiblydoo\b|\bscrobj\b/i,
    hunts: [
      ["DeviceProcessEvents", 'FileName =~ "regsvr32.exe" and ProcessCommandLine has_any ("scrobj", "/i:")'],
      ["DeviceImageLoadEvents", 'FileName =~ "scrobj.dll" and InitiatingProcessFileName =~ "regsvr32.exe"'],
    ],
  },
  {
    attack: "T1047 Impacket remote execution",
    pattern: /\bimpacket\b|\bwmiexec\b|\bsmbexec\b|\batexec\b|\bdcomexec\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("wmiexec", "smbexec", "atexec", "dcomexec") or (InitiatingProcessFileName =~ "wmiprvse.exe" and ProcessCommandLine has "ADMIN$")']],
  },
  {
    attack: "T1047 WMIC process creation",
    pattern: /\bwmic\b[^.]{0,40}\bcall create\b|\bprocess call create\b/i,
    hunts: [["DeviceProcessEvents", 'FileName =~ "wmic.exe" and ProcessCommandLine has "process" and ProcessCommandLine has "call" and ProcessCommandLine has "create"']],
  },
  {
    attack: "T1197 BITS jobs",
    pattern: /\bbitsadmin\b|\bbits (?:jobs?|transfers?)\b|\bstart-bitstransfer\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("bitsadmin", "Start-BitsTransfer") and ProcessCommandLine has_any ("transfer", "addfile", "create", "http")']],
  },
  {
    attack: "T1569.002 PsExec",
    pattern: /\bpsexe(?:c|svc)\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("psexec", "psexesvc") or FileName in~ ("psexec.exe", "psexec64.exe", "psexesvc.exe")'],
      ["DeviceEvents", 'ActionType == "ServiceInstalled" and AdditionalFields has "PSEXESVC"'],
    ],
  },
  {
    attack: "T1021.006 WinRM",
    pattern: /\bwinrm\b|\bwsmprovhost\b|\bpowershell remoting\b/i,
    hunts: [
      ["DeviceProcessEvents", 'InitiatingProcessFileName =~ "wsmprovhost.exe"'],
      ["DeviceNetworkEvents", "RemotePort in (5985, 5986)"],
    ],
  },
  {
    attack: "T1505.003 Web shell",
    pattern: /\bweb ?shells?\b/i,
    hunts: [["DeviceProcessEvents", 'InitiatingProcessFileName in~ ("w3wp.exe", "httpd.exe", "nginx.exe", "tomcat.exe", "php-cgi.exe")']],
  },
  {
    attack: "T1219 Remote access software",
    pattern: /\bremote (?:access |admin\w* |support |management |desktop )?(?:tools?|software)\b|\brmm tools?\b/i,
    hunts: [["DeviceProcessEvents", 'FileName in~ ("AnyDesk.exe", "TeamViewer.exe", "ScreenConnect.ClientService.exe", "ScreenConnect.WindowsClient.exe", "AteraAgent.exe", "rustdesk.exe", "ngrok.exe")']],
  },
  {
    attack: "T1033 / T1087.001 Discovery commands",
    pattern: /\b(?:discovery|recon(?:naissance)?|enumeration) commands?\b/i,
    hunts: [["DeviceProcessEvents", 'FileName in~ ("whoami.exe", "net.exe", "net1.exe", "nltest.exe", "systeminfo.exe", "ipconfig.exe", "quser.exe", "dsquery.exe")']],
  },
  {
    attack: "T1574.002 DLL side-loading",
    pattern: /\bside-?load\w*\b/i,
    hunts: [["DeviceImageLoadEvents", 'not(FolderPath startswith @"C:\\Windows\\") and not(FolderPath startswith @"C:\\Program Files")']],
  },
  // Persistence and privilege.
  {
    attack: "T1053.005 Scheduled task",
    pattern: /\bscheduled tasks?\b|\bschtasks\b/i,
    hunts: [
      ["DeviceProcessEvents", 'ProcessCommandLine has "schtasks"'],
      ["DeviceEvents", 'ActionType == "ScheduledTaskCreated"'],
    ],
  },
  {
    attack: "T1543.003 New service",
    pattern: /\bnew services?\b|\bservices? (?:install\w*|creat\w*)\b|\bsc(?:\.exe)? create\b/i,
    hunts: [
      ["DeviceProcessEvents", '(FileName =~ "sc.exe" and ProcessCommandLine has "create") or ProcessCommandLine has "New-Service"'],
      ["DeviceEvents", 'ActionType == "ServiceInstalled"'],
      ["DeviceRegistryEvents", 'RegistryKey has @"\\CurrentControlSet\\Services"'],
    ],
  },
  {
    attack: "T1547.001 Run keys",
    pattern: /\brun ?(?:once )?keys?\b|currentversion\\run/i,
    hunts: [["DeviceRegistryEvents", 'RegistryKey contains @"\\CurrentVersion\\Run"']],
  },
  {
    attack: "T1546.012 Image File Execution Options",
    pattern: /\bimage file execution options\b|\bifeo\b/i,
    hunts: [["DeviceRegistryEvents", 'RegistryKey has "Image File Execution Options"']],
  },
  {
    attack: "T1112 WDigest cleartext credentials",
    pattern: /\bwdigest\b|\buselogoncredential\b/i,
    hunts: [["DeviceRegistryEvents", 'RegistryKey has "WDigest" and RegistryValueName =~ "UseLogonCredential"']],
  },
  {
    attack: "T1546.003 WMI event subscription",
    pattern: /\bwmi\b[^.]{0,20}\b(?:persistence|subscriptions?|event (?:filters?|consumers?))\b|\b\w*eventfilter\b|\b\w*eventconsumer\b/i,
    hunts: [["DeviceEvents", 'ActionType == "WmiBindEventFilterToConsumer"']],
  },
  {
    attack: "T1136 Built-in Administrator account",
    pattern: /\b(?:local|built-?in|the) administrator account\b/i,
    hunts: [
      ["DeviceLogonEvents", 'AccountName =~ "Administrator"'],
      ["IdentityLogonEvents", 'AccountName =~ "Administrator"'],
    ],
  },
  {
    attack: "T1098 Local administrators group change",
    pattern: /\blocal admin(?:istrator)?s?\b|\blocalgroup\b/i,
    hunts: [
      ["DeviceEvents", 'ActionType == "UserAccountAddedToLocalGroup"'],
      ["DeviceProcessEvents", 'ProcessCommandLine has "localgroup" and ProcessCommandLine has "administrators"'],
      ["DeviceLogonEvents", "IsLocalAdmin == true"],
    ],
  },
  {
    attack: "T1136.001 Local account creation",
    pattern: /\bnet1?(?:\.exe)? user\b[^.]*\/add\b|\buser accounts? creat\w*|\bnew (?:local )?user accounts?\b|\baccounts? (?:were |was )?created\b/i,
    hunts: [
      ["DeviceProcessEvents", 'FileName in~ ("net.exe", "net1.exe") and ProcessCommandLine has "user" and ProcessCommandLine contains "/add"'],
      ["DeviceEvents", 'ActionType == "UserAccountCreated"'],
    ],
  },
  {
    attack: "T1098 Active Directory password resets and account changes (MDI)",
    pattern: /\b(?:password (?:resets?|changes?)|account changes?)\b[^.]{0,50}\b(?:ad|active directory|mdi|domain)\b|\b(?:ad|active directory|mdi)\b[^.]{0,30}\b(?:password (?:resets?|changes?)|account changes?)\b/i,
    hunts: [["IdentityDirectoryEvents", 'ActionType contains "password"']],
  },
  {
    attack: "T1098 Group membership change",
    pattern: /\bgroup membership\b|\bmembers? added\b|\badded to (?:the )?[\w ]{0,30}\bgroup\b/i,
    hunts: [
      ["IdentityDirectoryEvents", 'ActionType == "Group Membership changed"'],
      ["CloudAppEvents", 'ActionType has "Add member to group"'],
    ],
  },
  {
    attack: "T1528 OAuth consent grant",
    pattern: /\b(?:oauth|app(?:lication)?) consents?\b|\bconsent (?:grants?|to (?:an? )?app\w*)\b/i,
    hunts: [["CloudAppEvents", 'ActionType has "Consent to application"']],
  },
  {
    attack: "T1114.003 Mailbox forwarding rule",
    pattern: /\b(?:mail(?:box)? )?forwarding(?: rules?)?\b|\binbox rules?\b|\bforward(?:s|ing)? to external\b/i,
    hunts: [["CloudAppEvents", 'ActionType in ("New-InboxRule", "Set-InboxRule", "UpdateInboxRules") and RawEventData has "Forward"']],
  },
  {
    attack: "T1485 Mass deletion in cloud storage",
    pattern: /\b(?:mass|bulk|large) (?:file )?delet\w*/i,
    hunts: [["CloudAppEvents", 'ActionType in ("FileDeleted", "FileRecycled")']],
  },
  {
    attack: "T1567 External sharing",
    pattern: /\bshared? (?:externally|with (?:external|outside)\w*)\b|\bexternal(?:ly)? shar\w*|\banonymous links?\b/i,
    hunts: [["CloudAppEvents", 'ActionType in ("SharingSet", "AnonymousLinkCreated", "SharingInvitationCreated")']],
  },
  {
    attack: "T1530 Mass download from cloud storage",
    pattern: /\b(?:mass|bulk|large) (?:file )?downloads?\b/i,
    hunts: [["CloudAppEvents", 'ActionType in ("FileDownloaded", "FileSyncDownloadedFull")']],
  },
  // Lateral movement, logons and network.
  {
    attack: "T1550.002 Pass the hash",
    pattern: /\bpass[- ]the[- ]hash\b|\bpth\b|\bnewcredentials\b|\bseclogo\b|\blogon type 9\b/i,
    hunts: [["DeviceLogonEvents", 'LogonType == "NewCredentials"']],
  },
  {
    attack: "T1021.001 Remote Desktop",
    pattern: /\brdp\b|\bremote desktop\b|\bremote ?interactive\b|\bmstsc\b/i,
    hunts: [
      ["DeviceLogonEvents", 'LogonType == "RemoteInteractive"'],
      ["DeviceNetworkEvents", "RemotePort == 3389"],
      ["DeviceProcessEvents", 'FileName =~ "mstsc.exe"'],
    ],
  },
  {
    attack: "T1078 Legacy authentication",
    pattern: /\b(?:legacy|basic) auth\w*/i,
    hunts: [["AADSignInEventsBeta", 'ClientAppUsed !in~ ("Browser", "Mobile Apps and Desktop clients")']],
  },
  {
    attack: "T1110.003 Password spraying",
    pattern: /\bpassword[- ]spray\w*|\bspray(?:ing)? attacks?\b/i,
    hunts: [
      ["AADSignInEventsBeta", "ErrorCode != 0", "| summarize Accounts = dcount(AccountUpn), Failures = count() by IPAddress\n| where Accounts > 10\n| order by Accounts desc"],
      ["IdentityLogonEvents", 'ActionType == "LogonFailed"', "| summarize Accounts = dcount(AccountUpn), Failures = count() by IPAddress\n| where Accounts > 10\n| order by Accounts desc"],
      ["DeviceLogonEvents", 'ActionType == "LogonFailed"', "| summarize Accounts = dcount(AccountName), Failures = count() by RemoteIP\n| where Accounts > 10\n| order by Accounts desc"],
    ],
  },
  {
    attack: "T1539 / T1550.004 Session token replay",
    pattern: /\btoken (?:theft|replay)\b|\bsession (?:hijack\w*|theft|replay)\b|\bsame session\b|\bstolen (?:tokens?|cookies?|sessions?)\b/i,
    hunts: [["AADSignInEventsBeta", "isnotempty(SessionId)", "| summarize Countries = dcount(Country), CountryList = make_set(Country) by SessionId, AccountUpn\n| where Countries > 1"]],
  },
  {
    attack: "T1621 MFA request generation (MFA fatigue)",
    pattern: /\bmfa (?:fatigue|bombing|spam\w*|flood\w*)\b|\bpush (?:fatigue|bombing|spam\w*)\b|\b(?:denied|rejected) (?:mfa |push )+(?:prompts?|requests?|notifications?)\b/i,
    hunts: [["AADSignInEventsBeta", "ErrorCode in (500121, 50074, 50076)", "| summarize Prompts = count() by AccountUpn\n| where Prompts > 5\n| order by Prompts desc"]],
  },
  {
    attack: "T1078 Impossible travel",
    pattern: /\bimpossible travel\b|\b(?:multiple|different|several|many) countries\b/i,
    hunts: [["AADSignInEventsBeta", "ErrorCode == 0", "| summarize Countries = dcount(Country), CountryList = make_set(Country) by AccountUpn\n| where Countries > 1"]],
  },
  {
    attack: "T1110 Account lockouts",
    pattern: /\block(?:ed)?[ -]?outs?\b|\baccounts? (?:were |was |got )?locked\b/i,
    hunts: [
      ["IdentityLogonEvents", 'FailureReason contains "lock"'],
      ["DeviceLogonEvents", 'FailureReason contains "lock"'],
    ],
  },
  {
    attack: "T1110 Brute force",
    pattern: /\bbrute[- ]?forc\w*/i,
    hunts: [
      ["DeviceLogonEvents", 'ActionType == "LogonFailed"'],
      ["IdentityLogonEvents", 'ActionType == "LogonFailed"'],
      ["AADSignInEventsBeta", "ErrorCode != 0"],
    ],
  },
  {
    attack: "T1021.002 SMB",
    pattern: /\bsmb\b/i,
    hunts: [["DeviceNetworkEvents", "RemotePort == 445"]],
  },
  {
    attack: "T1071.004 DNS tunnelling",
    pattern: /\bdns (?:tunnel\w*|exfil\w*)\b|\btunnel\w* (?:over|via|through) dns\b|\bexfil\w* over dns\b|\blong subdomains?\b/i,
    hunts: [
      ["DeviceEvents", 'ActionType == "DnsQueryResponse"'],
      ["DeviceNetworkEvents", "RemotePort == 53"],
    ],
  },
  {
    attack: "T1567 Exfiltration tools",
    pattern: /\brclone\b|\bmega ?sync\b|\bmegacmd\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("rclone", "megasync", "MEGAcmd")']],
  },
  {
    attack: "T1567.002 Exfiltration to file-sharing sites",
    pattern: /\bfile[- ]?sharing (?:sites?|services?)\b|\bcloud storage sites?\b|\bpaste sites?\b/i,
    hunts: [["DeviceNetworkEvents", 'RemoteUrl has_any ("wetransfer.com", "mega.nz", "mega.io", "dropbox.com", "pastebin.com", "transfer.sh", "anonfiles.com")']],
  },
  {
    attack: "T1046 Network scanning tools",
    pattern: /\bnmap\b|\bmasscan\b|\badvanced (?:ip|port) scanner\b|\bangry ?ip\b|\b(?:port |network )?scan(?:ning|ner)? tools?\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("nmap", "masscan", "advanced_ip_scanner", "ipscan", "netscan") or FileName in~ ("nmap.exe", "masscan.exe", "advanced_ip_scanner.exe", "ipscan.exe", "netscan.exe")']],
  },
  {
    attack: "T1046 Network scanning",
    pattern: /\bport[- ]?scan\w*|\bnetwork scan\w*|\bscann(?:ing|ers?)\b/i,
    hunts: [
      ["DeviceNetworkEvents", 'ActionType in ("ConnectionSuccess", "ConnectionAttempt", "ConnectionFailed")', "| summarize Targets = dcount(RemoteIP) by DeviceName, bin(Timestamp, 1h)\n| order by Targets desc"],
      ["DeviceProcessEvents", 'ProcessCommandLine has_any ("nmap", "masscan", "advanced_ip_scanner", "ipscan", "netscan") or FileName in~ ("nmap.exe", "masscan.exe", "advanced_ip_scanner.exe", "ipscan.exe", "netscan.exe")'],
    ],
  },
  {
    attack: "T1560.001 Archive staging",
    pattern: /\barchiv\w* (?:staging|for exfil\w*)\b|\bstag(?:ed|ing) (?:archives?|data)\b|\b7z(?:a|\.exe)?\b|\bwinrar\b|\brar(?:\.exe)?\b/i,
    hunts: [
      ["DeviceProcessEvents", 'FileName in~ ("7z.exe", "7za.exe", "rar.exe", "winrar.exe") or ProcessCommandLine has_any ("7z", "7za", "rar", "winrar")'],
      ["DeviceFileEvents", 'FileName endswith ".7z" or FileName endswith ".rar" or FileName endswith ".zip"'],
    ],
  },
  {
    attack: "T1071 Beaconing",
    pattern: /\bbeacon\w*/i,
    hunts: [["DeviceNetworkEvents", 'RemoteIPType == "Public"', "| summarize Connections = count() by DeviceName, RemoteIP, bin(Timestamp, 1h)\n| order by Connections desc"]],
  },
  // Mail.
  {
    attack: "T1566 Sender authentication failure",
    pattern: /\b(?:spf|dkim|dmarc)\b[^.]{0,15}\bfail\w*/i,
    hunts: [["EmailEvents", 'AuthenticationDetails has_any ("SPF", "DKIM", "DMARC") and AuthenticationDetails has "fail"']],
  },
  {
    attack: "Zero-hour auto purge",
    pattern: /\bzap(?:ped)?\b|\bzero-hour auto purge\b/i,
    hunts: [["EmailPostDeliveryEvents", 'ActionType has "ZAP"']],
  },
  // Devices.
  {
    attack: "T1559 Named pipes",
    pattern: /\bnamed pipes?\b/i,
    hunts: [["DeviceEvents", 'ActionType == "NamedPipeEvent"']],
  },
  {
    attack: "Antivirus detections",
    pattern: /\b(?:av|antivirus|anti-virus|malware) detections?\b|\bantivirusdetection\b|\b(?:av|antivirus|anti-virus|defender(?: av| antivirus)?)\b[^.]{0,10}\bdetect(?:ed|s)\b/i,
    hunts: [["DeviceEvents", 'ActionType == "AntivirusDetection"']],
  },
  {
    attack: "T1091 Removable media",
    pattern: /\busb\b|\bremovable (?:drives?|media|storage|devices?)\b/i,
    hunts: [["DeviceEvents", 'ActionType in ("UsbDriveMounted", "PnpDeviceConnected")']],
  },
  {
    attack: "T1486 Ransom notes",
    pattern: /\bransom(?:ware)? notes?\b|\bnote files?\b/i,
    hunts: [["DeviceFileEvents", 'ActionType == "FileCreated"']],
  },
  {
    attack: "T1486 Files encrypted in bulk",
    pattern: /\bfile encryption\b|\bencrypt(?:ed|ing|s)? (?:\w+ )?files\b|\bfiles? (?:being |were )?encrypted\b/i,
    hunts: [["DeviceFileEvents", 'ActionType in ("FileModified", "FileRenamed")', "| summarize Files = dcount(FileName) by DeviceName, InitiatingProcessFileName, bin(Timestamp, 5m)\n| order by Files desc"]],
  },
  {
    attack: "T1486 Files renamed by encryption",
    pattern: /\brenam(?:e|es|ed|ing)\b/i,
    hunts: [["DeviceFileEvents", 'ActionType == "FileRenamed"']],
  },
  // Qualifiers: they narrow a hunt on a table they know.
  {
    attack: "Failed logons",
    pattern: /\bfail(?:ed|ing|ures?|s)?\b|\berrors? only\b|\berror ?code\b|\bunsuccessful\b/i,
    hunts: [
      ["DeviceLogonEvents", 'ActionType == "LogonFailed"'],
      ["IdentityLogonEvents", 'ActionType == "LogonFailed"'],
      ["AADSignInEventsBeta", "ErrorCode != 0"],
      ["AADSpnSignInEventsBeta", "ErrorCode != 0"],
    ],
    qualifier: true,
    group: "outcome",
  },
  {
    attack: "Successful logons",
    pattern: /\bsuccess(?:ful)?\b|\bsucceeded\b/i,
    hunts: [
      ["DeviceLogonEvents", 'ActionType == "LogonSuccess"'],
      ["IdentityLogonEvents", 'ActionType == "LogonSuccess"'],
      ["AADSignInEventsBeta", "ErrorCode == 0"],
      ["AADSpnSignInEventsBeta", "ErrorCode == 0"],
    ],
    qualifier: true,
    group: "outcome",
  },
  {
    attack: "Interactive logons",
    pattern: /(?<!remote[ -]?)\binteractive(?:ly)?\b/i,
    hunts: [["DeviceLogonEvents", 'LogonType == "Interactive"']],
    qualifier: true,
  },
  {
    attack: "T1027 Encoded PowerShell",
    pattern: /\bencoded\b|(?<![\w-])-enc(?:odedcommand)?\b|\bbase64\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("-enc", "-EncodedCommand", "-ec", "FromBase64String")']],
    qualifier: true,
  },
  {
    attack: "T1564.003 / T1059.001 PowerShell evasion flags (hidden window, no profile, policy bypass)",
    pattern: /\bhidden windows?\b|(?<![\w-])-w(?:indowstyle)? hidden\b|(?<![\w-])-nop\b|(?<![\w-])-noprofile\b|(?<![\w-])-(?:executionpolicy|exec|ep) bypass\b|\bexecution ?policy bypass\b/i,
    hunts: [["DeviceProcessEvents", 'ProcessCommandLine has_any ("-w hidden", "-windowstyle hidden", "-nop", "-noprofile", "bypass")']],
    qualifier: true,
  },
  {
    attack: "T1204.002 Launched by an Office application",
    pattern: /\b(?:office|word|excel|outlook|powerpoint) (?:apps?|applications?|macros?|documents?)\b|\bmacros?\b|\bmaldocs?\b|\b(?:launched|spawned|started|run) (?:from|by) (?:ms )?(?:office|word|excel|outlook|powerpoint)\b/i,
    hunts: [
      ["DeviceProcessEvents", `InitiatingProcessFileName in~ ${OFFICE_PROCESSES}`],
      ["DeviceNetworkEvents", `InitiatingProcessFileName in~ ${OFFICE_PROCESSES}`],
      ["DeviceFileEvents", `InitiatingProcessFileName in~ ${OFFICE_PROCESSES}`],
    ],
    qualifier: true,
  },
  {
    attack: "T1566 Phishing verdicts",
    pattern: /\bphish(?:ing|y)?\b/i,
    hunts: [
      ["EmailEvents", 'ThreatTypes has "Phish"'],
      ["UrlClickEvents", 'ThreatTypes has "Phish"'],
    ],
    qualifier: true,
  },
  {
    attack: "Malware verdicts",
    pattern: /\bmalware (?:e-?mails?|mails?|messages?|attachments?)\b|\b(?:e-?mails?|mails?|messages?|attachments?) (?:with|carrying|containing) malware\b/i,
    hunts: [
      ["EmailEvents", 'ThreatTypes has "Malware"'],
      ["EmailAttachmentInfo", 'ThreatTypes has "Malware"'],
    ],
    qualifier: true,
  },
  {
    attack: "Threat verdicts",
    pattern: /\bmalicious (?:urls?|links?|e-?mails?|mails?|messages?|attachments?)\b/i,
    hunts: [
      ["EmailEvents", "isnotempty(ThreatTypes)"],
      ["UrlClickEvents", "isnotempty(ThreatTypes)"],
      ["EmailAttachmentInfo", "isnotempty(ThreatTypes)"],
    ],
    qualifier: true,
  },
  {
    attack: "Junk and quarantine",
    pattern: /\bjunk(?:ed)?\b|\bquarantin\w*/i,
    hunts: [["EmailEvents", 'DeliveryLocation has_any ("Junk", "Quarantine")']],
    qualifier: true,
  },
  {
    attack: "Mail from outside",
    pattern: /\b(?:external|outside) senders?\b|\binbound (?:e-?mails?|mail|messages)\b/i,
    hunts: [["EmailEvents", 'EmailDirection == "Inbound"']],
    qualifier: true,
  },
  {
    attack: "Public destinations",
    pattern: /\b(?:to|from|on) the internet\b|\bpublic ips?\b|\bexternal ips?\b/i,
    hunts: [["DeviceNetworkEvents", 'RemoteIPType == "Public"']],
    qualifier: true,
  },
];
