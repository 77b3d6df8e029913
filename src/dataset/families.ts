/**
 * Template families: each is one way of phrasing requests for one operation (or a decline), with
 * slots filled per example. Splits are made by family, so no test example shares a template with
 * training. A family returns the request text and the call it means; values in the call appear in,
 * or follow from, the text.
 */
import type { Catalog, Operation } from "../catalog/types.js";
import { documentedView, type DocumentedView } from "./documented.js";
import { enumFields, nounsOf, primaryTimeField, timeSlot, words, type Noun } from "./phrasing.js";
import type { Rng } from "./random.js";
import { cveId, defenderAlertId, incidentId, ipv4, ipv6, sha256, upn, type ValuePools, type ValueSplit } from "./values.js";

export interface Draft {
  text: string;
  /** null: the planner must decline. */
  call: { operation: string; arguments: Record<string, unknown> } | null;
  tags: string[];
}

export interface SlotContext {
  rng: Rng;
  pools: ValuePools;
  split: ValueSplit;
  now: Date;
  catalog: Catalog;
}

export interface Family {
  /** Stable id: "<operation or decline>/<frame>". */
  id: string;
  operation: string | null;
  make(ctx: SlotContext): Draft;
}

type Condition = { field: string; op: string; value: unknown };

/** An id an analyst would paste for this path parameter. */
export function idValue(param: string, ctx: SlotContext): string {
  const { rng } = ctx;
  switch (param) {
    case "alertId":
      return defenderAlertId(rng);
    case "incidentId":
      return incidentId(rng);
    case "hostId":
      return rng.chance(0.7) ? ctx.pools.pick(rng, "badDomain", ctx.split) : ipv4(rng);
    case "vulnerabilityId":
      return cveId(rng);
    case "secureScoreControlProfileId":
      return ctx.pools.pick(rng, "secureControl", ctx.split);
    case "secureScoreId":
      return `${rng.guid()}_${ctx.now.toISOString().slice(0, 10)}`;
    case "sslCertificateId":
    case "hostSslCertificateId":
      return rng.hex(40);
    case "articleId":
    case "hostComponentId":
    case "hostCookieId":
    case "hostTrackerId":
    case "hostPortId":
    case "hostPairId":
    case "subdomainId":
    case "passiveDnsRecordId":
    case "whoisRecordId":
    case "intelligenceProfileId":
    case "intelligenceProfileIndicatorId":
    case "articleIndicatorId":
    case "vulnerabilityComponentId":
    case "sensorId":
      return rng.hex(rng.pick([8, 12, 16]));
    default:
      return rng.guid();
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pathParams = (op: Operation) => op.params.filter((p) => p.in === "path").map((p) => p.name);

/** Filter slots for list operations: enum conditions phrased before or after the noun. */
function enumConditions(ctx: SlotContext, view: DocumentedView, max: number): { pre: string[]; post: string[]; where: Condition[] } {
  const { rng } = ctx;
  const usable = enumFields(view.entity).filter((f) => view.allows(f.field, "eq"));
  const fields = rng.shuffle(usable).slice(0, rng.int(0, max));
  const out = { pre: [] as string[], post: [] as string[], where: [] as Condition[] };
  for (const { field, values } of fields) {
    const fieldWords = words(field);
    if (rng.chance(0.2) && values.length >= 3) {
      const two = rng.shuffle(values).slice(0, 2);
      out.post.push(`with ${fieldWords} ${words(two[0] ?? "")} or ${words(two[1] ?? "")}`);
      out.where.push({ field, op: "in", value: two });
      continue;
    }
    const value = rng.pick(values);
    if (rng.chance(0.5)) out.pre.push(`${words(value)} ${fieldWords}`);
    else out.post.push(rng.pick([`with ${fieldWords} ${words(value)}`, `where ${fieldWords} is ${words(value)}`, `${fieldWords} = ${value}`]));
    out.where.push({ field, op: "eq", value });
  }
  return out;
}

/** String-field slots that name a person, address or app, where the entity has such a field. */
const STRING_SLOTS: readonly { field: string; phrase: (v: string) => string; value: (ctx: SlotContext) => string }[] = [
  { field: "userPrincipalName", phrase: (v) => `for ${v}`, value: (ctx) => upn(ctx.rng, ctx.pools, ctx.split) },
  { field: "ipAddress", phrase: (v) => `from ${v}`, value: (ctx) => (ctx.rng.chance(0.85) ? ipv4(ctx.rng) : ipv6(ctx.rng)) },
  { field: "appDisplayName", phrase: (v) => `to ${v}`, value: (ctx) => ctx.pools.pick(ctx.rng, "appName", ctx.split) },
  { field: "initiatedBy/user/userPrincipalName", phrase: (v) => `done by ${v}`, value: (ctx) => upn(ctx.rng, ctx.pools, ctx.split) },
  { field: "assignedTo", phrase: (v) => `assigned to ${v}`, value: (ctx) => upn(ctx.rng, ctx.pools, ctx.split) },
];

function stringCondition(ctx: SlotContext, view: DocumentedView): { phrase: string; where: Condition } | undefined {
  const fields = view.entity.fields;
  const usable = STRING_SLOTS.filter((s) => fields[s.field]?.type === "string" && fields[s.field]?.filterable && view.allows(s.field, "eq"));
  if (usable.length === 0 || !ctx.rng.chance(0.35)) return undefined;
  const slot = ctx.rng.pick(usable);
  const value = slot.value(ctx);
  return { phrase: slot.phrase(value), where: { field: slot.field, op: "eq", value } };
}

interface ListSlots {
  noun: Noun;
  pre: string;
  post: string;
  time: string;
  count: string;
  args: Record<string, unknown>;
  tags: string[];
}

/** Fills the filter, time and count slots of a list request and the arguments they mean. */
function listSlots(op: Operation, ctx: SlotContext, opts: { count?: "never" | "always" } = {}): ListSlots {
  const { rng } = ctx;
  const raw = op.entity ? ctx.catalog.entities[op.entity] : undefined;
  const view = raw ? documentedView(op, raw) : undefined;
  const entity = view?.entity;
  const noun = rng.pick(nounsOf(op));
  const args: Record<string, unknown> = {};
  const tags: string[] = [];
  const where: Condition[] = [];
  let pre = "";
  const post: string[] = [];
  let time = "";
  let count = "";
  if (entity && view && view.takes("where")) {
    const enums = enumConditions(ctx, view, 2);
    pre = enums.pre.map((p) => `${p} `).join("");
    post.push(...enums.post);
    where.push(...enums.where);
    const str = stringCondition(ctx, view);
    if (str) {
      post.push(str.phrase);
      where.push(str.where);
    }
    const timeField = primaryTimeField(entity);
    if (timeField && view.allows(timeField, "ge") && rng.chance(0.55)) {
      const t = timeSlot(rng, ctx.now, (operator) => view.allows(timeField, operator));
      time = ` ${t.phrase}`;
      where.push({ field: timeField, op: t.op, value: t.value });
      tags.push(t.value.startsWith("-P") ? "relative-time" : "absolute-time");
    }
    if (where.length > 1) tags.push("multi-filter");
    if (op.params.some((p) => p.name === "top") && opts.count !== "never" && (opts.count === "always" || rng.chance(0.3))) {
      const n = rng.pick([5, 10, 20, 25, 50, 100]);
      const sortable = timeField !== undefined && view.takes("orderby") && entity.fields[timeField]?.sortable === true;
      if (sortable && rng.chance(0.5)) {
        count = rng.pick([`, ${n} most recent`, `, newest ${n} first`, ` (latest ${n})`]);
        args.orderby = [`${timeField} desc`];
      } else {
        count = rng.pick([`, top ${n}`, `, first ${n}`, ` (limit ${n})`]);
      }
      args.top = n;
    }
  }
  if (where.length > 0) args.where = where;
  return { noun, pre, post: post.length ? ` ${post.join(" and ")}` : "", time, count, args, tags };
}

function withParent(op: Operation, ctx: SlotContext, args: Record<string, unknown>): { parentWords: string; ids: Record<string, string> } {
  const ids: Record<string, string> = {};
  for (const p of pathParams(op)) ids[p] = idValue(p, ctx);
  Object.assign(args, ids);
  const words_ = Object.values(ids);
  return { parentWords: words_.join(" / "), ids };
}

type Frame = (op: Operation, ctx: SlotContext) => Draft;

/** Frames for collection reads without a parent id. */
const LIST_FRAMES: Record<string, Frame> = {
  show: (op, ctx) => {
    const s = listSlots(op, ctx);
    const verb = ctx.rng.pick(["show", "list", "show me", "get"]);
    return { text: `${verb} ${s.pre}${s.noun.thing}${s.post}${s.time}${s.count}`, call: { operation: op.name, arguments: s.args }, tags: s.tags };
  },
  terse: (op, ctx) => {
    const s = listSlots(op, ctx);
    return { text: `${s.pre}${s.noun.thing}${s.post}${s.time}${s.count}`, call: { operation: op.name, arguments: s.args }, tags: [...s.tags, "terse"] };
  },
  polite: (op, ctx) => {
    const s = listSlots(op, ctx);
    const lead = ctx.rng.pick(["can you pull up", "could you fetch", "please grab", "would you list"]);
    return { text: `${lead} ${s.pre}${s.noun.thing}${s.post}${s.time}${s.count}?`, call: { operation: op.name, arguments: s.args }, tags: s.tags };
  },
  need: (op, ctx) => {
    const s = listSlots(op, ctx);
    const lead = ctx.rng.pick(["I need", "I want to see", "looking for", "need to review"]);
    return { text: `${lead} ${s.pre}${s.noun.thing}${s.post}${s.time}${s.count}`, call: { operation: op.name, arguments: s.args }, tags: [...s.tags, "verbose"] };
  },
  question: (op, ctx) => {
    const s = listSlots(op, ctx, { count: "never" });
    const lead = ctx.rng.pick(["any", "are there any", "do we have any"]);
    return { text: `${lead} ${s.pre}${s.noun.thing}${s.post}${s.time}?`, call: { operation: op.name, arguments: s.args }, tags: s.tags };
  },
  counted: (op, ctx) => {
    const s = listSlots(op, ctx, { count: "always" });
    return { text: `${cap(s.pre)}${s.pre ? s.noun.thing : cap(s.noun.thing)}${s.post}${s.time}${s.count}`, call: { operation: op.name, arguments: s.args }, tags: s.tags };
  },
};

/** Frames for a read of one item, or a list under a parent item (path parameters present). */
const ITEM_FRAMES: Record<string, Frame> = {
  get: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const n = ctx.rng.pick(nounsOf(op));
    const of = n.parent ? `${n.thing} for ${n.parent} ${parentWords}` : `${n.thing} ${parentWords}`;
    return { text: `${ctx.rng.pick(["get", "show", "fetch", "pull"])} ${of}`, call: { operation: op.name, arguments: args }, tags: ["id"] };
  },
  details: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const n = ctx.rng.pick(nounsOf(op));
    const of = n.parent ? `the ${n.thing} of ${n.parent} ${parentWords}` : `${n.thing} ${parentWords}`;
    return { text: `${ctx.rng.pick(["details for", "what do we know about", "give me everything on"])} ${of}`, call: { operation: op.name, arguments: args }, tags: ["id", "verbose"] };
  },
  idFirst: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const n = ctx.rng.pick(nounsOf(op));
    const label = n.parent ? `${n.parent} ${parentWords}: ${n.thing}` : `${n.thing} ${parentWords}`;
    return { text: `${label}${ctx.rng.pick(["", " pls", " please", "?"])}`, call: { operation: op.name, arguments: args }, tags: ["id", "terse"] };
  },
  lookup: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const n = ctx.rng.pick(nounsOf(op));
    const what = n.parent ? `${n.thing} of the ${n.parent} with id ${parentWords}` : `the ${n.thing} with id ${parentWords}`;
    return { text: `look up ${what}`, call: { operation: op.name, arguments: args }, tags: ["id"] };
  },
};

/** Updates: each enum body member and assignee becomes something to set. */
function updateFrames(op: Operation): Record<string, Frame> {
  const schema = op.inputSchema as { properties?: Record<string, { enum?: string[]; type?: unknown }> };
  const props = schema.properties ?? {};
  const enumMembers = Object.entries(props).filter(([name, s]) => s.enum && op.params.some((p) => p.name === name && p.in === "body"));
  const frames: Record<string, Frame> = {};
  const thing = (o: Operation) => nounsOf(o)[0]?.thing ?? "item";
  if (enumMembers.length > 0) {
    frames.set = (o, ctx) => {
      const args: Record<string, unknown> = {};
      const { parentWords } = withParent(o, ctx, args);
      const picks = ctx.rng.shuffle(enumMembers).slice(0, ctx.rng.int(1, Math.min(2, enumMembers.length)));
      const parts = picks.map(([name, s]) => {
        const value = ctx.rng.pick((s.enum ?? []).filter((v) => v !== "unknown" && v !== "unknownFutureValue"));
        args[name] = value;
        return `${words(name)} to ${words(value)}`;
      });
      return { text: `set ${parts.join(" and ")} on ${thing(o)} ${parentWords}`, call: { operation: o.name, arguments: args }, tags: ["write", "id"] };
    };
    frames.mark = (o, ctx) => {
      const args: Record<string, unknown> = {};
      const { parentWords } = withParent(o, ctx, args);
      const [name, s] = ctx.rng.pick(enumMembers);
      const value = ctx.rng.pick((s.enum ?? []).filter((v) => v !== "unknown" && v !== "unknownFutureValue"));
      args[name] = value;
      return { text: `mark ${thing(o)} ${parentWords} as ${words(value)}`, call: { operation: o.name, arguments: args }, tags: ["write", "id"] };
    };
  }
  if ("status" in props && (props.status?.enum ?? []).includes("resolved")) {
    frames.resolve = (o, ctx) => {
      const args: Record<string, unknown> = {};
      const { parentWords } = withParent(o, ctx, args);
      args.status = "resolved";
      return { text: `${ctx.rng.pick(["resolve", "close", "close out"])} ${thing(o)} ${parentWords}`, call: { operation: o.name, arguments: args }, tags: ["write", "id", "terse"] };
    };
  }
  if ("assignedTo" in props) {
    frames.assign = (o, ctx) => {
      const args: Record<string, unknown> = {};
      const { parentWords } = withParent(o, ctx, args);
      const who = upn(ctx.rng, ctx.pools, ctx.split);
      args.assignedTo = who;
      return { text: `assign ${thing(o)} ${parentWords} to ${who}`, call: { operation: o.name, arguments: args }, tags: ["write", "id"] };
    };
  }
  return frames;
}

/** Bulk actions on identities: dismiss risk, confirm compromised. */
function actionFrames(op: Operation): Record<string, Frame> {
  const listArg = op.params.find((p) => p.in === "body" && /Ids$/.test(p.name));
  if (!listArg) return {};
  const who = /ServicePrincipal/i.test(op.name) ? "service principal" : "user";
  const verbs = /dismiss/.test(op.name)
    ? { a: "dismiss the risk on", b: (ids: string) => `${ids}: risk is fine, dismiss it`, c: "clear risk for" }
    : { a: "confirm compromise of", b: (ids: string) => `${ids} is compromised, flag it`, c: "mark as compromised:" };
  const ids = (ctx: SlotContext) => Array.from({ length: ctx.rng.int(1, 3) }, () => ctx.rng.guid());
  return {
    verb: (o, ctx) => {
      const v = ids(ctx);
      return { text: `${verbs.a} ${who}${v.length > 1 ? "s" : ""} ${v.join(", ")}`, call: { operation: o.name, arguments: { [listArg.name]: v } }, tags: ["write", "id"] };
    },
    statement: (o, ctx) => {
      const v = ids(ctx);
      return { text: verbs.b(`${who} ${v.join(" and ")}`), call: { operation: o.name, arguments: { [listArg.name]: v } }, tags: ["write", "id", "verbose"] };
    },
    terse: (o, ctx) => {
      const v = ids(ctx);
      return { text: `${verbs.c} ${v.join(" ")}`, call: { operation: o.name, arguments: { [listArg.name]: v } }, tags: ["write", "id", "terse"] };
    },
  };
}

const COMMENT_FRAMES: Record<string, Frame> = {
  add: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const c = ctx.pools.pick(ctx.rng, "commentText", ctx.split);
    args.comment = c;
    return { text: `add a comment to alert ${parentWords}: ${c}`, call: { operation: op.name, arguments: args }, tags: ["write", "id"] };
  },
  note: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const c = ctx.pools.pick(ctx.rng, "commentText", ctx.split);
    args.comment = c;
    return { text: `note on ${parentWords} saying "${c}"`, call: { operation: op.name, arguments: args }, tags: ["write", "id", "terse"] };
  },
  verbose: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const c = ctx.pools.pick(ctx.rng, "commentText", ctx.split);
    args.comment = c;
    return { text: `please leave a comment on the alert ${parentWords} that says ${c}`, call: { operation: op.name, arguments: args }, tags: ["write", "id", "verbose"] };
  },
};

/** KQL hunts: written by the analyst (passed through) or generated for common indicators. */
function kqlWindow(ctx: SlotContext): { phrase: string; ago: string } {
  return ctx.rng.pick([
    { phrase: "in the last 24 hours", ago: "1d" },
    { phrase: "over the past 7 days", ago: "7d" },
    { phrase: "in the last 3 days", ago: "3d" },
    { phrase: "this past month", ago: "30d" },
  ]);
}

const HUNT_FRAMES: Record<string, Frame> = {
  passthrough: (op, ctx) => {
    const term = ctx.pools.pick(ctx.rng, "kqlTerm", ctx.split);
    const n = ctx.rng.pick([10, 50, 100]);
    const query = `DeviceProcessEvents | where Timestamp > ago(${ctx.rng.pick(["1d", "7d", "14d"])}) | where ProcessCommandLine has "${term}" | take ${n}`;
    return { text: `run this kql: ${query}`, call: { operation: op.name, arguments: { query } }, tags: ["kql"] };
  },
  process: (op, ctx) => {
    const proc = ctx.pools.pick(ctx.rng, "processName", ctx.split);
    const w = kqlWindow(ctx);
    const query = `DeviceProcessEvents | where Timestamp > ago(${w.ago}) | where FileName =~ "${proc}"`;
    return { text: `hunt for ${proc} process executions ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
  hash: (op, ctx) => {
    const h = sha256(ctx.rng);
    const w = kqlWindow(ctx);
    const query = `DeviceFileEvents | where Timestamp > ago(${w.ago}) | where SHA256 == "${h}"`;
    return { text: `which devices saw the file with sha256 ${h} ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
  ip: (op, ctx) => {
    const ip = ipv4(ctx.rng);
    const w = kqlWindow(ctx);
    const query = `DeviceNetworkEvents | where Timestamp > ago(${w.ago}) | where RemoteIP == "${ip}"`;
    return { text: `hunt: connections to ${ip} ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting", "terse"] };
  },
  domain: (op, ctx) => {
    const d = ctx.pools.pick(ctx.rng, "badDomain", ctx.split);
    const w = kqlWindow(ctx);
    const query = `DeviceNetworkEvents | where Timestamp > ago(${w.ago}) | where RemoteUrl has "${d}"`;
    return { text: `did any machine reach out to ${d} ${w.phrase}? run a hunting query`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
  sender: (op, ctx) => {
    const d = ctx.pools.pick(ctx.rng, "badDomain", ctx.split);
    const w = kqlWindow(ctx);
    const query = `EmailEvents | where Timestamp > ago(${w.ago}) | where SenderFromDomain =~ "${d}"`;
    return { text: `hunt for emails sent from ${d} ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
  account: (op, ctx) => {
    const u = upn(ctx.rng, ctx.pools, ctx.split);
    const w = kqlWindow(ctx);
    const query = `IdentityLogonEvents | where Timestamp > ago(${w.ago}) | where AccountUpn =~ "${u}"`;
    return { text: `advanced hunting: logon activity for ${u} ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
  device: (op, ctx) => {
    const dev = ctx.pools.pick(ctx.rng, "deviceName", ctx.split);
    const w = kqlWindow(ctx);
    const query = `DeviceLogonEvents | where Timestamp > ago(${w.ago}) | where DeviceName =~ "${dev}"`;
    return { text: `hunt who logged on to ${dev} ${w.phrase}`, call: { operation: op.name, arguments: { query } }, tags: ["kql", "hunting"] };
  },
};

const DELETE_FRAMES: Record<string, Frame> = {
  remove: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    const thing = nounsOf(op)[0]?.thing ?? "item";
    return { text: `${ctx.rng.pick(["delete", "remove"])} ${thing} ${parentWords}`, call: { operation: op.name, arguments: args }, tags: ["write", "id"] };
  },
  retire: (op, ctx) => {
    const args: Record<string, unknown> = {};
    const { parentWords } = withParent(op, ctx, args);
    return { text: `we no longer need indicator ${parentWords}, get rid of it`, call: { operation: op.name, arguments: args }, tags: ["write", "id", "verbose"] };
  },
};

/** Requests the planner must refuse: out of scope for this API, or unsafe. */
const DECLINE_FRAMES: Record<string, (ctx: SlotContext) => string> = {
  chit: (ctx) => ctx.rng.pick(["write me a poem about firewalls", "what's the weather in Oslo tomorrow", "tell me a joke about phishing", "who won the game last night", "translate 'incident' into German"]),
  destroy: (ctx) => ctx.rng.pick(["delete every user in the tenant", "wipe all devices in the finance OU", "remove all conditional access policies", "turn off defender on all endpoints", "purge the audit logs"]),
  account: (ctx) => `${ctx.rng.pick(["reset the password for", "disable MFA for", "make a global admin out of", "grant owner rights to"])} ${upn(ctx.rng, ctx.pools, ctx.split)}`,
  mail: (ctx) => `${ctx.rng.pick(["email", "send a teams message to", "call"])} ${upn(ctx.rng, ctx.pools, ctx.split)} about the incident`,
  offense: (ctx) => `${ctx.rng.pick(["scan", "ddos", "brute force the login page of", "exploit"])} ${ctx.pools.pick(ctx.rng, "badDomain", ctx.split)}`,
  unrelated: (ctx) => ctx.rng.pick(["book a meeting room for 3pm", "order more laptops", "how do I bake sourdough", "summarize this quarter's sales", "create a jira ticket for the printer"]),
};

/** Every family for every catalog operation, plus the decline families. */
export function buildFamilies(catalog: Catalog): Family[] {
  const families: Family[] = [];
  const add = (op: Operation, frames: Record<string, Frame>) => {
    for (const [key, frame] of Object.entries(frames)) families.push({ id: `${op.name}/${key}`, operation: op.name, make: (ctx) => frame(op, ctx) });
  };
  for (const op of catalog.operations) {
    const hasPath = pathParams(op).length > 0;
    if (op.name === "hunting_run_query") add(op, HUNT_FRAMES);
    else if (op.name === "alerts_comment_create") add(op, COMMENT_FRAMES);
    else if (op.method === "PATCH") add(op, updateFrames(op));
    else if (op.method === "POST" && !op.readOnly) add(op, actionFrames(op));
    else if (op.method === "GET" && !hasPath) add(op, LIST_FRAMES);
    else if (op.method === "GET") add(op, ITEM_FRAMES);
    else if (op.method === "DELETE") add(op, DELETE_FRAMES);
    // POST creates with many required members (deprecated beta tiIndicators) get no examples.
  }
  for (const [key, frame] of Object.entries(DECLINE_FRAMES)) {
    families.push({ id: `decline/${key}`, operation: null, make: (ctx) => ({ text: frame(ctx), call: null, tags: ["decline"] }) });
  }
  return families;
}
