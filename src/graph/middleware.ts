/**
 * The Graph client's middleware chain for live calls. The library's RetryHandler and
 * TelemetryHandler do their usual jobs; our handlers around them pin the URL, attach the token
 * only for the configured Graph origin, and bound every attempt with a timeout.
 *
 * Why not the library's defaults:
 * - GraphRequest re-assembles the query string from parsed parts (OData options first, duplicates
 *   merged), so the compiler's `$filter` would not always go out byte-for-byte. PinnedUrlHandler
 *   restores the exact compiled URL before anything else sees it.
 * - The library's AuthenticationHandler attaches tokens to any https Graph host of any cloud and to
 *   none over http. We attach it only to the one origin the user configured (http allowed for
 *   loopback only, which is how the test server runs).
 */
import type { AuthenticationProvider, Context, FetchOptions, Middleware, MiddlewareOptions, ShouldRetry } from "@microsoft/microsoft-graph-client";
import { RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { GraphCallError, parseRetryAfter } from "./graph-error.js";

const urlOf = (request: Context["request"]) => (typeof request === "string" ? request : request.url);

/** Throws unless the URL is on the configured Graph origin: the token goes nowhere else. */
export function assertGraphOrigin(url: string, graphOrigin: string): void {
  let origin: string | undefined;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = undefined;
  }
  if (origin !== graphOrigin) {
    throw new GraphCallError(`Refusing to send ${url.split("?")[0]}: live calls go only to the configured Graph base URL ${graphOrigin}.`, { kind: "refused" });
  }
}

/** Per-request middleware option carrying the exact URL to send. */
export class PinnedUrlOption implements MiddlewareOptions {
  constructor(readonly url: string) {}
}

/** Replaces the URL GraphRequest rebuilt with the compiled one, so the wire sees exactly what dry-run shows. */
export class PinnedUrlHandler implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    const pinned = context.middlewareControl?.getMiddlewareOptions(PinnedUrlOption) as PinnedUrlOption | undefined;
    if (pinned) context.request = pinned.url;
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Adds `Authorization: Bearer …` for the configured Graph origin and refuses any other destination. */
export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly provider: AuthenticationProvider,
    private readonly graphOrigin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    assertGraphOrigin(urlOf(context.request), this.graphOrigin);
    const token = await this.provider.getAccessToken();
    const options: FetchOptions = context.options ?? {};
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set("Authorization", `Bearer ${token}`);
    context.options = { ...options, headers };
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The chain's last link: fetch with a per-attempt timeout (joined with the caller's abort signal)
 * and redirects left unfollowed, so a token is never replayed to a host named by a response.
 */
export class TimeoutFetchHandler implements Middleware {
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const caller = context.options?.signal ?? undefined;
    const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
    try {
      context.response = await fetch(context.request, { ...context.options, signal, redirect: "manual" });
    } catch (error) {
      if (timeout.aborted) {
        throw new GraphCallError(`Graph did not answer within ${this.timeoutMs} ms. Try again, or ask for less data (top, select, filter).`, { kind: "timeout" });
      }
      if (caller?.aborted) throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new GraphCallError(`Could not reach Graph at ${new URL(urlOf(context.request)).origin} (${reason}). Check the network and --graph-base-url.`, { kind: "network" });
    }
  }
}

/** RetryHandlerOptions whose ceiling on any single wait is ours rather than the library's 180 s. */
export class BoundedRetryOptions extends RetryHandlerOptions {
  constructor(
    delaySeconds: number,
    maxRetries: number,
    shouldRetry: ShouldRetry,
    private readonly maxDelaySeconds: number,
  ) {
    super(delaySeconds, maxRetries, shouldRetry);
  }

  override getMaxDelay(): number {
    return this.maxDelaySeconds;
  }
}

export interface RetryPolicy {
  /** Repeating the request cannot change the outcome (GET, read-only actions, idempotent updates). */
  idempotent: boolean;
  /** A Retry-After above this is not waited out: the caller hears about it instead. */
  maxRetryAfterSeconds: number;
  /** Without Retry-After, this many backoff retries at most (5xx on idempotent requests). */
  maxBackoffRetries: number;
  onRetry?: (info: { status: number; attempt: number; retryAfterSeconds: number | undefined }) => void;
}

/**
 * When the RetryHandler may repeat a request. Idempotent requests retry 429/503/504, honouring
 * Retry-After, else exponential backoff with jitter (the library's). A request that is not
 * idempotent retries only a 429 carrying Retry-After — Graph throttled it before doing anything —
 * never a 5xx, where the change may already have happened.
 */
export function retryDecision(policy: RetryPolicy): ShouldRetry {
  return (_delay, attempt, _request, _options, response) => {
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterSeconds) return false;
    const throttledBeforeWork = response.status === 429 && retryAfter !== undefined;
    const retry = policy.idempotent ? retryAfter !== undefined || attempt < policy.maxBackoffRetries : throttledBeforeWork;
    if (retry) {
      // The discarded answer's body is never read; release its connection now rather than at GC.
      void response.body?.cancel().catch(() => undefined);
      policy.onRetry?.({ status: response.status, attempt: attempt + 1, retryAfterSeconds: retryAfter });
    }
    return retry;
  };
}
