/**
 * `--auth oauth`: an OAuth 2.1 resource server. Bearer JWTs are verified with jose against the
 * issuer's keys, found through its OpenID configuration (cached; an unknown `kid` refetches the set,
 * which is how key rotation is picked up), with `iss`, `aud`, `exp`/`nbf` (60 s skew), an asymmetric
 * algorithm allow-list (never `none`, never HMAC) and a required scope (`scp`) or app role (`roles`).
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { parseBearer } from "./bearer.js";
import { isLoopbackHost } from "./origin.js";
import type { AuthOutcome, HttpAuthenticator, Principal } from "./types.js";

/** Asymmetric algorithms only: a shared-secret HMAC or `none` would let anyone holding the key sign. */
export const ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
export const CLOCK_SKEW_SECONDS = 60;

export interface OAuthOptions {
  /** e.g. https://login.microsoftonline.com/<tenant>/v2.0 — must equal the tokens' `iss`. */
  issuer: string;
  /** Accepted `aud` values (the API's client id and/or its App ID URI). */
  audiences: readonly string[];
  /** A delegated scope every token must carry in `scp`… */
  scope?: string;
  /** …or an app role it must carry in `roles`. At least one of the two is required. */
  role?: string;
  /** Wait for the key set after an unknown `kid` before fetching again (default 30 s). */
  jwksCooldownMs?: number;
  /** Keys are refetched after this long even when every `kid` is known (default 10 min). */
  jwksMaxAgeMs?: number;
  /** Discovery and key-set requests give up after this long (default 5 s). */
  fetchTimeoutMs?: number;
  now?: () => Date;
}

export class OAuthSetupError extends Error {
  override name = "OAuthSetupError";
}

/** https, or http on loopback (test stand-ins). */
function checkedUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OAuthSetupError(`${what} ${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))) {
    throw new OAuthSetupError(`${what} must use https (plain http only on loopback): ${parsed.origin}`);
  }
  return parsed;
}

/** The JWKS cannot be reached: the issuer is down, not the caller's token wrong. */
class IssuerUnavailable extends Error {}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

function describeFailure(e: unknown): Extract<AuthOutcome, { ok: false }> {
  const invalid = (description: string): Extract<AuthOutcome, { ok: false }> => ({ ok: false, status: 401, code: "invalid_token", description });
  if (e instanceof errors.JWTExpired) return invalid("the token has expired");
  if (e instanceof errors.JWTClaimValidationFailed) {
    const claim = e.claim;
    if (claim === "iss") return invalid("the token was issued by another issuer");
    if (claim === "aud") return invalid("the token is meant for another audience");
    if (claim === "nbf") return invalid("the token is not valid yet");
    return invalid(`the token's ${claim} claim is not acceptable`);
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return invalid("the token's signing algorithm is not accepted");
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWSSignatureVerificationFailed) return invalid("the token's signature does not match the issuer's keys");
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || e instanceof IssuerUnavailable) {
    return { ok: false, status: 503, code: "temporarily_unavailable", description: "the token issuer's keys cannot be fetched right now; try again shortly" };
  }
  if (e instanceof errors.JOSEError) return invalid("the token is not a valid signed JWT");
  // fetch itself failed (connection refused, DNS): the issuer is unreachable.
  return { ok: false, status: 503, code: "temporarily_unavailable", description: "the token issuer cannot be reached right now; try again shortly" };
}

const claimString = (payload: JWTPayload, name: string): string | undefined => {
  const v = payload[name];
  return typeof v === "string" && v.length > 0 && v.length <= 256 ? v : undefined;
};

export class OAuthResourceServer implements HttpAuthenticator {
  readonly mode = "oauth" as const;
  readonly #options: OAuthOptions;
  readonly #issuer: string;
  #keys: Promise<RemoteKeys> | undefined;

  constructor(options: OAuthOptions) {
    checkedUrl(options.issuer, "the issuer (SECGRAPH_AUTH_ISSUER)");
    if (options.audiences.length === 0) throw new OAuthSetupError("--auth oauth needs the API's audience (SECGRAPH_AUTH_AUDIENCE)");
    if (!options.scope && !options.role) throw new OAuthSetupError("--auth oauth needs a required scope (--auth-scope) or app role (--auth-role)");
    this.#options = options;
    this.#issuer = options.issuer;
  }

  /** Discovery once (retried after a failure), then jose's cached key set. */
  #remoteKeys(): Promise<RemoteKeys> {
    this.#keys ??= this.#discover().catch((e: unknown) => {
      this.#keys = undefined;
      throw e;
    });
    return this.#keys;
  }

  async #discover(): Promise<RemoteKeys> {
    const base = this.#issuer.endsWith("/") ? this.#issuer : `${this.#issuer}/`;
    const url = new URL(".well-known/openid-configuration", base);
    let config: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.#options.fetchTimeoutMs ?? 5000), redirect: "error" });
      if (!res.ok) throw new IssuerUnavailable(`openid-configuration answered ${res.status}`);
      config = (await res.json()) as typeof config;
    } catch (e) {
      throw e instanceof IssuerUnavailable ? e : new IssuerUnavailable(String(e));
    }
    if (config.issuer !== this.#issuer || typeof config.jwks_uri !== "string") {
      throw new IssuerUnavailable("the issuer's openid-configuration names another issuer or no jwks_uri");
    }
    const jwksUri = checkedUrl(config.jwks_uri, "the issuer's jwks_uri");
    return createRemoteJWKSet(jwksUri, {
      cooldownDuration: this.#options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: this.#options.jwksMaxAgeMs ?? 600_000,
      timeoutDuration: this.#options.fetchTimeoutMs ?? 5000,
    });
  }

  async authenticate(authorization: string | undefined): Promise<AuthOutcome> {
    const parsed = parseBearer(authorization);
    if (!("token" in parsed)) return parsed;
    let payload: JWTPayload;
    try {
      const keys = await this.#remoteKeys();
      ({ payload } = await jwtVerify(parsed.token, keys, {
        issuer: this.#issuer,
        audience: [...this.#options.audiences],
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ["exp", "iat"],
        currentDate: this.#options.now?.(),
      }));
    } catch (e) {
      return describeFailure(e);
    }
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [];
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === "string") : [];
    const { scope, role } = this.#options;
    if (!((scope !== undefined && scopes.includes(scope)) || (role !== undefined && roles.includes(role)))) {
      const needed = [scope && `scope ${scope}`, role && `app role ${role}`].filter(Boolean).join(" or ");
      return { ok: false, status: 403, code: "insufficient_scope", description: `the token lacks the ${needed}` };
    }
    const oid = claimString(payload, "oid");
    const subject = oid ?? claimString(payload, "sub");
    if (!subject) return { ok: false, status: 401, code: "invalid_token", description: "the token names no subject (oid or sub)" };
    const upn = claimString(payload, "upn") ?? claimString(payload, "preferred_username");
    const principal: Principal = {
      key: `${this.#issuer} ${subject}`,
      caller: { ...(oid ? { oid } : { oid: subject }), ...(upn ? { upn } : {}) },
      assertion: parsed.token,
      scopes: [...scopes, ...roles],
      clientId: claimString(payload, "azp") ?? claimString(payload, "appid") ?? claimString(payload, "client_id") ?? "unknown",
      expiresAt: payload.exp,
    };
    return { ok: true, principal };
  }

  /** RFC 9728: who issues tokens for this resource and which scope it needs. */
  resourceMetadata(resource: string): Record<string, unknown> {
    return {
      resource,
      authorization_servers: [this.#issuer],
      bearer_methods_supported: ["header"],
      ...(this.#options.scope ? { scopes_supported: [this.#options.scope] } : {}),
      resource_name: "secgraph-mcp",
    };
  }

  /** The scope clients should ask for, for the WWW-Authenticate challenge. */
  get requiredScope(): string | undefined {
    return this.#options.scope;
  }

  async ready(): Promise<boolean> {
    try {
      const keys = await this.#remoteKeys();
      if (!keys.fresh) await keys.reload();
      return true;
    } catch {
      return false;
    }
  }
}
