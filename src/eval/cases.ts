/**
 * Evaluation cases (`evals/cases/*.jsonl`, format in INTERFACES.md): one case a line, each with an
 * HTTP-level expectation that is independent of tool names, or `null` when the planner must decline.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";

const QueryValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/** Each regex is checked here so a bad case fails at load time, not halfway through a run. */
const RegexSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, "i");
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(e as Error).message}` });
  }
});

export const RequestExpectation = z
  .object({
    method: z.enum(["GET", "POST", "PATCH", "PUT", "DELETE"]),
    path: z.string().startsWith("/"),
    query: z.record(z.string(), QueryValue).optional(),
    body: z.record(z.string(), z.unknown()).optional(),
    body_match: z.record(z.string(), z.array(RegexSource).min(1)).optional(),
  })
  .strict();
export type RequestExpectation = z.infer<typeof RequestExpectation>;

export const AnyOfExpectation = z.object({ any: z.array(RequestExpectation).min(2) }).strict();
export type AnyOfExpectation = z.infer<typeof AnyOfExpectation>;

export const Expectation = z.union([RequestExpectation, AnyOfExpectation]);
export type Expectation = z.infer<typeof Expectation>;

export const EvalCase = z
  .object({
    id: z.string().min(1),
    request: z.string().min(1),
    now: z.string().datetime({ offset: true }).optional(),
    expect: Expectation.nullable(),
    tags: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type EvalCase = z.infer<typeof EvalCase>;

export class CaseFileError extends Error {
  override name = "CaseFileError";
}

/** The alternatives of an expectation: one for a plain request, several for `{"any": [...]}`. */
export function alternativesOf(expect: Expectation): RequestExpectation[] {
  return "any" in expect ? expect.any : [expect];
}

/** Parses JSONL text; errors name the file, the line and the first problem. */
export function parseCases(text: string, source = "cases"): EvalCase[] {
  const cases: EvalCase[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const where = `${source}:${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new CaseFileError(`${where} is not valid JSON: ${(e as Error).message}`);
    }
    const parsed = EvalCase.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CaseFileError(`${where} is not a valid case at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    if (seen.has(parsed.data.id)) throw new CaseFileError(`${where} repeats case id ${parsed.data.id}`);
    seen.add(parsed.data.id);
    cases.push(parsed.data);
  });
  if (cases.length === 0) throw new CaseFileError(`${source} holds no cases`);
  return cases;
}

export async function loadCases(path: string): Promise<EvalCase[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new CaseFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseCases(text, path);
}
