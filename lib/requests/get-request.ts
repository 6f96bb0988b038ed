import "server-only";
import { hasCapability } from "@/lib/auth/roles";
import type { UserWithTeams } from "@/lib/db";
import { detectParamFileKind, applyParamChange, unifiedDiff, type ParamChange } from "@/lib/paramfile";
import type { RequestDeps } from "./deps";
import { mayCancelRequest, CANCELLABLE_STATUSES } from "./cancel-request";
import type { RequestStatus } from "./status";

/** Whether the user may see a request: its requester, its team, or a role that reviews or reports. */
export function mayViewRequest(user: UserWithTeams, r: { requesterId: string; teamId: string }): boolean {
  return r.requesterId === user.id || user.teams.some((t) => t.id === r.teamId) || hasCapability(user.role, "queue:view") || hasCapability(user.role, "dashboard:view");
}

/** A request with its timeline, for its page; null when it doesn't exist, "forbidden" when the user may not see it. */
export async function getRequestDetail(deps: Pick<RequestDeps, "db">, user: UserWithTeams, id: string) {
  const r = await deps.db.request.findUnique({
    where: { id },
    include: {
      requester: { select: { name: true, email: true } },
      team: { select: { name: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!r) return null;
  if (!mayViewRequest(user, r)) return "forbidden" as const;
  return { ...r, status: r.status as RequestStatus, mayCancel: mayCancelRequest(user, r) && CANCELLABLE_STATUSES.includes(r.status as RequestStatus) };
}

/** The diff of a request: the PR's file at base and head when it exists, else the edit applied to main now. */
export async function getRequestDiff(deps: Pick<RequestDeps, "gitops">, r: { paramFilePath: string; baseSha: string | null; headSha: string | null; change: unknown }): Promise<{ diff: string; source: string } | { error: string }> {
  try {
    if (r.baseSha && r.headSha) {
      const [before, after] = await Promise.all([deps.gitops.readFile(r.paramFilePath, r.baseSha), deps.gitops.readFile(r.paramFilePath, r.headSha)]);
      return { diff: unifiedDiff(r.paramFilePath, before.content, after.content), source: `the pull request (${r.baseSha.slice(0, 7)}…${r.headSha.slice(0, 7)})` };
    }
    const main = await deps.gitops.readFile(r.paramFilePath);
    const after = applyParamChange(main.content, detectParamFileKind(r.paramFilePath), r.change as ParamChange);
    return { diff: unifiedDiff(r.paramFilePath, main.content, after), source: "main as it is now (the pull request is not open yet)" };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
