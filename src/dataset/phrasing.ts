/**
 * How analysts name things: nouns for operations (from catalog titles, plus a few aliases), field and
 * enum-value words, time windows and their duration arguments. Pure data and string helpers.
 */
import type { Entity, Operation } from "../catalog/types.js";
import type { Rng } from "./random.js";

/** "truePositive" → "true positive", "microsoftDefenderForEndpoint" → "microsoft defender for endpoint". */
export function words(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/[_/]+/g, " ")
    .toLowerCase()
    .trim();
}

export interface Noun {
  /** What the operation returns or acts on ("alerts", "WHOIS"). */
  thing: string;
  /** For sub-resources, the parent's noun ("host" in "a host's components"). */
  parent?: string;
}

/** A few extra names for the busiest operations, so retrieval and training see more than the title. */
const ALIASES: Record<string, readonly string[]> = {
  alerts_list: ["alerts", "defender alerts", "security alerts", "XDR alerts"],
  alerts_get: ["alert", "defender alert"],
  incidents_list: ["incidents", "security incidents", "XDR incidents"],
  incidents_get: ["incident", "XDR incident"],
  risky_users_list: ["risky users", "users flagged as risky", "at-risk users"],
  risky_users_get: ["risky user", "risky user record"],
  signins_list: ["sign-ins", "sign-in logs", "login events"],
  signins_get: ["sign-in", "sign-in event"],
  directory_audits_list: ["directory audit events", "audit logs", "directory changes"],
  risk_detections_list: ["risk detections", "risk events", "identity protection detections"],
  secure_scores_list: ["secure scores", "secure score history"],
  secure_score_controls_list: ["secure score controls", "secure score improvement actions"],
  mdi_health_issues_list: ["MDI health issues", "defender for identity health alerts"],
  mdi_sensors_list: ["MDI sensors", "defender for identity sensors"],
  attack_simulations_list: ["attack simulations", "phishing simulations"],
  ti_articles_list: ["threat intel articles", "TI articles"],
  ti_intel_profiles_list: ["intel profiles", "threat actor profiles"],
};

const ARTICLE = /^(a|an|the)\s+/i;

/** Reads the noun out of the catalog title: "List a host's components" → {thing: "components", parent: "host"}. */
export function nounsOf(op: Operation): Noun[] {
  const rest = op.title.replace(/^\S+\s+/, "").replace(ARTICLE, "");
  const possessive = /^(.+?)'s\s+(.+)$/.exec(rest);
  const base: Noun = possessive ? { parent: (possessive[1] ?? "").replace(ARTICLE, ""), thing: possessive[2] ?? rest } : { thing: rest };
  const aliases = (ALIASES[op.name] ?? []).map((thing) => ({ ...base, thing }));
  const all = [base, ...aliases];
  return all.filter((n, i) => all.findIndex((m) => m.thing.toLowerCase() === n.thing.toLowerCase()) === i);
}

/** Enum fields worth filtering on in a request, with the values an analyst would name. */
export function enumFields(entity: Entity): { field: string; values: string[] }[] {
  const skip = new Set(["unknown", "unknownFutureValue", "none", "other"]);
  return Object.entries(entity.fields)
    .filter(([name, spec]) => spec.type === "enum" && !spec.collection && !name.includes("/") && spec.filterable)
    .map(([field, spec]) => ({ field, values: (spec.enum ?? []).filter((v) => !skip.has(v)) }))
    .filter((f) => f.values.length >= 2);
}

const TIME_FIELD_PREFERENCE = [
  "createdDateTime", "activityDateTime", "detectedDateTime", "riskLastUpdatedDateTime", "launchDateTime",
  "startDateTime", "firstSeenDateTime", "lastModifiedDateTime", "lastUpdateDateTime", "collectedDateTime",
];

/** The datetime field a bare time window ("last 24 hours") refers to, or undefined. */
export function primaryTimeField(entity: Entity): string | undefined {
  return TIME_FIELD_PREFERENCE.find((f) => entity.fields[f]?.type === "datetime" && entity.fields[f]?.filterable);
}

/** Relative windows: the words and the duration argument they mean (all within the grammar's choices). */
export const RELATIVE_WINDOWS: readonly { phrases: readonly string[]; duration: string }[] = [
  { phrases: ["in the last hour", "from the past hour", "last 60 minutes"], duration: "-PT1H" },
  { phrases: ["in the last 4 hours", "over the past four hours"], duration: "-PT4H" },
  { phrases: ["in the last 12 hours", "past 12h"], duration: "-PT12H" },
  { phrases: ["in the last 24 hours", "from the past 24h", "over the last 24 hours"], duration: "-PT24H" },
  { phrases: ["in the last 48 hours", "past 48h"], duration: "-PT48H" },
  { phrases: ["in the last 72 hours", "over the past 72 hours"], duration: "-PT72H" },
  { phrases: ["from the last day", "in the past day"], duration: "-P1D" },
  { phrases: ["in the last 3 days", "over the past three days"], duration: "-P3D" },
  { phrases: ["in the last 7 days", "this past week", "over the last week"], duration: "-P7D" },
  { phrases: ["in the last 14 days", "over the past two weeks"], duration: "-P14D" },
  { phrases: ["in the last 30 days", "over the past month", "last 30d"], duration: "-P30D" },
  { phrases: ["in the last 90 days", "over the past quarter"], duration: "-P90D" },
];

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${n % 10 > 3 ? "th" : s}`;
}

export interface TimeSlot {
  phrase: string;
  op: "ge" | "lt" | "le";
  value: string;
}

/** A time window as words plus its condition; absolute dates fall before `now` in now's year. */
/**
 * A time condition. `allows` says which operators the operation documents for the time field: an
 * upper bound is `lt` where documented, else `le`, else not offered.
 */
export function timeSlot(rng: Rng, now: Date, allows: (op: "ge" | "lt" | "le") => boolean = () => true): TimeSlot {
  if (rng.chance(0.65)) {
    const w = rng.pick(RELATIVE_WINDOWS);
    return { phrase: rng.pick(w.phrases), op: "ge", value: w.duration };
  }
  const back = rng.int(1, 40);
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - back));
  const iso = day.toISOString().replace(".000Z", "Z");
  const sameYear = day.getUTCFullYear() === now.getUTCFullYear();
  const named = `${MONTHS[day.getUTCMonth()]} ${ordinal(day.getUTCDate())}`;
  const dateWords = rng.chance(0.5) || !sameYear ? iso.slice(0, 10) : named;
  const upper = allows("lt") ? "lt" : allows("le") ? "le" : null;
  if (rng.chance(0.2) && upper !== null) return { phrase: `before ${dateWords}`, op: upper, value: iso };
  return { phrase: rng.pick([`since ${dateWords}`, `after ${dateWords}`, `from ${dateWords} on`]), op: "ge", value: iso };
}
