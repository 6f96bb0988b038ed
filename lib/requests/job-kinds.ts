/** Outbox job kind of a received GitHub webhook delivery. */
export const GITHUB_EVENT_JOB = "github-event";
