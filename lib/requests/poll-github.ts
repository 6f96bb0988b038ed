import "server-only";
import type { PrismaClient } from "@/lib/db";
import { planPolls, type GitOpsClient, type PullRequestStatus, type TrackedChange } from "@/lib/gitops";
import { OPEN_PR_STATUSES } from "./status";
import { syncRequestFromPullRequest } from "./sync-from-pull-request";

const POLL_STATE_KEY = "github-poll";

interface PollMemory {
  lastPolledAt: string;
  lastChangedAt?: string;
  fingerprint: string;
}

function fingerprintOf(pr: PullRequestStatus): string {
  return JSON.stringify([pr.state, pr.merged, pr.headSha, pr.mergeable, pr.checks, pr.reviews.map((r) => `${r.id}:${r.state}`)]);
}

/**
 * Catch-up without webhooks: reads each open PR that planPolls says is due (conditional reads, so a quiet PR
 * costs no rate limit), applies what changed, reads main's head to find the PRs main moved under, and returns
 * when the next poll is due.
 */
export async function pollGitHub(deps: { db: PrismaClient; gitops: GitOpsClient; now?: () => Date; onBaseMoved?: (requestId: string) => Promise<void> }): Promise<{ polled: number; changed: number; nextPollAt: Date | null }> {
  const now = deps.now?.() ?? new Date();
  const open = await deps.db.request.findMany({
    where: { status: { in: [...OPEN_PR_STATUSES] }, prNumber: { not: null } },
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
    // A conflict is main having moved too, whatever main's head says by the time we look.
    if (pr.state === "open" && deps.onBaseMoved && pr.mergeable === false) await deps.onBaseMoved(target.id);
  }
  // Main moved under open PRs: decided from main's head (one conditional read, free while main is unchanged),
  // never from a PR's base.sha, which GitHub leaves as it was when the PR was opened or last pushed to.
  if (deps.onBaseMoved && open.some((r) => r.baseSha)) {
    const mainSha = await deps.gitops.getBranchSha();
    for (const r of open) if (r.baseSha && r.baseSha !== mainSha) await deps.onBaseMoved(r.id);
  }
  await deps.db.syncState.upsert({ where: { key: POLL_STATE_KEY }, create: { key: POLL_STATE_KEY, value: next as object }, update: { value: next as object } });
  const after = planPolls(
    open.map((r) => ({ id: r.id, pullNumber: r.prNumber!, phase: "open" as const, lastPolledAt: next[r.id] ? new Date(next[r.id].lastPolledAt) : null, lastChangedAt: next[r.id]?.lastChangedAt ? new Date(next[r.id].lastChangedAt!) : null })),
    now,
  );
  return { polled: plan.due.length, changed, nextPollAt: after.nextPollAt };
}
