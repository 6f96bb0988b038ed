/**
 * What an approver confirms, with a recorded reason, before approving a request the queue warns about: failed
 * checks, commits on the branch ModelGate didn't write, a plan that changes more than the request asks for, and
 * quota that doesn't fit (by the plan of the whole file or by the queue's own quota impact). Pure: the queue's form
 * and the approve use case share the list and its words.
 */

export const APPROVAL_CONFIRMATIONS = ["failed-checks", "foreign-commits", "unrelated-changes", "quota"] as const;

export type ApprovalConfirmation = (typeof APPROVAL_CONFIRMATIONS)[number];

/** The checkbox of each confirmation on the decision form. */
export const CONFIRMATION_LABELS: Record<ApprovalConfirmation, string> = {
  "failed-checks": "Approve despite failed checks",
  "foreign-commits": "Approve although the branch holds commits ModelGate didn't write",
  "unrelated-changes": "Approve although the merge also changes deployments the request doesn't ask for",
  quota: "Approve although the quota doesn't fit",
};

/** The same in a sentence ("Approved despite …"). */
export const CONFIRMATION_WORDS: Record<ApprovalConfirmation, string> = {
  "failed-checks": "failed checks",
  "foreign-commits": "commits ModelGate didn't write",
  "unrelated-changes": "changes the request doesn't ask for",
  quota: "quota that doesn't fit",
};

export interface ApprovalWarnings {
  checksFailed: boolean;
  foreignCommits: boolean;
  /** The plan of the merge asks for these (lib/plan's needsConfirmation). */
  plan: readonly ("unrelated-changes" | "quota")[];
  /** The queue's own quota impact says the request doesn't fit. */
  queueQuotaFits: boolean | null;
}

/** What the approver must confirm for these warnings, in a stable order. */
export function requiredConfirmations(w: ApprovalWarnings): ApprovalConfirmation[] {
  const out = new Set<ApprovalConfirmation>();
  if (w.checksFailed) out.add("failed-checks");
  if (w.foreignCommits) out.add("foreign-commits");
  if (w.plan.includes("unrelated-changes")) out.add("unrelated-changes");
  if (w.plan.includes("quota") || w.queueQuotaFits === false) out.add("quota");
  return APPROVAL_CONFIRMATIONS.filter((c) => out.has(c));
}

/** "failed checks and changes the request doesn't ask for". */
export function joinConfirmations(list: readonly ApprovalConfirmation[]): string {
  const words = list.map((c) => CONFIRMATION_WORDS[c]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
