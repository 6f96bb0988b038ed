import "server-only";
import type { DomainDeps } from "./deps";
import { SYSTEM_ACTOR, transitionRequest, TransitionConflictError } from "./lifecycle";
import { commitMessage, prBody, prTitle } from "./pr-text";
import { applyToFileAt, cancelComment, failWithUserError, loadRequest, textOf } from "./pull-request-steps";
import { enqueueReviewRefresh } from "./prepare-review";
import { enqueuePrRefresh } from "./refresh-pull-request";
import { branchNameFor } from "./rules/naming";
import { quotaImpact } from "./rules/quota";

/**
 * Opens a submitted request's pull request: the edit applied to main's current file, on branch
 * modelgate/<number>-<name>. Idempotent (lib/gitops finishes a half-done branch/PR instead of duplicating it),
 * so a retry, a double enqueue or a restart mid-way still leaves one branch and one PR.
 */
export async function openRequestPullRequest(deps: DomainDeps, requestId: string): Promise<void> {
  const r = await loadRequest(deps.db, requestId);
  if (!r || r.status !== "submitting") return;
  const branch = r.branch ?? branchNameFor(r.number, r.deploymentName);
  const baseSha = await deps.gitops.getBranchSha();
  const edited = await applyToFileAt(deps, r, baseSha, (message) => failWithUserError(deps, r, message));
  if (!edited) return;
  const { content } = edited;
  const impact = r.kind === "decommission" ? null : await quotaImpact(deps, r).catch(() => null);
  const text = textOf(r);
  const result = await deps.gitops.openChangePullRequest({
    branch,
    path: r.paramFilePath,
    content,
    expectedSha: edited.fileSha,
    baseSha,
    commitMessage: commitMessage(text, r.requester.name, r.team.name),
    title: prTitle(text),
    body: prBody(text, { requester: r.requester.name, team: r.team.name, requestUrl: `${deps.settings.publicUrl}/requests/${r.id}`, quota: impact }),
    labels: deps.settings.prLabels,
    reviewers: deps.settings.prReviewers,
    teamReviewers: deps.settings.prTeamReviewers,
  });
  const pr = result.pullRequest;
  try {
    await deps.db.$transaction(async (tx) => {
      await transitionRequest(tx, {
        requestId: r.id,
        to: "awaiting_approval",
        actor: SYSTEM_ACTOR,
        event: "pr_opened",
        message: `Pull request #${pr.number} opened: ${pr.title}`,
        data: { prNumber: pr.number, prUrl: pr.url, resumed: result.resumed },
        patch: { prNumber: pr.number, prUrl: pr.url, branch, headSha: result.commitSha, authoredSha: result.commitSha, baseSha: result.baseSha, lastError: null },
      });
      await enqueueReviewRefresh(tx, r.id);
      // A resumed attempt may have found the branch on an older main: put it on top of the current one.
      if (result.resumed) await enqueuePrRefresh(tx, r.id);
    });
  } catch (e) {
    if (!(e instanceof TransitionConflictError)) throw e;
    // Cancelled while we were opening it: the PR must not stay open.
    const now = await deps.db.request.findUnique({ where: { id: r.id }, select: { status: true } });
    if (now?.status === "cancelled") {
      await deps.db.request.update({ where: { id: r.id }, data: { prNumber: pr.number, prUrl: pr.url, branch } });
      await deps.gitops.closePullRequest(pr.number, { comment: cancelComment(r.number), deleteBranch: true });
    }
  }
}

