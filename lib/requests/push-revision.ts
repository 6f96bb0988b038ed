import "server-only";
import type { DomainDeps } from "./deps";
import { recordRequestEvent, SYSTEM_ACTOR } from "./lifecycle";
import { commitMessage, prBody, prTitle } from "./pr-text";
import { applyToFileAt, loadRequest, textOf } from "./pull-request-steps";
import { quotaImpact } from "./rules/quota";
import { joinRevision } from "./rules/revision";
import { isStatusIn, OPEN_PR_STATUSES } from "./status";

/**
 * Pushes a revised request to its open pull request: the revised edit applied to the file at the PR's base,
 * committed on top of the branch's head (no history is rewritten; whoever else pushed stays in it), then the
 * PR's title and body follow. Idempotent: a retry finds the file already revised and only refreshes the text;
 * a revision overtaken by a newer one, or a request no longer open, does nothing.
 */
export async function pushRequestRevision(deps: DomainDeps, requestId: string, payload: { revision: number; changes?: string[] }): Promise<void> {
  const r = await loadRequest(deps.db, requestId);
  if (!r || !r.prNumber || !r.branch || !r.baseSha || r.revision !== payload.revision || !isStatusIn(OPEN_PR_STATUSES, r.status)) return;
  const text = textOf(r);
  const revisedWith = joinRevision(payload.changes ?? [], "justification only");
  const edited = await applyToFileAt(deps, r, r.baseSha, async (message) => {
    await deps.db.request.update({ where: { id: r.id }, data: { lastError: message } });
    await recordRequestEvent(deps.db, { requestId: r.id, actor: SYSTEM_ACTOR, event: "pr_error", message });
  });
  if (!edited) return;
  const head = await deps.gitops.readFile(r.paramFilePath, r.branch);
  let headSha: string;
  let pushed = false;
  if (head.content === edited.content) {
    headSha = await deps.gitops.getBranchSha(r.branch);
  } else {
    const message = `${commitMessage(text, r.requester.name, r.team.name).split("\n")[0]}\n\nRevision ${r.revision} of ModelGate request #${r.number}: ${revisedWith}.`;
    const commit = await deps.gitops.commitFile({ branch: r.branch, path: r.paramFilePath, content: edited.content, message, expectedSha: head.sha, createBranch: false });
    headSha = commit.commitSha;
    pushed = true;
  }
  const impact = r.kind === "decommission" ? null : await quotaImpact(deps, r).catch(() => null);
  await deps.gitops.updatePullRequestText(r.prNumber, {
    title: prTitle(text),
    body: prBody(text, { requester: r.requester.name, team: r.team.name, requestUrl: `${deps.settings.publicUrl}/requests/${r.id}`, quota: impact, revision: { number: r.revision, changes: revisedWith } }),
  });
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.request.updateMany({
      where: { id: r.id, revision: payload.revision, status: { in: [...OPEN_PR_STATUSES] } },
      data: { headSha, checkStatus: pushed ? "pending" : undefined, lastError: null },
    });
    if (count && pushed) {
      await recordRequestEvent(tx, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "revision_pushed",
        message: `Pushed ${headSha.slice(0, 7)} to pull request #${r.prNumber}: ${revisedWith}.`,
        data: { headSha, revision: payload.revision, prUrl: r.prUrl },
      });
    }
  });
}
