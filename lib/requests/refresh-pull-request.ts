import "server-only";
import { isGitOpsError } from "@/lib/gitops";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR, type Db } from "./lifecycle";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { commitMessage } from "./pr-text";
import { enqueueReviewRefresh } from "./prepare-review";
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
 * so the PR never conflicts. Nothing happens when the branch is already based on main's tip. A branch that holds
 * commits ModelGate didn't write is never rewritten: the request's timeline says so once, and the plan (which
 * reads main) is prepared again.
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
  let commit;
  try {
    commit = await deps.gitops.updatePullRequestBranch({
      branch: r.branch,
      path: r.paramFilePath,
      content,
      message: commitMessage(textOf(r), r.requester.name, r.team.name),
      baseSha: mainSha,
      // Only over ModelGate's own commit: someone else's commit on the branch is theirs to keep.
      ...(r.authoredSha ? { expectedHeadSha: r.authoredSha } : {}),
    });
  } catch (e) {
    if (!(isGitOpsError(e) && e.reason === "head-moved")) throw e;
    await noteForeignBranch(deps, r.id, mainSha);
    return;
  }
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.request.updateMany({
      where: { id: r.id, status: { in: [...OPEN_PR_STATUSES] } },
      data: { headSha: commit.commitSha, authoredSha: commit.commitSha, baseSha: mainSha, lastError: null },
    });
    if (count) {
      await recordRequestEvent(tx, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "branch_updated",
        message: `main moved to ${mainSha.slice(0, 7)}; the change was re-applied on top of it.`,
        data: { headSha: commit.commitSha, baseSha: mainSha },
      });
      await enqueueReviewRefresh(tx, r.id);
    }
  });
}

/** Main moved under a branch with someone else's commits: say so once per main commit, and re-plan against main. */
async function noteForeignBranch(deps: DomainDeps, requestId: string, mainSha: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const said = await tx.requestEvent.findFirst({ where: { requestId, type: "branch_not_updated", data: { path: ["mainSha"], equals: mainSha } }, select: { id: true } });
    if (!said) {
      await recordRequestEvent(tx, {
        requestId,
        actor: SYSTEM_ACTOR,
        event: "branch_not_updated",
        message: `main moved to ${mainSha.slice(0, 7)}, but the pull request's branch holds commits ModelGate didn't write, so ModelGate leaves the branch as it is. Whoever pushed them updates it; the plan shows what merging it now would do.`,
        data: { mainSha },
      });
    }
    await enqueueReviewRefresh(tx, requestId);
  });
}
