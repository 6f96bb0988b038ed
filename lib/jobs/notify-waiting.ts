import "server-only";
import { enqueueJob, JOB_KINDS, type Db, type DomainDeps } from "@/lib/requests";
import type { JobHandler } from "./runner";

/** How often requests waiting for a decision are checked against the limit. */
export const WAITING_CHECK_MS = 5 * 60_000;

/** Queues the next waiting-requests check unless one is already waiting (the check reschedules itself). */
export async function ensureWaitingReminderScheduled(db: Db, runAt: Date = new Date()): Promise<void> {
  const waiting = await db.outboxJob.findFirst({ where: { kind: JOB_KINDS.notifyWaiting, status: { in: ["pending", "running"] } }, select: { id: true } });
  if (!waiting) await enqueueJob(db, { kind: JOB_KINDS.notifyWaiting, runAt });
}

/** The self-rescheduling check that reminds approvers of requests waiting longer than the limit. */
export function createWaitingReminderHandler(getDeps: () => Promise<DomainDeps>, remind: (deps: DomainDeps) => Promise<number>): JobHandler {
  return {
    maxAttempts: 1,
    run: async (job) => {
      const deps = await getDeps();
      try {
        await remind(deps);
      } finally {
        await deps.db.$transaction(async (tx) => {
          await tx.outboxJob.deleteMany({ where: { kind: JOB_KINDS.notifyWaiting, status: { in: ["done", "dead"] }, id: { not: job.id } } });
          const next = await tx.outboxJob.findFirst({ where: { kind: JOB_KINDS.notifyWaiting, status: "pending" }, select: { id: true } });
          if (!next) await enqueueJob(tx, { kind: JOB_KINDS.notifyWaiting, runAt: new Date(Date.now() + WAITING_CHECK_MS) });
        });
      }
    },
  };
}
