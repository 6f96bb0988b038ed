import { ApiError } from "./http-kit";
import { loginIdentity, type RepoModel } from "./repo-model";
import type { PullContext } from "./shapes";
import type { PullState, ReviewState } from "./state";

/** Mergeability (a real three-way merge), branch protection, and the three merge methods. */

export type MergeMethod = "merge" | "squash" | "rebase";

export interface Mergeability {
  mergeable: boolean | null;
  mergeableState: string;
  rebaseable: boolean | null;
  conflicts: string[];
}

const MERGE_DOC = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";

const WEB_FLOW = (date: Date) => ({ name: "GitHub", email: "noreply@github.com", date });

async function mergeCheck(model: RepoModel, baseSha: string, headSha: string): Promise<{ clean: boolean; conflicts: string[] }> {
  const key = `${baseSha}..${headSha}`;
  const cached = model.mergeCache.get(key);
  if (cached) return cached;
  const r = await model.git.mergeTree(baseSha, headSha);
  const value = r.clean ? { clean: true, conflicts: [] } : { clean: false, conflicts: r.conflicts };
  model.mergeCache.set(key, value);
  return value;
}

/** True when strict status checks are on and the head doesn't contain the base's tip ("behind"). */
async function isBehind(model: RepoModel, pull: PullState, baseSha: string): Promise<boolean> {
  const p = model.protection;
  return p.requireUpToDate && p.requiredChecks.length > 0 && !(await model.git.isAncestor(baseSha, pull.headSha));
}

/**
 * Why branch protection would refuse a merge right now, or null. With "require branches to be up to date", a head
 * behind its base has all its required checks "expected" again, as GitHub reports it.
 */
export async function protectionBlock(model: RepoModel, pull: PullState, baseSha: string): Promise<string | null> {
  const required = model.protection.requiredChecks;
  if (await isBehind(model, pull, baseSha)) {
    return required.length === 1 ? `Required status check "${required[0]}" is expected.` : `${required.length} of ${required.length} required status checks are expected.`;
  }
  const reviews = model.state.reviews.filter((r) => r.pullNumber === pull.number);
  const latest = new Map<string, ReviewState>();
  for (const r of reviews) if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED" || r.state === "DISMISSED") latest.set(r.user, r);
  const values = [...latest.values()];
  if (values.some((r) => r.state === "CHANGES_REQUESTED")) return "Changes were requested by a reviewer with write access.";
  const approvals = values.filter((r) => r.state === "APPROVED").length;
  if (approvals < model.protection.requiredApprovals) {
    return `At least ${model.protection.requiredApprovals} approving review${model.protection.requiredApprovals === 1 ? " is" : "s are"} required by reviewers with write access.`;
  }
  for (const name of model.protection.requiredChecks) {
    const runs = model.state.checkRuns.filter((c) => c.headSha === pull.headSha && c.name === name).sort((a, b) => b.id - a.id);
    const latestRun = runs[0];
    if (!latestRun) return `Required status check "${name}" is expected.`;
    if (latestRun.status !== "completed") return `Required status check "${name}" is in progress.`;
    if (latestRun.conclusion !== "success") return `Required status check "${name}" has failed.`;
  }
  return null;
}

/**
 * `mergeable` is computed with a real three-way merge of base and head (git merge-tree), never assumed;
 * `mergeable_state` is dirty, draft, behind (strict checks only), blocked, unstable or clean, in that order.
 */
export async function mergeability(model: RepoModel, pull: PullState): Promise<Mergeability> {
  if (pull.state !== "open") return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
  const baseSha = await model.branchSha(pull.baseRef);
  if (!baseSha) return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
  // GitHub computes mergeability in the background: right after a push it answers null / "unknown".
  const delay = model.options.mergeabilityDelayMs ?? 0;
  if (delay > 0) {
    const key = `${baseSha}..${pull.headSha}`;
    const first = model.mergeabilityAskedAt.get(key) ?? Date.now();
    model.mergeabilityAskedAt.set(key, first);
    if (Date.now() - first < delay) return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
  }
  const check = await mergeCheck(model, baseSha, pull.headSha);
  if (!check.clean) return { mergeable: false, mergeableState: "dirty", rebaseable: false, conflicts: check.conflicts };
  let mergeableState = "clean";
  if (pull.draft) mergeableState = "draft";
  else if (await isBehind(model, pull, baseSha)) mergeableState = "behind";
  else if (await protectionBlock(model, pull, baseSha)) mergeableState = "blocked";
  else {
    const failing = model.state.checkRuns.some(
      (c) => c.headSha === pull.headSha && c.status === "completed" && (c.conclusion === "failure" || c.conclusion === "timed_out" || c.conclusion === "cancelled"),
    );
    if (failing) mergeableState = "unstable";
  }
  return { mergeable: true, mergeableState, rebaseable: true, conflicts: [] };
}

/** What the pull-request shape needs beyond the stored PR: mergeability and diff stats. */
export async function pullContext(model: RepoModel, pull: PullState): Promise<PullContext> {
  const m = await mergeability(model, pull);
  const baseForStats = pull.mergeCommitSha && pull.mergedAt ? pull.baseSha : ((await model.branchSha(pull.baseRef)) ?? pull.baseSha);
  const mergeBase = (await model.git.mergeBase(baseForStats, pull.headSha)) ?? baseForStats;
  const stat = await model.git.diffStat(mergeBase, pull.headSha);
  const commits = (await model.git.listCommitsBetween(mergeBase, pull.headSha)).length;
  return {
    labels: model.state.labels,
    openIssues: model.openIssuesCount(),
    mergeable: m.mergeable,
    mergeableState: m.mergeableState,
    rebaseable: m.rebaseable,
    stats: { commits, ...stat },
    comments: pull.comments,
    reviewComments: 0,
  };
}

/** PUT /pulls/{n}/merge: the `sha` guard, mergeability and branch protection, then a merge, squash or rebase. */
export async function mergePull(model: RepoModel, pull: PullState, input: { method: MergeMethod; sha?: string; title?: string; message?: string; actor: string }): Promise<string> {
  if (pull.state !== "open") throw new ApiError(405, "Pull Request is not mergeable", MERGE_DOC);
  if (input.sha && input.sha !== pull.headSha) throw new ApiError(409, "Head branch was modified. Review and try the merge again.", MERGE_DOC);
  const baseSha = await model.branchSha(pull.baseRef);
  if (!baseSha) throw new ApiError(405, "Base branch was deleted", MERGE_DOC);
  const m = await mergeability(model, pull);
  if (m.mergeable === false) throw new ApiError(405, "Pull Request is not mergeable", MERGE_DOC);
  if (pull.draft) throw new ApiError(405, "Pull Request is still a draft", MERGE_DOC);
  const block = await protectionBlock(model, pull, baseSha);
  if (block) throw new ApiError(405, block, MERGE_DOC);

  const date = model.now();
  const actorId = loginIdentity(input.actor, date);
  let newSha: string;
  if (input.method === "rebase") {
    let onto = baseSha;
    for (const sha of await model.git.listCommitsBetween(baseSha, pull.headSha)) {
      const c = await model.git.readCommit(sha);
      const merged = await model.git.mergeTree(onto, sha);
      if (!merged.clean) throw new ApiError(405, "This branch can't be rebased", MERGE_DOC);
      onto = await model.git.writeCommit({ tree: merged.tree, parents: [onto], message: c.message, author: c.author, committer: WEB_FLOW(date) });
    }
    newSha = onto;
  } else {
    const merged = await model.git.mergeTree(baseSha, pull.headSha);
    if (!merged.clean) throw new ApiError(405, "Pull Request is not mergeable", MERGE_DOC);
    if (input.method === "squash") {
      const messages = await Promise.all((await model.git.listCommitsBetween(baseSha, pull.headSha)).map(async (s) => `* ${(await model.git.readCommit(s)).message}`));
      const title = input.title ?? `${pull.title} (#${pull.number})`;
      const message = input.message ?? messages.join("\n\n");
      newSha = await model.git.writeCommit({ tree: merged.tree, parents: [baseSha], message: message ? `${title}\n\n${message}` : title, author: actorId, committer: WEB_FLOW(date) });
    } else {
      const title = input.title ?? `Merge pull request #${pull.number} from ${model.ctx.owner}/${pull.headRef}`;
      const message = input.message ?? pull.title;
      newSha = await model.git.writeCommit({ tree: merged.tree, parents: [baseSha, pull.headSha], message: `${title}\n\n${message}`, author: actorId, committer: WEB_FLOW(date) });
    }
  }
  // Mark the PR merged before the push fires listeners, so the push run links to a closed, merged PR.
  const now = model.nowIso();
  pull.state = "closed";
  pull.mergedAt = now;
  pull.closedAt = now;
  pull.updatedAt = now;
  pull.mergedBy = input.actor;
  pull.mergeCommitSha = newSha;
  await model.pushBranch(pull.baseRef, newSha, input.actor, { expectedOld: baseSha });
  model.emit((l) => l.pullRequest?.("closed", pull, input.actor));
  return newSha;
}
