/**
 * The compact task format of the model planner (one format for every base, from-scratch or LoRA).
 *
 * Prompt: the request, lower-cased and on one line, with every extracted value replaced by a typed
 * placeholder — `<TIME1>` (window start) `<TIME2>` (window end), `<UPN1>` (accounts, emails), `<IP1>`,
 * `<HOST1>` (domains, URLs, device names), `<FILE1>`, `<ID1>` (GUIDs, alert/incident ids, hashes and
 * other identifier-shaped tokens), `<TEXT1>` (quoted text). The model never sees (or has to copy) a value.
 *
 * Completion: `OPERATION` then slots, space separated:
 *   `where FIELD OP VALUE` (one per condition), `top N`, `orderby FIELD asc|desc`, `select F1,F2`,
 *   `NAME=VALUE` (any other argument). VALUE is a placeholder, an enum value or field name, a number,
 *   true/false, `[V1,V2]` (lists), a JSON string literal for other text, or `?` where the request's
 *   text must be written by another planner (KQL, comments): the call is then a routing answer only.
 *   `decline` is the completion for requests to refuse.
 *
 * `compactRequest` → `encodePlan` (training) and `decodePlan` (run time: placeholders back to values).
 */
import type { PlanResult } from "../types.js";
import { END_OF_TURN, TOOL_CALL_OPEN } from "../prompt.js";
import { extractSlots } from "../slots/index.js";
import { escapeRegExp } from "../regex.js";

/** The chat wrapping of the compact prompt: no system text, no "Now:" line (times are placeholders). */
export const COMPACT_PROMPT_HEAD = "<|im_start|>user\n";
/** The end of the prompt: the assistant turn and the opening tag the runtime writes for the model. */
export const COMPACT_PROMPT_TAIL = `${END_OF_TURN}\n<|im_start|>assistant\n${TOOL_CALL_OPEN}`;

export const COMPACT_DECLINE = "decline";
/** A value the model leaves to another planner (free text it cannot copy from placeholders). */
export const OPEN_VALUE = "?";
/** Arguments whose value is free text (KQL, filters, comments): the format names the slot, never its words. */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(["query", "comment", "filter", "search", "reason"]);
export const PLACEHOLDER_KINDS = ["TIME", "UPN", "IP", "HOST", "FILE", "ID", "TEXT"] as const;
export type PlaceholderKind = (typeof PLACEHOLDER_KINDS)[number];
/** Placeholders per kind the format names (and a vocabulary keeps whole). */
export const MAX_PER_KIND = 6;

export interface CompactRequest {
  /** The prompt text: normalised request with placeholders. */
  text: string;
  /** Placeholder ("<UPN1>") → the value it stands for, in order of first appearance. */
  values: Map<string, string>;
}

/** English prepositions that open a time window. */
const TIME_PREPOSITION = /^(?:between|since|from|after|before|until|till|during|within|over|in|on)\s+/i;


/**
 * Replaces extracted values with placeholders. Longer values first, so an email's domain is not cut
 * out of the email. `now` resolves the time window; its start and end become `<TIME1>` / `<TIME2>`.
 */
export function compactRequest(request: string, now: Date): CompactRequest {
  const oneLine = request.replace(/<\|im_(start|end)\|>/g, "").replace(/\s+/g, " ").trim();
  const slots = extractSlots(oneLine, now);
  const { indicators: ind } = slots;
  const spans: { kind: PlaceholderKind; value: string }[] = [
    ...ind.quoted.map((value) => ({ kind: "TEXT" as const, value })),
    ...ind.emails.map((value) => ({ kind: "UPN" as const, value })),
    ...ind.urls.map((value) => ({ kind: "HOST" as const, value })),
    ...ind.ips.map((value) => ({ kind: "IP" as const, value })),
    ...ind.guids.map((value) => ({ kind: "ID" as const, value })),
    ...ind.alertIds.map((value) => ({ kind: "ID" as const, value })),
    ...ind.hashes.map((h) => ({ kind: "ID" as const, value: h.value })),
    ...ind.fileNames.map((value) => ({ kind: "FILE" as const, value })),
    ...ind.domains.map((value) => ({ kind: "HOST" as const, value })),
    ...ind.hosts.map((value) => ({ kind: "HOST" as const, value })),
    ...ind.objectIds.map((value) => ({ kind: "ID" as const, value })),
    ...ind.incidentIds.map((value) => ({ kind: "ID" as const, value })),
  ];
  const values = new Map<string, string>();
  const counters = new Map<PlaceholderKind, number>();
  const byValue = new Map<string, string>();
  const name = (kind: PlaceholderKind, value: string): string | undefined => {
    const known = byValue.get(`${kind}:${value.toLowerCase()}`);
    if (known) return known;
    const n = (counters.get(kind) ?? 0) + 1;
    if (n > MAX_PER_KIND) return undefined;
    counters.set(kind, n);
    const ph = `<${kind}${n}>`;
    values.set(ph, value);
    byValue.set(`${kind}:${value.toLowerCase()}`, ph);
    return ph;
  };
  let text = oneLine;
  // The time window first: its words ("since 2026-11-01") would otherwise read as identifiers.
  if (slots.time && slots.time.text.trim() !== "" && (slots.time.from || slots.time.to)) {
    const parts: string[] = [];
    if (slots.time.from) {
      values.set("<TIME1>", isoSeconds(slots.time.from));
      parts.push("<TIME1>");
    }
    if (slots.time.to) {
      values.set("<TIME2>", isoSeconds(slots.time.to));
      parts.push("<TIME2>");
    }
    // A preposition the window's words begin with ("between … and …") stays a word of the prompt, as
    // in the training data: it tells the model which side of the window a condition takes.
    const preposition = TIME_PREPOSITION.exec(slots.time.text)?.[0] ?? "";
    text = text.replace(slots.time.text, preposition + parts.join(" "));
  }
  const sorted = [...spans].filter((s) => s.value.length > 0).sort((a, b) => b.value.length - a.value.length);
  for (const { kind, value } of sorted) {
    const pattern = kind === "TEXT"
      ? new RegExp(`(["“'\`])${escapeRegExp(value)}(["”'\`])`, "g")
      : new RegExp(`(?<![\\w<])${escapeRegExp(value)}(?![\\w>])`, "gi");
    if (!pattern.test(text)) continue;
    const ph = name(kind, value);
    if (!ph) continue;
    text = text.replace(pattern, ph);
  }
  text = text.replace(/(<[A-Z]+\d>)|[^<]+/g, (m, ph: string | undefined) => (ph ? m : m.toLowerCase())).replace(/\s+/g, " ").trim();
  return { text, values };
}

/** Encodes a plan as a completion; values found among the request's placeholders are replaced by them. */
export function encodePlan(plan: PlanResult, req: CompactRequest, now: Date): string {
  if (plan.decision === "decline") return COMPACT_DECLINE;
  const inverse = new Map<string, string>();
  for (const [ph, value] of req.values) if (!ph.startsWith("<TIME")) inverse.set(value.toLowerCase(), ph);
  const times = [...req.values].filter(([ph]) => ph.startsWith("<TIME")).map(([ph, v]) => [ph, Date.parse(v)] as const);
  const value = (v: unknown, free: boolean): string => {
    if (Array.isArray(v)) return `[${v.map((x) => value(x, free)).join(",")}]`;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v !== "string") return OPEN_VALUE;
    const ph = inverse.get(v.toLowerCase());
    if (ph) return ph;
    const instant = instantOf(v, now);
    if (instant !== undefined) {
      const t = times.find(([, at]) => Math.abs(at - instant) < 60_000);
      if (t) return t[0];
    }
    if (/^[A-Za-z][A-Za-z0-9/_.-]*$/.test(v) && !free) return v;
    return free ? OPEN_VALUE : JSON.stringify(v);
  };
  const parts = [plan.operation];
  for (const [key, arg] of Object.entries(plan.arguments)) {
    if (arg === null || arg === undefined) continue;
    if (key === "where" && Array.isArray(arg)) {
      for (const c of arg as { field: string; op: string; value: unknown }[]) parts.push(`where ${c.field} ${c.op} ${value(c.value, false)}`);
    } else if (key === "top" && typeof arg === "number") {
      parts.push(`top ${arg}`);
    } else if (key === "orderby" && Array.isArray(arg)) {
      for (const o of arg as string[]) parts.push(`orderby ${/\s(asc|desc)$/.test(o) ? o : `${o} asc`}`);
    } else if (key === "select" && Array.isArray(arg)) {
      parts.push(`select ${(arg as string[]).join(",")}`);
    } else {
      parts.push(`${key}=${value(arg, FREE_TEXT_KEYS.has(key))}`);
    }
  }
  return parts.join(" ");
}

export interface DecodedPlan {
  plan: PlanResult;
  /** Arguments left open (`?`): another planner must write them. */
  open: string[];
}

/**
 * Reads a completion back into a plan, restoring placeholders from the request. Never throws: a
 * completion that does not parse, or that names a placeholder the request lacks, is a decline.
 */
export function decodePlan(completion: string, req: CompactRequest): DecodedPlan {
  const text = completion.trim();
  if (text === COMPACT_DECLINE || text === "") return { plan: { decision: "decline", reason: "the model declined" }, open: [] };
  const tokens = tokenize(text);
  const operation = tokens.shift();
  if (!operation || !/^[a-z][a-z0-9_]*$/.test(operation)) return bad("no operation");
  const args: Record<string, unknown> = {};
  const open: string[] = [];
  const where: { field: string; op: string; value: unknown }[] = [];
  const orderby: string[] = [];
  const restore = (raw: string): unknown => {
    if (raw.startsWith("[") && raw.endsWith("]")) return splitList(raw.slice(1, -1)).map(restore);
    if (/^<[A-Z]+\d>$/.test(raw)) {
      const v = req.values.get(raw);
      if (v === undefined) throw new DecodeError(`${raw} is not in the request`);
      return v;
    }
    if (raw === "true" || raw === "false") return raw === "true";
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    if (raw.startsWith('"')) return JSON.parse(raw) as string;
    return raw;
  };
  try {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t === "where") {
        const [field, op, v] = [tokens[i + 1], tokens[i + 2], tokens[i + 3]];
        if (!field || !op || v === undefined) return bad("a where slot is incomplete");
        where.push({ field, op, value: restore(v) });
        i += 3;
      } else if (t === "top") {
        args.top = Number(tokens[++i]);
      } else if (t === "orderby") {
        orderby.push(`${tokens[i + 1]} ${tokens[i + 2]}`);
        i += 2;
      } else if (t === "select") {
        args.select = (tokens[++i] ?? "").split(",").filter(Boolean);
      } else {
        const eq = t.indexOf("=");
        if (eq <= 0) return bad(`unexpected "${t}"`);
        const key = t.slice(0, eq);
        const raw = t.slice(eq + 1);
        if (raw === OPEN_VALUE) open.push(key);
        else args[key] = restore(raw);
      }
    }
  } catch (e) {
    if (e instanceof DecodeError || e instanceof SyntaxError) return bad(e.message);
    throw e;
  }
  if (where.length > 0) args.where = where;
  if (orderby.length > 0) args.orderby = orderby;
  return { plan: { decision: "call", operation, arguments: args }, open };
}

class DecodeError extends Error {}

function bad(why: string): DecodedPlan {
  return { plan: { decision: "decline", reason: `the model's reply could not be read (${why})` }, open: [] };
}

/** Space-separated tokens; JSON string literals and [lists] stay whole. */
function tokenize(text: string): string[] {
  return [...text.matchAll(/(?:[^\s"[]+)?(?:"(?:[^"\\]|\\.)*"|\[(?:[^\]"]|"(?:[^"\\]|\\.)*")*\])|[^\s]+/g)].map((m) => m[0]);
}

function splitList(inner: string): string[] {
  return [...inner.matchAll(/"(?:[^"\\]|\\.)*"|[^,]+/g)].map((m) => m[0].trim()).filter(Boolean);
}

/** An ISO instant, or a duration back from now (-PT24H, -P7D), as epoch ms. */
function instantOf(v: string, now: Date): number | undefined {
  const d = /^-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(v);
  if (d && (d[1] || d[2] || d[3])) {
    return now.getTime() - ((Number(d[1] ?? 0) * 24 + Number(d[2] ?? 0)) * 60 + Number(d[3] ?? 0)) * 60_000;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
