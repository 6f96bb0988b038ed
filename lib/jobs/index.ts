// Public surface of lib/jobs: the outbox runner, the handler of every job kind, and the in-process runner.
export { JobRunner, PermanentJobError, backoffMs, type JobHandler, type JobContext, type JobRunnerOptions, type OutboxJob } from "./runner";
export { createJobHandlers } from "./registry";
export { ensureGitHubPollScheduled } from "./github-poll";
export { startJobRunner, stopJobRunner, wakeJobRunner } from "./background";
