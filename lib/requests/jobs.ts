import "server-only";
import { getRequestDeps } from "./deps";
import type { JobHandler } from "./outbox";
import { createPullRequestJobHandlers } from "./pull-request-jobs";

/**
 * Every kind of outbox job and its handler. Handlers must be idempotent: a job may run again after a
 * timeout or a crash.
 */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  // issue 7: open-pr, refresh-pr, close-pr
  ...createPullRequestJobHandlers(getRequestDeps),
};
