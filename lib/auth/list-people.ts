import "server-only";
import { prisma } from "@/lib/db";
import type { Role } from "./roles";

export interface PersonWithSessions {
  id: string;
  name: string;
  email: string;
  role: Role;
  teams: string[];
  signedInWith: "entra" | "demo";
  lastSignInAt: Date | null;
  activeSessions: number;
  lastSeenAt: Date | null;
}

/** Everyone ModelGate knows, with their open sessions (the Admin's people page). */
export async function listPeopleWithSessions(now = new Date()): Promise<PersonWithSessions[]> {
  const users = await (await prisma()).user.findMany({
    include: {
      memberships: { include: { team: true } },
      sessions: { where: { expiresAt: { gt: now } }, orderBy: { lastSeenAt: "desc" } },
    },
    orderBy: [{ name: "asc" }],
  });
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    teams: u.memberships.map((m) => m.team.name).sort(),
    signedInWith: u.entraObjectId ? "entra" : "demo",
    lastSignInAt: u.lastSignInAt,
    activeSessions: u.sessions.length,
    lastSeenAt: u.sessions[0]?.lastSeenAt ?? null,
  }));
}
