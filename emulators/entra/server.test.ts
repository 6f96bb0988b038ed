import { X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, CryptoProvider } from "@azure/msal-node";
import { generate } from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, GROUPS, USERS } from "./directory";
import { startEntraEmulator, type RunningEntraEmulator } from "./server";

const REDIRECT_URI = "http://127.0.0.1:39999/auth/callback";

/** A tiny cookie jar: the emulator keeps its interaction and session in cookies, as a browser would. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  /** Follows redirects until one leaves the emulator (the app's redirect URI) or a page is shown. */
  async follow(url: string, init: RequestInit = {}): Promise<{ url: string; res: Response }> {
    let res = await this.request(url, init);
    let current = url;
    while (res.status >= 300 && res.status < 400) {
      current = new URL(res.headers.get("location")!, current).href;
      if (!current.startsWith("https://127.0.0.1")) return { url: current, res };
      res = await this.request(current);
    }
    return { url: current, res };
  }
}

describe("entra emulator", () => {
  let emulator: RunningEntraEmulator;
  let msal: ConfidentialClientApplication;

  beforeAll(async () => {
    emulator = await startEntraEmulator({ port: 0, redirectUris: [REDIRECT_URI], postLogoutRedirectUris: ["http://127.0.0.1:39999/signin"] });
    msal = new ConfidentialClientApplication({
      auth: {
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: DEFAULT_CLIENT_SECRET,
        authority: emulator.authority,
        knownAuthorities: [new URL(emulator.url).host],
      },
    });
  });
  afterAll(() => emulator?.close());

  async function signIn(username: string, browser = new Browser()) {
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const state = crypto.createNewGuid();
    const nonce = crypto.createNewGuid();
    const authUrl = await msal.getAuthCodeUrl({
      scopes: [],
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      codeChallengeMethod: "S256",
      state,
      nonce,
    });
    const picker = await browser.follow(authUrl);
    expect(picker.res.status).toBe(200);
    const html = await picker.res.text();
    expect(html).toContain("Pick an account");
    const back = await browser.follow(picker.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username }).toString(),
    });
    const callback = new URL(back.url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe(state);
    const code = callback.searchParams.get("code")!;
    const result = await msal.acquireTokenByCode(
      { code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier, state, nonce },
      { code, state: callback.searchParams.get("state")! },
    );
    return { result, browser, nonce };
  }

  it("serves Entra ID's v2.0 discovery document for its tenant only", async () => {
    const res = await fetch(`${emulator.authority}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, string>;
    expect(doc.issuer).toBe(`${emulator.authority}/v2.0`);
    expect(doc.authorization_endpoint).toBe(`${emulator.authority}/oauth2/v2.0/authorize`);
    expect(doc.token_endpoint).toBe(`${emulator.authority}/oauth2/v2.0/token`);
    expect(doc.jwks_uri).toBe(`${emulator.authority}/discovery/v2.0/keys`);
    expect(doc.end_session_endpoint).toBe(`${emulator.authority}/oauth2/v2.0/logout`);
    const other = await fetch(`${emulator.url}/common/v2.0/.well-known/openid-configuration`);
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error_description: string }).error_description).toMatch(/^AADSTS90002/);
  });

  it("signs a person in through real MSAL with PKCE, state and nonce, and the token carries roles and groups", async () => {
    const { result, nonce } = await signIn("priya.shah@contoso.example");
    const claims = result.idTokenClaims as Record<string, unknown>;
    const priya = USERS.find((u) => u.name === "Priya Shah")!;
    expect(claims).toMatchObject({
      oid: priya.oid,
      tid: emulator.tenantId,
      name: "Priya Shah",
      preferred_username: "priya.shah@contoso.example",
      roles: ["ModelGate.Requester"],
      groups: [GROUPS.search],
      nonce,
      aud: DEFAULT_CLIENT_ID,
      iss: `${emulator.authority}/v2.0`,
      ver: "2.0",
    });
    expect(claims.sub).not.toBe(priya.oid);
    // client_info gives MSAL Entra ID's home account id: object id . tenant id.
    expect(result.account?.homeAccountId).toBe(`${priya.oid}.${emulator.tenantId}`);
  });

  it("gives a person in too many groups the overage claims instead of a groups claim", async () => {
    const { result } = await signIn("olga.berg@contoso.example");
    const claims = result.idTokenClaims as Record<string, unknown>;
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: "src1" });
    expect(claims._claim_sources).toEqual({ src1: { endpoint: expect.stringMatching(/^https:\/\/graph\.windows\.net\/.+\/getMemberObjects$/) } });
  });

  it("gives a person with no app role no roles claim", async () => {
    const { result } = await signIn("noor.haddad@contoso.example");
    expect((result.idTokenClaims as Record<string, unknown>).roles).toBeUndefined();
  });

  it("refuses a code exchanged with the wrong PKCE verifier, and a nonce that does not match", async () => {
    const crypto = new CryptoProvider();
    const { challenge } = await crypto.generatePkceCodes();
    const authUrl = await msal.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256", state: "s1", nonce: "n1" });
    const browser = new Browser();
    const picker = await browser.follow(authUrl);
    const back = await browser.follow(picker.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=alex.kim%40contoso.example",
    });
    const code = new URL(back.url).searchParams.get("code")!;
    const other = await crypto.generatePkceCodes();
    await expect(
      msal.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: other.verifier, state: "s1", nonce: "n1" }, { code, state: "s1" }),
    ).rejects.toThrow(/invalid_grant/);

    const again = await browser.follow(authUrl.replace("nonce=n1", "nonce=n2"));
    const code2 = new URL(again.url).searchParams.get("code");
    expect(code2).toBeTruthy(); // the tenant session is still signed in: no picker this time
  });

  it("refuses a redirect URI that is not registered", async () => {
    const crypto = new CryptoProvider();
    const { challenge } = await crypto.generatePkceCodes();
    const authUrl = await msal.getAuthCodeUrl({
      scopes: [],
      redirectUri: "https://evil.example/callback",
      codeChallenge: challenge,
      codeChallengeMethod: "S256",
    });
    const res = await new Browser().request(authUrl);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("redirect_uri");
  });

  it("logs out of the tenant session and returns to a registered post-logout URI", async () => {
    const { browser } = await signIn("sam.rivera@contoso.example");
    const logout = new URL(`${emulator.authority}/oauth2/v2.0/logout`);
    logout.searchParams.set("client_id", DEFAULT_CLIENT_ID);
    logout.searchParams.set("post_logout_redirect_uri", "http://127.0.0.1:39999/signin");
    const page = await browser.request(logout.href);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1];
    const done = await browser.follow(new URL(action, emulator.url).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    });
    expect(done.url).toBe("http://127.0.0.1:39999/signin");
    // Signed out of the tenant: the next sign-in asks who you are again.
    const crypto = new CryptoProvider();
    const { challenge } = await crypto.generatePkceCodes();
    const next = await browser.follow(
      await msal.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256" }),
    );
    expect(await next.res.text()).toContain("Pick an account");
  });
});

describe("entra emulator with a certificate credential", () => {
  it("accepts MSAL's certificate assertion (private_key_jwt) and refuses the secret", async () => {
    // MSAL signs the assertion with PS256: an RSA certificate, as the ones uploaded to app registrations.
    const pems = await generate([{ name: "commonName", value: "ModelGate" }], { keyType: "rsa", keySize: 2048, algorithm: "sha256" });
    const certs = { cert: pems.cert, key: pems.private };
    const emulator = await startEntraEmulator({ port: 0, redirectUris: [REDIRECT_URI], clientCertificate: certs.cert });
    try {
      const withCertificate = new ConfidentialClientApplication({
        auth: {
          clientId: DEFAULT_CLIENT_ID,
          authority: emulator.authority,
          knownAuthorities: [new URL(emulator.url).host],
          clientCertificate: {
            thumbprintSha256: new X509Certificate(certs.cert).fingerprint256.replace(/:/g, ""),
            privateKey: certs.key,
            x5c: certs.cert,
          },
        },
      });
      const crypto = new CryptoProvider();
      const { verifier, challenge } = await crypto.generatePkceCodes();
      const authUrl = await withCertificate.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256", state: "s", nonce: "n" });
      const browser = new Browser();
      const picker = await browser.follow(authUrl);
      const back = await browser.follow(picker.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "username=dana.fox%40contoso.example",
      });
      const code = new URL(back.url).searchParams.get("code")!;
      const result = await withCertificate.acquireTokenByCode({ code, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier, state: "s", nonce: "n" }, { code, state: "s" });
      expect(result.idTokenClaims).toMatchObject({ name: "Dana Fox", roles: ["ModelGate.Manager"] });

      const withSecret = new ConfidentialClientApplication({
        auth: { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, authority: emulator.authority, knownAuthorities: [new URL(emulator.url).host] },
      });
      const again = await browser.follow(await withSecret.getAuthCodeUrl({ scopes: [], redirectUri: REDIRECT_URI, codeChallenge: challenge, codeChallengeMethod: "S256", state: "t", nonce: "m" }));
      const code2 = new URL(again.url).searchParams.get("code")!;
      await expect(
        withSecret.acquireTokenByCode({ code: code2, scopes: [], redirectUri: REDIRECT_URI, codeVerifier: verifier, state: "t", nonce: "m" }, { code: code2, state: "t" }),
      ).rejects.toThrow(/invalid_client/);
    } finally {
      await emulator.close();
    }
  });
});
