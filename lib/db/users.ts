import type { PrismaClient } from "./generated/client";

export interface UserWithTeams {
  id: string;
  email: string;
  name: string;
  role: "requester" | "approver" | "manager" | "admin";
  teams: { id: string; slug: string; name: string }[];
}

/** Loads a user and their teams by id; null when the user no longer exists. */
export async function findUserWithTeams(prisma: PrismaClient, id: string): Promise<UserWithTeams | null> {
  const user = await prisma.user.findUnique({
    where: { id },
    include: { memberships: { include: { team: true }, orderBy: { team: { name: "asc" } } } },
  });
  if (!user) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teams: user.memberships.map((m) => ({ id: m.team.id, slug: m.team.slug, name: m.team.name })),
  };
}

/** Lists every user with their teams, by role then name (the demo sign-in page). */
export async function listUsersWithTeams(prisma: PrismaClient): Promise<UserWithTeams[]> {
  const users = await prisma.user.findMany({
    include: { memberships: { include: { team: true } } },
    orderBy: [{ role: "asc" }, { name: "asc" }],
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teams: user.memberships.map((m) => ({ id: m.team.id, slug: m.team.slug, name: m.team.name })),
  }));
}
