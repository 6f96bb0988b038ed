/**
 * Request statuses as stored, the words users see, and the one list of each set of statuses (see
 * ARCHITECTURE.md for the lifecycle). Pure: used by pages, the domain and tests.
 */
export type RequestStatus =
  | "draft"
  | "submitting"
  | "awaiting_approval"
  | "changes_requested"
  | "approved"
  | "merged"
  | "deploying"
  | "succeeded"
  | "failed"
  | "rejected"
  | "cancelled"
  | "superseded"
  | "awaiting_deletion";

export const STATUS_LABELS: Record<RequestStatus, string> = {
  draft: "Draft",
  submitting: "Submitting",
  awaiting_approval: "Awaiting approval",
  changes_requested: "Changes requested",
  approved: "Approved",
  // A merged PR is not a deployment yet: the deploy workflow is on its way.
  merged: "Deploying",
  deploying: "Deploying",
  succeeded: "Succeeded",
  failed: "Failed",
  rejected: "Rejected",
  cancelled: "Cancelled",
  superseded: "Superseded",
  awaiting_deletion: "Waiting for deletion in Azure",
};

export type StatusTone = "neutral" | "progress" | "attention" | "success" | "danger";

export const STATUS_TONES: Record<RequestStatus, StatusTone> = {
  draft: "neutral",
  submitting: "progress",
  awaiting_approval: "attention",
  changes_requested: "attention",
  approved: "progress",
  merged: "progress",
  deploying: "progress",
  succeeded: "success",
  failed: "danger",
  rejected: "danger",
  cancelled: "neutral",
  superseded: "neutral",
  awaiting_deletion: "attention",
};

/** Statuses in which a request still holds quota it has not yet been given (pending capacity). */
export const PENDING_STATUSES: readonly RequestStatus[] = ["submitting", "awaiting_approval", "changes_requested", "approved", "merged", "deploying"];

/** Statuses in which a request's PR is open: waiting for a decision or a merge (the approval queue). */
export const OPEN_PR_STATUSES: readonly RequestStatus[] = ["awaiting_approval", "changes_requested", "approved"];

/** Statuses in which the requester may revise the request and send it again (same request, same number). */
export const REVISABLE_STATUSES: readonly RequestStatus[] = ["changes_requested", "failed"];

/** Statuses a request can still be cancelled from (its PR is not merged). */
export const CANCELLABLE_STATUSES: readonly RequestStatus[] = ["submitting", ...OPEN_PR_STATUSES];

/** Statuses in which the PR is merged and the deploy is settling (the reconciler moves them on). */
export const DEPLOYING_STATUSES: readonly RequestStatus[] = ["merged", "deploying"];

/** Statuses that record an approver's decision (the time of the latest one is kept). */
export const DECIDED_STATUSES: readonly RequestStatus[] = ["approved", "rejected", "changes_requested"];

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: readonly RequestStatus[] = ["succeeded", "failed", "rejected", "cancelled", "superseded"];

/** The statuses a person filters request lists by (a merge shows as Deploying; drafts and superseded ones don't occur in lists). */
export const FILTERABLE_STATUSES: readonly RequestStatus[] = ["submitting", ...OPEN_PR_STATUSES, "deploying", "awaiting_deletion", "succeeded", "failed", "rejected", "cancelled"];

/** Whether a status is in one of the lists above (they are readonly tuples of RequestStatus). */
export function isStatusIn(list: readonly RequestStatus[], status: string): status is RequestStatus {
  return (list as readonly string[]).includes(status);
}
