import "server-only";
import type { Prisma } from "@/lib/db";
import type { Db } from "./lifecycle";

/**
 * The kinds of background work the domain writes into the outbox. lib/jobs maps each kind to its handler;
 * keeping the names here lets a use case enqueue work in its own transaction without importing the runner.
 */
export const JOB_KINDS = {
  /** Open a submitted request's pull request. */
  openPr: "open-pr",
  /** Re-apply a request's edit on top of main (main moved under its open PR). */
  refreshPr: "refresh-pr",
  /** Push a revised request's edit to its open pull request. */
  pushRevision: "push-revision",
  /** Close a cancelled request's pull request. */
  closePr: "close-pr",
  /** Post a decision made in ModelGate (request changes, reject) to the pull request. */
  postDecision: "post-decision",
  /** Apply a received GitHub webhook delivery. */
  githubEvent: "github-event",
  /** The self-rescheduling conditional poll of open pull requests (catch-up when webhooks are missing). */
  githubPoll: "github-poll",
  /** Prepare what an approver reviews for a PR head (diff, foreign commits, failed check, plan) and its PR comment. */
  prepareReview: "prepare-review",
  /** Produce the notifications of a timeline entry (lib/notify). */
  notify: "notify",
  /** Send one notification e-mail. */
  notifyEmail: "notify-email",
  /** Post one notification to the Teams or Slack channel. */
  notifyChannel: "notify-channel",
  /** The self-rescheduling reminder of requests waiting too long for a decision. */
  notifyWaiting: "notify-waiting",
} as const;

export type JobKind = (typeof JOB_KINDS)[keyof typeof JOB_KINDS];

/**
 * Writes a job in the caller's transaction (the outbox pattern). With a dedupe key, a second enqueue of the
 * same work is a no-op — a double click or a retried request still yields one job.
 */
export async function enqueueJob(
  db: Db,
  job: { kind: JobKind; requestId?: string; payload?: Prisma.InputJsonValue; dedupeKey?: string; runAt?: Date },
): Promise<void> {
  await db.outboxJob.createMany({
    data: [
      {
        kind: job.kind,
        requestId: job.requestId,
        payload: job.payload ?? {},
        dedupeKey: job.dedupeKey,
        runAt: job.runAt ?? new Date(),
      },
    ],
    skipDuplicates: true,
  });
}
