import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { findUserWithTeams, prisma, type UserWithTeams } from "@/lib/db";
import { hasCapability, type Capability } from "./roles";
import { getActiveSession, readReturnToPath } from "./session";

/**
 * The signed-in user, read fresh from the database once per request: a session revoked, expired or ended
 * by sign-out, and a changed role or team, all take effect on the next request.
 */
export const getCurrentUser = cache(async (): Promise<UserWithTeams | null> => {
  const session = await getActiveSession();
  if (!session) return null;
  return findUserWithTeams(await prisma(), session.userId);
});

/** The signed-in user, or a redirect to the sign-in page (coming back to `returnTo` or the requested page). */
export async function requireUser(returnTo?: string): Promise<UserWithTeams> {
  const user = await getCurrentUser();
  if (!user) {
    // Set by proxy.ts from the request URL; safeNextPath decides later whether it is a path of ours.
    const back = returnTo ?? (await readReturnToPath());
    redirect(back && back !== "/" ? `/signin?next=${encodeURIComponent(back)}` : "/signin");
  }
  return user;
}

/** The signed-in user if their role grants the capability; otherwise the 403 page (never an empty list). */
export async function requireCapability(capability: Capability, returnTo?: string): Promise<UserWithTeams> {
  const user = await requireUser(returnTo);
  if (!hasCapability(user.role, capability)) forbidden();
  return user;
}

/** For read models that take the signed-in user: the 403 page unless the role grants the capability. */
export function ensureCapability(user: UserWithTeams, capability: Capability): void {
  if (!hasCapability(user.role, capability)) forbidden();
}
