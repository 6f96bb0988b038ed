import "server-only";
import { applyGitHubEvent, pollGitHub, type GitHubEventSummary } from "./github-sync";
import { postDecisionToGitHub, POST_DECISION_JOB } from "./decisions";
import { recordRequestEvent, SYSTEM_ACTOR, type Db } from "./lifecycle";
import { enqueueJob, type JobHandler } from "./outbox";
import type { QueueDeps } from "./queue-deps";
// Not from webhook-intake: that pulls in @octokit/webhooks, which `npm run worker` (tsx, CommonJS) cannot load.
import { GITHUB_EVENT_JOB } from "./job-kinds";

export const GITHUB_POLL_JOB = "github-poll";

/** Queues the next GitHub poll unless one is already waiting (the poll reschedules itself after each run). */
export async function ensureGitHubPollScheduled(db: Db, runAt: Date = new Date()): Promise<void> {
  const waiting = await db.outboxJob.findFirst({ where: { kind: GITHUB_POLL_JOB, status: { in: ["pending", "running"] } }, select: { id: true } });
  if (!waiting) await enqueueJob(db, { kind: GITHUB_POLL_JOB, runAt });
}

/**
 * Job handlers of the approval queue: GitHub events (from webhooks), decisions to post to PRs, and the
 * self-rescheduling conditional-request poll that catches up when webhooks are missing.
 */
export function createQueueJobHandlers(getDeps: () => Promise<QueueDeps>, options: { onBaseMoved?: (db: Db, requestId: string) => Promise<void> } = {}): Record<string, JobHandler> {
  return {
    [GITHUB_EVENT_JOB]: {
      maxAttempts: 8,
      run: async (job) => {
        const deps = await getDeps();
        const payload = job.payload as { deliveryId: string; event: GitHubEventSummary };
        await applyGitHubEvent(deps, payload.event);
        // A merge or a finished deploy run: let the reconciler (lib/sync) read the outcome now, not at the next interval.
        if (payload.event.kind === "workflow_run" || (payload.event.kind === "pull_request" && payload.event.merged)) {
          await (await import("@/lib/sync/background")).requestSyncPass();
        }
        await deps.db.webhookDelivery.updateMany({ where: { deliveryId: payload.deliveryId }, data: { processedAt: new Date() } });
      },
    },
    [POST_DECISION_JOB]: {
      maxAttempts: 10,
      run: async (job) => {
        await postDecisionToGitHub(await getDeps(), job.payload as { action: "close" | "request-changes"; prNumber: number; body: string });
      },
      onDead: async (job, error) => {
        if (!job.requestId) return;
        const deps = await getDeps();
        const action = (job.payload as { action?: string }).action === "close" ? "close the pull request" : "post the review";
        const message = `ModelGate could not ${action} on GitHub (${error.message}). The decision stands in ModelGate; do it on GitHub by hand.`;
        await deps.db.request.update({ where: { id: job.requestId }, data: { lastError: message } });
        await recordRequestEvent(deps.db, { requestId: job.requestId, actor: SYSTEM_ACTOR, event: "decision_not_posted", message });
      },
    },
    [GITHUB_POLL_JOB]: {
      maxAttempts: 1,
      run: async (job) => {
        const deps = await getDeps();
        const maxGapMs = deps.settings.pollIntervalSeconds * 1000;
        try {
          const result = await pollGitHub({
            db: deps.db,
            gitops: deps.gitops,
            onBaseMoved: options.onBaseMoved ? (id) => deps.db.$transaction((tx) => options.onBaseMoved!(tx, id)) : undefined,
          });
          const next = Math.min(result.nextPollAt?.getTime() ?? Infinity, Date.now() + maxGapMs);
          await scheduleNext(deps, job.id, new Date(Math.max(next, Date.now() + 5_000)));
        } catch (e) {
          // A failed poll (GitHub down) must not end the chain: try again after the usual gap.
          await scheduleNext(deps, job.id, new Date(Date.now() + maxGapMs));
          throw e;
        }
      },
    },
  };
}

async function scheduleNext(deps: QueueDeps, currentId: bigint, runAt: Date): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    // Keep the table small: earlier finished polls are of no further use.
    await tx.outboxJob.deleteMany({ where: { kind: GITHUB_POLL_JOB, status: { in: ["done", "dead"] }, id: { not: currentId } } });
    const waiting = await tx.outboxJob.findFirst({ where: { kind: GITHUB_POLL_JOB, status: "pending" }, select: { id: true } });
    if (!waiting) await enqueueJob(tx, { kind: GITHUB_POLL_JOB, runAt });
  });
}
