import "server-only";
import type { Db } from "./lifecycle";

/** How long after a refusal a smaller submission of the same deployment counts as the refused one, trimmed. */
const TRIM_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** A submission refused for lack of quota, as the quota increase list counts it. */
export interface QuotaRefusalInput {
  subscriptionId: string;
  location: string;
  usageName: string;
  userId: string;
  teamId: string | null;
  accountName: string;
  deploymentName: string;
  /** Capacity the request needed from the pool. */
  requested: number;
  /** Capacity free in the pool when it was refused. */
  available: number;
}

/**
 * Records a submission refused because its pool had too little free quota. Written on its own, after the
 * refusal (nothing else was written for the refused request): the figure a manager asks Azure for.
 */
export async function recordQuotaRefusal(db: Db, refusal: QuotaRefusalInput, now = new Date()): Promise<void> {
  await db.quotaRefusal.create({ data: { ...refusal, createdAt: now } });
}

/**
 * When a person submits a deployment they were refused for lately, their refusals are settled by this request:
 * it records what the request holds, so the quota increase list counts the capacity cut (trimmed) and no longer
 * counts the whole ask as refused. Call in the submission's transaction.
 */
export async function markRefusalsTrimmed(
  db: Db,
  submitted: { requestId: string; userId: string; accountName: string; deploymentName: string; usageName: string; hold: number },
  now: Date,
): Promise<number> {
  const { count } = await db.quotaRefusal.updateMany({
    where: {
      userId: submitted.userId,
      accountName: submitted.accountName,
      deploymentName: { equals: submitted.deploymentName, mode: "insensitive" },
      usageName: submitted.usageName,
      trimmedRequestId: null,
      createdAt: { gte: new Date(now.getTime() - TRIM_WINDOW_MS), lte: now },
    },
    data: { trimmedRequestId: submitted.requestId, trimmedTo: submitted.hold },
  });
  return count;
}
