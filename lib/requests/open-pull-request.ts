import "server-only";
import type { DomainDeps } from "./deps";
import { isGitOpsError, type OpenChangeResult, type RefusedReviewer } from "@/lib/gitops";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError } from "./lifecycle";
import { commitMessage, prBody, prTitle } from "./pr-text";
import { applyToFileAt, cancelComment, failWithUserError, loadRequest, textOf } from "./pull-request-steps";
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
  let result: OpenChangeResult;
  try {
    result = await deps.gitops.openChangePullRequest({
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
  } catch (e) {
    if (!(isGitOpsError(e) && e.reason === "missing-permission")) throw e;
    // Retrying can't help until an owner grants the permission: undo what this attempt made (the branch, unless a
    // PR stands on it — it can't, without pull-request permissions) and say what's missing.
    const standing = await deps.gitops.findPullRequestByBranch(branch).catch(() => null);
    if (!standing) await deps.gitops.deleteBranch(branch).catch(() => undefined);
    await failWithUserError(deps, r, `${e.message} The request was not submitted to GitHub; submit it again once the permission is granted.`);
    return;
  }
  const pr = result.pullRequest;
  const refused = result.refusedReviewers;
  try {
    await deps.db.$transaction(async (tx) => {
      await transitionRequest(tx, {
        requestId: r.id,
        to: "awaiting_approval",
        actor: SYSTEM_ACTOR,
        event: "pr_opened",
        message: `Pull request #${pr.number} opened: ${pr.title}`,
        data: { prNumber: pr.number, prUrl: pr.url, resumed: result.resumed, refusedReviewers: refused.map((x) => ({ ...x })) },
        patch: { prNumber: pr.number, prUrl: pr.url, branch, headSha: result.commitSha, baseSha: result.baseSha, lastError: null },
      });
      if (refused.length) {
        await recordRequestEvent(tx, { requestId: r.id, actor: SYSTEM_ACTOR, event: "reviewers_refused", message: describeRefusedReviewers(refused), data: { refusedReviewers: refused.map((x) => ({ ...x })) } });
      }
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

/** The timeline's words for review requests GitHub refused, naming each login or team and the setting to fix. */
export function describeRefusedReviewers(refused: RefusedReviewer[]): string {
  const names = refused.map((x) => (x.kind === "team" ? `team ${x.name}` : x.name)).join(", ");
  const settings = [...new Set(refused.map((x) => (x.kind === "team" ? "GITHUB_PR_TEAM_REVIEWERS" : "GITHUB_PR_REVIEWERS")))].join(" / ");
  return `GitHub refused to request reviews from ${names}: ${refused[0].reason} The pull request is open without them; an admin should correct ${settings}.`;
}
