/**
 * Requests the planner refuses before it looks for an operation: attempts to weaken defences,
 * steal secrets or steer the planner, and destructive changes the catalog should not be asked for.
 * Out-of-scope requests (no operation fits) are declined by the selector, not here.
 */
import { writtenActivity } from "./filters/audit-activities.js";

const RULES: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions?|rules?|prompts?)|\bsystem prompt\b|\bjailbreak\b|\bdeveloper mode\b|\bnew (?:system )?instructions\s*:|<\/?\s*(?:end|system|instructions?|im_start|im_end)\s*>/i,
    reason: "the request tries to change the planner's instructions",
  },
  {
    pattern: /\b(?:disable|turn off|switch off|stop|kill|uninstall|remove|bypass|evade|tamper with|pause|suspend)\b[^.]{0,60}\b(?:defender|antivirus|av|edr|sensors?|logging|audit(?:ing| logs?)?|mfa|multi-?factor|conditional access|protection|monitoring|alerting|detections?|firewall|security policies|tamper protection)\b/i,
    reason: "the request would weaken security controls; that is not something this server does",
  },
  {
    // Not a credential event to read about: "adding a new secret to a service principal", "detections where the password was leaked".
    pattern: /\b(?:dump|steal|exfiltrate|harvest|extract|reveal|export|give me|show me|tell me|send me|print)\b[^.]{0,40}\b(?<!\b(?:add(?:ed|ing|s)?|new|rotat\w*|creat\w*|expir\w*|leak\w*|updat\w*|chang\w*|remov\w*|reset)\s+(?:an?\s+|the\s+)?)(?:passwords?(?!\s+spray)|credentials?|ntds(?:\.dit)?|lsass|sam database|password hashes|ntlm hashes|secrets?|client secrets?|private keys?|access tokens?|refresh tokens?|session cookies)\b(?![^.]{0,30}\b(?:was|were|got|been|is|are)\s+(?:\w+\s+)?(?:leak\w*|expos\w*|breach\w*|compromis\w*|spray\w*|reset|changed)\b)/i,
    reason: "the request asks for secrets or credentials",
  },
  {
    // Getting a credential out of a system ("get the krbtgt hash", "crack the NTLM hashes", "dump the hashes").
    pattern: /\b(?:get|grab|obtain|retrieve|crack|recover)\b[^.]{0,40}\b(?:krbtgt|ntlm|kerberos|password|domain admin)\s+(?:hash(?:es)?|tickets?)\b|\b(?:dump|steal|crack)\s+(?:the\s+|all\s+|their\s+|its\s+)?(?:\w+\s+)?hash(?:es)?\b/i,
    reason: "the request asks for secrets or credentials",
  },
  {
    // Asked to run a tool or sample on systems (an imperative, not "which machines run X"), the systems by
    // kind or by name (a host name with a digit, an IP), or to be handed an exploit: offensive work.
    pattern: /(?:^|[.!?;]\s+|\b(?:and|then)\s+)(?:(?:please|pls|kindly|can you|could you|would you|go ahead and|now)[\s,]+)*(?:run|execute|detonate|launch)\s+(?!(?:an?\s+|the\s+|this\s+|that\s+|my\s+|a\s+new\s+)?(?:advanced\s+)?(?:hunt|hunting|kql|quer(?:y|ies)|search|report)\b|(?:once\s+)?keys?\b)(?:[^.?!:;—–]|:(?=\S)){0,50}?\b(?:on|against|in)\s+(?:(?:the\s+|our\s+|a\s+|an\s+|this\s+|that\s+|his\s+|her\s+)?(?:[\w-]+\s+)?(?:hosts?|box(?:es)?|machines?|devices?|laptops?|servers?|domain|vms?|sandbox|endpoints?|dcs?|network)\b|[A-Za-z][A-Za-z0-9]*-[\w-]*\d[\w-]*|[A-Za-z]{2,}\d+\b|\d{1,3}(?:\.\d{1,3}){3}\b)|\b(?:generate|write|build|develop|craft|create)\b[^.?!]{0,30}\b(?:exploits?|exploit code|malware|ransomware|keyloggers?|reverse shells?|shellcode)\b|\b(?:give|send|get|find|hand|share|provide)\s+(?:me|us)\b[^.?!]{0,30}\b(?:(?:working|functional|weaponi[sz]ed|usable|ready[- ]made|poc|proof[- ]of[- ]concept)\s+exploits?|exploit code|shellcode)\b|\b(?:nmap|masscan|metasploit|live response|rtr)\b/i,
    reason: "the request asks to run tools or attacks on systems; this server only reads security data and updates alerts and incidents",
  },
  {
    pattern: /\b(?:delete|erase|wipe|purge|destroy|drop|clear|remove|get rid of)\b[^.]{0,40}\b(?:all|every|everything|the whole|entire|logs?|audit|history|alerts?|incidents?|evidence|users?|accounts?|mailbox(?:es)?|devices?|tenant|(?:it|them|him|her)\s+(?:from|in|out of)\s+(?:entra(?:\s+id)?|azure\s+ad|aad|(?:active\s+)?directory|the\s+directory|ad)\b)\b/i,
    reason: "the request asks to delete security data or accounts; this server does not delete them",
  },
  {
    pattern: /\b(?:create|add|make|grant|give)\b[^.]{0,30}\b(?:global admin(?:istrator)?|admin(?:istrator)? (?:role|rights|account|access)|owner role|backdoor|persistence)\b/i,
    reason: "the request asks to grant privileges; that is out of scope and unsafe",
  },
  {
    pattern: /\b(?:(?:dismiss|resolve|close|confirm)\s+(?:all|every|each)\b)/i,
    reason: "bulk changes to every alert, incident or user need explicit ids; name the objects to change",
  },
];

/**
 * Requests that start by asking for an action no catalog operation performs (response actions,
 * messaging, account administration, shell commands). Comments, notes and threat indicators are
 * things the catalog can create, so those verbs are allowed with them.
 */
const UNSUPPORTED_ACTION =
  /^\s*(?:(?:please|pls|kindly|can you|could you|would you|go ahead and|now)[\s,]+)*(isolate|quarantine|contain|block|unblock|restart|reboot|shut ?down|scan|e-?mail(?!s?\s+(?:attachments?|events?|messages?|logs?|headers?|senders?|recipients?|addresses|traffic|delivery|deliveries|records?|data|threats?|alerts?|activity|urls?|links?|subjects?|campaigns?|clusters?)\b)|send|notify|message|call(?!\s+(?:the\s+|our\s+)?(?:[\w/.-]+\s+){0,4}?(?:api|apis|endpoints?|operations?|functions?|tools?)\b|\s+(?:the\s+)?(?:ms\s+|microsoft\s+)?graph\b|\s+run\s*hunting\s*query\b)|text|write(?! (?:on|a comment|a note)\b)|compose|draft(?!\s+(?:(?!(?:an?|the|me|us|some|this|that|my|our)\b)\w+\s+)?(?!(?:this|his|its|us|as|is)\b)\w+s\b)|create|make|export|import|reset|disable|enable|turn (?:off|on)|delete|remove|wipe|purge|install|uninstall|deploy|buy|order|book|schedule|translate|kill|stop|collect|upload|download|lock|unlock|revoke|grant|give(?= (?!me\b|us\b|to me\b|to us\b|(?:the\s+|this\s+|that\s+)?(?:\d+|last|latest|newest|top|first|all|list|a list|every|each|alerts?|incidents?|it|them)\b|(?:the\s+)?[a-z]+s\s+(?:what|which|that|of|for|from|on)\b))|restrict|offboard|re-?image|runscript|archive|restore|release|rm|del|trigger|initiate|launch|log (?:into|in to)|ssh|rdp into|remote into|run (?:rm|del|format|shutdown|cmd|powershell|bash|sh)\b|execute (?:rm|del|format|cmd|powershell)\b|ping|traceroute|tracert|telnet|curl|wget|(?:en|de)crypt(?=\s+(?:the\s+|all\s+|our\s+|some\s+|these\s+|those\s+|his\s+|her\s+|their\s+)?(?:files?|folders?|disks?|drives?|data|shares?|it|them|everything)\b)|(?:exploit|hack|attack|compromise|brute-?force|pwn)(?=\s+(?:CVE-|the\b|this\b|that\b|our\b|their\b|it\b|them\b|a\b|an\b|host\b|server\b|[A-Za-z][A-Za-z0-9]*-[\w-]*\d)))(?![\w-])/i;
const CATALOG_CREATABLE = /\b(?:comments?|notes?|(?:threat |ti ?)?indicators?|iocs?|tlp|threat ?type|target ?product)\b/i;
/** Authoring verbs that ask for a hunting query ("make me a hunt for …", "write KQL for …") ask for a read. */
const AUTHORING_VERB = /^(?:write|compose|draft|create|make)$/;
const QUERY_REQUEST = /\b(?:hunt(?:ing)?|kql|quer(?:y|ies))\b/i;

/**
 * A quoted phrase of two words or more is a value the request names (an audit activity "'Delete
 * user'", an alert title), not a verb it asks for; the verb-driven rules read the request without it.
 */
const QUOTED_PHRASE = /(?<![\w'’])["'“‘](?=\S)[^"“”'‘’\n]{1,80}?(?<=\S)["'”’](?![\w'’])/g;
const withoutQuotedPhrases = (text: string) => text.replace(QUOTED_PHRASE, (q) => (/\s/.test(q) ? " " : q));
/** Words that make a request one about records: an audit, a log, who did it, a time window or an order. */
const RECORD_CUE = /\b(?:audits?|audtis|auditlogs?|logs?|logged|events?|entries|records?|activit(?:y|ies)|trail|history|who|whoever|did (?:anyone|anybody|someone|somebody)|last \d+|past \d+|since|today|yesterday|sorted|oldest|newest|this week|ones)\b/i;
/**
 * An Entra activity name written out ("Remove member from role, last 7 days") names records to
 * read, not an action to take: in a request about records it is blanked before the action checks.
 */
function withoutActivityName(text: string): string {
  let rest = text;
  // Every name the text writes ("Enable Strong Authentication / Disable Strong Authentication").
  for (let written = writtenActivity(rest); written; written = writtenActivity(rest)) {
    rest = rest.slice(0, written.index) + " ".repeat(written.length) + rest.slice(written.index + written.length);
  }
  return rest !== text && RECORD_CUE.test(rest) ? rest : text;
}
/**
 * A response action asked for in a later sentence of prose ("… still beaconing. Isolate the machine
 * and kill the process."): the verb starts the sentence and takes an object (a determiner, a pronoun
 * or a host name), which a sentence-initial noun ("Scan results …") does not.
 */
const SENTENCE_ACTION =
  /(?:[.!?]|\n)\s+(?:(?:please|pls|kindly|can you|could you|would you|go ahead and|now|then|also)[\s,]+)*(isolate|quarantine|contain|block|unblock|restart|reboot|shut ?down|kill|wipe|purge|uninstall|offboard|lock|unlock|revoke|disable|reset|restrict)\s+(?:the|this|that|these|those|his|her|their|its|it|them|all|every|both|[A-Za-z][A-Za-z0-9]*-[\w-]*\d[\w-]*)\b/i;
/** A request about what happened: a past participle placed in time or space, or a past time window. */
const HAPPENED =
  /\b(?:\w{3,}ed|seen|ran|written|done|made|taken)\b[^.?!]{0,40}\b(?:in|on|since|over|during|from|at)\b|\b(?:last|past|previous)\s+(?:\d+\s*)?(?:h|d|w|hrs?|hours?|days?|weeks?|months?|night)\b|\b\d+\s*(?:h|d|hrs?|hours?|days?|weeks?)\b|\bsince\b|\byesterday\b/i;

/**
 * A noun compound, not an imperative: the action word directly before an -ing noun, in a request
 * about what happened ("archive staging before exfil … created in temp dirs, 7 days").
 */
function nounCompound(text: string, action: RegExpExecArray): boolean {
  const next = /^\s+(\w{3,}ing)\b/.exec(text.slice(action.index + action[0].length));
  return next !== null && !/^(?:every|any|some|no)thing$/i.test(next[1]!) && HAPPENED.test(text);
}

/** A purpose clause after an imperative ("… to check for cached creds", "… so we can see if …"). */
const PURPOSE = /(?<=^\s*(?:(?:please|pls|kindly|can you|could you|would you|go ahead and|now)[\s,]+)*(?:run|execute|launch|detonate)\b[^.?!]*?)\b(?:to|so (?:that )?(?:we|i) can|in order to)\s+(?:check|see|verify|test|confirm|look|find)\b[^.?!]*/i;

/** Rules that stop the planner changing its instructions: they apply whatever the framing. */
const ALWAYS = new Set([0]);

/**
 * A hunt for a technique ("look for shadow-copy deletion", "signs of credential dumping") is a
 * read: it asks which devices did X, not to do X. Only explicit search framing counts; "show me
 * the passwords" is not a hunt.
 */
const HUNT_FRAME =
  /\bfind\b[^.?!]{0,40}\b(?:created|ran|executed|spawned|launched|installed|written|modified|added|made)\b|\b(?:hunt(?:ing)?|look(?:ing)? (?:for|out for)|search(?:ing)? (?:for|across)|check(?:ing)? (?:for|if|whether)|scan(?:ning)? (?:for|telemetry)|kql|advanced hunting|signs? of|evidence of|traces? of|instances? of|attempts? (?:to|at)|detect(?:ing|ion of)?|any (?:hits|activity|events|processes)|anyone who|which (?:devices|machines|hosts|processes|users|accounts)|who (?:ran|executed|dumped|deleted|disabled|cleared))\b|\b(?:dumping|deletion|tampering|clearing|disabling)\b|\b(?:processes|devices|machines|hosts|users|accounts|commands)\s+(?:that|which|where)\s+(?:\w+\s+)?(?:ran|\w{2,}ed|wrote|made|took|got|saw|did|had)\b|\b(?:someone|somebody|anyone|anybody)\s+(?:\w+\s+)?(?:ran|\w{2,}ed|wrote|made|took|got|did)\b/i;

/** Another vendor's security products: this server reads Microsoft's only. Names, as data. */
const OTHER_PRODUCTS = [
  "CrowdStrike", "Falcon", "SentinelOne", "Carbon Black", "Cortex XDR", "Cortex XSOAR", "Palo Alto", "Splunk", "QRadar",
  "ArcSight", "LogRhythm", "Sumo Logic", "Rapid7", "InsightIDR", "Exabeam", "Chronicle", "Google SecOps", "Elastic SIEM",
  "Elasticsearch", "Kibana", "Wazuh", "Okta", "Zscaler", "Netskope", "Google Workspace", "G Suite", "GSuite", "AWS GuardDuty",
  "GuardDuty", "CloudTrail", "Cisco Umbrella", "Cisco Secure", "Fortinet", "FortiGate", "FortiSIEM", "Sophos", "Trend Micro",
  "McAfee", "Trellix", "Symantec", "Cylance", "Darktrace", "Proofpoint", "Mimecast", "Tanium", "Duo Security", "Cisco Duo", "Duo", "Ping Identity",
  "Barracuda", "Check Point", "Cybereason", "Vectra", "ExtraHop", "Datadog", "Jamf", "Tenable", "Qualys", "Nessus",
  "Wiz", "Orca Security", "Lacework", "Prisma Cloud", "PingFederate", "PingOne", "OneLogin", "Auth0", "CyberArk", "BeyondTrust",
  "Kaspersky", "ESET", "Bitdefender", "Malwarebytes", "Webroot", "Huntress", "Arctic Wolf", "Red Canary", "Abnormal Security",
  "Securonix", "Graylog", "Snort", "Suricata", "Zeek", "Cloudflare", "Akamai", "Imperva", "Sekoia", "Stellar Cyber",
  // Threat-intelligence services of other vendors (this server's TI is Microsoft Defender Threat Intelligence).
  "VirusTotal", "Shodan", "AbuseIPDB", "GreyNoise", "URLhaus", "AlienVault", "Recorded Future", "ThreatConnect", "MISP",
  "urlscan", "Hybrid Analysis", "AnyRun", "Censys", "SecurityTrails", "DomainTools", "Talos",
];
/** Business systems that are not security data sources at all: ticketing, HR, databases. */
const OTHER_SYSTEMS = [
  "ServiceNow", "Jira", "Zendesk", "PagerDuty", "Freshservice", "ticketing tool", "ticketing system", "ticket system", "HR system",
  "CRM", "CMDB", "SQL database", "SAP",
];
/** The single words of the other vendors' and systems' names ("crowdstrike", "servicenow"): words, not typos or glued pairs. */
export const otherProductWords = (): string[] => [...OTHER_PRODUCTS, ...OTHER_SYSTEMS].flatMap((n) => n.toLowerCase().split(/\s+/));

/**
 * A name, unless it names the app or system a Microsoft record is about ("target system ServiceNow"
 * or "the ServiceNow app" in provisioning logs, "app Okta" in sign-ins): those are our data.
 */
const namesPattern = (names: readonly string[], flags: string) =>
  new RegExp(`(?<!\\b(?:system|app|application|target|source)\\s+)\\b(?:${names.map((n) => n.replace(/ /g, "[\\s-]?")).join("|")})\\b(?!\\s+(?:enterprise\\s+)?(?:app|application)s?\\b)`, flags);
const OTHER_PRODUCT = namesPattern(OTHER_PRODUCTS, "i");
const isAcronym = (n: string) => n === n.toUpperCase();
// Acronyms among them ("SAP", "CRM") count in capitals only: "sap" is an ordinary word.
const OTHER_SYSTEM_ACRONYM = namesPattern(OTHER_SYSTEMS.filter(isAcronym), "");
const OTHER_SYSTEM = namesPattern(OTHER_SYSTEMS.filter((n) => !isAcronym(n)), "i");
/** Other products' query languages by their shape: SPL pipes and indexes, SQL selects, AQL. */
const FOREIGN_QUERY = /\bindex\s*=\s*\w+|\bsourcetype\s*=|\|\s*stats\s+\w+|\bSELECT\s+[\w*,\s()]+\s+FROM\s+\w+|\beventtype\s*=|\| ?tstats\b/i;
/** Reading what people wrote: message bodies, attachments, files, mailbox contents (not a rule "that forwards mail": that describes what to hunt). */
const CONTENT_REQUEST =
  /\b(?:body|bodies|contents?|text|wording)\s+of\s+(?:the\s+|an?\s+|this\s+|that\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:e-?mails?|messages?|mails?|attachments?|files?|documents?|chats?)\b|(?<!\b(?:that|which|rules?(?:\s+to)?)\s+)\b(?:read|forward|summari[sz]e|print|dump)\b[^.?!]{0,40}\b(?:e-?mails?|mails?|mailbox(?:es)?|inbox(?:es)?|attachments?|messages?|chats?|onedrive|sharepoint files?)\b|(?<!\b(?:did|has|have|had|who|anyone|someone|somebody|anybody|users?|they|he|she|people|nobody)\s+)\bopen\s+(?:the|that|this)\s+(?:attachment|e-?mail|mail|message|file|document)\b|\bwhat the (?:e-?mail|message|attachment|file|document) says?\b|\b(?:attachments?|contents?)\s+of\s+(?:the\s+|an?\s+|this\s+|that\s+|his\s+|her\s+)?(?:last\s+|latest\s+|first\s+)?(?:[\w-]+\s+){0,2}(?:e-?mails?|messages?|mails?)\b|\bcontents?\s+of\s+[a-z]:\\|\b(?:inside|into|through)\s+(?:[\w.-]+'s|everyone's|everybody's|the user's|his|her|their|my)\s+(?:e-?mails?|mailbox(?:es)?|inbox(?:es)?|onedrive|sharepoint|files?|documents?|laptop|browser)\b|\bwhat\s+(?:did\s+)?(?:the\s+)?[\w.-]+\s+(?:wrote|write|typed|said|say)\b|\b(?:browser history|voicemails?)\b|\bwhat\s+(?:does|do|did)\s+(?:the\s+|this\s+|that\s+)?(?:file|document|attachment|e-?mail|message|spreadsheet|pdf)\b(?:[^.?!]|\.(?=\S)){0,60}\b(?:contain|say)\b|\b(?:read|summari[sz]e|open)\b[^.?!]{0,40}\b(?:pdfs?|documents?|docs?|spreadsheets?|attached|[\w-]+\.(?:docx?|xlsx?|pptx?|pdf))\b/i;
/** Privilege changes: making someone an administrator or adding them to a privileged role. */
const PRIVILEGE_CHANGE =
  /^\s*(?:(?:please|pls|kindly|can you|could you|go ahead and|now|quickly|(?:using|via|through|with) (?:the )?(?:microsoft |ms )?graph(?: api)?)[\s,]+)*(?:make|promote|elevate|add|assign|grant|give|put)\b(?:[^.?!]|\.(?=\S)){0,60}\b(?:global (?:admin|administrator|reader)|(?:security|exchange|user|privileged role|application|cloud application|billing|helpdesk|intune|sharepoint|teams) admin(?:istrator)?|admin(?:istrator)? (?:rights|role|access|privileges?)|(?:an? )?admin(?:istrator)?\b|domain admins?|privileged role|owner of)/i;

/** Someone added to a directory role by its name ("add bob to the Security Operator role"). */
const ROLE_CHANGE =
  /^\s*(?:(?:please|pls|kindly|can you|could you|go ahead and|now|quickly|(?:using|via|through|with) (?:the )?(?:microsoft |ms )?graph(?: api)?)[\s,]+)*(?:add|assign|grant|put|promote|elevate|raise|activate)\b(?:[^.?!]|\.(?=\S)){0,60}\b(?:to|into|in|as)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){1,4}roles?\b/i;
/** Someone to be given an admin role, said in the passive ("wants the intern added as Exchange admin"). */
const PRIVILEGE_WISH = /\b(?:wants?|needs?|asked for|should be|get)\s+(?:[\w.@-]+\s+){0,3}(?:added|promoted|made|elevated)\s+(?:as|to)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}admin(?:istrator)?s?\b/i;
/**
 * Changing tenant configuration (a policy "to exclude the CEO", MFA resets): nothing in the catalog
 * writes it. A reset asked for, not one reported ("the user already reset pwd").
 */
const CONFIG_CHANGE =
  /\b(?:change|modify|edit|update|set|switch)\s+(?:the\s+|our\s+|my\s+|all\s+)?(?:secure score controls?|(?:alert |email )?notifications?(?: e-?mails?| settings?)?|settings?|configuration|config|asr rules?|exclusions?)\b[^.?!]{0,60}\bto\b|^\s*(?:(?:please|pls|kindly|can you|could you)[\s,]+)*(?:exclude|excluded|allow|whitelist|allowlist|permit|unblock)\b[^.?!]{0,80}\b(?:from|on|for|in)\b|\b(?:change|modify|edit|update|tweak)\s+(?:the\s+|our\s+|this\s+|that\s+)?(?:[\w-]+\s+){0,3}polic(?:y|ies)\s+(?:to|so)\b|(?:^|[.!?;,]\s+|\b(?:please|pls|kindly|can you|could you)\s+)(?:add|put|mark|set|make)\b(?:[^.?!]|\.(?=\S)){0,50}\b(?:to|in|into|as)\s+(?:the\s+|our\s+|a\s+)?(?:named locations?|trusted(?:\s+(?:ips?|locations?|networks?|ranges?))?|allow ?lists?|safe ?lists?|(?:antivirus |anti-?virus |av |defender |scan )?exclusions?(?: lists?)?)\b|(?<=(?:^|[.!?;:,]\s*|\b(?:please|pls|kindly|you|to|and|then|now|also)\s+))reset\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:mfa|password|authenticator)\b/i;
/** Advice, opinions and chit-chat: no security data answers them. */
const ADVICE = /\b(?:recommend|suggest)\s+(?:me\s+)?(?:a|an|some|any|the best)\b|\b(?:tell me a joke|how are you|what do you think|do you (?:ever|like|enjoy|get tired|feel))\b|\b(?:write|make|give)\s+(?:me\s+)?(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:tutorial|course|lesson|essay|blog post|presentation|slides|cheat ?sheet)\b/i;

/** "what it says" asks for content only where the request is about a message or a file. */
const WHAT_IT_SAYS = /\bwhat (?:it|they) says?\b/i;
const CONTENT_NOUN = /\b(?:e-?mails?|mails?|messages?|attachments?|files?|documents?|chats?|pdfs?)\b/i;
/** Another vendor named as where a lead came from ("CrowdStrike's report lists 1.2.3.4 — what does Defender TI know"). */
const REPORT_SOURCE = /\b[\w.-]+(?:\s+[A-Z][\w.-]*)?['’]s\s+(?:report|alert|detection|finding|feed|list|email|ticket|advisory|blog)\b|\b(?:according to|reported by|flagged by|seen in|from)\s+(?:a\s+|the\s+)?[\w.-]+(?:\s+[A-Z][\w.-]*)?\s+(?:report|advisory|feed|blog|bulletin)\b/gi;
/** A request about Entra's provisioning logs. */
const PROVISIONING = /\bprovision(?:ing|ed|s)?\b|\bscim\b/i;
/** A quoted name after the noun of an app, service principal, connector or target system. */
const NAMED_APP = /\b(?:app(?:lication)?|service principal|sp|connector|enterprise app|target system|source system|system)\s*(?:named|called|=|:)?\s*["'“‘][^"'”’\n]{1,80}["'”’]/gi;

/** Why the request names another product or asks for content this server never reads. */
function outOfScopeReason(text: string, unquoted: string): string | undefined {
  // Provisioning logs are about the systems Entra provisions to and from (Workday, ServiceNow,
  // Zscaler …), and a quoted app or connector name ("the app 'Zscaler Private Access'") is a name
  // in our data: neither asks for another vendor's console.
  const named = PROVISIONING.test(text) ? "" : text.replace(NAMED_APP, " ").replace(REPORT_SOURCE, " ");
  const product = OTHER_PRODUCT.exec(named);
  if (product) return `"${product[0]}" is another vendor's product; this server reads Microsoft Defender XDR and Entra security data only`;
  const system = OTHER_SYSTEM.exec(named) ?? OTHER_SYSTEM_ACRONYM.exec(named);
  if (system) return `"${system[0]}" is not a security data source this server reads; it reads Microsoft Defender XDR and Entra security data only`;
  if (FOREIGN_QUERY.test(text)) return "that query is written for another product (SPL or SQL); this server runs KQL advanced hunting and Graph security calls";
  if (CONTENT_REQUEST.test(text) || (WHAT_IT_SAYS.test(text) && CONTENT_NOUN.test(text))) return "reading mail, message or file contents is outside this server; it reads security alerts, incidents, sign-ins and hunting telemetry";
  if (PRIVILEGE_CHANGE.test(text) || ROLE_CHANGE.test(text) || PRIVILEGE_WISH.test(text)) return "the request asks to grant privileges; that is out of scope and unsafe";
  if (CONFIG_CHANGE.test(unquoted)) return "changing tenant configuration (policies, MFA, passwords) is not something this server does; it reads security data and updates alerts, incidents and risky users";
  if (ADVICE.test(text)) return "the request asks for advice or conversation, not for security data this server reads";
  return undefined;
}

/** Why the request must be declined on safety or scope grounds, or undefined when it may proceed. */
export function unsafeReason(original: string): string | undefined {
  const text = withoutActivityName(withoutQuotedPhrases(original));
  // "run mimikatz on WS-01 to check for cached creds": a purpose clause says why, it does not frame a hunt.
  const hunt = HUNT_FRAME.test(text.replace(PURPOSE, " "));
  const rule = RULES.find((r, i) => (ALWAYS.has(i) ? r.pattern.test(original) : !hunt && r.pattern.test(text)));
  if (rule) return rule.reason;
  // Names (products, roles, groups) are read as written; a quoted role is still the role granted.
  const scope = outOfScopeReason(original, text);
  if (scope) return scope;
  const action = UNSUPPORTED_ACTION.exec(text);
  const asksForQuery = action !== null && AUTHORING_VERB.test(action[1]!.toLowerCase()) && QUERY_REQUEST.test(text);
  const compound = action !== null && nounCompound(text, action);
  if (action && !asksForQuery && !compound && !CATALOG_CREATABLE.test(text)) {
    return `"${action[1]!.toLowerCase()}" is not something this server can do; it reads Defender and Entra security data and updates alerts, incidents and risky users`;
  }
  const later = SENTENCE_ACTION.exec(text);
  if (later) return `"${later[1]!.toLowerCase()}" is not something this server can do; it reads Defender and Entra security data and updates alerts, incidents and risky users`;
  return undefined;
}
