import "server-only";
import { getRequestDeps } from "./deps";
import type { JobHandler } from "./outbox";
import { createPullRequestJobHandlers, enqueuePrRefresh } from "./pull-request-jobs";
import { getQueueDeps } from "./queue-deps";
import { createQueueJobHandlers } from "./queue-jobs";

/**
 * Every kind of outbox job and its handler. Handlers must be idempotent: a job may run again after a
 * timeout or a crash.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  // issue 7: open-pr, refresh-pr, close-pr
  ...createPullRequestJobHandlers(getRequestDeps),
  // issue 8: github-event, post-decision, github-poll
  ...createQueueJobHandlers(getQueueDeps, { onBaseMoved: enqueuePrRefresh }),
};
