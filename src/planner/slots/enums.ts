/**
 * Enum values in analyst words: "high severity", "false positive", "in progress", "closed",
 * "Defender for Endpoint", "at risk". Works over whatever enum fields the caller passes (an entity's
 * filterable fields or an operation's body properties), so new catalog enums match by their own
 * camelCase words without code changes; the synonym table adds SOC vocabulary.
 */

export interface EnumField {
  /** Field or argument name ("severity", "status", "riskLevel"). */
  field: string;
  values: readonly string[];
  /**
   * Match only when the text also names the field ("determination", "detected by"): for fields
   * whose values are common words that usually mean something else in a request.
   */
  requireCue?: boolean;
}

export interface EnumMatch {
  field: string;
  value: string;
  /** Position of the matched words in the text. */
  index: number;
  length: number;
}

/** Extra phrasings for enum members. A group applies to a field whose enum holds all its values. */
const SYNONYMS: { phrases: string[]; values: string[] }[] = [
  { phrases: ["critical", "sev high", "severe", "high sev", "sev1", "sev 1"], values: ["high"] },
  { phrases: ["moderate", "med", "sev medium", "sev2", "sev 2"], values: ["medium"] },
  { phrases: ["info", "information only"], values: ["informational"] },
  { phrases: ["closed", "close", "resolve", "fixed", "done", "remediated"], values: ["resolved"] },
  { phrases: ["ongoing", "investigating", "under investigation", "being investigated", "in flight", "working on", "start working"], values: ["inProgress"] },
  { phrases: ["untriaged", "not triaged", "unhandled", "fresh"], values: ["new"] },
  { phrases: ["open", "unresolved", "not resolved", "not resolved yet", "not yet resolved", "still open", "not closed", "not closed yet", "still active"], values: ["active"] },
  { phrases: ["open", "unresolved", "not resolved", "not resolved yet", "not yet resolved", "still open", "not closed", "not closed yet", "still active", "active"], values: ["new", "inProgress"] },
  { phrases: ["pending action", "waiting for action", "awaiting"], values: ["awaitingAction"] },
  { phrases: ["merged"], values: ["redirected"] },
  { phrases: ["tp", "true-positive", "true positives", "real threat", "confirmed malicious"], values: ["truePositive"] },
  { phrases: ["fp", "false-positive", "false positives", "false alarm", "false alarms"], values: ["falsePositive"] },
  { phrases: ["benign", "benign positive", "benign true positive", "btp", "expected activity", "expected behavior", "expected behaviour"], values: ["informationalExpectedActivity"] },
  { phrases: ["phish", "phishing attempt"], values: ["phishing"] },
  { phrases: ["advanced persistent threat"], values: ["apt"] },
  { phrases: ["pen test", "pentest", "penetration test", "penetration testing", "red team", "red team exercise"], values: ["securityTesting"] },
  { phrases: ["pua", "pup", "adware", "potentially unwanted"], values: ["unwantedSoftware"] },
  { phrases: ["multi-stage attack", "multistage attack", "multi stage attack", "multi-staged attack"], values: ["multiStagedAttack"] },
  { phrases: ["account compromise", "compromised user"], values: ["compromisedAccount"] },
  { phrases: ["insider activity", "insider threat"], values: ["maliciousUserActivity"] },
  { phrases: ["not enough data", "insufficient data", "insufficient information"], values: ["notEnoughDataToValidate"] },
  { phrases: ["line of business app", "lob app", "line-of-business"], values: ["lineOfBusinessApplication"] },
  { phrases: ["defender for endpoint", "mde", "mdatp", "endpoint detection"], values: ["microsoftDefenderForEndpoint"] },
  { phrases: ["defender for identity", "mdi", "azure atp"], values: ["microsoftDefenderForIdentity"] },
  { phrases: ["defender for cloud apps", "mdca", "mcas", "cloud app security"], values: ["microsoftDefenderForCloudApps"] },
  { phrases: ["defender for office", "defender for office 365", "mdo", "office 365 atp"], values: ["microsoftDefenderForOffice365"] },
  { phrases: ["microsoft 365 defender", "m365 defender", "m365d", "defender xdr"], values: ["microsoft365Defender"] },
  { phrases: ["identity protection", "entra id protection", "entra identity protection", "azure ad identity protection", "aad identity protection", "aadip"], values: ["azureAdIdentityProtection"] },
  { phrases: ["app governance"], values: ["microsoftAppGovernance"] },
  { phrases: ["dlp", "purview dlp"], values: ["dataLossPrevention"] },
  { phrases: ["defender for cloud", "mdc", "azure defender"], values: ["microsoftDefenderForCloud"] },
  { phrases: ["sentinel", "azure sentinel"], values: ["microsoftSentinel"] },
  { phrases: ["insider risk", "irm"], values: ["microsoftInsiderRiskManagement"] },
  { phrases: ["av", "defender antivirus"], values: ["antivirus"] },
  { phrases: ["custom detection rule", "custom detection rules", "custom detections"], values: ["customDetection"] },
  { phrases: ["at-risk", "still at risk", "currently at risk"], values: ["atRisk"] },
  { phrases: ["compromised", "confirmed as compromised"], values: ["confirmedCompromised"] },
  { phrases: ["failed", "failing", "failures", "unsuccessful"], values: ["failure"] },
  { phrases: ["successful", "succeeded", "successes"], values: ["success"] },
  { phrases: ["completed", "finished", "complete", "done"], values: ["succeeded"] },
  { phrases: ["in progress", "ongoing", "underway", "live"], values: ["running"] },
  { phrases: ["reopen", "re-open", "reopened"], values: ["open"] },
  { phrases: ["close", "resolve", "resolved", "fixed"], values: ["closed"] },
  { phrases: ["custom", "our own", "our", "tenant-created"], values: ["tenant"] },
  { phrases: ["built-in", "microsoft-provided", "global catalog"], values: ["global"] },
  { phrases: ["threat actor", "actors", "threat actors", "groups"], values: ["actor"] },
  { phrases: ["tools", "malware tools"], values: ["tool"] },
  { phrases: ["credential harvest", "credential harvesting", "cred harvest"], values: ["credentialHarvesting"] },
  { phrases: ["deletes", "deleted", "deletion", "deprovisioned"], values: ["delete"] },
  { phrases: ["disables", "disabled"], values: ["disable"] },
  { phrases: ["creates", "created"], values: ["create"] },
  { phrases: ["updates", "updated"], values: ["update"] },
  { phrases: ["safe", "confirmed as safe"], values: ["confirmedSafe"] },
];

/** Members that never match on their own words (too generic, or placeholders). */
const NEVER = new Set(["unknownFutureValue", "UnknownFutureValue"]);
/** Phrases that are ordinary words in a request; they match only near their field's name. */
const WEAK_PHRASES = new Set(["unknown", "none", "other", "hidden", "apt", "manual", "safe", "done", "info", "av", "fresh", "awaiting", "our", "groups", "tools", "created", "updated", "create", "update", "global", "custom", "complete", "tool", "delete", "disable", "user", "signin", "text", "html"]);

/** Words an analyst uses to name a field ("sev", "risk level", "detected by"). */
const FIELD_CUES: Record<string, string[]> = {
  severity: ["severity", "sev", "severities", "priority"],
  status: ["status", "state", "statuses"],
  classification: ["classification", "classified", "classify", "as"],
  determination: ["determination", "determined", "as", "verdict"],
  serviceSource: ["service source", "source", "product"],
  // "detected by Defender for Office" usually means the product (serviceSource); only the
  // field's own name selects detectionSource.
  detectionSource: ["detection source", "detector"],
  riskLevel: ["risk level", "risk", "risky", "risk-level"],
  riskState: ["risk state", "state", "status"],
  riskDetail: ["risk detail", "detail"],
  riskLevelDuringSignIn: ["risk", "risky", "risk level", "during sign in"],
  riskLevelAggregated: ["aggregated risk", "aggregated"],
  conditionalAccessStatus: ["conditional access", "ca policy", "ca policies"],
  healthIssueType: ["type", "issue type", "health issue"],
};

const wordsOf = (camel: string) =>
  camel
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "in progress" also matches "in-progress" and "inprogress". */
function phrasePattern(phrase: string): string {
  return phrase
    .split(/[\s-]+/)
    .map(escape)
    .join("[\\s_,-]*");
}

/** Compiled patterns, shared across requests (the same phrases recur for every entity). */
const patternCache = new Map<string, RegExp>();
function wordPattern(phrase: string, flags = ""): RegExp {
  const key = `${flags}:${phrase}`;
  let re = patternCache.get(key);
  if (!re) {
    re = new RegExp(`(?<![\\w-])${phrasePattern(phrase)}(?![\\w-])`, flags);
    patternCache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

function cuesFor(field: string): string[] {
  const last = field.split("/").pop() ?? field;
  const words = wordsOf(last).split(" ");
  // "token issuer" names tokenIssuerType, "timing type" detectionTimingType: two neighbouring words of the name.
  const pairs = words.length > 2 ? words.slice(0, -1).map((w, i) => `${w} ${words[i + 1]}`) : [];
  return [...new Set([wordsOf(last), ...pairs, ...(FIELD_CUES[last] ?? [])])];
}

/** Length of the longest cue for `field` within `window` characters of the match (0 if none). */
function cueNear(lower: string, field: string, index: number, length: number, window = 30): number {
  const around = lower.slice(Math.max(0, index - window), index + length + window);
  return Math.max(0, ...cuesFor(field).filter((cue) => wordPattern(cue).test(around)).map((cue) => cue.length));
}

function hasCueAnywhere(lower: string, field: string): boolean {
  return cuesFor(field)
    .filter((cue) => cue.length > 3)
    .some((cue) => wordPattern(cue).test(lower));
}

interface Candidate {
  field: string;
  values: string[];
  index: number;
  length: number;
  /** How the field was chosen among several: a longer cue near the words beats a shorter one, any near cue beats one elsewhere. */
  cueScore: number;
  order: number;
}

/**
 * Enum members mentioned in `text`, one match per phrase occurrence (longest phrase wins,
 * e.g. "informational expected activity" over "informational"). When a phrase fits several fields
 * the one whose name appears near it wins, then the one listed first in `fields`.
 */
export function matchEnumValues(text: string, fields: EnumField[]): EnumMatch[] {
  const lower = text.toLowerCase();
  const candidates: Candidate[] = [];
  fields.forEach((spec, order) => {
    const groups: { phrases: string[]; values: string[] }[] = spec.values
      .filter((v) => !NEVER.has(v))
      .map((v) => ({ phrases: [wordsOf(v), v.toLowerCase()], values: [v] }));
    for (const synonym of SYNONYMS) {
      if (synonym.values.every((v) => spec.values.includes(v))) groups.push(synonym);
    }
    for (const group of groups) {
      for (const phrase of new Set(group.phrases)) {
        // Cheap pre-check before the regex: most phrases are absent from a short request.
        if (!lower.includes(phrase.split(/[\s-]+/)[0]!)) continue;
        for (const m of lower.matchAll(wordPattern(phrase, "g"))) {
          const index = m.index ?? 0;
          const cueLength = cueNear(lower, spec.field, index, m[0].length);
          const nearCue = cueLength > 0;
          const anyCue = nearCue || hasCueAnywhere(lower, spec.field);
          if (WEAK_PHRASES.has(phrase) && !nearCue) continue;
          if (spec.requireCue && !anyCue) continue;
          candidates.push({ field: spec.field, values: group.values, index, length: m[0].length, cueScore: nearCue ? 100 + cueLength : anyCue ? 1 : 0, order });
        }
      }
    }
  });
  candidates.sort((a, b) => b.length - a.length || b.cueScore - a.cueScore || a.order - b.order || a.index - b.index);
  const taken: [number, number][] = [];
  const matches: EnumMatch[] = [];
  for (const c of candidates) {
    if (taken.some(([s, e]) => c.index < e && s < c.index + c.length)) continue;
    taken.push([c.index, c.index + c.length]);
    for (const value of c.values) matches.push({ field: c.field, value, index: c.index, length: c.length });
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** Every word the synonym table and field cues use (for typo repair). */
export function enumVocabulary(): string[] {
  return [...SYNONYMS.flatMap((s) => s.phrases), ...Object.values(FIELD_CUES).flat()].flatMap((p) => p.split(/[^a-zA-Z]+/));
}

/** Groups matches by field: field → distinct values in text order. */
export function valuesByField(matches: EnumMatch[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of matches) {
    const list = out.get(m.field) ?? [];
    if (!list.includes(m.value)) list.push(m.value);
    out.set(m.field, list);
  }
  return out;
}
