/**
 * Vocabulary of hunt requests: words that describe a hunt rather than name evidence, and the English
 * lexicon that tells tool names ("certutil", "mimikatz") from ordinary words.
 */
import { createNormalizer, type Normalizer } from "../normalize/index.js";
import { schemaTables } from "./tables.js";

/** Words that describe the hunt rather than what to look for. */
const NOT_SALIENT = new Set(
  `a an the and or of for to in on at by with from into via over within during since until about any all every some
   which what who whose where when that this these those there their its it is are was were be been being have has had
   do does did can could should would will show list find look looking get give me us my our hunt hunting hunts query
   queries kql kusto search run ran running runs execute executed executing execution executions launch launched
   launching launches spawn spawned started start process processes event events device devices machine machines
   host hosts endpoint endpoints file files folder folders directory directories path paths command commands line lines
   commandline cmdline use using used new recent recently last past previous today yesterday hours hour days day
   weeks week months month minutes minute hrs hr mins min ago now top number count counts per each more than less
   fewer least most many much times time made make making created creating create written write wrote dropped
   downloaded downloading download connections connection connect connected outbound inbound port ports network
   traffic logon logons login logins logged sign signin signins failed failure failures successful identities
   identity accounts account users user emails email mail mails sent sender senders recipient recipients delivered
   include including subject subjects table tables lateral movement suspicious malicious potential possible like
   involving related seen observed activity activities windows os platform operating system clicks click url urls
   attachment attachments named called cleartext plaintext passwords password scheduled task tasks local admin
   administrator administrators rules rule mailbox inbox forwarding cloud app apps encoded alert alerts evidence
   title titles mentioning mentions mention touching anyone anybody someone somebody anywhere environment check
   sha1 sha256 md5 hash hashes ioc iocs tvm mde mdi mdo mdca edr xdr soc how pls please`.split(/\s+/),
);

/** Filler words of hunts that typo repair must not correct towards (so kept out of HUNTING_VOCABULARY). */
const FILLER = new Set(
  `clicked link links flagged missing latest version versions unusual random odd abnormal anything something whether
   still across same different lots attempts entra aad azure beta dc dcs didn doesn isn wasn aren don won hasn haven
   hxxp hxxps hklm hkcu hku hkcr outdated dll dlls exe exes binary binaries executable executables script scripts
   cve cves vuln vulns vulnerability vulnerabilities vulnerable ip ips address addresses internal inventory installed
   certificate certificates cert certs expiring expired expiry expiration`.split(/\s+/),
);
export const isFiller = (word: string) => NOT_SALIENT.has(word) || FILLER.has(word);

/**
 * Words that name what is hunted in general (SOC vocabulary and the tables' own words): not literal
 * terms of the evidence, so they are matched only when the request gives nothing more specific.
 */
const HUNT_WORDS = new Set([
  ..."ransomware malware phishing phish exfil exfiltration persistence recon reconnaissance credential credentials dumping dump dumps theft abuse attack attacks attacker exploit exploits exploitation variants technique techniques tactic tactics mitre ttp ttps lolbin lolbins c2 beacon beaconing tool tools patterns".split(" "),
  ...Object.keys(schemaTables()).flatMap((t) => t.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase().split(" ")),
]);

/** Words the hunt builder understands (for typo repair). */
export const HUNTING_VOCABULARY: readonly string[] = [...NOT_SALIENT, ...Object.keys(schemaTables()).map((t) => t.toLowerCase())];

let englishLexicon: Normalizer | undefined;
/** True for a common English word: matched only as a last resort, unlike tool names ("certutil"). */
export function isEnglish(word: string): boolean {
  englishLexicon ??= createNormalizer([]);
  const lexicon = englishLexicon;
  const known = (part: string) => part.length === 0 || isFiller(part) || HUNT_WORDS.has(part) || lexicon.knows(part) || lexicon.knows(part.replace(/s$/, ""));
  // Letters and digits together ("7-Zip", "w3wp", "win32") name a program, not an English word.
  if (/\d/.test(word) && /[a-z]/i.test(word) && !/^\d+(?:am|pm|st|nd|rd|th|[smhdwy]|ms|hrs?|mins?|days?|k|kb|mb|gb|x)$/i.test(word)) return false;
  // "sign-in", "parent-child": English when every part is.
  return word.toLowerCase().split(/[-.]/).every(known);
}

