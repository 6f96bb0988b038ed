import "server-only";
import type { UserWithTeams } from "@/lib/db";
import type { RequestDeps } from "./deps";
import { transitionRequest } from "./lifecycle";
import { enqueueJob } from "./outbox";
import { CLOSE_PR_JOB } from "./pull-request-jobs";
import { RequestForbiddenError } from "./submit-request";
import type { RequestStatus } from "./status";

/** Statuses a request can still be cancelled from (its PR is not merged). */
export const CANCELLABLE_STATUSES: readonly RequestStatus[] = ["submitting", "awaiting_approval", "changes_requested", "approved"];

/** Whether this user may cancel this request: its requester, a member of its team, or an admin. */
export function mayCancelRequest(user: UserWithTeams, request: { requesterId: string; teamId: string }): boolean {
  return user.role === "admin" || request.requesterId === user.id || user.teams.some((t) => t.id === request.teamId);
}

/** Cancels a request that has not merged and queues closing its PR (with a comment) on GitHub. */
export async function cancelRequest(deps: Pick<RequestDeps, "db">, user: UserWithTeams, requestId: string, reason?: string): Promise<void> {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, select: { id: true, requesterId: true, teamId: true, status: true } });
  if (!r || !mayCancelRequest(user, r)) throw new RequestForbiddenError("Only the requester, their team or an admin can cancel this request.");
  await deps.db.$transaction(async (tx) => {
    await transitionRequest(tx, {
      requestId,
      to: "cancelled",
      actor: { id: user.id, name: user.name },
      event: "cancelled",
      message: reason ? `Cancelled: ${reason}` : `Cancelled by ${user.name}.`,
    });
    await enqueueJob(tx, { kind: CLOSE_PR_JOB, requestId, dedupeKey: `${CLOSE_PR_JOB}:${requestId}` });
  });
}
