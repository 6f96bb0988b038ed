import "server-only";
import { enqueueJob, JOB_KINDS, pollGitHub, type Db, type DomainDeps } from "@/lib/requests";
import type { JobHandler } from "./runner";

/** Queues the next GitHub poll unless one is already waiting (the poll reschedules itself after each run). */
export async function ensureGitHubPollScheduled(db: Db, runAt: Date = new Date()): Promise<void> {
  const waiting = await db.outboxJob.findFirst({ where: { kind: JOB_KINDS.githubPoll, status: { in: ["pending", "running"] } }, select: { id: true } });
  if (!waiting) await enqueueJob(db, { kind: JOB_KINDS.githubPoll, runAt });
}

/**
 * The self-rescheduling conditional-request poll that catches up when webhooks are missing. A failed poll
 * (GitHub down) must not end the chain: it is tried again after the usual gap.
 */
export function createGitHubPollHandler(getDeps: () => Promise<DomainDeps>, onBaseMoved: (db: Db, requestId: string) => Promise<void>): JobHandler {
  return {
    maxAttempts: 1,
    run: async (job) => {
      const deps = await getDeps();
      const maxGapMs = deps.settings.pollIntervalSeconds * 1000;
      try {
        const result = await pollGitHub({ db: deps.db, gitops: deps.gitops, onBaseMoved: (id) => deps.db.$transaction((tx) => onBaseMoved(tx, id)) });
        // The configured gap is the longest wait, stretched by the rate-limit pace (paused: until the reset).
        const next = Math.min(result.nextPollAt?.getTime() ?? Infinity, Date.now() + maxGapMs * result.pace.factor);
        await scheduleNext(deps.db, job.id, new Date(Math.max(next, Date.now() + 5_000)));
      } catch (e) {
        await scheduleNext(deps.db, job.id, new Date(Date.now() + maxGapMs));
        throw e;
      }
    },
  };
}

async function scheduleNext(db: DomainDeps["db"], currentId: bigint, runAt: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    // Keep the table small: earlier finished polls are of no further use.
    await tx.outboxJob.deleteMany({ where: { kind: JOB_KINDS.githubPoll, status: { in: ["done", "dead"] }, id: { not: currentId } } });
    const waiting = await tx.outboxJob.findFirst({ where: { kind: JOB_KINDS.githubPoll, status: "pending" }, select: { id: true } });
    if (!waiting) await enqueueJob(tx, { kind: JOB_KINDS.githubPoll, runAt });
  });
}
