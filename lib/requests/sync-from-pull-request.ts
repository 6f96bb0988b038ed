import "server-only";
import type { PrismaClient } from "@/lib/db";
import type { ChecksVerdict, PullRequestStatus } from "@/lib/gitops";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError, type Actor, type Db } from "./lifecycle";
import { enqueueReviewRefresh } from "./prepare-review";
import { isStatusIn, OPEN_PR_STATUSES } from "./status";

const CHECK_WORDS: Record<ChecksVerdict, string> = {
  none: "No checks reported",
  pending: "Checks running",
  success: "Checks passed",
  failure: "Checks failed",
};

/** Someone acting on GitHub, named so the timeline says where the decision was made. */
export function githubActor(login: string): Actor {
  return { id: null, name: `${login} (on GitHub)` };
}

export async function swallowConflict<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof TransitionConflictError) return null;
    throw e;
  }
}

/**
 * Records that a request's PR was merged: → merged (with the merge commit) → deploying, in one transaction. The
 * reconciler takes it from deploying to succeeded/failed. Safe to call twice (webhook + our own merge).
 */
export async function recordMerge(db: PrismaClient, input: { requestId: string; mergeCommitSha: string; actor: Actor; message?: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const r = await tx.request.findUnique({ where: { id: input.requestId }, select: { status: true, mergeCommitSha: true, prNumber: true } });
    if (!r) return false;
    if (r.status === "merged" || r.status === "deploying" || r.status === "succeeded" || r.status === "failed") {
      if (!r.mergeCommitSha) await tx.request.update({ where: { id: input.requestId }, data: { mergeCommitSha: input.mergeCommitSha } });
      if (r.status !== "merged") return false;
    } else if (!isStatusIn(OPEN_PR_STATUSES, r.status)) {
      // Merged on GitHub after ModelGate ended the request (cancelled, rejected): note it, don't resurrect it.
      await recordRequestEvent(tx, { requestId: input.requestId, actor: input.actor, event: "merged_after_end", message: input.message ?? `Pull request #${r.prNumber} was merged on GitHub.`, data: { mergeCommitSha: input.mergeCommitSha } });
      return false;
    } else {
      await transitionRequest(tx, {
        requestId: input.requestId,
        to: "merged",
        actor: input.actor,
        event: "merged",
        message: input.message ?? `Pull request #${r.prNumber} merged (${input.mergeCommitSha.slice(0, 7)}).`,
        data: { mergeCommitSha: input.mergeCommitSha },
        patch: { mergeCommitSha: input.mergeCommitSha, lastError: null },
      });
    }
    // The reconciler may move merged → deploying at the same moment; either way is fine.
    await swallowConflict(() =>
      transitionRequest(tx, {
        requestId: input.requestId,
        to: "deploying",
        actor: SYSTEM_ACTOR,
        event: "deploying",
        message: "The deploy workflow is applying the merge commit to Azure.",
        data: { mergeCommitSha: input.mergeCommitSha },
      }),
    );
    return true;
  });
}

/** A PR closed without merging on GitHub: the request is rejected, as if rejected in ModelGate. */
export async function recordClosed(db: PrismaClient, requestId: string, actor: Actor, prNumber: number): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!r || !isStatusIn(OPEN_PR_STATUSES, r.status)) return;
  await swallowConflict(() =>
    transitionRequest(db, { requestId, to: "rejected", actor, event: "rejected", message: `Pull request #${prNumber} was closed without merging.` }),
  );
}

/** A review submitted on GitHub moves the request like the same decision in ModelGate would. */
export async function recordReview(db: PrismaClient, requestId: string, review: { state: string; user: string; body: string | null }): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!r) return;
  const state = review.state.toLowerCase();
  const actor = githubActor(review.user);
  const message = review.body?.trim() || undefined;
  if (state === "approved" && (r.status === "awaiting_approval" || r.status === "changes_requested")) {
    await swallowConflict(() => transitionRequest(db, { requestId, to: "approved", actor, event: "approved", message }));
  } else if (state === "changes_requested" && (r.status === "awaiting_approval" || r.status === "approved")) {
    await swallowConflict(() => transitionRequest(db, { requestId, to: "changes_requested", actor, event: "changes_requested", message }));
  }
}

/** Stores the PR head's check verdict and notes a change on the timeline. */
export async function recordChecks(db: Db, requestId: string, verdict: ChecksVerdict, headSha: string): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId }, select: { checkStatus: true, headSha: true, status: true } });
  if (!r || !isStatusIn(OPEN_PR_STATUSES, r.status)) return;
  if (r.checkStatus === verdict && r.headSha === headSha) return;
  await db.request.update({ where: { id: requestId }, data: { checkStatus: verdict, headSha } });
  // A new head or a new verdict: the diff, commits, failed check and plan an approver sees are prepared again.
  await enqueueReviewRefresh(db, requestId);
  // One entry per push: the verdict once the checks finish (a "running" entry before it would double every push).
  if ((verdict === "success" || verdict === "failure") && (r.checkStatus !== verdict || r.headSha !== headSha)) {
    await recordRequestEvent(db, { requestId, actor: SYSTEM_ACTOR, event: "checks", message: `${CHECK_WORDS[verdict]} on ${headSha.slice(0, 7)}.`, data: { verdict, headSha } });
  }
}

/**
 * Brings a request in line with its PR as GitHub reports it now: merged, closed, the newest reviews since the
 * last decision, head and checks. Used by the poll and after check events; idempotent.
 */
export async function syncRequestFromPullRequest(db: PrismaClient, requestId: string, pr: PullRequestStatus): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId } });
  if (!r) return;
  if (pr.merged && pr.mergeCommitSha) {
    await recordMerge(db, { requestId, mergeCommitSha: pr.mergeCommitSha, actor: SYSTEM_ACTOR, message: `Pull request #${pr.number} was merged on GitHub.` });
    return;
  }
  if (pr.state === "closed") {
    await recordClosed(db, requestId, SYSTEM_ACTOR, pr.number);
    return;
  }
  if (!isStatusIn(OPEN_PR_STATUSES, r.status)) return;
  // Reviews older than the last decision (or the last revision, which answers them) are settled.
  const since = Math.max((r.decidedAt ?? r.submittedAt ?? r.createdAt).getTime(), r.revisedAt?.getTime() ?? 0);
  const newer = pr.reviews
    .filter((x) => (x.state === "APPROVED" || x.state === "CHANGES_REQUESTED") && x.submittedAt && Date.parse(x.submittedAt) > since)
    .sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  const latest = newer.at(-1);
  if (latest) await recordReview(db, requestId, latest);
  await recordChecks(db, requestId, pr.checks, pr.headSha);
}

