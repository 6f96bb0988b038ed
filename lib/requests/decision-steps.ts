import "server-only";
import { hasCapability } from "@/lib/auth/client";
import type { UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import type { Actor } from "./lifecycle";
import { whyCannotDecide } from "./rules/visibility";
import { isStatusIn, OPEN_PR_STATUSES, STATUS_LABELS, type RequestStatus } from "./status";
import { consumeRateLimit, describeWait, RateLimitedError } from "@/lib/rate-limit";

// Steps every decision shares: who may decide, whether the page was fresh, who got there first.

/** The timeline actor of a decision made in ModelGate. */
export function actorOf(user: UserWithTeams): Actor {
  return { id: user.id, name: user.name };
}

/** The request to decide, once the user's role and separation of duties allow it (else ForbiddenError). */
export async function loadForDecision(deps: DomainDeps, user: UserWithTeams, requestId: string) {
  if (!hasCapability(user.role, "queue:decide")) throw new ForbiddenError("Only platform approvers can decide requests.");
  const r = await deps.db.request.findUnique({ where: { id: requestId } });
  if (!r) throw new RefusedError("This request no longer exists.");
  const limit = await consumeRateLimit(deps.db, `decide:${user.id}`, { limit: deps.settings.decisionsPerHour, windowSeconds: 3600 }, deps.now?.());
  if (!limit.allowed) {
    throw new RateLimitedError(
      `You have made ${deps.settings.decisionsPerHour} decisions in the last hour, the most one person may. Nothing was changed; try again in ${describeWait(limit.retryAfterSeconds)}.`,
      limit.retryAfterSeconds,
    );
  }
  const why = whyCannotDecide(user, r, deps.settings.forbidSameTeam);
  if (why) throw new ForbiddenError(why);
  return r;
}

/** A user-facing account of who got there first, from the request's latest timeline entry. */
export async function explainConflict(deps: DomainDeps, requestId: string): Promise<string> {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!r) return "This request no longer exists.";
  const last = await deps.db.requestEvent.findFirst({ where: { requestId, toStatus: { not: null } }, orderBy: { id: "desc" } });
  if (r.status === "awaiting_approval") return "This request changed since you loaded the page. Nothing was done; reload the queue and decide again.";
  const who = last?.actorName ? ` by ${last.actorName}` : "";
  return `Someone decided first: this request is now ${STATUS_LABELS[r.status as RequestStatus]}${who}. Nothing else was done; reload the queue to see it.`;
}

/** Whether the request still waits for a decision at the version the approver saw. */
export function assertFresh(r: { version: number; status: string }, expectedVersion: number) {
  if (!isStatusIn(OPEN_PR_STATUSES, r.status)) return false;
  return r.version === expectedVersion;
}

