/**
 * `dataset`: catalog + template families → (request, now, expected call) examples, split by template
 * family and by held-out values, rendered in the model planner's prompt format (chat JSONL for
 * training) and as evaluation cases (INTERFACES.md case format). Deterministic under the seed.
 */
import type { Catalog, Operation } from "../catalog/types.js";
import { prepareCall } from "../graph/compile.js";
import { ArgumentError } from "../graph/types.js";
import { ArgValidator } from "../graph/validate.js";
import { createRetriever } from "../planner/model/retrieve.js";
import { renderCompletion, renderPrompt } from "../planner/prompt.js";
import type { PlanResult } from "../planner/types.js";
import { buildFamilies, type Draft, type Family } from "./families.js";
import { Rng } from "./random.js";
import { ValuePools } from "./values.js";

export type Split = "train" | "valid" | "test";

export interface DatasetOptions {
  seed: number;
  /** Examples drawn from each training family. */
  trainPerFamily?: number;
  /** Examples drawn from each validation or test family. */
  evalPerFamily?: number;
  /** Candidate operations shown in each prompt (the model planner's k). */
  k?: number;
}

export interface Example {
  id: string;
  split: Split;
  family: string;
  request: string;
  now: string;
  /** null when the planner must decline. */
  call: { operation: string; arguments: Record<string, unknown> } | null;
  tags: string[];
  candidates: string[];
  prompt: string;
  completion: string;
  messages: { role: "system" | "user" | "assistant"; content: string }[];
}

/** An evaluation case (INTERFACES.md): HTTP-level expectation, independent of tool names. */
export interface EvalCase {
  id: string;
  request: string;
  now: string;
  expect: Record<string, unknown> | null;
  tags: string[];
}

export interface Dataset {
  examples: Example[];
  cases: EvalCase[];
  /** Family id → split. */
  families: Map<string, Split>;
  /** Named values reserved for the test split (people, domains, processes, …). */
  heldOutValues: string[];
}

/** Family-level split: per operation, one family to test and one to validation when there are enough. */
export function assignSplits(families: readonly Family[], rng: Rng): Map<string, Split> {
  const byGroup = new Map<string, Family[]>();
  for (const f of families) {
    const group = f.operation ?? "decline";
    byGroup.set(group, [...(byGroup.get(group) ?? []), f]);
  }
  const out = new Map<string, Split>();
  for (const [group, members] of [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const order = rng.fork(group).shuffle(members.map((m) => m.id).sort());
    order.forEach((id, i) => {
      const split: Split = order.length >= 3 && i === 0 ? "test" : order.length >= 4 && i === 1 ? "valid" : "train";
      out.set(id, split);
    });
  }
  return out;
}

function randomNow(rng: Rng): Date {
  const base = Date.UTC(2026, 0, 10, 0, 0, 0);
  return new Date(base + rng.int(0, 320) * 86_400_000 + rng.int(0, 23) * 3_600_000);
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** A typo in one plain word that carries no argument value, as analysts make them. */
function withTypo(text: string, draft: Draft, rng: Rng): string {
  const values = JSON.stringify(draft.call?.arguments ?? {}).toLowerCase();
  const words = text.split(" ");
  // The first word is left alone: it is often the verb that carries a value ("close" → resolved).
  const candidates = words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > 0 && /^[a-z]{5,}$/i.test(w) && !values.includes(w.toLowerCase()));
  if (candidates.length === 0) return text;
  const { w, i } = rng.pick(candidates);
  const at = rng.int(1, w.length - 3);
  words[i] = w.slice(0, at) + (w[at + 1] ?? "") + (w[at] ?? "") + w.slice(at + 2);
  return words.join(" ");
}

/** ChatML prompt + completion → chat messages (for trainers that apply their own chat template). */
function toMessages(prompt: string, completion: string): Example["messages"] {
  const grab = (role: string) => {
    const start = prompt.indexOf(`<|im_start|>${role}\n`);
    if (start < 0) return "";
    const from = start + `<|im_start|>${role}\n`.length;
    return prompt.slice(from, prompt.indexOf("<|im_end|>", from));
  };
  return [
    { role: "system", content: grab("system") },
    { role: "user", content: grab("user") },
    { role: "assistant", content: completion.replace(/<\|im_end\|>$/, "") },
  ];
}

function expectationOf(url: string, method: string, body: unknown, draft: Draft): Record<string, unknown> {
  const u = new URL(url);
  const query: Record<string, unknown> = {};
  for (const [key, value] of u.searchParams) query[key] = key === "$top" || key === "$skip" ? Number(value) : value;
  const expect: Record<string, unknown> = { method, path: u.pathname.replace(/^\/(v1\.0|beta)/, "") };
  if (Object.keys(query).length > 0) expect.query = query;
  const kql = draft.call?.arguments.query;
  if (draft.call?.operation === "hunting_run_query" && typeof kql === "string") {
    // KQL is free text: expect its table and the indicator, not the exact spelling.
    const table = /^\s*(\w+)/.exec(kql)?.[1] ?? "";
    const value = /"([^"]+)"/.exec(kql)?.[1] ?? "";
    expect.body_match = { query: [table, value].filter(Boolean).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) };
  } else if (body !== null && body !== undefined) {
    expect.body = body;
  }
  return expect;
}

export function generateDataset(catalog: Catalog, options: DatasetOptions): Dataset {
  const rng = new Rng(options.seed);
  const pools = new ValuePools(rng.fork("pools"));
  const families = buildFamilies(catalog);
  const splits = assignSplits(families, rng.fork("splits"));
  const validator = new ArgValidator(catalog);
  const retriever = createRetriever(catalog.operations);
  const byName = new Map<string, Operation>(catalog.operations.map((op) => [op.name, op]));
  const k = options.k ?? 4;
  const examples: Example[] = [];
  const cases: EvalCase[] = [];
  const seen = new Set<string>();
  let counter = 0;

  for (const family of families) {
    const split = splits.get(family.id) ?? "train";
    const want = split === "train" ? (options.trainPerFamily ?? 10) : (options.evalPerFamily ?? 5);
    const frng = rng.fork(`family:${family.id}`);
    let attempts = 0;
    let made = 0;
    while (made < want && attempts < want * 5) {
      attempts++;
      const now = randomNow(frng);
      const draft = family.make({ rng: frng, pools, split: split === "test" ? "test" : "train", now, catalog });
      let text = draft.text;
      if (frng.chance(0.12)) text = withTypo(text, draft, frng);
      if (frng.chance(0.2)) text = text.charAt(0).toUpperCase() + text.slice(1);
      // Case-blind: "Threat intel articles" in train and "threat intel articles" in test is one request.
      if (seen.has(text.toLowerCase())) continue;
      seen.add(text.toLowerCase());
      const tags = [...new Set([...(draft.tags ?? []), ...(text !== draft.text ? ["typo-or-case"] : [])])];

      let expect: Record<string, unknown> | null = null;
      let plan: PlanResult;
      let op: Operation | undefined;
      if (draft.call) {
        op = byName.get(draft.call.operation);
        if (!op) throw new Error(`dataset family ${family.id} names unknown operation ${draft.call.operation}`);
        try {
          const compiled = prepareCall(catalog, validator, op.name, draft.call.arguments, { now });
          expect = expectationOf(compiled.request.url, compiled.request.method, compiled.request.body, draft);
        } catch (e) {
          const why = e instanceof ArgumentError ? e.message : String(e);
          throw new Error(`dataset family ${family.id} produced an invalid call (${why}) for "${text}"`);
        }
        plan = { decision: "call", operation: op.name, arguments: draft.call.arguments };
      } else {
        plan = { decision: "decline", reason: "out of scope or unsafe for this API" };
      }

      let candidates = retriever.retrieve(text, k);
      if (op && !candidates.some((c) => c.name === op.name)) {
        candidates = [...candidates.slice(0, Math.max(0, k - 1)), op];
        candidates = frng.shuffle(candidates);
      }
      const prompt = renderPrompt({ text, now, candidates, entities: catalog.entities });
      const completion = renderCompletion(plan, op);
      const id = `${split}-${String(++counter).padStart(5, "0")}`;
      examples.push({
        id,
        split,
        family: family.id,
        request: text,
        now: iso(now),
        call: draft.call,
        tags,
        candidates: candidates.map((c) => c.name),
        prompt,
        completion,
        messages: toMessages(prompt, completion),
      });
      if (split !== "train") {
        const toolset = op?.toolset;
        cases.push({ id, request: text, now: iso(now), expect, tags: [...(toolset ? [toolset] : []), ...tags] });
      }
      made++;
    }
  }
  return { examples, cases, families: splits, heldOutValues: pools.allHeldOut() };
}

export interface DatasetStats {
  examples: Record<Split, number>;
  families: Record<Split, number>;
  perOperation: Record<string, Record<Split, number>>;
  perFamily: Record<string, number>;
}

export function datasetStats(ds: Dataset): DatasetStats {
  const zero = (): Record<Split, number> => ({ train: 0, valid: 0, test: 0 });
  const stats: DatasetStats = { examples: zero(), families: zero(), perOperation: {}, perFamily: {} };
  for (const split of ds.families.values()) stats.families[split]++;
  for (const ex of ds.examples) {
    stats.examples[ex.split]++;
    const key = ex.call?.operation ?? "decline";
    stats.perOperation[key] ??= zero();
    (stats.perOperation[key] as Record<Split, number>)[ex.split]++;
    stats.perFamily[ex.family] = (stats.perFamily[ex.family] ?? 0) + 1;
  }
  return stats;
}
