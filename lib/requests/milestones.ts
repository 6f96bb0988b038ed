/**
 * A request's milestones, kept on the request as its timeline is written (transitionRequest sets them in the
 * same update as the status), so the delivery dashboard's lead times are a scan of requests rather than of
 * every timeline entry: when its PR opened, its first decision, its merge, and the time it spent awaiting an
 * approver. Pure.
 */
import type { RequestStatus } from "./status";

/** Statuses that end a wait for an approver with a decision (a merge on GitHub counts). */
export const DECISION_STATUSES: readonly RequestStatus[] = ["approved", "changes_requested", "rejected", "merged"];

export interface RequestMilestones {
  prOpenedAt: Date | null;
  firstDecisionAt: Date | null;
  awaitingSince: Date | null;
}

export interface MilestonePatch {
  prOpenedAt?: Date;
  firstDecisionAt?: Date;
  mergedAt?: Date;
  awaitingSince?: Date | null;
  awaitingApprovalSeconds?: { increment: number };
}

/** What a move from one status to another sets on the request's milestones. */
export function milestonesFor(current: RequestMilestones, from: RequestStatus, to: RequestStatus, now: Date): MilestonePatch {
  const patch: MilestonePatch = {};
  if (from === "awaiting_approval" && to !== "awaiting_approval") {
    if (current.awaitingSince) patch.awaitingApprovalSeconds = { increment: Math.max(0, Math.round((now.getTime() - current.awaitingSince.getTime()) / 1000)) };
    patch.awaitingSince = null;
  }
  if (to === "awaiting_approval") {
    if (!current.prOpenedAt) patch.prOpenedAt = now;
    patch.awaitingSince = now;
  }
  if (DECISION_STATUSES.includes(to) && !current.firstDecisionAt) patch.firstDecisionAt = now;
  if (to === "merged") patch.mergedAt = now;
  return patch;
}
