import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db";
import { RefusedError } from "./errors";
import { milestonesFor } from "./milestones";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { DECIDED_STATUSES, FINAL_STATUSES, isStatusIn, type RequestStatus } from "./status";

/** A Prisma client or an interactive transaction on one. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Allowed moves of the request lifecycle (ARCHITECTURE.md). Decisions may also be made directly on GitHub, so a
 * pending request can jump to merged; an approved request whose merge could not happen returns to
 * awaiting_approval, and so does a merged/deploying one whose pull request GitHub says is still open. A failed
 * request is not the end: the requester may send it again, and a later deploy may apply it after all.
 */
export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  draft: ["submitting", "cancelled"],
  submitting: ["awaiting_approval", "failed", "cancelled"],
  awaiting_approval: ["changes_requested", "approved", "merged", "rejected", "cancelled", "superseded", "failed"],
  changes_requested: ["awaiting_approval", "approved", "merged", "rejected", "cancelled", "superseded", "failed"],
  approved: ["merged", "awaiting_approval", "changes_requested", "rejected", "cancelled", "failed"],
  // Back to awaiting_approval or rejected only when GitHub says the recorded merge never happened.
  merged: ["deploying", "succeeded", "failed", "awaiting_deletion", "awaiting_approval", "rejected"],
  deploying: ["succeeded", "failed", "awaiting_deletion", "awaiting_approval", "rejected"],
  succeeded: [],
  // A failed request can be sent again (revised or tried again), re-deployed, or found done in Azure later.
  failed: ["submitting", "deploying", "succeeded"],
  // A removed deployment Azure still has: done once Azure no longer has it.
  awaiting_deletion: ["succeeded"],
  rejected: [],
  cancelled: [],
  superseded: [],
};

/** True when the lifecycle allows moving from one status to the other. */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The request was not in a state that allows the move (someone else moved it first, or it never could). */
export class TransitionConflictError extends RefusedError {
  constructor(
    readonly requestId: string,
    readonly to: RequestStatus,
    readonly actual: RequestStatus | null,
  ) {
    super(
      actual === null
        ? `Request ${requestId} does not exist.`
        : actual === to
          ? `This request is already ${to.replace(/_/g, " ")}.`
          : `This request is now ${actual.replace(/_/g, " ")}, so it can't become ${to.replace(/_/g, " ")}. Reload to see what changed.`,
    );
    this.name = "TransitionConflictError";
  }
}

export interface Actor {
  id?: string | null;
  name: string;
}

export interface TransitionInput {
  requestId: string;
  to: RequestStatus;
  actor: Actor;
  /** Timeline entry type, e.g. "approved", "pr_opened", "deploy_failed". */
  event: string;
  message?: string;
  data?: Prisma.InputJsonValue;
  /** Only move when the request still has this version (optimistic concurrency for decisions). */
  expectedVersion?: number;
  /** Other columns to set in the same update (PR number, merge commit, error, …). */
  patch?: Prisma.RequestUpdateManyMutationInput;
}

/**
 * Moves a request to a new status and records it on its timeline, atomically: the update only happens when
 * the current status allows it (and the version matches, when given), so of two racing decisions exactly
 * one wins and the other gets TransitionConflictError. Call inside a transaction to combine with other writes.
 */
export async function transitionRequest(db: Db, input: TransitionInput): Promise<{ version: number; from: RequestStatus }> {
  const current = await db.request.findUnique({ where: { id: input.requestId }, select: { status: true, version: true, prOpenedAt: true, firstDecisionAt: true, awaitingSince: true } });
  if (!current) throw new TransitionConflictError(input.requestId, input.to, null);
  const from = current.status as RequestStatus;
  if (!canTransition(from, input.to) || (input.expectedVersion !== undefined && input.expectedVersion !== current.version)) {
    throw new TransitionConflictError(input.requestId, input.to, from);
  }
  const now = new Date();
  const final = isStatusIn(FINAL_STATUSES, input.to);
  const decided = isStatusIn(DECIDED_STATUSES, input.to);
  const { count } = await db.request.updateMany({
    where: { id: input.requestId, status: from, version: current.version },
    data: {
      ...input.patch,
      status: input.to,
      version: { increment: 1 },
      ...(final ? { completedAt: now } : {}),
      ...(decided ? { decidedAt: now } : {}),
      ...milestonesFor(current, from, input.to, now),
    },
  });
  if (count === 0) {
    const latest = await db.request.findUnique({ where: { id: input.requestId }, select: { status: true } });
    throw new TransitionConflictError(input.requestId, input.to, (latest?.status as RequestStatus) ?? null);
  }
  const event = await db.requestEvent.create({
    data: {
      requestId: input.requestId,
      type: input.event,
      fromStatus: from,
      toStatus: input.to,
      actorId: input.actor.id ?? null,
      actorName: input.actor.name,
      message: input.message,
      data: input.data,
    },
    select: { id: true },
  });
  // Whoever should hear of this move is told from the job runner (lib/notify), never inside this request.
  await enqueueJob(db, { kind: JOB_KINDS.notify, requestId: input.requestId, payload: { eventId: event.id.toString() }, dedupeKey: `${JOB_KINDS.notify}:${event.id}` });
  return { version: current.version + 1, from };
}

/** Adds a timeline entry that doesn't change the status (check results, branch updates, retries). */
export async function recordRequestEvent(
  db: Db,
  input: { requestId: string; actor: Actor; event: string; message?: string; data?: Prisma.InputJsonValue },
): Promise<void> {
  await db.requestEvent.create({
    data: {
      requestId: input.requestId,
      type: input.event,
      actorId: input.actor.id ?? null,
      actorName: input.actor.name,
      message: input.message,
      data: input.data,
    },
  });
}

/** The actor name used for what ModelGate does by itself (job runner, reconciler). */
export const SYSTEM_ACTOR: Actor = { id: null, name: "ModelGate" };
