import "server-only";
import { listUsersWithTeams, prisma, type UserWithTeams } from "@/lib/db";
import { getSession } from "./session";

const ROLE_ORDER = ["requester", "approver", "manager", "admin"] as const;

/** The people the demo sign-in page offers, by role then name. */
export async function listDemoPeople(): Promise<UserWithTeams[]> {
  const users = await listUsersWithTeams(await prisma());
  return users.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name));
}

/** Starts a session as a demo person; false when that person doesn't exist. */
export async function signInAsDemoPerson(userId: string): Promise<boolean> {
  const user = await (await prisma()).user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return false;
  const session = await getSession();
  session.userId = user.id;
  session.issuedAt = Date.now();
  await session.save();
  return true;
}

/** Ends the current session. */
export async function signOut(): Promise<void> {
  (await getSession()).destroy();
}
