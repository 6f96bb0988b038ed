/**
 * Builders for GitHub's JSON shapes (REST v3, api-version 2022-11-28). Field sets follow the schemas in
 * GitHub's OpenAPI description; the conformance test validates every response against it.
 */
import { createHash } from "node:crypto";

export interface ShapeContext {
  /** Base of API urls, e.g. http://127.0.0.1:4010 */
  apiUrl: string;
  /** Base of web urls (the emulator serves both). */
  htmlUrl: string;
  owner: string;
  repo: string;
  repoId: number;
  ownerId: number;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  appId?: number;
}

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable numeric id for a login (GitHub ids are integers). */
export function userId(login: string): number {
  return (createHash("sha1").update(login).digest().readUInt32BE(0) % 90_000_000) + 1_000_000;
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

export function isBotLogin(login: string): boolean {
  return login.endsWith("[bot]");
}

export function simpleUser(ctx: ShapeContext, login: string, type?: "User" | "Organization" | "Bot") {
  const id = login === ctx.owner ? ctx.ownerId : userId(login);
  const u = `${ctx.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId("U_", id),
    avatar_url: `${ctx.htmlUrl}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: "",
    url: u,
    html_url: `${ctx.htmlUrl}/${encodeURIComponent(login)}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: type ?? (login === ctx.owner ? "Organization" : isBotLogin(login) ? "Bot" : "User"),
    user_view_type: "public",
    site_admin: false,
  };
}

/** GitHub's error body: {message, documentation_url, status}. */
export function errorBody(status: number, message: string, documentationUrl = "https://docs.github.com/rest", errors?: unknown[]) {
  return { message, ...(errors ? { errors } : {}), documentation_url: documentationUrl, status: String(status) };
}
