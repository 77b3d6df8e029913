/**
 * Enum values in analyst words: "high severity", "false positive", "in progress", "closed",
 * "Defender for Endpoint", "at risk". Works over whatever enum fields the caller passes (an entity's
 * filterable fields or an operation's body properties), so new catalog enums match by their own
 * camelCase words without code changes; the synonym table adds SOC vocabulary.
 */
import { escapeRegExp } from "../regex.js";

export interface EnumField {
  /** Field or argument name ("severity", "status", "riskLevel"). */
  field: string;
  values: readonly string[];
  /**
   * Match only when the text also names the field ("determination", "detected by"): for fields
   * whose values are common words that usually mean something else in a request.
   */
  requireCue?: boolean;
  /** A write's field: the verb of a state value names it too ("suppress" → suppressed). */
  verbs?: boolean;
}

export interface EnumMatch {
  field: string;
  value: string;
  /** Position of the matched words in the text. */
  index: number;
  length: number;
  /** "not yet closed", "that nobody resolved": the text rules this state out (only with `negations`). */
  negated?: boolean;
}

/** Extra phrasings for enum members. A group applies to a field whose enum holds all its values. */
const SYNONYMS: { phrases: string[]; values: string[] }[] = [
  { phrases: ["critical", "sev high", "severe", "high sev", "sev1", "sev 1"], values: ["high"] },
  { phrases: ["moderate", "med", "sev medium", "sev2", "sev 2"], values: ["medium"] },
  { phrases: ["info", "information only"], values: ["informational"] },
  { phrases: ["closed", "close", "resolve", "fixed", "done", "remediated"], values: ["resolved"] },
  { phrases: ["ongoing", "investigating", "under investigation", "being investigated", "in flight", "working on", "start working"], values: ["inProgress"] },
  { phrases: ["untriaged", "not triaged", "unhandled", "fresh", "untouched", "not touched", "nobody touched", "nobody's touched", "no one touched", "no one's touched", "not picked up"], values: ["new"] },
  // An incident not yet resolved is in any state short of it (active, in progress, awaiting action);
  // "open" and "still active" name the active state itself.
  { phrases: ["unresolved", "not resolved", "not resolved yet", "not yet resolved", "not closed", "not closed yet", "not yet closed"], values: ["active", "inProgress", "awaitingAction"] },
  { phrases: ["open", "unresolved", "not resolved", "not resolved yet", "not yet resolved", "still open", "not closed", "not closed yet", "still active"], values: ["active"] },
  { phrases: ["open", "unresolved", "not resolved", "not resolved yet", "not yet resolved", "still open", "not closed", "not closed yet", "still active", "active"], values: ["new", "inProgress"] },
  { phrases: ["pending action", "waiting for action", "awaiting"], values: ["awaitingAction"] },
  { phrases: ["merged"], values: ["redirected"] },
  // Intel profiles by kind: "profiles about tools (not actors)", "threat actor profiles".
  { phrases: ["tool profiles"], values: ["tool"] },
  { phrases: ["threat actor profiles", "actor profiles"], values: ["actor"] },
  { phrases: ["tp", "true-positive", "true positives", "real threat", "confirmed malicious"], values: ["truePositive"] },
  { phrases: ["fp", "false-positive", "false positives", "false alarm", "false alarms"], values: ["falsePositive"] },
  { phrases: ["benign", "benign positive", "benign true positive", "btp", "expected activity", "expected behavior", "expected behaviour"], values: ["informationalExpectedActivity"] },
  { phrases: ["phish", "phishing attempt"], values: ["phishing"] },
  { phrases: ["advanced persistent threat"], values: ["apt"] },
  { phrases: ["pen test", "pentest", "penetration test", "penetration testing", "red team", "red team exercise"], values: ["securityTesting"] },
  { phrases: ["pua", "pup", "adware", "potentially unwanted"], values: ["unwantedSoftware"] },
  { phrases: ["multi stage attack", "multi staged attack", "multi stage", "multi staged"], values: ["multiStagedAttack"] },
  { phrases: ["account compromise", "compromised user", "hijacked account", "hijacked-account", "account takeover", "taken over account"], values: ["compromisedAccount"] },
  { phrases: ["insider activity", "insider threat", "malicious insider", "insider doing something malicious"], values: ["maliciousUserActivity"] },
  { phrases: ["not enough data", "insufficient data", "insufficient information"], values: ["notEnoughDataToValidate"] },
  { phrases: ["line of business app", "lob app", "line-of-business", "lob"], values: ["lineOfBusinessApplication"] },
  { phrases: ["sec personnel", "security personnel activity", "soc team itself", "our own soc", "our own security team"], values: ["securityPersonnel"] },
  { phrases: ["defender for endpoint", "mde", "mdatp", "endpoint detection"], values: ["microsoftDefenderForEndpoint"] },
  { phrases: ["defender for identity", "mdi", "azure atp"], values: ["microsoftDefenderForIdentity"] },
  { phrases: ["defender for cloud apps", "mdca", "mcas", "cloud app security"], values: ["microsoftDefenderForCloudApps"] },
  { phrases: ["defender for office", "defender for office 365", "mdo", "office 365 atp"], values: ["microsoftDefenderForOffice365"] },
  { phrases: ["microsoft 365 defender", "m365 defender", "m365d", "defender xdr"], values: ["microsoft365Defender"] },
  // "entra protection": the normaliser drops a standalone "ID" before the slots see the text.
  { phrases: ["identity protection", "entra id protection", "entra protection", "entra identity protection", "azure ad identity protection", "aad identity protection", "aadip"], values: ["azureAdIdentityProtection"] },
  { phrases: ["app governance"], values: ["microsoftAppGovernance"] },
  { phrases: ["dlp", "purview dlp", "data loss prevention", "data loss tool", "data loss"], values: ["dataLossPrevention"] },
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
  // An incident reopened is active again; an alert reopened is new again (each status list has only its own word).
  { phrases: ["reopen", "re-open", "reopened"], values: ["active"] },
  { phrases: ["reopen", "re-open", "reopened"], values: ["new"] },
  { phrases: ["close", "resolve", "resolved", "fixed"], values: ["closed"] },
  { phrases: ["custom", "our own", "our", "tenant-created", "ourselves", "in-house", "in house"], values: ["tenant"] },
  { phrases: ["social engineering"], values: ["social"] },
  { phrases: ["built-in", "microsoft-provided", "microsoft provided", "microsoft's", "global catalog"], values: ["global"] },
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
const WEAK_PHRASES = new Set(["unknown", "none", "other", "hidden", "manual", "safe", "done", "info", "av", "fresh", "awaiting", "our", "groups", "tools", "created", "updated", "create", "update", "global", "custom", "complete", "tool", "delete", "disable", "user", "signin", "text", "html", "available"]);

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
  attackTechnique: ["technique", "attack technique"],
  attackType: ["type", "attack type"],
  // Intel profiles are tools or actors: "profiles about tools", "intel profiles that are tools".
  kind: ["kind", "profiles", "profile"],
  // Attack-simulation content is global (Microsoft's library) or the tenant's own: "global payloads".
  source: ["source", "payloads", "payload", "landing pages", "login pages", "notifications", "trainings", "library"],
};

const wordsOf = (camel: string) =>
  camel
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();


/** "in progress" also matches "in-progress" and "inprogress"; "lob app" also "lob apps". */
function phrasePattern(phrase: string): string {
  const plural = /[a-z]{3}$/.test(phrase) ? "s?" : "";
  return (
    phrase
      .split(/[\s-]+/)
      // "not yet closed" says what "not closed" says.
      .map((w) => (w === "not" ? "not(?:[\\s_,-]+yet)?" : escapeRegExp(w)))
      .join("[\\s_,-]*") + plural
  );
}

/** Compiled patterns, shared across requests (the same phrases recur for every entity). */
const patternCache = new Map<string, RegExp>();
function wordPattern(phrase: string, flags = ""): RegExp {
  const key = `${flags}:${phrase}`;
  let re = patternCache.get(key);
  if (!re) {
    // "low-severity", "informational-level", "cloud-type": a hyphen may join the value to its field's word;
    // "sentinel-sourced", "MDE-detected": or to a participle that says where an item came from.
    re = new RegExp(
      `(?<![\\w-])${phrasePattern(phrase)}(?![\\w]|-(?!(?:level|severity|sev|priority|risk|type|status|state|sourced|generated|detected|flagged|raised|reported|originated|based)\\b))`,
      flags,
    );
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

/**
 * How strongly a cue for `field` near the match (within `window` characters) names it: the closest
 * cue wins, then the longest ("aggregated risk high" is riskLevelAggregated, not the bare "risk"
 * of another field); 0 when no cue is near. "determination unknown and classification unknown"
 * gives each "unknown" to the field named right before it.
 */
function cueNear(lower: string, field: string, index: number, length: number, window = 30): number {
  const start = Math.max(0, index - window);
  const around = lower.slice(start, index + length + window);
  let best = 0;
  for (const cue of cuesFor(field)) {
    for (const m of around.matchAll(wordPattern(cue, "g"))) {
      const at = start + (m.index ?? 0);
      const distance = Math.max(0, index - (at + m[0].length), at - (index + length));
      best = Math.max(best, (window + 1 - Math.min(window, distance)) * 100 + cue.length);
    }
  }
  return best;
}

/** "not sensor ones", "tools, not actors", "except resolved", "aren't resolved": a value the text rules out. */
const NEGATED = /(?:\b(?:not|non|except|excluding|without|other than|no|nor)|n['’]t)[\s-]+(?:the\s+|yet\s+|any\s+)?$/;
/** "that nobody resolved", "never been closed": a state nobody brought about ("assigned to nobody, high sev" rules out no severity). */
const NEGATED_STATE = /(?:\b(?:not|non|except|excluding|without|other than|no|nor|nobody|no one|never)|n['’]t)(?:[\s-]+(?:has|have|had|been|ever|yet|the|any))*[\s-]+$/;
/** "dismissed state excluded", "resolved ones left out": a value ruled out by the words after it. */
const EXCLUDED_AFTER = /^(?:[\s-]+(?:state|status|ones|items|users|alerts|incidents))?[\s,]+(?:excluded|not included|left out|filtered out)\b/;
/** Fields whose members are states: a state the text rules out is a filter of its own (`ne`). */
const STATE_FIELD = /(?:status|state)$/i;

/** "'other'": a quoted value is meant literally, however ordinary the word. */
function quoted(lower: string, index: number, length: number): boolean {
  return /["'“‘`]/.test(lower[index - 1] ?? "") && /["'”’`]/.test(lower[index + length] ?? "");
}

function hasCueAnywhere(lower: string, field: string): boolean {
  return cuesFor(field)
    .filter((cue) => cue.length > 3)
    .some((cue) => wordPattern(cue).test(lower));
}

interface PhraseGroup {
  phrases: string[];
  values: string[];
  /** Ordinary words ("endpoint", "cloud"): they match only near their field's name. */
  weak?: boolean;
}

const initials = (words: string[]) => words.map((w) => w[0]).join("");

/**
 * The names analysts give a Microsoft product value: "microsoftDefenderForEndpoint" is "defender for
 * endpoint", "endpoint defender", "MDE", or just "endpoint" next to "product"/"source"; another
 * "microsoft…" value is also known by its initials ("microsoftAppGovernance" → "MAG").
 */
function productGroups(value: string): PhraseGroup[] {
  const words = wordsOf(value).replace(/([a-z])(\d)/g, "$1 $2").split(" ");
  if (words[0] !== "microsoft" || words.length < 2) return [];
  const rest = words.slice(1);
  const forAt = rest.indexOf("for");
  if (rest[0] !== "defender" || forAt !== 1) {
    const acronym = `m${initials(rest.filter((w) => /^[a-z]/.test(w)))}`;
    return acronym.length >= 3 ? [{ phrases: [acronym, rest.join(" ")], values: [value] }] : [];
  }
  const product = rest.slice(2).join(" ");
  // "office 365" is also plain "office"; its initials leave out the number ("MDO").
  const named = rest.slice(2).filter((w) => /^[a-z]/.test(w));
  const short = named.join(" ");
  const names = [...new Set([product, short])];
  const strong = names.flatMap((n) => [`defender for ${n}`, `${n} defender`]);
  strong.push(`md${initials(named)}`);
  if (named.length > 1) strong.push(short);
  if (product.includes(" ")) strong.push(product);
  const groups: PhraseGroup[] = [{ phrases: strong, values: [value] }];
  if (named.length === 1) groups.push({ phrases: [short], values: [value], weak: true });
  return groups;
}

/** Ordered scales: "medium or higher" is medium and high. */
const SCALES = [["informational", "low", "medium", "high", "critical"]];

/** One-word synonyms of a scale member ("med", "moderate"): "med+" is medium or higher too. */
const SCALE_NAMES = new Map(
  SCALES.flat().map((v) => [v, SYNONYMS.filter((s) => s.values.length === 1 && s.values[0] === v).flatMap((s) => s.phrases.filter((p) => /^[a-z]+$/.test(p)))]),
);

/** "medium or higher", "at least medium", "above low", "low or below": runs of an ordered scale. */
function rangeGroups(values: readonly string[]): PhraseGroup[] {
  const groups: PhraseGroup[] = [];
  for (const scale of SCALES) {
    const present = scale.filter((v) => values.includes(v));
    if (present.length < 3) continue;
    present.forEach((v, i) => {
      const up = present.slice(i);
      const down = present.slice(0, i + 1);
      for (const name of SCALE_NAMES.get(v) ?? []) groups.push({ phrases: [`${name}+`, `${name} or higher`, `${name} or above`, `${name} and above`, `at least ${name}`], values: up });
      groups.push({ phrases: [`${v} or higher`, `${v} or above`, `${v} and above`, `${v} and higher`, `${v} and up`, `${v} or worse`, `${v} or more`, `${v}+`, `at least ${v}`, `${v} at least`], values: up });
      if (i + 1 < present.length) groups.push({ phrases: [`above ${v}`, `higher than ${v}`, `worse than ${v}`, `more than ${v}`], values: present.slice(i + 1) });
      groups.push({ phrases: [`${v} or lower`, `${v} or below`, `${v} and below`, `${v} and lower`, `${v} or less`, `at most ${v}`], values: down });
      if (i > 0) groups.push({ phrases: [`below ${v}`, `lower than ${v}`, `less than ${v}`], values: present.slice(0, i) });
    });
  }
  return groups;
}

/** "suppressed" → "suppress", "resolved" → "resolve": the verb that puts an object in the state. */
function verbGroups(value: string): PhraseGroup[] {
  if (!/^[a-z]+ed$/.test(value)) return [];
  const stems = [value.slice(0, -1), value.slice(0, -2)].filter((stem) => stem.length >= 4);
  return [{ phrases: stems, values: [value] }];
}

/** Every phrasing that names members of `spec`: own words, synonyms, product names, verbs, ranges. */
function phraseGroups(spec: EnumField): PhraseGroup[] {
  const groups: PhraseGroup[] = [];
  for (const v of spec.values.filter((x) => !NEVER.has(x))) {
    groups.push({ phrases: [wordsOf(v), v.toLowerCase()], values: [v] }, ...productGroups(v), ...(spec.verbs ? verbGroups(v) : []));
  }
  for (const synonym of SYNONYMS) {
    if (synonym.values.every((v) => spec.values.includes(v))) groups.push(synonym);
  }
  return [...groups, ...rangeGroups(spec.values)];
}

/**
 * A member of three or more words written in another order ("user activity was malicious" for
 * maliciousUserActivity): all its words within one more token than it has; the span, or undefined.
 */
function scatteredMatch(lower: string, value: string): { index: number; length: number } | undefined {
  const words = wordsOf(value).split(" ");
  if (words.length < 3) return undefined;
  const tokens = [...lower.matchAll(/[a-z0-9']+/g)];
  for (let i = 0; i < tokens.length; i++) {
    const window = tokens.slice(i, i + words.length + 1);
    const seen = new Set(window.map((t) => t[0]));
    if (!words.every((w) => seen.has(w))) continue;
    // Trim the window to the last word it needs.
    const end = Math.max(...words.map((w) => window.findIndex((t) => t[0] === w)));
    const first = tokens[i]!;
    if (!words.includes(first[0])) continue;
    const last = window[end]!;
    return { index: first.index ?? 0, length: (last.index ?? 0) + last[0].length - (first.index ?? 0) };
  }
  return undefined;
}

interface Candidate {
  field: string;
  values: string[];
  index: number;
  length: number;
  /** How the field was chosen among several: a longer cue near the words beats a shorter one, any near cue beats one elsewhere. */
  cueScore: number;
  order: number;
  negated?: boolean;
}

/**
 * Enum members mentioned in `text`, one match per phrase occurrence (longest phrase wins,
 * e.g. "informational expected activity" over "informational"). When a phrase fits several fields
 * the one whose name appears near it wins, then the one listed first in `fields`.
 */
export function matchEnumValues(text: string, fields: EnumField[], options: { negations?: boolean } = {}): EnumMatch[] {
  const lower = text.toLowerCase();
  const candidates: Candidate[] = [];
  fields.forEach((spec, order) => {
    for (const group of phraseGroups(spec)) {
      for (const phrase of new Set(group.phrases)) {
        // Cheap pre-check before the regex: most phrases are absent from a short request.
        if (!lower.includes(phrase.split(/[\s-]+/)[0]!)) continue;
        for (const m of lower.matchAll(wordPattern(phrase, "g"))) {
          const index = m.index ?? 0;
          const cueLength = cueNear(lower, spec.field, index, m[0].length);
          const nearCue = cueLength > 0;
          const anyCue = nearCue || hasCueAnywhere(lower, spec.field);
          if ((group.weak || WEAK_PHRASES.has(phrase)) && !nearCue && !quoted(lower, index, m[0].length)) continue;
          const state = STATE_FIELD.test(spec.field);
          const negated = (state ? NEGATED_STATE : NEGATED).test(lower.slice(Math.max(0, index - 24), index)) || EXCLUDED_AFTER.test(lower.slice(index + m[0].length, index + m[0].length + 30));
          // A ruled-out state ("not yet closed") is kept as such when the caller asks; any other ruled-out value is dropped.
          if (negated && !(options.negations && state && group.values.length === 1)) continue;
          if (spec.requireCue && !anyCue) continue;
          candidates.push({ field: spec.field, values: group.values, index, length: m[0].length, cueScore: nearCue ? 100 + cueLength : anyCue ? 1 : 0, order, ...(negated ? { negated } : {}) });
        }
      }
    }
    for (const value of spec.values.filter((v) => !NEVER.has(v))) {
      const scattered = scatteredMatch(lower, value);
      if (scattered && (!spec.requireCue || hasCueAnywhere(lower, spec.field))) candidates.push({ field: spec.field, values: [value], ...scattered, cueScore: 0, order });
    }
  });
  candidates.sort((a, b) => b.length - a.length || b.cueScore - a.cueScore || a.order - b.order || a.index - b.index);
  const taken: [number, number][] = [];
  const matches: EnumMatch[] = [];
  for (const c of candidates) {
    if (taken.some(([s, e]) => c.index < e && s < c.index + c.length)) continue;
    taken.push([c.index, c.index + c.length]);
    for (const value of c.values) matches.push({ field: c.field, value, index: c.index, length: c.length, ...(c.negated ? { negated: true } : {}) });
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** Every word the synonym table and field cues use (for typo repair). */
export function enumVocabulary(): string[] {
  return [...SYNONYMS.flatMap((s) => s.phrases), ...Object.values(FIELD_CUES).flat()].flatMap((p) => p.split(/[^a-zA-Z]+/));
}

/** Groups matches by field: field → distinct values in text order (ruled-out states are left out). */
export function valuesByField(matches: EnumMatch[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of matches) {
    if (m.negated) continue;
    const list = out.get(m.field) ?? [];
    if (!list.includes(m.value)) list.push(m.value);
    out.set(m.field, list);
  }
  return out;
}
