/** What an HTTP authenticator decides about one request, and who the caller is when it lets it in. */

/** The person behind a call, as the audit records it (never a token). */
export interface Caller {
  oid?: string;
  upn?: string;
}

export interface Principal {
  /** Sessions are bound to this key: a session opened by one principal is unknown to any other. */
  key: string;
  caller?: Caller;
  /** The bearer token of this request, kept only where on-behalf-of needs it. Never logged. */
  assertion?: string;
  scopes: string[];
  clientId: string;
  /** Token expiry, seconds since the epoch. */
  expiresAt?: number;
}

/** RFC 6750 error codes, plus a 503 for an issuer we cannot reach. */
export type AuthFailureCode = "invalid_request" | "invalid_token" | "insufficient_scope" | "temporarily_unavailable";

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403 | 503; code?: AuthFailureCode; description: string };

export interface HttpAuthenticator {
  /** "token" (one shared bearer token) or "oauth" (JWTs from an issuer). */
  readonly mode: "token" | "oauth";
  /** Decides on the raw Authorization header (undefined when absent). Never throws. */
  authenticate(authorization: string | undefined): Promise<AuthOutcome>;
  /** RFC 9728 protected-resource metadata for this resource URL, when the mode publishes one. */
  resourceMetadata?(resource: string): Record<string, unknown>;
  /** The scope a client should request, named in the WWW-Authenticate challenge. */
  readonly requiredScope?: string;
  /** For /readyz: whether the authenticator can decide right now (e.g. the issuer's keys are loaded). */
  ready?(): Promise<boolean>;
}
