import { createPublicKey, randomBytes, verify as verifySignature, type KeyObject } from "node:crypto";
import { ApiError, type ApiRequest, type ApiResponse } from "./http-kit";
import type { RepoModel } from "./repo-model";
import { DEFAULT_INSTALLATION_PERMISSIONS, type Permissions } from "./permissions";
import { isoSeconds } from "./shapes";

export interface AppOptions {
  appId: number | string;
  privateKey: string;
  installationId: number | string;
  slug?: string;
  /** The installation's permissions (default DEFAULT_INSTALLATION_PERMISSIONS): leave one out to see GitHub's 403. */
  permissions?: Permissions;
}

function verifyAppJwt(jwt: string, appId: string, key: KeyObject): boolean {
  const parts = jwt.split(".");
  if (parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")) as { alg?: string };
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { iss?: unknown; exp?: number; iat?: number };
    if (header.alg !== "RS256" || String(payload.iss) !== appId) return false;
    const now = Date.now() / 1000;
    if (typeof payload.exp !== "number" || payload.exp < now || typeof payload.iat !== "number" || payload.iat > now + 60) return false;
    if (payload.exp - payload.iat > 600 + 60) return false;
    return verifySignature("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], "base64url"));
  } catch {
    return false;
  }
}

/**
 * Who a request is: fixed personal tokens (token → login) and, with the App path on, the App's RS256 JWT and the
 * installation tokens it was issued (which act as `<slug>[bot]`).
 */
export class Credentials {
  private readonly tokens: Map<string, string>;
  private readonly app?: { appId: string; installationId: string; key: KeyObject; login: string };
  /** What the installation may do now (a switch can change it at runtime; every token follows at once). */
  installationPermissions: Permissions = { ...DEFAULT_INSTALLATION_PERMISSIONS };

  constructor(options: { token: string; tokenUser: string; extraTokens?: Record<string, string>; app?: AppOptions }) {
    this.tokens = new Map([[options.token, options.tokenUser], ...Object.entries(options.extraTokens ?? {})]);
    const app = options.app;
    if (app) {
      this.app = { appId: String(app.appId), installationId: String(app.installationId), key: createPublicKey(app.privateKey), login: `${app.slug ?? "modelgate"}[bot]` };
      if (app.permissions) this.installationPermissions = { ...app.permissions };
    }
  }

  get appEnabled(): boolean {
    return this.app !== undefined;
  }

  get installationId(): number | undefined {
    return this.app ? Number(this.app.installationId) : undefined;
  }

  /** Every login a token can act as (the rate-limit switch applies to all). */
  logins(): string[] {
    return [...new Set([...this.tokens.values(), ...(this.app ? [this.app.login] : [])])];
  }

  /** True for the App's installation tokens (their calls are checked against the installation's permissions). */
  isInstallation(login: string): boolean {
    return this.app?.login === login;
  }

  /** The login of a token, or null when GitHub would answer "Bad credentials". */
  loginFor(token: string, model: RepoModel | undefined): string | null {
    const fixed = this.tokens.get(token);
    if (fixed) return fixed;
    if (this.app && model?.state.installationTokens.some((t) => t.token === token && Date.parse(t.expiresAt) > Date.now())) return this.app.login;
    return null;
  }

  verifyAppJwt(jwt: string): boolean {
    return this.app !== undefined && verifyAppJwt(jwt, this.app.appId, this.app.key);
  }

  /** POST /app/installations/{id}/access_tokens: a fresh token for the one installation, valid an hour. */
  installationTokenHandler(model: RepoModel): ((req: ApiRequest) => Promise<ApiResponse>) | undefined {
    const app = this.app;
    if (!app) return undefined;
    return async (req) => {
      if (req.params.installation_id !== app.installationId) throw new ApiError(404, "Not Found", "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
      const issued = { token: `ghs_${randomBytes(18).toString("base64url")}`, expiresAt: isoSeconds(new Date(Date.now() + 3600_000)) };
      await model.exclusive(async () => {
        model.state.installationTokens = model.state.installationTokens.filter((t) => Date.parse(t.expiresAt) > Date.now());
        model.state.installationTokens.push(issued);
      });
      return {
        status: 201,
        body: { token: issued.token, expires_at: issued.expiresAt, permissions: this.installationPermissions, repository_selection: "selected" },
      };
    };
  }
}
