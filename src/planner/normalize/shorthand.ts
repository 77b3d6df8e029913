/**
 * SOC shorthand → the words the catalog uses, as data. Each entry is a whole word (or a short
 * phrase) matched case-insensitively unless `caseSensitive` (two-letter acronyms that are ordinary
 * words in lower case: "CA", "TP"). The planner's own vocabularies then read the expansion.
 */
export interface Shorthand {
  /** Word forms, without regex syntax. */
  forms: string[];
  expansion: string;
  caseSensitive?: boolean;
}

export const SHORTHAND: readonly Shorthand[] = [
  { forms: ["inc", "incdt", "incid"], expansion: "incident" },
  { forms: ["incs", "incdts"], expansion: "incidents" },
  { forms: ["sev", "svrty", "sevrity"], expansion: "severity" },
  { forms: ["sevs"], expansion: "severities" },
  // Level words clipped after (or before) severity: "sev hi", "med sev".
  { forms: ["sev hi", "severity hi", "sev:hi", "sev=hi"], expansion: "severity high" },
  { forms: ["sev med", "severity med", "sev:med", "sev=med"], expansion: "severity medium" },
  { forms: ["sev lo", "severity lo", "sev:lo", "sev=lo"], expansion: "severity low" },
  { forms: ["hi sev", "hi severity"], expansion: "high severity" },
  { forms: ["med sev", "med severity"], expansion: "medium severity" },
  { forms: ["lo sev", "lo severity"], expansion: "low severity" },
  { forms: ["crit", "crits"], expansion: "critical" },
  // The progressive forms of signing in read as the past one the readers know ("who has been logging in from …").
  { forms: ["logging in", "signing in", "logging into", "signing into"], expansion: "logged in" },
  // A phishing test is what Attack simulation training runs.
  { forms: ["phishing-test", "phishing test", "phish test", "phish-test"], expansion: "phishing simulation" },
  { forms: ["phishing-tests", "phishing tests", "phish tests", "phish-tests"], expansion: "phishing simulations" },
  // "our EDR", "the email protection": the Defender product that does it.
  { forms: ["our edr", "the edr", "our endpoint protection"], expansion: "Defender for Endpoint" },
  { forms: ["edr alerts"], expansion: "Defender for Endpoint alerts" },
  { forms: ["email protection", "mail protection", "email security"], expansion: "Defender for Office 365" },
  { forms: ["box", "machine", "workstation", "laptop", "endpoint box", "pc", "computer"], expansion: "device" },
  { forms: ["boxes", "machines", "workstations", "laptops", "pcs", "computers"], expansion: "devices" },
  // The product "Entra ID Protection" (formerly Azure AD Identity Protection) is identity protection, not "entra protection".
  { forms: ["entra id protection", "microsoft entra id protection", "aad identity protection", "azure ad identity protection", "aad protection", "aadip"], expansion: "entra identity protection" },
  { forms: ["aad", "azure ad", "azuread", "azure active directory", "entra id", "microsoft entra id"], expansion: "entra" },
  { forms: ["CA"], expansion: "conditional access", caseSensitive: true },
  { forms: ["TP", "TPs"], expansion: "true positive", caseSensitive: true },
  { forms: ["FP", "FPs"], expansion: "false positive", caseSensitive: true },
  { forms: ["BP"], expansion: "benign positive", caseSensitive: true },
  { forms: ["SP", "SPN"], expansion: "service principal", caseSensitive: true },
  { forms: ["SPs", "SPNs"], expansion: "service principals", caseSensitive: true },
  // Lower case too ("risky sp", "riskyspn"): "sp" is no English word the requests use otherwise.
  { forms: ["sp", "spn"], expansion: "service principal" },
  { forms: ["spns"], expansion: "service principals" },
  { forms: ["prov", "prov log", "prov logs"], expansion: "provisioning" },
  { forms: ["sim", "phish sim", "phishing sim"], expansion: "simulation" },
  { forms: ["sims", "phish sims", "phishing sims"], expansion: "simulations" },
  { forms: ["usr", "usrs"], expansion: "user" },
  { forms: ["acct", "acc"], expansion: "account" },
  { forms: ["accts"], expansion: "accounts" },
  { forms: ["pwd", "passwd", "pw"], expansion: "password" },
  { forms: ["grp"], expansion: "group" },
  { forms: ["grps"], expansion: "groups" },
  { forms: ["svc"], expansion: "service" },
  { forms: ["vuln", "vulns"], expansion: "vulnerability" },
  { forms: ["det", "dets"], expansion: "detections" },
  { forms: ["yday", "yest", "ystrdy", "yesterdy"], expansion: "yesterday" },
  { forms: ["2day", "tdy"], expansion: "today" },
  { forms: ["wk"], expansion: "week" },
  { forms: ["wks"], expansion: "weeks" },
  { forms: ["mo", "mth"], expansion: "month" },
  { forms: ["w/"], expansion: "with" },
  { forms: ["w/o"], expansion: "without" },
  { forms: ["pls", "plz", "pleas", "plese", "pleae", "pleaes"], expansion: "please" },
  { forms: ["u"], expansion: "you" },
  { forms: ["ur"], expansion: "your" },
  { forms: ["rn", "atm"], expansion: "right now" },
  { forms: ["cnt", "#of", "no. of"], expansion: "number of" },
  { forms: ["auth"], expansion: "authentication" },
  { forms: ["assgnd", "asgnd"], expansion: "assigned" },
  { forms: ["unassgnd"], expansion: "unassigned" },
];
