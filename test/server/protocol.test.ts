/**
 * Protocol edges through a real MCP Client (in memory): deeply nested arguments, params that fail
 * a method's schema, and $search quoting. The same edges over stdio against the built bin are in
 * protocol-stdio.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CallToolResultSchema, EmptyResultSchema, ErrorCode, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { defaultToolsDir, loadCatalog } from "../../src/catalog/load.js";
import { connectPerTest, textOf } from "./helpers.js";

const connect = connectPerTest();
const realCatalog = loadCatalog(defaultToolsDir());
/** A read that takes $search and no path key (the catalog documents $search per operation). */
const searchable = realCatalog.operations.find((op) => op.readOnly && op.params.some((p) => p.wire === "$search") && !op.params.some((p) => p.in === "path"));

/** [[[…[leaf]…]]], `depth` lists deep, built without recursion. */
function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function nestedObject(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { and: value };
  return value;
}

describe("arguments nested 10 000 deep", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["where as nested lists", { where: nested(10_000, 1) }, /^Invalid arguments for alerts_list: where\/0 must be an object \(got \[\[\[\[…\]\]\]\]\)$/],
    ["where as nested objects", { where: nestedObject(10_000, 1) }, /^Invalid arguments for alerts_list: where must be a list \(got \{"and":\{"and":\{"and":\{…\}\}\}\}\)$/],
    ["a condition value", { where: [{ field: "severity", op: "in", value: nested(10_000, "high") }] }, /^Invalid arguments for alerts_list: where\/0\/value\/0 must be a string or a number/],
    ["top", { top: nested(10_000, 5) }, /^Invalid arguments for alerts_list: top must be an integer between 1 and 1000 \(got \[\[\[\[…\]\]\]\]\)$/],
  ];
  it.each(cases)("%s: one clear tool error, audited, no stack overflow", async (_name, args, message) => {
    const session = await connect();
    const result = await session.call("alerts_list", args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
    expect(textOf(result)).not.toMatch(/stack|internal error/i);
    expect(session.audit.entries).toHaveLength(1);
    expect(session.audit.entries[0]).toMatchObject({ tool: "alerts_list", outcome: "invalid", request: null });
  });

  it("renders at most 40 characters of a wide value", async () => {
    const session = await connect();
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, "v".repeat(100)]));
    const text = textOf(await session.call("alerts_list", { top: wide }));
    const shown = /\(got (.*)\)$/.exec(text)?.[1] ?? "";
    expect(shown.startsWith('{"k0":')).toBe(true);
    expect(shown.length).toBeLessThanOrEqual(40);
  });
});

describe("params that fail the method's schema", () => {
  const cases: [string, { method: string; params: Record<string, unknown> }, string][] = [
    ["a tool name that is not a string", { method: "tools/call", params: { name: 7 } }, "Invalid params for tools/call: params.name: expected string, received number"],
    ["arguments that are not an object", { method: "tools/call", params: { name: "alerts_list", arguments: "top=5" } }, "Invalid params for tools/call: params.arguments: expected object, received string"],
    ["a resource read without uri", { method: "resources/read", params: {} }, "Invalid params for resources/read: params.uri: expected string, received undefined"],
    ["a prompt name that is a list", { method: "prompts/get", params: { name: ["triage"] } }, "Invalid params for prompts/get: params.name: expected string, received array"],
  ];
  it.each(cases)("%s: −32602 with one line", async (_name, request, message) => {
    const session = await connect();
    const error = await session.client.request(request as never, CallToolResultSchema).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toBe(`MCP error -32602: ${message}`);
    // The session keeps serving.
    await expect(session.client.request({ method: "ping" }, EmptyResultSchema)).resolves.toEqual({});
  });

  it("counts the problems it does not spell out", async () => {
    const session = await connect();
    const error = (await session.client.request({ method: "tools/call", params: { name: 7, arguments: 3 } } as never, CallToolResultSchema).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/^MCP error -32602: Invalid params for tools\/call: params\.name: expected string, received number \(and 1 more problem\)$/);
  });

  it("leaves a tool's own argument problems to the tool result (isError), not to JSON-RPC", async () => {
    const session = await connect();
    const result = await session.call("alerts_list", { top: "five" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Invalid arguments for alerts_list: top must be an integer between 1 and 1000 (got 'five')");
  });
});

/** The $search value of a dry-run call, decoded, or the tool error's text. */
async function searchOf(search: string): Promise<{ search: string | null; error: string | null }> {
  const session = await connect({ catalog: realCatalog });
  const result = (await session.call(searchable!.name, { search })) as CallToolResult;
  if (result.isError) return { search: null, error: textOf(result) };
  const url = (result.structuredContent as { request: { url: string } }).request.url;
  return { search: new URL(url).searchParams.get("$search"), error: null };
}

/** True when `text` is one phrase: opens with a quote, escapes scanned, closes exactly at the end. */
function onePhrase(text: string): boolean {
  if (!text.startsWith('"') || text.length < 2) return false;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i === text.length - 1;
  }
  return false;
}

describe("$search quoting", () => {
  it("has an operation to try it on", () => expect(searchable?.name).toMatch(/_list/));

  it.each([
    ["plain words", "mimikatz lsass", '"mimikatz lsass"'],
    ["a phrase quoted by the caller", '"mimikatz lsass"', '"mimikatz lsass"'],
    ["an escaped quote inside a quoted phrase", '"say \\"hi\\""', '"say \\"hi\\""'],
    ["inner quotes in plain text", 'say "hi"', '"say \\"hi\\""'],
    ["a backslash and quote in plain text", 'a\\"b', '"a\\\\\\"b"'],
    ["a lone trailing backslash in plain text", "path\\", '"path\\\\"'],
  ])("%s goes out as one phrase", async (_name, search, wire) => {
    const { search: sent, error } = await searchOf(search);
    expect(error).toBeNull();
    expect(sent).toBe(wire);
    expect(onePhrase(sent!)).toBe(true);
  });

  it.each([
    ["\\\\\" inside a quoted phrase", '"a\\\\"b"', /search contains \\\\" \(an escaped backslash before a quote\)/],
    ["\\\\\" closing a quoted phrase", '"abc\\\\"', /search contains \\\\"/],
    ["an opening quote never closed", '"abc', /unbalanced quotes/],
    ["a closing quote that is escaped", '"abc\\"', /unbalanced quotes/],
    ["two phrases", '"a" "b"', /unbalanced quotes/],
    ["a lone quote", '"', /unbalanced quotes/],
  ])("%s is refused with one sentence", async (_name, search, message) => {
    const { search: sent, error } = await searchOf(search);
    expect(sent).toBeNull();
    expect(error).toMatch(new RegExp(`^Invalid arguments for ${searchable!.name}: search `));
    expect(error).toMatch(message);
    expect(error!.split("\n")).toHaveLength(1);
  });
});
