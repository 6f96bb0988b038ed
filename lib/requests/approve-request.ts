import "server-only";
import type { UserWithTeams } from "@/lib/db";
import { isGitOpsError, type PullRequestStatus } from "@/lib/gitops";
import { actorOf, assertFresh, explainConflict, loadForDecision } from "./decision-steps";
import type { DomainDeps } from "./deps";
import { RefusedError } from "./errors";
import { recordRequestEvent, transitionRequest, TransitionConflictError } from "./lifecycle";
import { OPEN_PR_STATUSES } from "./status";
import { recordMerge, syncRequestFromPullRequest } from "./sync-from-pull-request";
import { escapeGitHubText, quoteGitHubText } from "@/lib/gitops";
import { recordAuditEvent } from "@/lib/audit";

/** Reads the PR, waiting briefly while GitHub is still computing mergeability after a push. */
async function readSettledPullRequest(deps: DomainDeps, number: number): Promise<PullRequestStatus> {
  let pr = await deps.gitops.getPullRequest(number);
  for (let i = 0; i < 10 && pr.state === "open" && pr.mergeable === null; i++) {
    await new Promise((r) => setTimeout(r, 500));
    pr = await deps.gitops.getPullRequest(number);
  }
  return pr;
}

export interface ApproveInput {
  requestId: string;
  /** The request version the approver saw; any status change since refuses the decision. */
  expectedVersion: number;
  /** The PR head the approver reviewed; a newer push refuses the merge. */
  expectedHeadSha?: string | null;
  /** Approve although the PR's checks failed; needs a reason, which is recorded. */
  overrideFailedChecks?: boolean;
  overrideReason?: string;
}

/**
 * Approves a request: re-checks the PR (head, state, checks, mergeability), claims the decision race-safely,
 * approves on GitHub as the reviewer identity and merges with the head-sha guard (or only approves when merging
 * is left to GitHub). Of two approvers at once exactly one merges; the other gets RefusedError.
 */
export async function approveRequest(deps: DomainDeps, user: UserWithTeams, input: ApproveInput): Promise<{ outcome: "merged" | "approved" }> {
  const r = await loadForDecision(deps, user, input.requestId);
  if (!assertFresh(r, input.expectedVersion)) throw new RefusedError(await explainConflict(deps, r.id));
  if (!r.prNumber) throw new RefusedError("This request has no pull request yet. Try again once it shows Awaiting approval.");
  const override = input.overrideFailedChecks === true;
  const reason = input.overrideReason?.trim() ?? "";
  if (override && !reason) throw new RefusedError("Say why you approve despite failed checks; the reason is recorded.");

  const pr = await readSettledPullRequest(deps, r.prNumber);
  if (pr.state !== "open") {
    await syncRequestFromPullRequest(deps.db, r.id, pr);
    throw new RefusedError(`Pull request #${pr.number} is already ${pr.merged ? "merged" : "closed"} on GitHub. The queue has been updated.`);
  }
  if (input.expectedHeadSha && pr.headSha !== input.expectedHeadSha) {
    await deps.db.request.updateMany({ where: { id: r.id, status: { in: [...OPEN_PR_STATUSES] } }, data: { headSha: pr.headSha, checkStatus: pr.checks } });
    throw new RefusedError(
      `The pull request changed after you opened this page (new commit ${pr.headSha.slice(0, 7)}). Nothing was merged; review the new diff and approve again.`,
    );
  }
  if (pr.checks === "pending") throw new RefusedError("Checks are still running on the pull request. Approve once they finish.");
  if (pr.checks === "failure" && !override) {
    throw new RefusedError("Checks failed on the pull request. To approve anyway, choose “Approve despite failed checks” and give a reason.");
  }
  if (pr.mergeable === false && deps.settings.mergeMethod !== "none") {
    throw new RefusedError("The pull request can't be merged cleanly right now (main moved). ModelGate re-applies the change to main; try again in a moment.");
  }

  // Claim the decision: whoever moves the version first wins; the other approver stops here.
  const actor = actorOf(user);
  const overrideData = override ? { overrideFailedChecks: true, overrideReason: reason } : {};
  try {
    if (r.status === "approved") {
      const { count } = await deps.db.request.updateMany({ where: { id: r.id, status: "approved", version: r.version }, data: { version: { increment: 1 } } });
      if (count === 0) throw new TransitionConflictError(r.id, "approved", null);
      await recordRequestEvent(deps.db, { requestId: r.id, actor, event: "merge_requested", message: `${user.name} asked ModelGate to merge.`, data: { headSha: pr.headSha, ...overrideData } });
    } else {
      await transitionRequest(deps.db, {
        requestId: r.id,
        to: "approved",
        actor,
        event: "approved",
        expectedVersion: input.expectedVersion,
        message: override ? `Approved despite failed checks: ${reason}` : undefined,
        data: { headSha: pr.headSha, checks: pr.checks, ...overrideData },
        patch: { headSha: pr.headSha, checkStatus: pr.checks },
      });
    }
  } catch (e) {
    if (e instanceof TransitionConflictError) throw new RefusedError(await explainConflict(deps, r.id));
    throw e;
  }
  const who = { id: user.id, name: user.name, role: user.role };
  await recordAuditEvent(deps.db, {
    actor: who,
    action: "request.approve",
    target: { type: "request", id: r.id },
    summary: `Approved request #${r.number} (pull request #${pr.number}, head ${pr.headSha.slice(0, 7)})`,
    data: { prNumber: pr.number, headSha: pr.headSha, checks: pr.checks },
    origin: deps.auditOrigin,
  });
  if (override) {
    await recordAuditEvent(deps.db, {
      actor: who,
      action: "request.override",
      target: { type: "request", id: r.id },
      summary: `Approved request #${r.number} despite failed checks: ${reason}`,
      data: { prNumber: pr.number, headSha: pr.headSha, reason },
      origin: deps.auditOrigin,
    });
  }

  const body = `Approved in ModelGate by ${escapeGitHubText(user.name)}.${override ? `\n\nApproved despite failed checks. Reason given:\n\n${quoteGitHubText(reason)}` : ""}`;
  if (!pr.reviews.some((x) => x.state === "APPROVED" && x.commitId === pr.headSha && x.body === body)) {
    try {
      await deps.gitops.submitReview(pr.number, { event: "APPROVE", body, commitId: pr.headSha });
    } catch (e) {
      const message = `GitHub refused the approving review: ${e instanceof Error ? e.message : String(e)}`;
      await recordRequestEvent(deps.db, { requestId: r.id, actor, event: "decision_failed", message });
      throw new RefusedError(`${message}. The request stays Approved in ModelGate; try again or approve on GitHub.`);
    }
  }
  if (deps.settings.mergeMethod === "none") return { outcome: "approved" };

  let mergeSha: string;
  try {
    mergeSha = (await deps.gitops.mergePullRequest(pr.number, { method: deps.settings.mergeMethod, sha: pr.headSha })).sha;
  } catch (e) {
    const detail = isGitOpsError(e) && e.reason === "head-moved" ? "the pull request changed while merging" : e instanceof Error ? e.message : String(e);
    const message = `The approval was recorded but the merge did not happen: ${detail}.`;
    await deps.db.request.update({ where: { id: r.id }, data: { lastError: message } });
    await recordRequestEvent(deps.db, { requestId: r.id, actor, event: "merge_failed", message });
    throw new RefusedError(`${message} Check the pull request, then choose Approve again to retry the merge.`);
  }
  // Merged on GitHub: should recording it fail here, the webhook or the poll records it later.
  await recordMerge(deps.db, { requestId: r.id, mergeCommitSha: mergeSha, actor, message: `Pull request #${pr.number} merged by ${user.name} (${mergeSha.slice(0, 7)}).` }).catch((e) =>
    console.error(`recording the merge of request ${r.id} failed (the GitHub sync will catch up):`, e),
  );
  deps.wakeReconciler?.();
  return { outcome: "merged" };
}

