import "server-only";
import { GitOpsClient } from "./client";
import type { GitOpsClientOptions, GitOpsConfig } from "./types";

export { GitOpsClient, REQUIRED_APP_PERMISSIONS, summarizeChecks, type CommitFileInput, type PullRequestsByUpdate, type RefusedReviewer, type OpenChangeInput, type OpenChangeResult, type OpenPullRequestInput, type UpdateBranchInput } from "./client";
export { describePermissions, GitOpsError, isGitOpsError, toGitOpsError, type GitOpsErrorKind } from "./errors";
export { checkGitHubHealth } from "./health";
export { pacePoll, type PollPace, type RateLimitState } from "./rate-budget";
export { planPolls, pollIntervalMs, type PollPlan, type PollPlanOptions, type PollTarget, type TrackedChange } from "./poll-plan";
export * from "./types";

/**
 * The GitOps client for a configuration (GitHub App or token; github.com, GHES or the emulator). Keep one per
 * process: its ETag cache is what makes unchanged polls free, and its limiters pace writes.
 */
export function createGitOpsClient(config: GitOpsConfig, options: GitOpsClientOptions = {}): GitOpsClient {
  return new GitOpsClient(config, options);
}
export { escapeGitHubText, quoteGitHubText } from "./github-text";
