import { hasCapability } from "@/lib/auth/roles";
import type { UserWithTeams } from "@/lib/db";

/** Whether the user may start a change/decommission of a deployment owned by `team` (the form re-checks on the server). */
export function mayRequestFor(user: UserWithTeams, team: string | null): boolean {
  if (!hasCapability(user.role, "request:create")) return false;
  if (user.role === "admin") return true;
  return team !== null && user.teams.some((t) => t.name === team);
}
