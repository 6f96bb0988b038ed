import "server-only";
import type { UserWithTeams } from "@/lib/db";
import { actorOf, assertFresh, explainConflict, loadForDecision } from "./decision-steps";
import type { DomainDeps } from "./deps";
import { RefusedError } from "./errors";
import { transitionRequest, TransitionConflictError } from "./lifecycle";
import { enqueueJob, JOB_KINDS } from "./outbox";
import { escapeGitHubText, quoteGitHubText } from "@/lib/gitops";
import { recordAuditEvent } from "@/lib/audit";

export interface CommentedDecisionInput {
  requestId: string;
  expectedVersion: number;
  comment: string;
}

async function decideWithComment(deps: DomainDeps, user: UserWithTeams, input: CommentedDecisionInput, to: "changes_requested" | "rejected"): Promise<void> {
  const comment = input.comment.trim();
  if (!comment) throw new RefusedError(to === "rejected" ? "Say why you reject the request; the comment goes to the pull request." : "Say what should change; the comment goes to the pull request.");
  const r = await loadForDecision(deps, user, input.requestId);
  if (!assertFresh(r, input.expectedVersion) || (to === "changes_requested" && r.status === "changes_requested")) {
    throw new RefusedError(await explainConflict(deps, r.id));
  }
  const heading = to === "rejected" ? `**Rejected** in ModelGate by ${escapeGitHubText(user.name)}:` : `**Changes requested** in ModelGate by ${escapeGitHubText(user.name)}:`;
  try {
    await deps.db.$transaction(async (tx) => {
      const { version } = await transitionRequest(tx, { requestId: r.id, to, actor: actorOf(user), event: to, message: comment, expectedVersion: input.expectedVersion });
      await recordAuditEvent(tx, {
        actor: { id: user.id, name: user.name, role: user.role },
        action: to === "rejected" ? "request.reject" : "request.request-changes",
        target: { type: "request", id: r.id },
        summary: `${to === "rejected" ? "Rejected" : "Requested changes to"} request #${r.number}: ${comment.slice(0, 300)}`,
        data: { comment },
        origin: deps.auditOrigin,
      });
      // The PR side goes through the outbox: retried until GitHub has it, even if GitHub is down right now.
      if (r.prNumber) {
        await enqueueJob(tx, {
          kind: JOB_KINDS.postDecision,
          requestId: r.id,
          payload: { action: to === "rejected" ? "close" : "request-changes", prNumber: r.prNumber, body: `${heading}\n\n${quoteGitHubText(comment)}` },
          dedupeKey: `decision:${r.id}:${version}`,
        });
      }
    });
  } catch (e) {
    if (e instanceof TransitionConflictError) throw new RefusedError(await explainConflict(deps, r.id));
    throw e;
  }
}

/** Requests changes: the request waits for the requester, the comment goes to the PR as a review. */
export async function requestChanges(deps: DomainDeps, user: UserWithTeams, input: CommentedDecisionInput): Promise<void> {
  await decideWithComment(deps, user, input, "changes_requested");
}

/** Rejects: the request ends, the PR is closed with the comment. */
export async function rejectRequest(deps: DomainDeps, user: UserWithTeams, input: CommentedDecisionInput): Promise<void> {
  await decideWithComment(deps, user, input, "rejected");
}

