import "server-only";
import { hasCapability } from "@/lib/auth/roles";
import type { UserWithTeams } from "@/lib/db";
import { isGitOpsError, type PullRequestStatus } from "@/lib/gitops";
import { DECIDABLE_STATUSES, recordMerge, syncRequestFromPullRequest } from "./github-sync";
import { recordRequestEvent, transitionRequest, TransitionConflictError, type Actor } from "./lifecycle";
import { enqueueJob } from "./outbox";
import type { QueueDeps } from "./queue-deps";
import { STATUS_LABELS, type RequestStatus } from "./status";

export const POST_DECISION_JOB = "post-decision";

/** The user may not make this decision at all (role or separation of duties): a 403. */
export class DecisionForbiddenError extends Error {
  readonly status = 403;
  constructor(message: string) {
    super(message);
    this.name = "DecisionForbiddenError";
  }
}

/** The decision can't be made now (someone else decided, the PR changed, checks failed…); the message says why. */
export class DecisionRefusedError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = "DecisionRefusedError";
  }
}

/** Why this user may not decide this request, or null when they may (role, own request, own team). */
export function whyCannotDecide(user: UserWithTeams, request: { requesterId: string; teamId: string }, forbidSameTeam: boolean): string | null {
  if (!hasCapability(user.role, "queue:decide")) return "Only platform approvers can decide requests.";
  if (request.requesterId === user.id) return "You submitted this request, so someone else has to decide it.";
  if (forbidSameTeam && user.teams.some((t) => t.id === request.teamId)) return "Your team submitted this request, so an approver from another team has to decide it.";
  return null;
}

function actorOf(user: UserWithTeams): Actor {
  return { id: user.id, name: user.name };
}

async function loadForDecision(deps: QueueDeps, user: UserWithTeams, requestId: string) {
  if (!hasCapability(user.role, "queue:decide")) throw new DecisionForbiddenError("Only platform approvers can decide requests.");
  const r = await deps.db.request.findUnique({ where: { id: requestId } });
  if (!r) throw new DecisionRefusedError("This request no longer exists.");
  const why = whyCannotDecide(user, r, deps.settings.forbidSameTeam);
  if (why) throw new DecisionForbiddenError(why);
  return r;
}

/** A user-facing account of who got there first, from the request's latest timeline entry. */
async function explainConflict(deps: QueueDeps, requestId: string): Promise<string> {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!r) return "This request no longer exists.";
  const last = await deps.db.requestEvent.findFirst({ where: { requestId, toStatus: { not: null } }, orderBy: { id: "desc" } });
  if (r.status === "awaiting_approval") return "This request changed since you loaded the page. Nothing was done; reload the queue and decide again.";
  const who = last?.actorName ? ` by ${last.actorName}` : "";
  return `Someone decided first: this request is now ${STATUS_LABELS[r.status as RequestStatus]}${who}. Nothing else was done; reload the queue to see it.`;
}

function assertFresh(r: { version: number; status: string }, expectedVersion: number) {
  if (!(DECIDABLE_STATUSES as string[]).includes(r.status)) return false;
  return r.version === expectedVersion;
}

/** Reads the PR, waiting briefly while GitHub is still computing mergeability after a push. */
async function readSettledPullRequest(deps: QueueDeps, number: number): Promise<PullRequestStatus> {
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
 * is left to GitHub). Of two approvers at once exactly one merges; the other gets DecisionRefusedError.
 */
export async function approveRequest(deps: QueueDeps, user: UserWithTeams, input: ApproveInput): Promise<{ outcome: "merged" | "approved" }> {
  const r = await loadForDecision(deps, user, input.requestId);
  if (!assertFresh(r, input.expectedVersion)) throw new DecisionRefusedError(await explainConflict(deps, r.id));
  if (!r.prNumber) throw new DecisionRefusedError("This request has no pull request yet. Try again once it shows Awaiting approval.");
  const override = input.overrideFailedChecks === true;
  const reason = input.overrideReason?.trim() ?? "";
  if (override && !reason) throw new DecisionRefusedError("Say why you approve despite failed checks; the reason is recorded.");

  const pr = await readSettledPullRequest(deps, r.prNumber);
  if (pr.state !== "open") {
    await syncRequestFromPullRequest(deps.db, r.id, pr);
    throw new DecisionRefusedError(`Pull request #${pr.number} is already ${pr.merged ? "merged" : "closed"} on GitHub. The queue has been updated.`);
  }
  if (input.expectedHeadSha && pr.headSha !== input.expectedHeadSha) {
    await deps.db.request.updateMany({ where: { id: r.id, status: { in: [...DECIDABLE_STATUSES] } }, data: { headSha: pr.headSha, checkStatus: pr.checks } });
    throw new DecisionRefusedError(
      `The pull request changed after you opened this page (new commit ${pr.headSha.slice(0, 7)}). Nothing was merged; review the new diff and approve again.`,
    );
  }
  if (pr.checks === "pending") throw new DecisionRefusedError("Checks are still running on the pull request. Approve once they finish.");
  if (pr.checks === "failure" && !override) {
    throw new DecisionRefusedError("Checks failed on the pull request. To approve anyway, choose “Approve despite failed checks” and give a reason.");
  }
  if (pr.mergeable === false && deps.settings.mergeMethod !== "none") {
    throw new DecisionRefusedError("The pull request can't be merged cleanly right now (main moved). ModelGate re-applies the change to main; try again in a moment.");
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
    if (e instanceof TransitionConflictError) throw new DecisionRefusedError(await explainConflict(deps, r.id));
    throw e;
  }

  const body = `Approved in ModelGate by ${user.name}.${override ? `\n\nApproved despite failed checks. Reason given: ${reason.replace(/[<>@]/g, " ")}` : ""}`;
  if (!pr.reviews.some((x) => x.state === "APPROVED" && x.commitId === pr.headSha && x.body === body)) {
    try {
      await deps.gitops.submitReview(pr.number, { event: "APPROVE", body, commitId: pr.headSha });
    } catch (e) {
      const message = `GitHub refused the approving review: ${e instanceof Error ? e.message : String(e)}`;
      await recordRequestEvent(deps.db, { requestId: r.id, actor, event: "decision_failed", message });
      throw new DecisionRefusedError(`${message}. The request stays Approved in ModelGate; try again or approve on GitHub.`);
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
    throw new DecisionRefusedError(`${message} Check the pull request, then choose Approve again to retry the merge.`);
  }
  // Merged on GitHub: should recording it fail here, the webhook or the poll records it later.
  await recordMerge(deps.db, { requestId: r.id, mergeCommitSha: mergeSha, actor, message: `Pull request #${pr.number} merged by ${user.name} (${mergeSha.slice(0, 7)}).` }).catch((e) =>
    console.error(`recording the merge of request ${r.id} failed (the GitHub sync will catch up):`, e),
  );
  return { outcome: "merged" };
}

export interface CommentedDecisionInput {
  requestId: string;
  expectedVersion: number;
  comment: string;
}

/** Markdown-safe quote of a person's comment for the PR (no HTML, no @-mentions that would ping people). */
function quoteForGitHub(text: string): string {
  return text
    .trim()
    .replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!)
    .replace(/@(?=\w)/g, "@\u200b")
    .split(/\r?\n/)
    .map((l) => `> ${l}`)
    .join("\n");
}

async function decideWithComment(deps: QueueDeps, user: UserWithTeams, input: CommentedDecisionInput, to: "changes_requested" | "rejected"): Promise<void> {
  const comment = input.comment.trim();
  if (!comment) throw new DecisionRefusedError(to === "rejected" ? "Say why you reject the request; the comment goes to the pull request." : "Say what should change; the comment goes to the pull request.");
  const r = await loadForDecision(deps, user, input.requestId);
  if (!assertFresh(r, input.expectedVersion) || (to === "changes_requested" && r.status === "changes_requested")) {
    throw new DecisionRefusedError(await explainConflict(deps, r.id));
  }
  const heading = to === "rejected" ? `**Rejected** in ModelGate by ${user.name}:` : `**Changes requested** in ModelGate by ${user.name}:`;
  try {
    await deps.db.$transaction(async (tx) => {
      const { version } = await transitionRequest(tx, { requestId: r.id, to, actor: actorOf(user), event: to, message: comment, expectedVersion: input.expectedVersion });
      // The PR side goes through the outbox: retried until GitHub has it, even if GitHub is down right now.
      if (r.prNumber) {
        await enqueueJob(tx, {
          kind: POST_DECISION_JOB,
          requestId: r.id,
          payload: { action: to === "rejected" ? "close" : "request-changes", prNumber: r.prNumber, body: `${heading}\n\n${quoteForGitHub(comment)}` },
          dedupeKey: `decision:${r.id}:${version}`,
        });
      }
    });
  } catch (e) {
    if (e instanceof TransitionConflictError) throw new DecisionRefusedError(await explainConflict(deps, r.id));
    throw e;
  }
}

/** Requests changes: the request waits for the requester, the comment goes to the PR as a review. */
export async function requestChanges(deps: QueueDeps, user: UserWithTeams, input: CommentedDecisionInput): Promise<void> {
  await decideWithComment(deps, user, input, "changes_requested");
}

/** Rejects: the request ends, the PR is closed with the comment. */
export async function rejectRequest(deps: QueueDeps, user: UserWithTeams, input: CommentedDecisionInput): Promise<void> {
  await decideWithComment(deps, user, input, "rejected");
}

/** Posts a decision made in ModelGate to the PR (outbox job); skips what GitHub already has, so retries are safe. */
export async function postDecisionToGitHub(deps: QueueDeps, payload: { action: "close" | "request-changes"; prNumber: number; body: string }): Promise<void> {
  const pr = await deps.gitops.getPullRequest(payload.prNumber);
  if (payload.action === "close") {
    if (pr.state === "open") await deps.gitops.closePullRequest(payload.prNumber, { comment: payload.body, deleteBranch: true });
    return;
  }
  if (pr.state !== "open" || pr.reviews.some((x) => x.state === "CHANGES_REQUESTED" && x.body === payload.body)) return;
  await deps.gitops.submitReview(payload.prNumber, { event: "REQUEST_CHANGES", body: payload.body });
}
