import "server-only";
import { listUsersWithTeams, prisma, type UserWithTeams } from "@/lib/db";

const ROLE_ORDER = ["requester", "approver", "manager", "admin"] as const;

/** The people the demo sign-in page offers, by role then name. */
export async function listDemoPeople(): Promise<UserWithTeams[]> {
  const users = await listUsersWithTeams(await prisma());
  return users.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name));
}

