/**
 * Body members a create or update request states by the field's own name, read from the
 * operation's schema: "threat type C2", "targetProduct Azure Sentinel", "expires 2027-01-31",
 * "description '…'", the members of an object field ("vendor Microsoft, provider MCAS" for
 * vendorInformation), indicator values by what the field holds (url, domainName, networkIPv4,
 * fileHashValue and its fileHashType), and an "is…" flag from its verb ("deactivate" → isActive
 * false). Nothing here names a field: every label comes from the schema.
 */
import type { Operation } from "../../catalog/types.js";
import type { Slots } from "../slots/index.js";
import { indicatorFieldValue } from "./filters/fields.js";

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; format?: string };

const spacedWords = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(" ");

/** Fields filled elsewhere (owner, comment text, ids, tags) or that hold ids and references. */
const HANDLED_ELSEWHERE = /^(?:assignedTo|owner|query)$|comment|message|note|text|ids?$|tags$/i;

/**
 * String members whose reference page lists the values they accept (tiIndicator: "targetProduct —
 * acceptable values: Azure Sentinel, Microsoft Defender ATP"; "threatType — possible values: …"),
 * which the OpenAPI schema types as plain strings. A request may name such a value without the
 * field's label ("for Azure Sentinel", "in defender ATP", "…, malware, …").
 */
const DOCUMENTED_VALUES: Record<string, string[]> = {
  targetProduct: ["Azure Sentinel", "Microsoft Defender ATP"],
  threatType: ["Botnet", "C2", "CryptoMining", "Darknet", "DDoS", "MaliciousUrl", "Malware", "Phishing", "Proxy", "PUA", "WatchList"],
};

/** Vendor words a product name may be written without ("defender ATP" is Microsoft Defender ATP). */
const VENDOR_PREFIX = /^(?:Microsoft|Azure)\s+/;

/** Each documented value with the ways it may be written: whole, without its vendor, camelCase spaced. */
const DOCUMENTED_PATTERNS: Record<string, { value: string; pattern: RegExp }[]> = Object.fromEntries(
  Object.entries(DOCUMENTED_VALUES).map(([field, values]) => [
    field,
    values.map((value) => {
      const forms = new Set([value, value.replace(/([a-z])([A-Z])/g, "$1 $2")]);
      forms.add(value.replace(VENDOR_PREFIX, ""));
      const alternatives = [...forms].map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s_-]*"));
      return { value, pattern: new RegExp(`(?<![\\w-])(?:${alternatives.join("|")})(?![\\w-])`, "i") };
    }),
  ]),
);

/** The documented value the text names for `field` (quoted text blanked: a description is not a value). */
function documentedValue(field: string, text: string): string | undefined {
  const table = DOCUMENTED_PATTERNS[field];
  if (!table) return undefined;
  const unquoted = text.replace(/["'“‘][^"'”’\n]{1,500}["'”’]/g, (m) => " ".repeat(m.length));
  let best: { value: string; at: number } | undefined;
  for (const { value, pattern } of table) {
    const at = pattern.exec(unquoted)?.index;
    if (at !== undefined && (!best || at < best.at)) best = { value, at };
  }
  return best?.value;
}

/**
 * How the request may name `field`: its words spaced or glued ("threat type", "threatType"), the
 * first word of a longer name when it says enough ("target" for targetProduct), or a clipped form
 * before a colon or a quote ("desc:", "desc '…'" for description) and the verb built on it
 * ("described as '…'").
 */
function labelPattern(field: string, siblings: Iterable<string>): string {
  const words = spacedWords(field);
  const labels = [words.join("[\\s_-]*")];
  // Not when that word is another field's whole name ("provider" for providerVersion beside provider).
  const taken = [...siblings].some((s) => s.toLowerCase() === words[0]);
  if (words.length > 1 && words[0]!.length >= 5 && !taken) labels.push(words[0]!);
  if (words.length === 1 && field.length >= 8) labels.push(`${field.slice(0, 4)}(?=\\s*[:"'“‘])`, `${field.slice(0, 6)}\\w*(?=\\s+as\\b)`);
  return `\\b(?:${labels.join("|")})s?\\b`;
}

/**
 * The value after the field's label: quoted text, else the rest of the clause (up to a comma,
 * semicolon or bracket). Unquoted, it must look like a value (Capitalised or with a digit, as
 * Graph's values are written) unless a colon introduces it.
 */
function labelledString(field: string, siblings: Iterable<string>, texts: string[]): string | undefined {
  const pattern = new RegExp(`${labelPattern(field, siblings)}(\\s*(?:[:=]|\\bis\\b|\\bof\\b|\\bas\\b)?\\s*)(?:["'“‘]([^"'”’\\n]{1,500})["'”’]|([^,;()\\n]{1,120}))`, "i");
  for (const text of texts) {
    const m = pattern.exec(text);
    if (!m) continue;
    if (m[2] !== undefined) return m[2].trim();
    // A field with documented values takes one of them ("target Azure Sentinel", "targetProduct Microsoft Defender ATP").
    const documented = DOCUMENTED_VALUES[field] ? documentedValue(field, m[3]!) : undefined;
    if (documented) return documented;
    const value = m[3]!.replace(/\s+(?:and|with|for)\s.*$/i, "").replace(/[.\s]+$/, "").trim();
    const words = value.split(/\s+/);
    if (value.length === 0 || words.length > 8) continue;
    if (m[1]!.includes(":") || /^[A-Z0-9]/.test(value)) return value;
  }
  return undefined;
}

const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?Z?)?\b/;

/** "expiration 2027-02-28T00:00:00Z", "expires 2027-01-31": a date after a word built on the field's name. */
function labelledDate(field: string, text: string): string | undefined {
  const stem = spacedWords(field.replace(/DateTime$/, ""))[0]!.slice(0, 5);
  if (stem.length < 5) return undefined;
  // "valid until 2027-01-31": the end of an indicator's life is its expiration.
  const valid = /^expiration/i.test(field) ? new RegExp(`\\bvalid\\s+(?:until|till|through|to)\\s*${ISO_DATE.source}`, "i").exec(text) : null;
  if (valid) return `${valid[1]}T${valid[2] ?? "00:00"}${valid[3] ?? ":00"}Z`;
  // "expires 2027-01-31", "expiry to 2027-03-31", "extend expiry of indicator X until 2027-03-01".
  const m = new RegExp(`\\b${stem}\\w*(?:\\s+(?:date|time))?\\s*(?:[:=]|\\b(?:on|at|by|to|until|till)\\b|(?:\\s+\\S+){1,5}?\\s+(?:to|until|till)\\b)?\\s*${ISO_DATE.source}`, "i").exec(text);
  return m ? `${m[1]}T${m[2] ?? "00:00"}${m[3] ?? ":00"}Z` : undefined;
}

/** A value of the kind the field's name says it holds, from the request's indicators. */
function indicatorValue(field: string, schema: Schema, slots: Slots): string | undefined {
  if (/HashType$/i.test(field)) {
    const algorithm = slots.indicators.hashes[0]?.algorithm;
    return algorithm && (schema.enum ?? []).includes(algorithm) ? algorithm : undefined;
  }
  return indicatorFieldValue(field, slots);
}

/**
 * "deactivate IOC X" → isActive false, "reactivate it" → true: a boolean "is…" field read from
 * the verb built on its adjective, negated by a de-/in-/un- prefix.
 */
function flagValue(field: string, text: string): boolean | undefined {
  const adjective = /^is([A-Z]\w+)$/.exec(field)?.[1];
  if (!adjective) return undefined;
  const stem = adjective.toLowerCase().replace(/e$/, "");
  if (stem.length < 4) return undefined;
  if (new RegExp(`\\b(?:de|in|un|non)-?${stem}`, "i").test(text)) return false;
  if (new RegExp(`\\b(?:re-?)?${stem}at(?:e|es|ing)\\b`, "i").test(text)) return true;
  return undefined;
}

/** Fills body members of `op` the request states by name; `args` keeps what is already set. */
export function fillStatedBodyValues(op: Operation, slots: Slots, props: Record<string, Schema>, bodyNames: Set<string>, args: Record<string, unknown>): void {
  // The analyst's own words first (typo repair must not change a description), then the repaired text.
  const texts = [slots.original, slots.text];
  for (const name of bodyNames) {
    if (name in args || HANDLED_ELSEWHERE.test(name)) continue;
    const schema = props[name] ?? {};
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === "boolean") {
      const flag = op.method === "PATCH" ? flagValue(name, slots.text) : undefined;
      if (flag !== undefined) args[name] = flag;
      continue;
    }
    if (type === "object" && schema.properties) {
      const members: Record<string, string> = {};
      for (const [member, s] of Object.entries(schema.properties)) {
        if (s.type !== "string" || s.enum) continue;
        const value = labelledString(member, Object.keys(schema.properties), texts);
        if (value !== undefined) members[member] = value;
      }
      if (Object.keys(members).length > 0) args[name] = members;
      continue;
    }
    if (type !== "string") continue;
    const value =
      indicatorValue(name, schema, slots) ??
      (schema.format === "date-time" ? labelledDate(name, slots.text) : schema.enum ? undefined : labelledString(name, bodyNames, texts)) ??
      (op.method === "POST" ? documentedValue(name, slots.original) : undefined);
    if (value !== undefined) args[name] = value;
  }
}
