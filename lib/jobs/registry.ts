import "server-only";
import { GitOpsError } from "@/lib/gitops";
import {
  applyGitHubEvent,
  asSentence,
  closeRequestPullRequest,
  enqueuePrRefresh,
  JOB_KINDS,
  openRequestPullRequest,
  postDecisionToGitHub,
  prepareRequestReview,
  pushRequestRevision,
  recordRequestEvent,
  refreshRequestPullRequest,
  SYSTEM_ACTOR,
  type DomainDeps,
  type GitHubEventSummary,
  type JobKind,
  type ReviewReason,
} from "@/lib/requests";
import { notifyLongWaits, notifyOfEvent, sendEmail, sendToChannel, UndeliverableError, type ChannelJob, type EmailJob } from "@/lib/notify";
import { createGitHubPollHandler } from "./github-poll";
import { createWaitingReminderHandler } from "./notify-waiting";
import { PermanentJobError, type JobHandler, type OutboxJob } from "./runner";

/** Retries GitHub's passing troubles; anything else that isn't GitHub's fault ends the job at once. */
function classify(e: unknown): never {
  if (e instanceof GitOpsError && (e.kind === "unauthorized" || e.kind === "forbidden")) throw new PermanentJobError(e.message);
  throw e;
}

/** A notification the other side refused for good ends its job at once; anything else is retried. */
function permanentWhenUndeliverable(e: unknown): never {
  if (e instanceof UndeliverableError) throw new PermanentJobError(e.message);
  throw e;
}

/**
 * Every kind of outbox job and its handler, in one place. Handlers must be idempotent: a job may run again
 * after a timeout or a crash. `getDeps` gives the process's clients (lib/server.ts, or a test's).
 */
export function createJobHandlers(getDeps: () => Promise<DomainDeps>): Record<JobKind, JobHandler> {
  const markRequest = async (job: OutboxJob, event: string, message: string) => {
    if (!job.requestId) return;
    const deps = await getDeps();
    await deps.db.request.update({ where: { id: job.requestId }, data: { lastError: message } });
    await recordRequestEvent(deps.db, { requestId: job.requestId, actor: SYSTEM_ACTOR, event, message });
  };
  const pullRequestJob = (run: (deps: DomainDeps, requestId: string) => Promise<void>, maxAttempts = 10): JobHandler => ({
    maxAttempts,
    run: async (job) => {
      if (!job.requestId) return;
      await run(await getDeps(), job.requestId).catch(classify);
    },
    onDead: (job, error) => markRequest(job, "pr_error", `ModelGate could not reach GitHub to finish this. ${asSentence(error.message)} An admin can retry it.`),
  });
  return {
    // Opening a PR keeps trying for hours (backoff caps at 5 minutes): a GitHub outage must not strand a request.
    [JOB_KINDS.openPr]: pullRequestJob(openRequestPullRequest, 40),
    [JOB_KINDS.refreshPr]: pullRequestJob(refreshRequestPullRequest),
    [JOB_KINDS.pushRevision]: {
      maxAttempts: 10,
      run: async (job) => {
        if (!job.requestId) return;
        await pushRequestRevision(await getDeps(), job.requestId, job.payload as { revision: number; changes?: string[] }).catch(classify);
      },
      onDead: (job, error) => markRequest(job, "pr_error", `ModelGate could not push the revision to GitHub. ${asSentence(error.message)} An admin can retry it.`),
    },
    [JOB_KINDS.closePr]: pullRequestJob(closeRequestPullRequest),
    [JOB_KINDS.postDecision]: {
      maxAttempts: 10,
      run: async (job) => postDecisionToGitHub(await getDeps(), job.payload as { action: "close" | "request-changes"; prNumber: number; body: string }),
      onDead: (job, error) => {
        const action = (job.payload as { action?: string }).action === "close" ? "close the pull request" : "post the review";
        return markRequest(job, "decision_not_posted", `ModelGate could not ${action} on GitHub. ${asSentence(error.message)} The decision stands in ModelGate; do it on GitHub by hand.`);
      },
    },
    [JOB_KINDS.githubEvent]: {
      maxAttempts: 8,
      run: async (job) => {
        const deps = await getDeps();
        const payload = job.payload as { deliveryId: string; event: GitHubEventSummary };
        await applyGitHubEvent(deps, payload.event);
        await deps.db.webhookDelivery.updateMany({ where: { deliveryId: payload.deliveryId }, data: { processedAt: new Date() } });
      },
    },
    [JOB_KINDS.githubPoll]: createGitHubPollHandler(getDeps, enqueuePrRefresh),
    // Idempotent: an unchanged plan costs no GitHub write; a retry edits the same comment. A review another worker
    // is preparing right now (ReviewBusyError) is simply tried again after the backoff.
    [JOB_KINDS.prepareReview]: {
      maxAttempts: 12,
      run: async (job) => {
        if (!job.requestId) return;
        const reason = (job.payload as { reason?: ReviewReason } | null)?.reason;
        await prepareRequestReview(await getDeps(), job.requestId, { reason }).catch(classify);
      },
    },
    [JOB_KINDS.notify]: {
      maxAttempts: 10,
      run: async (job) => {
        const eventId = (job.payload as { eventId?: string }).eventId;
        if (eventId && /^\d+$/.test(eventId)) await notifyOfEvent(await getDeps(), BigInt(eventId));
      },
    },
    [JOB_KINDS.notifyEmail]: {
      maxAttempts: 12,
      run: async (job) => {
        const deps = await getDeps();
        const smtp = deps.settings.notifications.smtp;
        if (!smtp) return; // e-mail was switched off since: nothing to send
        await sendEmail(smtp, job.payload as unknown as EmailJob, `${deps.settings.publicUrl}/notifications`).catch(permanentWhenUndeliverable);
      },
    },
    [JOB_KINDS.notifyChannel]: {
      maxAttempts: 12,
      run: async (job) => {
        const deps = await getDeps();
        const payload = job.payload as unknown as ChannelJob;
        const url = payload.channel === "teams" ? deps.settings.notifications.teamsWebhookUrl : deps.settings.notifications.slackWebhookUrl;
        if (!url) return;
        await sendToChannel(url, payload).catch(permanentWhenUndeliverable);
      },
    },
    [JOB_KINDS.notifyWaiting]: createWaitingReminderHandler(getDeps, notifyLongWaits),
  };
}
