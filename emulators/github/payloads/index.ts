/** Webhook payloads (GitHub's `x-webhooks` schemas), built from the REST shapes plus webhook extras. */
export { pullRequestPayload, pullRequestReviewPayload } from "./pulls";
export { checkRunPayload, checkSuitePayload, statusPayload, workflowRunPayload } from "./checks";
export { pushPayload } from "./push";
