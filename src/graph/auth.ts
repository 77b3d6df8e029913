/**
 * Credentials for live calls: a ready bearer token (SECGRAPH_ACCESS_TOKEN) or an @azure/identity
 * chain, wrapped in a token cache the Graph client asks before every request.
 * Tokens never reach a log line or an error message (see redactSecrets).
 */
import type { AccessToken, GetTokenOptions, TokenCredential, TokenCredentialOptions } from "@azure/identity";
import {
  AggregateAuthenticationError,
  AzureCliCredential,
  ChainedTokenCredential,
  CredentialUnavailableError,
  DeviceCodeCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  OnBehalfOfCredential,
} from "@azure/identity";
import type { AuthenticationProvider } from "@microsoft/microsoft-graph-client";

/** Credentials could not be set up or did not yield a token. The message says what to set. */
export class CredentialSetupError extends Error {
  override name = "CredentialSetupError";
}

/** What the user can set, named in the one message shown when no credential works. */
export const CREDENTIAL_HELP =
  "set SECGRAPH_ACCESS_TOKEN to a bearer token (e.g. from `az account get-access-token --resource https://graph.microsoft.com`), " +
  "or AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) for an app registration, " +
  "or run where a managed identity is available, or sign in with `az login`";

/** Removes bearer tokens and JWT-shaped strings from text bound for a log or an error message. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, "$1[redacted]")
    .replace(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]")
    .replace(/((?:client_secret|access_token|refresh_token|password)["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi, "$1[redacted]");
}

/** Expiry of a JWT from its `exp` claim, without verifying it (the tenant verifies). */
function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (token.split(".").length !== 3 || !payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Bring-your-own-token: the token is used as given; an expired JWT is reported before any request. */
export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  readonly #expiresOnTimestamp: number;

  constructor(
    token: string,
    private readonly now: () => number = Date.now,
  ) {
    this.#token = token.trim().replace(/^bearer\s+/i, "");
    // Opaque tokens carry no expiry we can read: treat them as valid for an hour and let Graph decide.
    this.#expiresOnTimestamp = jwtExpiryMs(this.#token) ?? now() + 3_600_000;
  }

  async getToken(): Promise<AccessToken> {
    if (this.#expiresOnTimestamp <= this.now()) {
      throw new CredentialSetupError(
        `SECGRAPH_ACCESS_TOKEN expired at ${new Date(this.#expiresOnTimestamp).toISOString()}; fetch a fresh one (az account get-access-token --resource https://graph.microsoft.com)`,
      );
    }
    return { token: this.#token, expiresOnTimestamp: this.#expiresOnTimestamp };
  }
}

export interface CredentialOptions {
  /** Where SECGRAPH_ACCESS_TOKEN, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_AUTHORITY_HOST are read. */
  env: NodeJS.ProcessEnv;
  /**
   * Shows device-code sign-in instructions to a person (a TTY or MCP elicitation). When absent,
   * device code is left out of the chain: nobody could answer it and it would block until timeout.
   */
  deviceCodePrompt?: (message: string) => void;
}

export interface CredentialChoice {
  credential: TokenCredential;
  /** Human-readable name of the source, safe to log. */
  source: string;
}

/**
 * SECGRAPH_ACCESS_TOKEN when set; otherwise @azure/identity in the documented order: explicit
 * secret/certificate from the environment → managed identity → Azure CLI → device code (interactive only).
 * The Azure credentials read their own variables from the process environment, as @azure/identity documents.
 */
export function createCredential(options: CredentialOptions): CredentialChoice {
  const byot = options.env.SECGRAPH_ACCESS_TOKEN?.trim();
  if (byot) return { credential: new StaticTokenCredential(byot), source: "SECGRAPH_ACCESS_TOKEN" };

  const authorityHost = options.env.AZURE_AUTHORITY_HOST || undefined;
  const chain: TokenCredential[] = [
    new EnvironmentCredential({ authorityHost }),
    new ManagedIdentityCredential(options.env.AZURE_CLIENT_ID ? { clientId: options.env.AZURE_CLIENT_ID } : {}),
    new AzureCliCredential(),
  ];
  const names = ["environment", "managed identity", "Azure CLI"];
  const prompt = options.deviceCodePrompt;
  if (prompt) {
    chain.push(
      new DeviceCodeCredential({
        authorityHost,
        tenantId: options.env.AZURE_TENANT_ID || undefined,
        clientId: options.env.AZURE_CLIENT_ID || undefined,
        userPromptCallback: (info) => prompt(info.message),
      }),
    );
    names.push("device code");
  }
  return { credential: new ChainedTokenCredential(...chain), source: names.join(" → ") };
}

/** Scope for the Graph cloud addressed by graphBaseUrl (sovereign clouds have their own resource). */
export function graphScope(graphBaseUrl: string): string {
  return `${new URL(graphBaseUrl).origin}/.default`;
}

/** Turns whatever a credential threw into one sentence that says what to set; never includes a token. */
export function explainCredentialFailure(error: unknown): CredentialSetupError {
  if (error instanceof CredentialSetupError) return error;
  const errors = error instanceof AggregateAuthenticationError ? (error.errors as unknown[]) : [error];
  const allUnavailable = errors.every((e) => e instanceof CredentialUnavailableError);
  if (allUnavailable) return new CredentialSetupError(`no Azure credentials found for live mode: ${CREDENTIAL_HELP}`);
  const failed = errors.find((e) => !(e instanceof CredentialUnavailableError));
  const detail = failed instanceof Error ? failed.message : String(failed);
  const firstLine = redactSecrets(detail.split("\n")[0] ?? "").slice(0, 300);
  return new CredentialSetupError(`Azure sign-in failed: ${firstLine}`);
}

/** Refresh this long before expiry so a token never expires between the check and the request. */
const REFRESH_MARGIN_MS = 120_000;

/**
 * The Graph client's AuthenticationProvider over a TokenCredential, with a token cache (a chain
 * would otherwise probe every source on each call) and one in-flight request shared by concurrent callers.
 */
export class CachedTokenProvider implements AuthenticationProvider {
  #cached: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly now: () => number = Date.now,
  ) {}

  getAccessToken = async (): Promise<string> => {
    const cached = this.#cached;
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > this.now()) return cached.token;
    this.#pending ??= this.fetchToken().finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).token;
  };

  private async fetchToken(options?: GetTokenOptions): Promise<AccessToken> {
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope, options);
    } catch (error) {
      throw explainCredentialFailure(error);
    }
    if (!token) throw new CredentialSetupError(`no Azure credentials found for live mode: ${CREDENTIAL_HELP}`);
    this.#cached = token;
    return token;
  }
}

/** The server's own app registration, which exchanges each caller's token (on-behalf-of). */
export interface OnBehalfOfSettings {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificatePath?: string;
  authorityHost?: string;
  /** Skip MSAL's instance discovery (private authorities such as ADFS or a test stand-in). */
  disableInstanceDiscovery?: boolean;
  /** Transport seam for tests (the token endpoint on loopback); production uses the default. */
  httpClient?: TokenCredentialOptions["httpClient"];
}

/** AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH. */
export function onBehalfOfSettingsFromEnv(env: NodeJS.ProcessEnv): OnBehalfOfSettings {
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  const clientSecret = env.AZURE_CLIENT_SECRET?.trim() || undefined;
  const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim() || undefined;
  if (!tenantId || !clientId || (!clientSecret && !certificatePath)) {
    throw new CredentialSetupError(
      "--live with --auth oauth calls Graph on behalf of each caller: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) of the server's app registration",
    );
  }
  return { tenantId, clientId, clientSecret, certificatePath, authorityHost: env.AZURE_AUTHORITY_HOST?.trim() || undefined };
}

/**
 * Graph tokens for whoever is calling now: `assertion()` is the caller's bearer token (already
 * verified by the resource server), exchanged through @azure/identity's OnBehalfOfCredential, so Graph
 * sees the analyst's own permissions. One credential per assertion; MSAL caches the Graph token.
 */
export class CallerOnBehalfOfCredential implements TokenCredential {
  #assertion: string | undefined;
  #credential: OnBehalfOfCredential | undefined;

  constructor(
    private readonly settings: OnBehalfOfSettings,
    private readonly assertion: () => string | undefined,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const assertion = this.assertion();
    if (!assertion) throw new CredentialSetupError("no signed-in caller to act on behalf of");
    if (assertion !== this.#assertion || !this.#credential) {
      const { tenantId, clientId, clientSecret, certificatePath, authorityHost, disableInstanceDiscovery, httpClient } = this.settings;
      const common = { tenantId, clientId, userAssertionToken: assertion, authorityHost, disableInstanceDiscovery, httpClient };
      this.#credential = clientSecret ? new OnBehalfOfCredential({ ...common, clientSecret }) : new OnBehalfOfCredential({ ...common, certificatePath: certificatePath ?? "" });
      this.#assertion = assertion;
    }
    return this.#credential.getToken(scopes, options);
  }
}
