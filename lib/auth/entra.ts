import "server-only";
import { X509Certificate, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication, CryptoProvider, LogLevel, type Configuration } from "@azure/msal-node";
import { sealData, unsealData } from "iron-session";
import { getConfig, type EntraSignInConfig } from "@/lib/env";
import { getSessionSecret } from "./session-secret";

/** The short-lived cookie that carries one sign-in attempt from /auth/signin to /auth/callback. */
export const PENDING_SIGN_IN_COOKIE = "modelgate_signin";
export const PENDING_SIGN_IN_TTL_SECONDS = 10 * 60;
/** App roles and groups come in the ID token; no API scope is needed beyond OpenID Connect's. */
const SCOPES: string[] = [];

export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

let cached: { key: string; client: ConfidentialClientApplication } | undefined;

/** The Entra ID settings, or an error when sign-in is configured for demo people. */
export function requireEntraConfig(): EntraSignInConfig {
  const { signIn } = getConfig();
  if (signIn.kind !== "entra") throw new Error("Entra ID sign-in is not configured (MODELGATE_SIGNIN is demo).");
  return signIn;
}

function msalConfiguration(entra: EntraSignInConfig): Configuration {
  const auth: Configuration["auth"] = {
    clientId: entra.clientId,
    authority: entra.authority,
    knownAuthorities: entra.knownAuthorities.length ? entra.knownAuthorities : undefined,
  };
  if (entra.credential.kind === "secret") {
    auth.clientSecret = entra.credential.secret;
  } else {
    const pem = readFileSync(entra.credential.certificateFile, "utf8");
    const certificate = new X509Certificate(pem);
    auth.clientCertificate = {
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, ""),
      privateKey: readFileSync(entra.credential.keyFile, "utf8"),
      x5c: pem,
    };
  }
  return {
    auth,
    system: {
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Warning) console.warn(`msal: ${message}`);
        },
      },
    },
  };
}

/** One MSAL confidential client per process (it caches the authority's metadata). */
export function getMsalClient(): ConfidentialClientApplication {
  const entra = requireEntraConfig();
  const key = JSON.stringify([entra.authority, entra.clientId, entra.credential]);
  if (cached?.key !== key) cached = { key, client: new ConfidentialClientApplication(msalConfiguration(entra)) };
  return cached.client;
}

/** Builds the authorize URL for a new sign-in (PKCE S256, state, nonce) and the sealed record to keep. */
export async function beginEntraSignIn(next: string): Promise<{ url: string; pendingCookie: string }> {
  const entra = requireEntraConfig();
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const pending: PendingSignIn = { state: crypto.createNewGuid(), nonce: crypto.createNewGuid(), codeVerifier: verifier, next };
  const url = await getMsalClient().getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: entra.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state: pending.state,
    nonce: pending.nonce,
    responseMode: "query",
  });
  const pendingCookie = await sealData(pending, { password: getSessionSecret(), ttl: PENDING_SIGN_IN_TTL_SECONDS });
  return { url, pendingCookie };
}

/** Opens the sealed sign-in record; undefined when missing, forged or expired. */
export async function readPendingSignIn(cookie: string | undefined): Promise<PendingSignIn | undefined> {
  if (!cookie) return undefined;
  try {
    const data = await unsealData<Partial<PendingSignIn>>(cookie, { password: getSessionSecret(), ttl: PENDING_SIGN_IN_TTL_SECONDS });
    if (typeof data.state !== "string" || typeof data.nonce !== "string" || typeof data.codeVerifier !== "string") return undefined;
    return { state: data.state, nonce: data.nonce, codeVerifier: data.codeVerifier, next: typeof data.next === "string" ? data.next : "/" };
  } catch {
    return undefined;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Exchanges the authorization code for tokens (MSAL checks state and nonce too) and returns the ID token's
 * claims. Throws when state, nonce or the code don't hold.
 */
export async function completeEntraSignIn(input: { code: string; state: string; pending: PendingSignIn }): Promise<Record<string, unknown>> {
  const entra = requireEntraConfig();
  if (!sameString(input.state, input.pending.state)) throw new Error("state mismatch");
  const result = await getMsalClient().acquireTokenByCode(
    {
      code: input.code,
      scopes: SCOPES,
      redirectUri: entra.redirectUri,
      codeVerifier: input.pending.codeVerifier,
      state: input.pending.state,
      nonce: input.pending.nonce,
    },
    { code: input.code, state: input.state },
  );
  const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
  if (typeof claims.nonce !== "string" || !sameString(claims.nonce, input.pending.nonce)) throw new Error("nonce mismatch");
  return claims;
}

/** Where to send the browser to end the Entra ID session too, coming back to the sign-in page. */
export function entraLogoutUrl(): string {
  const entra = requireEntraConfig();
  const url = new URL(`${entra.authority}/oauth2/v2.0/logout`);
  url.searchParams.set("client_id", entra.clientId);
  url.searchParams.set("post_logout_redirect_uri", entra.postLogoutRedirectUri);
  return url.href;
}
