/** Who may see and act on a request. Pure: pages, route handlers and use cases share it. */
import { hasCapability } from "@/lib/auth/client";
import type { UserWithTeams } from "@/lib/db";
import { mayChangeDeployment } from "./ownership";

/** Whether the user may see a request: its requester, its team, or a role that reviews or reports. */
export function mayViewRequest(user: UserWithTeams, r: { requesterId: string; teamId: string }): boolean {
  return r.requesterId === user.id || user.teams.some((t) => t.id === r.teamId) || hasCapability(user.role, "queue:view") || hasCapability(user.role, "dashboard:view");
}

/** Whether this user may cancel this request: its requester, a member of its team, or an admin. */
export function mayCancelRequest(user: UserWithTeams, request: { requesterId: string; teamId: string }): boolean {
  return user.role === "admin" || request.requesterId === user.id || user.teams.some((t) => t.id === request.teamId);
}

/** Why this user may not decide this request, or null when they may (role, own request, own team). */
export function whyCannotDecide(user: UserWithTeams, request: { requesterId: string; teamId: string }, forbidSameTeam: boolean): string | null {
  if (!hasCapability(user.role, "queue:decide")) return "Only platform approvers can decide requests.";
  if (request.requesterId === user.id) return "You submitted this request, so someone else has to decide it.";
  if (forbidSameTeam && user.teams.some((t) => t.id === request.teamId)) return "Your team submitted this request, so an approver from another team has to decide it.";
  return null;
}

/** Whether the user may start a change or decommission of a deployment owned by `team` (the form re-checks on the server). */
export function mayRequestChange(user: UserWithTeams, team: string | null): boolean {
  return hasCapability(user.role, "request:create") && mayChangeDeployment(user, team);
}

/** Whether this user may revise this request and send it again: its requester, a member of its team, or an admin. */
export function mayReviseRequest(user: UserWithTeams, request: { requesterId: string; teamId: string }): boolean {
  if (user.role === "admin") return true;
  return hasCapability(user.role, "request:create") && (request.requesterId === user.id || user.teams.some((t) => t.id === request.teamId));
}
