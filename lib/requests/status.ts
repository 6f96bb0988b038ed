/** Request statuses as stored (DESIGN.md lifecycle) and the words users see. Pure: used by pages and tests. */
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
  | "superseded";

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
};

/** Statuses in which a request still holds quota it has not yet been given (pending capacity). */
export const PENDING_STATUSES: readonly RequestStatus[] = ["submitting", "awaiting_approval", "changes_requested", "approved", "merged", "deploying"];

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: readonly RequestStatus[] = ["succeeded", "failed", "rejected", "cancelled", "superseded"];
