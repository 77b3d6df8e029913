/**
 * Live execution: runs an already compiled request against Microsoft Graph through
 * @microsoft/microsoft-graph-client, with bounded paging, throttling-aware retries, a per-attempt
 * timeout and Graph errors turned into GraphCallError sentences. The server and `call --live`
 * depend only on the Executor interface this returns.
 */
import type { TokenCredential } from "@azure/identity";
import type { GraphRequest } from "@microsoft/microsoft-graph-client";
import { Client, ResponseType, RetryHandler, TelemetryHandler } from "@microsoft/microsoft-graph-client";
import type { Operation } from "../catalog/types.js";
import { ConfigError, type Settings } from "../config.js";
import type { Logger } from "../log.js";
import { CachedTokenProvider, createCredential, graphScope } from "./auth.js";
import { assertGraphOrigin, BearerTokenHandler, BoundedRetryOptions, PinnedUrlHandler, PinnedUrlOption, TimeoutFetchHandler, retryDecision } from "./middleware.js";
import { collectPages } from "./paging.js";
import { DEFAULT_MAX_RESPONSE_BYTES, parseGraphResponse, type ParsedResponse } from "./response.js";
import type { CompiledRequest, ExecResult, ExecuteOptions, Executor } from "./types.js";

export type LiveSettings = Pick<Settings, "graphBaseUrl" | "maxPages" | "maxItems" | "requestTimeoutMs">;

export interface ExecutorOverrides {
  /** Where SECGRAPH_ACCESS_TOKEN and AZURE_* names are read; defaults to the process environment. */
  env?: NodeJS.ProcessEnv;
  /** Use this credential instead of building one from the environment. */
  credential?: TokenCredential;
  /** Shows device-code sign-in text to a person; without it device code is not offered. */
  deviceCodePrompt?: (message: string) => void;
  /** Retries per request (the library allows at most 10). Default 6: five 429s in a row are survived. */
  maxRetries?: number;
  /** A Retry-After longer than this is reported instead of waited out. Default 30 s. */
  maxRetryAfterSeconds?: number;
  /** Backoff base for retries without Retry-After, seconds. Default 1. */
  backoffDelaySeconds?: number;
  /** Backoff retries at most when Graph gives no Retry-After (5xx on idempotent requests). Default 3. */
  maxBackoffRetries?: number;
  maxResponseBytes?: number;
}

/** One GraphRequest verb per HTTP method (RAW response type: each resolves to the fetch Response). */
const SENDERS: Record<CompiledRequest["method"], (request: GraphRequest, body: unknown) => Promise<unknown>> = {
  GET: (request) => request.get(),
  POST: (request, body) => request.post(body),
  PATCH: (request, body) => request.patch(body),
  PUT: (request, body) => request.put(body),
  DELETE: (request) => request.delete(),
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Graph origin from the base URL; plain http only for loopback (the test server), never for a tenant. */
export function graphOriginOf(graphBaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(graphBaseUrl);
  } catch {
    throw new ConfigError(`--graph-base-url ${JSON.stringify(graphBaseUrl)} is not a URL`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ConfigError(`--graph-base-url must use https (plain http is allowed for 127.0.0.1/localhost only): ${url.origin}`);
  }
  return url.origin;
}

/** Same destination, path only: query strings can hold personal data (UPNs, IPs) and stay out of logs. */
const pathOf = (url: string) => url.split("?")[0] ?? url;

export function createGraphExecutor(settings: LiveSettings, logger: Logger, overrides: ExecutorOverrides = {}): Executor {
  const graphOrigin = graphOriginOf(settings.graphBaseUrl);
  const chosen = overrides.credential
    ? { credential: overrides.credential, source: "provided credential" }
    : createCredential({ env: overrides.env ?? process.env, deviceCodePrompt: overrides.deviceCodePrompt });
  logger.debug("live mode credentials", { source: chosen.source });
  const tokens = new CachedTokenProvider(chosen.credential, graphScope(settings.graphBaseUrl));

  const maxRetries = overrides.maxRetries ?? 6;
  const maxRetryAfterSeconds = overrides.maxRetryAfterSeconds ?? 30;
  const backoffDelaySeconds = overrides.backoffDelaySeconds ?? 1;
  const maxBackoffRetries = overrides.maxBackoffRetries ?? 3;
  const readOptions = { maxBytes: overrides.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, timeoutMs: settings.requestTimeoutMs };

  // Library order (auth → retry → telemetry → fetch) with our pin in front and our fetch at the end.
  const client = Client.initWithMiddleware({
    middleware: [
      new PinnedUrlHandler(),
      new BearerTokenHandler(tokens, graphOrigin),
      new RetryHandler(new BoundedRetryOptions(backoffDelaySeconds, maxRetries, () => true, maxRetryAfterSeconds)),
      new TelemetryHandler(),
      new TimeoutFetchHandler(settings.requestTimeoutMs),
    ],
  });

  async function send(
    method: CompiledRequest["method"],
    url: string,
    body: unknown,
    idempotent: boolean,
    signal?: AbortSignal,
    headers: Record<string, string> = {},
  ): Promise<ParsedResponse> {
    const shouldRetry = retryDecision({
      idempotent,
      maxRetryAfterSeconds,
      maxBackoffRetries,
      onRetry: ({ status, attempt, retryAfterSeconds }) =>
        logger.warn(`Graph answered ${status}; retry ${attempt}/${maxRetries}`, { path: pathOf(url), retryAfterSeconds }),
    });
    const request: GraphRequest = client
      .api(url)
      .middlewareOptions([new PinnedUrlOption(url), new BoundedRetryOptions(backoffDelaySeconds, maxRetries, shouldRetry, maxRetryAfterSeconds)])
      .responseType(ResponseType.RAW)
      .header("Accept", "application/json");
    // Headers the compiler asked for (ConsistencyLevel on some counts); Authorization is the middleware's.
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== "authorization") request.header(name, value);
    if (signal) request.option("signal", signal);
    const started = performance.now();
    // A null body means "no body": the library would otherwise send the text "null".
    const raw = (await SENDERS[method](request, body ?? undefined)) as Response;
    const parsed = await parseGraphResponse(raw, readOptions);
    logger.debug("graph call", { method, path: pathOf(url), status: parsed.status, ms: Math.round(performance.now() - started) });
    return parsed;
  }

  return {
    async execute(request: CompiledRequest, operation: Operation, options: ExecuteOptions = {}): Promise<ExecResult> {
      assertGraphOrigin(request.url, graphOrigin);
      // Credential problems surface here as one CredentialSetupError sentence, before any request.
      await tokens.getAccessToken();
      // A read-only operation has no effect to repeat, whatever its method (runHuntingQuery is a POST).
      const idempotent = operation.idempotent || operation.readOnly;
      if (operation.pageable && request.method === "GET") {
        let status = 200;
        const result = await collectPages(
          request.url,
          async (url) => {
            const page = await send("GET", url, null, true, options.signal, request.headers);
            status = page.status;
            return page.body;
          },
          { maxPages: settings.maxPages, maxItems: settings.maxItems },
          graphOrigin,
          options.onProgress && ((pages, items) => options.onProgress?.({ progress: pages, total: settings.maxPages, message: `${items} items from ${pages} page(s)` })),
        );
        return { status, result };
      }
      const answer = await send(request.method, request.url, request.body, idempotent, options.signal, request.headers);
      return { status: answer.status, result: answer.body };
    },
  };
}
