/**
 * Reading one Graph response: the body is streamed with a byte cap (a runaway response cannot fill
 * memory), a 2xx JSON body must parse, and anything else becomes a GraphCallError, never a crash.
 */
import { GraphCallError, errorFromGraphResponse } from "./graph-error.js";

/** Per-response cap on bytes read; far above any sane page, far below trouble. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface ReadOptions {
  maxBytes: number;
  timeoutMs: number;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

/** Reads the body as UTF-8 text, failing once it passes maxBytes or the attempt's timeout fires. */
export async function readBodyText(response: Response, options: ReadOptions): Promise<string> {
  if (!response.body) return "";
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(response.status, options.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(response.status, options.maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof GraphCallError) throw error;
    if (isTimeout(error)) {
      throw new GraphCallError(`Graph did not finish sending the response within ${options.timeoutMs} ms. Try again, or ask for less data (top, select).`, { kind: "timeout", status: response.status });
    }
    throw new GraphCallError(`The connection to Graph broke while reading the response (${(error as Error).message}). Try again.`, { kind: "network", status: response.status });
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(status: number, maxBytes: number): GraphCallError {
  return new GraphCallError(`Graph's response is larger than ${maxBytes} bytes; ask for less data (top, select, filter).`, { kind: "too-large", status });
}

export interface ParsedResponse {
  status: number;
  /** Parsed JSON, the text of a non-JSON body, or null for an empty body (204). */
  body: unknown;
  requestId: string | undefined;
}

/** Turns a raw response into its parsed body, or throws GraphCallError for error statuses and malformed JSON. */
export async function parseGraphResponse(response: Response, options: ReadOptions): Promise<ParsedResponse> {
  const requestId = response.headers.get("request-id") ?? undefined;
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new GraphCallError(`Graph answered with a redirect (${response.status}); redirects are not followed so the token never leaves the Graph host.`, { kind: "redirect", status: response.status, requestId });
  }
  const text = await readBodyText(response, options);
  if (!response.ok) throw errorFromGraphResponse(response.status, response.headers, text);
  if (text.trim() === "") return { status: response.status, body: null, requestId };
  const contentType = response.headers.get("content-type") ?? "";
  if (!/json/i.test(contentType)) return { status: response.status, body: text, requestId };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown, requestId };
  } catch (error) {
    const id = requestId ? ` (request-id ${requestId})` : "";
    throw new GraphCallError(
      `Graph returned a malformed JSON response (status ${response.status}, ${Buffer.byteLength(text)} bytes${id}): ${(error as Error).message}. Try again.`,
      { kind: "malformed", status: response.status, requestId },
    );
  }
}
