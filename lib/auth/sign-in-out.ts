import "server-only";
import { readAuditOrigin, recordAuditEvent } from "@/lib/audit";
import { listUsersWithTeams, prisma, type UserWithTeams } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { completeEntraSignIn, readPendingSignIn } from "./entra";
import { isRefusal, mapEntraClaims } from "./entra-claims";
import { findUserIdByEntraObjectId, provisionEntraUser } from "./provision-user";
import { safeNextPath } from "./roles";
import { createSession, endCurrentSession, endSessionsOfUser, type CookieJar, type SignInMethod } from "./session";

/** Starts a session as a demo person (audited); the person, or null when they don't exist. */
export async function signInAsDemoPerson(userId: string): Promise<UserWithTeams | null> {
  const db = await prisma();
  const user = (await listUsersWithTeams(db)).find((u) => u.id === userId);
  if (!user) return null;
  await createSession(user.id, "demo");
  await recordAuditEvent(db, {
    actor: { id: user.id, name: user.name, role: user.role },
    action: "sign-in",
    target: { type: "user", id: user.id },
    summary: `Signed in as a demo person (${user.role})`,
    data: { method: "demo" },
    origin: await readAuditOrigin(),
  });
  return user;
}

/** Ends the current session (audited); how it had signed in, or null when there was none. */
export async function signOut(user: UserWithTeams | null): Promise<SignInMethod | null> {
  const ended = await endCurrentSession();
  if (user && ended) {
    await recordAuditEvent(await prisma(), {
      actor: { id: user.id, name: user.name, role: user.role },
      action: "sign-out",
      target: { type: "user", id: user.id },
      summary: "Signed out",
      origin: await readAuditOrigin(),
    });
  }
  return ended?.method ?? null;
}

/** An Admin ends every session of a person (audited); the person's name, or null when unknown. */
export async function signOutPerson(admin: UserWithTeams, userId: string): Promise<string | null> {
  const db = await prisma();
  const person = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
  if (!person) return null;
  const ended = await endSessionsOfUser(person.id);
  await recordAuditEvent(db, {
    actor: { id: admin.id, name: admin.name, role: admin.role },
    action: "admin.sign-out-person",
    target: { type: "user", id: person.id },
    summary: `Signed ${person.name} out everywhere (${ended} session${ended === 1 ? "" : "s"})`,
    data: { sessions: ended },
    origin: await readAuditOrigin(),
  });
  return person.name;
}

/**
 * Entra ID's redirect back: checks the sealed state/nonce/PKCE record, redeems the code with MSAL, maps the
 * ID token to a ModelGate user (created or updated) and starts a server-side session, writing its cookie
 * into `jar`. Returns the path to send the browser to (the page it wanted, or the sign-in page with why).
 */
export async function finishEntraSignIn(params: URLSearchParams, pendingCookie: string | undefined, jar: CookieJar): Promise<string> {
  const config = getConfig();
  if (config.signIn.kind !== "entra") return "/signin";
  if (params.has("error")) return params.get("error") === "access_denied" ? "/signin?error=cancelled" : "/signin?error=idp-error";
  const pending = await readPendingSignIn(pendingCookie);
  if (!pending) return "/signin?error=expired";
  const code = params.get("code");
  const state = params.get("state");
  if (!code || !state) return "/signin?error=invalid";

  let claims: Record<string, unknown>;
  try {
    claims = await completeEntraSignIn({ code, state, pending });
  } catch (error) {
    console.warn(`Entra ID sign-in refused: ${(error as Error).message}`);
    return "/signin?error=invalid";
  }
  const db = await prisma();
  const origin = await readAuditOrigin();
  const oid = typeof claims.oid === "string" ? claims.oid : null;
  const identity = mapEntraClaims(claims, config.signIn);
  if (isRefusal(identity)) {
    await recordAuditEvent(db, {
      actor: { name: "name" in identity ? identity.name : (oid ?? "unknown") },
      action: "sign-in.refused",
      summary: `Entra ID sign-in refused: ${identity.reason === "invalid-token" ? identity.detail : identity.reason}`,
      data: { reason: identity.reason, oid },
      origin,
    });
    if (identity.reason === "invalid-token") return "/signin?error=invalid";
    if (identity.reason === "no-role" && oid) {
      // The role was taken away in Entra ID: sessions still open elsewhere end too.
      const userId = await findUserIdByEntraObjectId(oid);
      if (userId) await endSessionsOfUser(userId);
    }
    return `/signin?error=${identity.reason}`;
  }
  const provisioned = await provisionEntraUser(db, identity, { linkByEmail: config.mode === "demo" });
  if (!provisioned.ok) {
    await recordAuditEvent(db, {
      actor: { name: identity.name },
      action: "sign-in.refused",
      summary: `Entra ID sign-in refused: another account already uses ${identity.email}`,
      data: { reason: provisioned.reason, oid: identity.oid },
      origin,
    });
    return `/signin?error=${provisioned.reason}`;
  }
  await createSession(provisioned.userId, "entra", jar);
  await recordAuditEvent(db, {
    actor: { id: provisioned.userId, name: identity.name, role: identity.role },
    action: "sign-in",
    target: { type: "user", id: provisioned.userId },
    summary: `Signed in with Entra ID as ${identity.role}${identity.teams.length ? ` (teams ${identity.teams.join(", ")})` : ""}`,
    data: { method: "entra", oid: identity.oid, teams: identity.teams },
    origin,
  });
  return safeNextPath(pending.next);
}
