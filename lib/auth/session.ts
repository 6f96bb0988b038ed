import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { prisma } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { getSessionSecret } from "./session-secret";

export const SESSION_COOKIE = "modelgate_session";
/** Last-seen is written at most this often, so reading pages doesn't write a row on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export type SignInMethod = "demo" | "entra";

export interface ActiveSession {
  /** SHA-256 of the cookie's random id: the row's key (the id itself is never stored). */
  id: string;
  userId: string;
  method: SignInMethod;
  createdAt: Date;
  expiresAt: Date;
}

function hashSessionId(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** Cookie settings shared by writing and deleting the session cookie. */
export function sessionCookieOptions(maxAgeSeconds: number) {
  return {
    httpOnly: true,
    // Lax, not Strict: people arrive from links in GitHub PRs and from the Entra ID redirect, and must stay
    // signed in; mutations are POST server actions, which Next.js checks against the Origin header.
    sameSite: "lax" as const,
    secure: getConfig().publicUrl.startsWith("https://"),
    path: "/",
    maxAge: maxAgeSeconds,
  };
}

/** Where a new session cookie is written: the request's cookies (server actions) or a response's. */
export interface CookieJar {
  set(name: string, value: string, options: ReturnType<typeof sessionCookieOptions>): unknown;
}

/**
 * Starts a session for a user: a random id goes into the sealed cookie, its hash into the sessions table.
 * Call from a server action, or from a route handler with the response's cookies.
 */
export async function createSession(userId: string, method: SignInMethod, jar?: CookieJar): Promise<void> {
  const config = getConfig();
  const raw = randomBytes(32).toString("base64url");
  const maxAgeSeconds = config.session.maxHours * 3600;
  const userAgent = (await headers()).get("user-agent")?.slice(0, 300) ?? null;
  const db = await prisma();
  await db.$transaction([
    db.session.create({
      data: { id: hashSessionId(raw), userId, method, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000), userAgent },
    }),
    db.user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } }),
  ]);
  const sealed = await sealData({ sid: raw }, { password: getSessionSecret(), ttl: maxAgeSeconds });
  (jar ?? (await cookies())).set(SESSION_COOKIE, sealed, sessionCookieOptions(maxAgeSeconds));
}

async function readRawSessionId(): Promise<string | undefined> {
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!cookie) return undefined;
  try {
    const data = await unsealData<{ sid?: unknown }>(cookie, { password: getSessionSecret(), ttl: getConfig().session.maxHours * 3600 });
    return typeof data.sid === "string" && data.sid.length >= 32 ? data.sid : undefined;
  } catch {
    return undefined; // forged, or sealed with another secret
  }
}

/**
 * The session of the current request, read from the table once per request: null when there is no cookie,
 * the cookie is forged, or the row is gone (signed out, revoked) or past its idle or absolute end.
 */
export const getActiveSession = cache(async (): Promise<ActiveSession | null> => {
  const raw = await readRawSessionId();
  if (!raw) return null;
  const config = getConfig();
  const db = await prisma();
  const row = await db.session.findUnique({ where: { id: hashSessionId(raw) } });
  if (!row) return null;
  const now = Date.now();
  const idleEnd = row.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
  if (row.expiresAt.getTime() <= now || idleEnd <= now) {
    await db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { id: row.id, userId: row.userId, method: row.method as SignInMethod, createdAt: row.createdAt, expiresAt: row.expiresAt };
});

/** Ends the current session: deletes its row (a replayed cookie finds nothing) and the cookie. */
export async function endCurrentSession(): Promise<ActiveSession | null> {
  const session = await getActiveSession();
  const raw = await readRawSessionId();
  if (raw) await (await prisma()).session.deleteMany({ where: { id: hashSessionId(raw) } });
  (await cookies()).delete({ name: SESSION_COOKIE, path: "/" });
  return session;
}

/** Ends every session of a user (an Admin's "sign out", a lost role); returns how many ended. */
export async function endSessionsOfUser(userId: string): Promise<number> {
  const { count } = await (await prisma()).session.deleteMany({ where: { userId } });
  return count;
}

/** Deletes sessions past their absolute end (housekeeping; expired sessions are refused anyway). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await (await prisma()).session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

/** Where the visitor was going, as proxy.ts recorded it (undefined outside a page request). */
export async function readReturnToPath(): Promise<string | undefined> {
  try {
    return (await headers()).get("x-modelgate-return-to") ?? undefined;
  } catch {
    return undefined;
  }
}
