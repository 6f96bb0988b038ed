import "server-only";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR } from "./lifecycle";
import { cancelComment } from "./pull-request-steps";
import { branchNameFor } from "./rules/naming";

/** Closes a cancelled request's PR (found by number, or by branch if the open-PR job had not recorded it yet). */
export async function closeRequestPullRequest(deps: DomainDeps, requestId: string): Promise<void> {
  const r = await deps.db.request.findUnique({ where: { id: requestId } });
  if (!r || r.status !== "cancelled") return;
  const branch = r.branch ?? branchNameFor(r.number, r.deploymentName);
  const pr = r.prNumber ? await deps.gitops.getPullRequest(r.prNumber) : await deps.gitops.findPullRequestByBranch(branch);
  if (pr && pr.state === "open") {
    await deps.gitops.closePullRequest(pr.number, { comment: cancelComment(r.number), deleteBranch: true });
    await recordRequestEvent(deps.db, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_closed", message: `Pull request #${pr.number} closed with a comment; its branch was deleted.` });
  } else await deps.gitops.deleteBranch(branch);
}

