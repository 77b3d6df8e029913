/**
 * A loopback OpenID issuer for tests: its own signing keys (generated here), the OpenID configuration,
 * a JWKS that can rotate or go down, and a token endpoint that records on-behalf-of exchanges.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface TokenRequest {
  path: string;
  form: Record<string, string>;
}

export interface TestIssuer {
  issuer: string;
  /** Keys the JWKS publishes. */
  published: SigningKey[];
  /** When set, /jwks and the configuration answer 503. */
  down: boolean;
  jwksFetches: number;
  tokenRequests: TokenRequest[];
  sign(claims: JWTPayload, options?: { key?: SigningKey; expiresIn?: string | number; issuer?: string; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
};

/** `graphToken`: what the token endpoint issues (default a token naming the assertion's tail). */
export async function startIssuer(audience: string, graphToken?: string): Promise<TestIssuer> {
  const first = await newKey("key-1");
  const state: Omit<TestIssuer, "issuer" | "sign" | "close"> = { published: [first], down: false, jwksFetches: 0, tokenRequests: [] };
  let issuer = "";
  /** Entra's layout: the issuer is <host>/<tenant>/v2.0, its endpoints <host>/<tenant>/oauth2/v2.0/…. */
  const tenantBase = () => issuer.replace(/\/v2\.0$/, "");
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const json = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (state.down && !path.endsWith("/token")) return json(503, { error: "down" });
      if (path.endsWith("/.well-known/openid-configuration")) {
        return json(200, { issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${tenantBase()}/oauth2/v2.0/token`, authorization_endpoint: `${tenantBase()}/oauth2/v2.0/authorize` });
      }
      if (path.endsWith("/jwks")) {
        state.jwksFetches++;
        return json(200, { keys: state.published.map((k) => k.publicJwk) });
      }
      if (path.endsWith("/token")) {
        const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
        state.tokenRequests.push({ path, form });
        return json(200, { token_type: "Bearer", access_token: graphToken ?? `graph-token-for-${form.assertion?.slice(-12) ?? "?"}`, expires_in: 3600, ext_expires_in: 3600 });
      }
      json(404, { error: "not found" });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant-1/v2.0`;
  return Object.assign(state, {
    issuer,
    async sign(claims: JWTPayload, options: { key?: SigningKey; expiresIn?: string | number; issuer?: string; audience?: string } = {}) {
      const key = options.key ?? first;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "10m")
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** An unsigned token (`alg: none`), as an attacker would forge one. */
export function unsignedToken(claims: JWTPayload): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}
