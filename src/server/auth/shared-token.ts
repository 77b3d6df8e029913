/**
 * The default HTTP authentication: one bearer token, given (SECGRAPH_HTTP_TOKEN or a token file) or
 * generated at start. Compared in constant time over SHA-256 digests, so neither the token's
 * content nor its length leaks through timing.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { parseBearer } from "./bearer.js";
import type { AuthOutcome, HttpAuthenticator } from "./types.js";

/** Shorter tokens are refused: they could be guessed over the network. */
export const MIN_TOKEN_CHARS = 24;

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** 256 random bits, base64url: what the server makes when no token is given. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export class TokenSetupError extends Error {
  override name = "TokenSetupError";
}

export class SharedTokenAuth implements HttpAuthenticator {
  readonly mode = "token" as const;
  readonly #digest: Buffer;

  constructor(token: string) {
    if (token.length < MIN_TOKEN_CHARS || !/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
      throw new TokenSetupError(`the HTTP token must be at least ${MIN_TOKEN_CHARS} characters of A-Z a-z 0-9 - . _ ~ + / (leave it unset to have one generated)`);
    }
    this.#digest = digest(token);
  }

  authenticate(authorization: string | undefined): Promise<AuthOutcome> {
    const parsed = parseBearer(authorization);
    if (!("token" in parsed)) return Promise.resolve(parsed);
    if (!timingSafeEqual(digest(parsed.token), this.#digest)) {
      return Promise.resolve({ ok: false, status: 401, code: "invalid_token", description: "the bearer token is not this server's token" });
    }
    return Promise.resolve({ ok: true, principal: { key: "shared-token", scopes: [], clientId: "shared-token" } });
  }
}
