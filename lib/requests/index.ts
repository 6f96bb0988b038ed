// Public surface of lib/requests, the domain: the lifecycle, its rules and one use case per file.
// The browser-safe part (statuses, the form's schema and rules, ownership) is also exported by ./client.
export * from "./client";
export * from "./deps";
export * from "./errors";
export type { RequestFacts } from "./facts";
export * from "./lifecycle";
export * from "./outbox";
export * from "./pr-text";
export * from "./rules/param-files";
export * from "./rules/quota";
export * from "./rules/visibility";
export { rememberFor, forget } from "./ttl-cache";
export { discoverAccounts, listRegionModels, loadAccountOptions, toFormModels } from "./load-account-options";
export { loadAccountOwners, loadOwnershipHistory } from "./load-owners";
export { forecastMerge, readDeployFailure, type DeployTarget, type FileAccepted } from "./read-deploy-failure";
// Use cases.
export { submitRequest } from "./submit-request";
export { cancelRequest } from "./cancel-request";
export { reviseRequest, retryRequest, revisionOptionsFor, revisionRouteOf, type RevisionRoute } from "./revise-request";
export { pushRequestRevision } from "./push-revision";
export { retryDeploy } from "./retry-deploy";
export { deleteDeploymentInAzure, type DeleteInAzureInput } from "./delete-in-azure";
export { approveRequest, type ApproveInput } from "./approve-request";
export { rejectRequest, requestChanges, type CommentedDecisionInput } from "./decide-with-comment";
export { postDecisionToGitHub } from "./post-decision";
export { describeRefusedReviewers, openRequestPullRequest } from "./open-pull-request";
export { enqueuePrRefresh, refreshRequestPullRequest } from "./refresh-pull-request";
export { closeRequestPullRequest } from "./close-pull-request";
export { recordMerge, syncRequestFromPullRequest } from "./sync-from-pull-request";
export { applyGitHubEvent, summarizeGitHubEvent, type GitHubEventSummary } from "./apply-github-event";
export { pollGitHub } from "./poll-github";
export { receiveGitHubWebhook, verifyWebhookSignature, type WebhookIntakeResult } from "./receive-github-webhook";
export { asSentence, explainUnavailable } from "./service-errors";
