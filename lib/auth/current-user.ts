import "server-only";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { findUserWithTeams, prisma, type UserWithTeams } from "@/lib/db";
import { hasCapability, type Capability } from "./roles";
import { getSession } from "./session";

/** The signed-in user, read fresh from the database once per request (so role changes apply at once). */
export const getCurrentUser = cache(async (): Promise<UserWithTeams | null> => {
  const session = await getSession();
  if (!session.userId) return null;
  return findUserWithTeams(await prisma(), session.userId);
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requireUser(returnTo?: string): Promise<UserWithTeams> {
  const user = await getCurrentUser();
  if (!user) redirect(returnTo ? `/signin?next=${encodeURIComponent(returnTo)}` : "/signin");
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
