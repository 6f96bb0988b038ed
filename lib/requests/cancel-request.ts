import "server-only";
import type { UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "./deps";
import { ForbiddenError } from "./errors";
import { transitionRequest } from "./lifecycle";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { mayCancelRequest } from "./rules/visibility";
import { recordAuditEvent } from "@/lib/audit";

/** Cancels a request that has not merged and queues closing its PR (with a comment) on GitHub. */
export async function cancelRequest(deps: Pick<DomainDeps, "db" | "auditOrigin">, user: UserWithTeams, requestId: string, reason?: string): Promise<void> {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, select: { id: true, number: true, requesterId: true, teamId: true, status: true } });
  if (!r || !mayCancelRequest(user, r)) throw new ForbiddenError("Only the requester, their team or an admin can cancel this request.");
  await deps.db.$transaction(async (tx) => {
    await transitionRequest(tx, {
      requestId,
      to: "cancelled",
      actor: { id: user.id, name: user.name },
      event: "cancelled",
      message: reason ? `Cancelled: ${reason}` : `Cancelled by ${user.name}.`,
    });
    await enqueueJob(tx, { kind: JOB_KINDS.closePr, requestId, dedupeKey: `${JOB_KINDS.closePr}:${requestId}` });
    await recordAuditEvent(tx, {
      actor: { id: user.id, name: user.name, role: user.role },
      action: "request.cancel",
      target: { type: "request", id: requestId },
      summary: `Cancelled request #${r.number}${reason ? `: ${reason}` : ""}`,
      data: { from: r.status, reason: reason ?? null },
      origin: deps.auditOrigin,
    });
  });
}
