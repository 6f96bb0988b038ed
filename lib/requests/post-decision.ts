import "server-only";
import type { DomainDeps } from "./deps";

/** Posts a decision made in ModelGate to the PR (outbox job); skips what GitHub already has, so retries are safe. */
export async function postDecisionToGitHub(deps: DomainDeps, payload: { action: "close" | "request-changes"; prNumber: number; body: string }): Promise<void> {
  const pr = await deps.gitops.getPullRequest(payload.prNumber);
  if (payload.action === "close") {
    if (pr.state === "open") await deps.gitops.closePullRequest(payload.prNumber, { comment: payload.body, deleteBranch: true });
    return;
  }
  if (pr.state !== "open" || pr.reviews.some((x) => x.state === "CHANGES_REQUESTED" && x.body === payload.body)) return;
  await deps.gitops.submitReview(payload.prNumber, { event: "REQUEST_CHANGES", body: payload.body });
}
