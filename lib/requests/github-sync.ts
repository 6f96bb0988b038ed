import "server-only";
import type { PrismaClient } from "@/lib/db";
import { planPolls, type ChecksVerdict, type GitOpsClient, type PullRequestStatus, type TrackedChange } from "@/lib/gitops";
import { recordRequestEvent, SYSTEM_ACTOR, transitionRequest, TransitionConflictError, type Actor, type Db } from "./lifecycle";
import type { RequestStatus } from "./status";

/** Statuses in which a request's PR is open and waiting for a decision or a merge. */
export const DECIDABLE_STATUSES: readonly RequestStatus[] = ["awaiting_approval", "changes_requested", "approved"];

const CHECK_WORDS: Record<ChecksVerdict, string> = {
  none: "No checks reported",
  pending: "Checks running",
  success: "Checks passed",
  failure: "Checks failed",
};

/** Someone acting on GitHub, named so the timeline says where the decision was made. */
function githubActor(login: string): Actor {
  return { id: null, name: `${login} (on GitHub)` };
}

async function swallowConflict<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof TransitionConflictError) return null;
    throw e;
  }
}

/**
 * Records that a request's PR was merged: → merged (with the merge commit) → deploying, in one transaction. The
 * reconciler (lib/sync) takes it from deploying to succeeded/failed. Safe to call twice (webhook + our own merge).
 */
export async function recordMerge(db: PrismaClient, input: { requestId: string; mergeCommitSha: string; actor: Actor; message?: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const r = await tx.request.findUnique({ where: { id: input.requestId }, select: { status: true, mergeCommitSha: true, prNumber: true } });
    if (!r) return false;
    if (r.status === "merged" || r.status === "deploying" || r.status === "succeeded" || r.status === "failed") {
      if (!r.mergeCommitSha) await tx.request.update({ where: { id: input.requestId }, data: { mergeCommitSha: input.mergeCommitSha } });
      if (r.status !== "merged") return false;
    } else if (!(DECIDABLE_STATUSES as string[]).includes(r.status)) {
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
    // The reconciler (lib/sync) may move merged → deploying at the same moment; either way is fine.
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
async function recordClosed(db: PrismaClient, requestId: string, actor: Actor, prNumber: number): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!r || !(DECIDABLE_STATUSES as string[]).includes(r.status)) return;
  await swallowConflict(() =>
    transitionRequest(db, { requestId, to: "rejected", actor, event: "rejected", message: `Pull request #${prNumber} was closed without merging.` }),
  );
}

/** A review submitted on GitHub moves the request like the same decision in ModelGate would. */
async function recordReview(db: PrismaClient, requestId: string, review: { state: string; user: string; body: string | null }): Promise<void> {
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
async function recordChecks(db: Db, requestId: string, verdict: ChecksVerdict, headSha: string): Promise<void> {
  const r = await db.request.findUnique({ where: { id: requestId }, select: { checkStatus: true, headSha: true, status: true } });
  if (!r || !(DECIDABLE_STATUSES as string[]).includes(r.status)) return;
  if (r.checkStatus === verdict && r.headSha === headSha) return;
  await db.request.update({ where: { id: requestId }, data: { checkStatus: verdict, headSha } });
  if (r.checkStatus !== verdict && verdict !== "none") {
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
  if (!(DECIDABLE_STATUSES as string[]).includes(r.status)) return;
  const since = (r.decidedAt ?? r.submittedAt ?? r.createdAt).getTime();
  const newer = pr.reviews
    .filter((x) => (x.state === "APPROVED" || x.state === "CHANGES_REQUESTED") && x.submittedAt && Date.parse(x.submittedAt) > since)
    .sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  const latest = newer.at(-1);
  if (latest) await recordReview(db, requestId, latest);
  await recordChecks(db, requestId, pr.checks, pr.headSha);
}

/** The few fields of a GitHub webhook ModelGate acts on (kept small in the outbox). */
export type GitHubEventSummary =
  | { kind: "pull_request"; action: string; number: number; merged: boolean; mergeCommitSha: string | null; headSha: string; sender: string }
  | { kind: "review"; action: string; number: number; state: string; user: string; body: string | null }
  | { kind: "checks"; headSha: string; numbers: number[] }
  | { kind: "workflow_run"; action: string; event: string; headSha: string; conclusion: string | null; url: string | null; name: string | null; numbers: number[] };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const numbersOf = (v: unknown): number[] => (Array.isArray(v) ? v.map((p) => obj(p).number).filter((n): n is number => typeof n === "number") : []);

/** Reduces a webhook payload to what ModelGate needs, or null for events it ignores. */
export function summarizeGitHubEvent(event: string, body: unknown): GitHubEventSummary | null {
  const p = obj(body);
  const action = str(p.action) ?? "";
  if (event === "pull_request") {
    const pr = obj(p.pull_request);
    if (typeof pr.number !== "number") return null;
    return {
      kind: "pull_request",
      action,
      number: pr.number,
      merged: pr.merged === true,
      mergeCommitSha: str(pr.merge_commit_sha),
      headSha: str(obj(pr.head).sha) ?? "",
      sender: str(obj(p.sender).login) ?? "someone",
    };
  }
  if (event === "pull_request_review") {
    const pr = obj(p.pull_request);
    const review = obj(p.review);
    if (typeof pr.number !== "number") return null;
    return { kind: "review", action, number: pr.number, state: str(review.state) ?? "", user: str(obj(review.user).login) ?? "someone", body: str(review.body) };
  }
  if (event === "check_run" || event === "check_suite") {
    const c = obj(event === "check_run" ? p.check_run : p.check_suite);
    const headSha = str(c.head_sha);
    return headSha ? { kind: "checks", headSha, numbers: numbersOf(c.pull_requests) } : null;
  }
  if (event === "workflow_run") {
    const run = obj(p.workflow_run);
    const headSha = str(run.head_sha);
    if (!headSha) return null;
    return { kind: "workflow_run", action, event: str(run.event) ?? "", headSha, conclusion: str(run.conclusion), url: str(run.html_url), name: str(run.name), numbers: numbersOf(run.pull_requests) };
  }
  return null;
}

async function findByPullNumber(db: PrismaClient, number: number) {
  return db.request.findFirst({ where: { prNumber: number }, orderBy: { createdAt: "desc" } });
}

/**
 * Applies one GitHub event to ModelGate, exactly as if the decision had been made here: merges, closes and
 * reviews move the request; check and PR workflow events refresh the head's check verdict (one conditional read).
 */
export async function applyGitHubEvent(deps: { db: PrismaClient; gitops: GitOpsClient }, event: GitHubEventSummary): Promise<void> {
  const { db } = deps;
  if (event.kind === "pull_request") {
    const r = await findByPullNumber(db, event.number);
    if (!r) return;
    const actor = githubActor(event.sender);
    if (event.action === "closed" && event.merged && event.mergeCommitSha) {
      await recordMerge(db, { requestId: r.id, mergeCommitSha: event.mergeCommitSha, actor, message: `Pull request #${event.number} merged by ${event.sender}.` });
    } else if (event.action === "closed" && !event.merged) {
      await recordClosed(db, r.id, actor, event.number);
    } else if ((event.action === "synchronize" || event.action === "opened" || event.action === "reopened") && event.headSha) {
      await db.request.updateMany({
        where: { id: r.id, status: { in: [...DECIDABLE_STATUSES] }, NOT: { headSha: event.headSha } },
        data: { headSha: event.headSha, checkStatus: "pending" },
      });
    }
    return;
  }
  if (event.kind === "review") {
    if (event.action !== "submitted") return;
    const r = await findByPullNumber(db, event.number);
    if (r) await recordReview(db, r.id, { state: event.state, user: event.user, body: event.body });
    return;
  }
  if (event.kind === "workflow_run" && event.event === "push") {
    // A deploy run of a merge commit: issue 9's reconciler decides succeeded/failed from Azure; note the run here.
    if (event.action !== "completed") return;
    const r = await db.request.findFirst({ where: { mergeCommitSha: event.headSha } });
    if (r) {
      await recordRequestEvent(db, {
        requestId: r.id,
        actor: SYSTEM_ACTOR,
        event: "deploy_run",
        message: `Deploy workflow ${event.conclusion ?? "finished"}${event.url ? `: ${event.url}` : ""}.`,
        data: { headSha: event.headSha, conclusion: event.conclusion, url: event.url },
      });
    }
    return;
  }
  // check_run / check_suite / PR workflow runs: re-read the PR once (ETag-conditional) and take its verdict.
  const numbers = new Set(event.numbers);
  const byHead = await db.request.findMany({ where: { headSha: event.headSha, status: { in: [...DECIDABLE_STATUSES] } }, select: { prNumber: true } });
  byHead.forEach((r) => r.prNumber && numbers.add(r.prNumber));
  for (const n of numbers) {
    const r = await findByPullNumber(db, n);
    if (!r || !(DECIDABLE_STATUSES as string[]).includes(r.status)) continue;
    await syncRequestFromPullRequest(db, r.id, await deps.gitops.getPullRequest(n));
  }
}

const POLL_STATE_KEY = "github-poll";

interface PollMemory {
  lastPolledAt: string;
  lastChangedAt?: string;
  fingerprint: string;
}

function fingerprintOf(pr: PullRequestStatus): string {
  return JSON.stringify([pr.state, pr.merged, pr.headSha, pr.baseSha, pr.mergeable, pr.checks, pr.reviews.map((r) => `${r.id}:${r.state}`)]);
}

/**
 * Catch-up without webhooks: reads each open PR that planPolls says is due (conditional reads, so a quiet PR
 * costs no rate limit), applies what changed, and returns when the next poll is due.
 */
export async function pollGitHub(deps: { db: PrismaClient; gitops: GitOpsClient; now?: () => Date; onBaseMoved?: (requestId: string) => Promise<void> }): Promise<{ polled: number; changed: number; nextPollAt: Date | null }> {
  const now = deps.now?.() ?? new Date();
  const open = await deps.db.request.findMany({
    where: { status: { in: [...DECIDABLE_STATUSES] }, prNumber: { not: null } },
    select: { id: true, prNumber: true, baseSha: true },
  });
  const stored = await deps.db.syncState.findUnique({ where: { key: POLL_STATE_KEY } });
  const memory = (stored?.value ?? {}) as unknown as Record<string, PollMemory>;
  const tracked: TrackedChange[] = open.map((r) => ({
    id: r.id,
    pullNumber: r.prNumber!,
    phase: "open",
    lastPolledAt: memory[r.id] ? new Date(memory[r.id].lastPolledAt) : null,
    lastChangedAt: memory[r.id]?.lastChangedAt ? new Date(memory[r.id].lastChangedAt!) : null,
  }));
  const plan = planPolls(tracked, now);
  const next: Record<string, PollMemory> = {};
  for (const r of open) if (memory[r.id]) next[r.id] = memory[r.id];
  let changed = 0;
  let failures = 0;
  for (const target of plan.due) {
    let pr: PullRequestStatus;
    try {
      pr = await deps.gitops.getPullRequest(target.pullNumber);
    } catch (e) {
      // One unreadable PR (deleted, no access) must not stall the others; it is tried again next interval.
      failures++;
      next[target.id] = { ...next[target.id], fingerprint: next[target.id]?.fingerprint ?? "", lastPolledAt: now.toISOString() };
      if (failures > 3) throw e;
      continue;
    }
    const fingerprint = fingerprintOf(pr);
    const before = next[target.id];
    const isChange = before?.fingerprint !== fingerprint;
    next[target.id] = { lastPolledAt: now.toISOString(), lastChangedAt: isChange ? now.toISOString() : before?.lastChangedAt, fingerprint };
    if (!isChange) continue;
    changed++;
    await syncRequestFromPullRequest(deps.db, target.id, pr);
    const request = open.find((r) => r.id === target.id);
    if (pr.state === "open" && deps.onBaseMoved && (pr.mergeable === false || (request?.baseSha && pr.baseSha !== request.baseSha))) {
      await deps.onBaseMoved(target.id);
    }
  }
  await deps.db.syncState.upsert({ where: { key: POLL_STATE_KEY }, create: { key: POLL_STATE_KEY, value: next as object }, update: { value: next as object } });
  const after = planPolls(
    open.map((r) => ({ id: r.id, pullNumber: r.prNumber!, phase: "open" as const, lastPolledAt: next[r.id] ? new Date(next[r.id].lastPolledAt) : null, lastChangedAt: next[r.id]?.lastChangedAt ? new Date(next[r.id].lastChangedAt!) : null })),
    now,
  );
  return { polled: plan.due.length, changed, nextPollAt: after.nextPollAt };
}
