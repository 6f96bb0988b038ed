import "server-only";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR, type Db } from "./lifecycle";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { commitMessage } from "./pr-text";
import { applyToFileAt, loadRequest, textOf } from "./pull-request-steps";
import { isStatusIn, OPEN_PR_STATUSES } from "./status";

/**
 * Queues a rebuild of a request's PR branch on top of main (main moved under an open PR). Call inside the
 * transaction that noticed it; several calls before the job runs make one job.
 */
export async function enqueuePrRefresh(tx: Db, requestId: string): Promise<void> {
  const waiting = await tx.outboxJob.findFirst({ where: { kind: JOB_KINDS.refreshPr, requestId, status: "pending" }, select: { id: true } });
  if (waiting) return;
  await enqueueJob(tx, { kind: JOB_KINDS.refreshPr, requestId });
}

/**
 * Re-applies the request's semantic edit to main's current file and moves the PR branch onto it as one commit,
 * so the PR never conflicts. Nothing happens when the branch is already based on main's tip.
 */
export async function refreshRequestPullRequest(deps: DomainDeps, requestId: string): Promise<void> {
  const r = await loadRequest(deps.db, requestId);
  if (!r || !r.prNumber || !r.branch || !isStatusIn(OPEN_PR_STATUSES, r.status)) return;
  const mainSha = await deps.gitops.getBranchSha();
  if (mainSha === r.baseSha) return;
  const edited = await applyToFileAt(deps, r, mainSha, async (message) => {
    await deps.db.request.update({ where: { id: r.id }, data: { lastError: message } });
    await recordRequestEvent(deps.db, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_error", message });
  });
  if (!edited) return;
  const { content } = edited;
  const commit = await deps.gitops.updatePullRequestBranch({ branch: r.branch, path: r.paramFilePath, content, message: commitMessage(textOf(r), r.requester.name, r.team.name), baseSha: mainSha });
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.request.updateMany({
      where: { id: r.id, status: { in: [...OPEN_PR_STATUSES] } },
      data: { headSha: commit.commitSha, baseSha: mainSha, lastError: null },
    });
    if (count) {
      await recordRequestEvent(tx, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "branch_updated",
        message: `main moved to ${mainSha.slice(0, 7)}; the change was re-applied on top of it.`,
        data: { headSha: commit.commitSha, baseSha: mainSha },
      });
    }
  });
}

