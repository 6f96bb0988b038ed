/**
 * The Entra ID emulator: a real OpenID Connect provider (`oidc-provider`) behind Entra ID's v2.0 endpoint
 * layout for one tenant, over HTTPS with the local certificate the other emulators use. MSAL signs in
 * against it as against login.microsoftonline.com: discovery, authorize (code + PKCE), token, keys and
 * logout are the provider's own; this file only shapes paths, claims and pages the way Entra ID does.
 * What it reproduces and what it doesn't: emulators/entra/README.md.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Provider, { type AccountClaims, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { ensureLocalCertificates } from "../tls";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, GROUPS_CLAIM_LIMIT, USERS, type DirectoryUser } from "./directory";
import { createMemoryAdapter } from "./memory-adapter";
import { renderAccountPicker, renderMessagePage, renderSignOutPage } from "./pages";

export const DEFAULT_ENTRA_EMULATOR_PORT = 4030;

export interface EntraEmulatorOptions {
  port?: number;
  host?: string;
  /** Folder of the local CA and leaf certificate (shared with the Azure emulator). */
  certDir?: string;
  /** Folder for the token-signing key, so tokens stay verifiable across restarts. */
  dataDir?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /**
   * A certificate (PEM) uploaded to the app registration: the client then authenticates with a signed
   * assertion (private_key_jwt, as MSAL's certificate credential does) instead of the secret.
   */
  clientCertificate?: string;
  /** The app registration's redirect URIs: Entra ID only returns to one of these, exactly. */
  redirectUris?: string[];
  /** Where RP-initiated logout may return to. */
  postLogoutRedirectUris?: string[];
  users?: readonly DirectoryUser[];
}

export interface RunningEntraEmulator {
  url: string;
  tenantId: string;
  clientId: string;
  /** The authority to give MSAL: `https://127.0.0.1:PORT/{tenant}`. */
  authority: string;
  close(): Promise<void>;
}

/** The pairwise subject Entra ID gives one person in one app (not the object id, which is tenant-wide). */
function subjectFor(user: DirectoryUser, clientId: string): string {
  return createHash("sha256").update(`${user.oid}:${clientId}`).digest("base64url").slice(0, 43);
}

function loadSigningKey(dataDir: string | undefined): Record<string, unknown> {
  const file = dataDir ? path.join(dataDir, "signing-key.json") : undefined;
  if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), use: "sig", alg: "RS256" } as Record<string, unknown>;
  // Entra ID's key ids are opaque base64url strings; a thumbprint of the public key is as good.
  jwk.kid = createHash("sha256").update(String(jwk.n)).digest("base64url").slice(0, 27);
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 16_384) req.destroy(new Error("form too large"));
    });
    req.on("end", () => resolve(new URLSearchParams(body)));
    req.on("error", reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/** Entra ID's error body shape (AADSTS code in the description, correlation ids). */
function sendEntraError(res: ServerResponse, status: number, error: string, description: string): void {
  const now = new Date().toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(
    JSON.stringify({
      error,
      error_description: `${description}\r\nTrace ID: ${crypto.randomUUID()}\r\nCorrelation ID: ${crypto.randomUUID()}\r\nTimestamp: ${now}`,
      error_codes: [Number(/^AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
      timestamp: now,
    }),
  );
}

/** Starts the emulator; resolves once it listens. */
export async function startEntraEmulator(options: EntraEmulatorOptions = {}): Promise<RunningEntraEmulator> {
  const host = options.host ?? "127.0.0.1";
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const users = options.users ?? USERS;
  const certs = ensureLocalCertificates(options.certDir);

  // Listen first: the issuer carries the port, which may be chosen by the OS (port 0 in tests).
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503);
    res.end();
  };
  const server = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => handler(req, res));
  const requestedPort = options.port ?? DEFAULT_ENTRA_EMULATOR_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${requestedPort} on ${host} is already in use (set ENTRA_EMULATOR_PORT to use another port)`)
          : error,
      ),
    );
    server.listen(requestedPort, host, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `https://${host}:${port}`;
  const issuer = `${origin}/${tenantId}/v2.0`;
  const usersBySubject = new Map(users.map((u) => [subjectFor(u, clientId), u]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris ?? [],
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        ...(options.clientCertificate
          ? {
              token_endpoint_auth_method: "private_key_jwt",
              jwks: { keys: [new X509Certificate(options.clientCertificate).publicKey.export({ format: "jwk" }) as never] },
            }
          : { token_endpoint_auth_method: "client_secret_post" }),
      },
    ],
    adapter: createMemoryAdapter(),
    responseTypes: ["code"],
    jwks: { keys: [loadSigningKey(options.dataDir) as never] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    // Entra ID's v2.0 layout: everything under the tenant, discovery under /{tenant}/v2.0 (rewritten below).
    routes: {
      authorization: `/${tenantId}/oauth2/v2.0/authorize`,
      token: `/${tenantId}/oauth2/v2.0/token`,
      jwks: `/${tenantId}/discovery/v2.0/keys`,
      end_session: `/${tenantId}/oauth2/v2.0/logout`,
      userinfo: `/${tenantId}/openid/userinfo`,
    },
    discovery: {
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
    },
    scopes: ["openid", "profile", "email", "offline_access"],
    claims: {
      openid: ["sub", "oid", "tid", "ver", "roles", "groups"],
      profile: ["name", "preferred_username"],
      email: ["email"],
    },
    // Entra ID puts the profile, role and group claims in the ID token of the code flow.
    conformIdTokenClaims: false,
    pkce: { required: () => true, methods: ["S256"] },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = renderSignOutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = renderMessagePage("You signed out of your account", "It's a good idea to close all browser windows.");
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/${tenantId}/login/${interaction.uid}` },
    // Admin consent is granted in the tenant for the portal's app: nobody is asked to consent.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) {
        const found = await ctx.oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid profile email offline_access");
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    findAccount: async (_ctx, sub) => {
      const user = usersBySubject.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => {
          const claims: AccountClaims = {
            sub,
            oid: user.oid,
            tid: tenantId,
            ver: "2.0",
            name: user.name,
            preferred_username: user.username,
            email: user.username,
          };
          if (user.roles.length > 0) claims.roles = user.roles;
          if (user.groups.length > GROUPS_CLAIM_LIMIT) {
            // Group overage: no groups claim, a pointer to where the full list can be read instead.
            claims._claim_names = { groups: "src1" };
            claims._claim_sources = { src1: { endpoint: `https://graph.windows.net/${tenantId}/users/${user.oid}/getMemberObjects` } };
          } else if (user.groups.length > 0) {
            claims.groups = user.groups;
          }
          return claims;
        },
      };
    },
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Session: 86_400, Grant: 86_400 },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = renderMessagePage("Sorry, but we're having trouble signing you in.", `${out.error}: ${out.error_description ?? ""}`);
    },
  };

  const provider = new Provider(issuer, configuration);
  // Entra ID's token response carries client_info (uid, utid), which MSAL turns into the home account id.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.oidc?.route === "token" && ctx.status === 200 && body && typeof body.id_token === "string") {
      const claims = JSON.parse(Buffer.from(body.id_token.split(".")[1], "base64url").toString("utf8")) as { oid?: string; tid?: string };
      body.client_info = Buffer.from(JSON.stringify({ uid: claims.oid, utid: claims.tid })).toString("base64url");
    }
  });
  const callback = provider.callback();

  const discoveryPath = `/${tenantId}/v2.0/.well-known/openid-configuration`;
  const loginPrefix = `/${tenantId}/login/`;

  handler = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", origin);
      const segments = url.pathname.split("/");
      if (url.pathname === discoveryPath) {
        req.url = `/.well-known/openid-configuration${url.search}`;
        return callback(req, res);
      }
      if (url.pathname.startsWith(loginPrefix)) return handleLogin(req, res, url);
      if (segments[1] === tenantId) return callback(req, res);
      if (segments[1] && /^(common|organizations|consumers|[0-9a-f-]{36}|[\w.-]+\.\w+)$/i.test(segments[1])) {
        return sendEntraError(
          res,
          400,
          "invalid_tenant",
          `AADSTS90002: Tenant '${segments[1]}' not found. This emulator serves one tenant, ${tenantId}.`,
        );
      }
      sendHtml(res, 404, renderMessagePage("Not found", `This emulator serves the tenant ${tenantId} under ${origin}/${tenantId}/.`));
    })().catch((error: unknown) => {
      if (!res.headersSent) sendHtml(res, 500, renderMessagePage("Sorry, something went wrong", (error as Error).message));
      else res.end();
    });
  };

  /** The sign-in page: pick an account (no password: this is a laptop stand-in). */
  async function handleLogin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(res, 400, renderMessagePage("This sign-in has expired", "Go back to the application and sign in again."));
    }
    if (req.method === "POST") {
      const form = await readForm(req);
      const username = (form.get("username") ?? "").trim().toLowerCase();
      const user = users.find((u) => u.username.toLowerCase() === username);
      if (!user) {
        const html = renderAccountPicker({ action: url.pathname, users, error: "We couldn't find an account with that username.", username });
        return sendHtml(res, 200, html);
      }
      await provider.interactionFinished(req, res, { login: { accountId: subjectFor(user, clientId) } }, { mergeWithLastSubmission: false });
      return;
    }
    const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : "";
    sendHtml(res, 200, renderAccountPicker({ action: url.pathname, users, username: hint }));
  }

  return {
    url: origin,
    tenantId,
    clientId,
    authority: `${origin}/${tenantId}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
