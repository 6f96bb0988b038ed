import "server-only";
import type { PrismaClient } from "@/lib/db";
import { combineChecks, pacePoll, planPolls, type ChecksVerdict, type GitOpsClient, type PollPace, type PullRequestSummary, type TrackedChange } from "@/lib/gitops";
import { OPEN_PR_STATUSES } from "./status";
import { recordChecks, syncRequestFromPullRequest } from "./sync-from-pull-request";

const POLL_STATE_KEY = "github-poll";

/** What the poll remembers of one open pull request between polls (ETags are GitHub's, kept here, not in memory). */
interface PrMemory {
  lastPolledAt: string;
  lastChangedAt?: string;
  /** The PR's updated_at and head as the list last showed them. */
  updatedAt?: string;
  headSha?: string;
  /** The head whose check runs and commit statuses the ETags and verdicts below are of. */
  checksSha?: string;
  runsEtag?: string | null;
  statusesEtag?: string | null;
  runs?: ChecksVerdict;
  statuses?: ChecksVerdict;
}

interface PollMemory {
  /** ETag of the first page of pull requests by last update, and the newest updated_at seen in it. */
  listEtag?: string | null;
  listSince?: string | null;
  prs: Record<string, PrMemory>;
  /** The pace of the last poll, for /api/health. */
  pace?: PollPaceRecord;
}

/** The poll's pace as stored: `factor` null while paused until the rate limit resets. */
export interface PollPaceRecord {
  intervalMs: number;
  factor: number | null;
  reason: string;
  /** When the poll chose it (ISO time). */
  at: string;
}

/** The poll's pace as its last run set it (null before the first poll), for /api/health. */
export async function readPollPace(db: PrismaClient): Promise<PollPaceRecord | null> {
  const stored = await db.syncState.findUnique({ where: { key: POLL_STATE_KEY } });
  return ((stored?.value ?? null) as PollMemory | null)?.pace ?? null;
}

function readMemory(value: unknown): PollMemory {
  const v = (value ?? {}) as Partial<PollMemory>;
  // An older shape (one entry per request at the top level) is simply forgotten: the next poll reads afresh.
  return v.prs && typeof v.prs === "object" ? { listEtag: v.listEtag ?? null, listSince: v.listSince ?? null, prs: v.prs } : { prs: {} };
}

/** Gaps between polls: the shortest, and the longest a quiet PR's checks go unread (every read is free while nothing changed). */
const MIN_GAP_MS = 15_000;
const MAX_QUIET_MS = 600_000;
/** Check reads per poll (two conditional GETs each): spreads a first pass over 1,000 PRs instead of a burst. */
const MAX_CHECK_READS = 50;

/**
 * Catch-up without webhooks, at a cost that doesn't grow with the number of open PRs while nothing happens:
 *
 * 1. One conditional list of pull requests by last update with the ETag kept from the last poll — `304` (free)
 *    when no PR changed; otherwise only the PRs updated since, whose state, reviews or head moved, are read in
 *    full (`updated_at` moves on a push, review, comment, label, close or merge).
 * 2. Checks don't move `updated_at`: each open PR's head checks are read with their own stored ETags (free while
 *    unchanged), when due — soon after a change, up to every 10 minutes when quiet — at most 50 PRs a poll.
 * 3. Main's head (one conditional read) tells which PRs main moved under.
 *
 * The pace follows GitHub's rate limit left (`pacePoll`): slower as it falls, paused near the end; the chosen
 * pace is stored for /api/health. Returns when the next poll is due.
 */
export async function pollGitHub(deps: {
  db: PrismaClient;
  gitops: GitOpsClient;
  now?: () => Date;
  onBaseMoved?: (requestId: string) => Promise<void>;
}): Promise<{ polled: number; changed: number; nextPollAt: Date | null; pace: PollPace }> {
  const now = deps.now?.() ?? new Date();
  const pace = pacePoll(MIN_GAP_MS, deps.gitops.rateLimit, now);
  const stored = await deps.db.syncState.findUnique({ where: { key: POLL_STATE_KEY } });
  const memory = readMemory(stored?.value);
  const save = async (m: PollMemory) => {
    const record: PollPaceRecord = { intervalMs: pace.intervalMs, factor: Number.isFinite(pace.factor) ? pace.factor : null, reason: pace.reason, at: now.toISOString() };
    const value = { ...m, pace: record } as object;
    await deps.db.syncState.upsert({ where: { key: POLL_STATE_KEY }, create: { key: POLL_STATE_KEY, value }, update: { value } });
  };
  if (pace.factor === Infinity) {
    // Nearly out of rate limit: people's actions get what is left; nothing is read until the reset.
    await save(memory);
    return { polled: 0, changed: 0, nextPollAt: new Date(now.getTime() + pace.intervalMs), pace };
  }

  const open = await deps.db.request.findMany({
    where: { status: { in: [...OPEN_PR_STATUSES] }, prNumber: { not: null } },
    select: { id: true, prNumber: true, baseSha: true, headSha: true, checkStatus: true, createdAt: true, updatedAt: true },
  });
  const prs: Record<string, PrMemory> = {};
  for (const r of open) if (memory.prs[r.id]) prs[r.id] = memory.prs[r.id];
  const byNumber = new Map(open.map((r) => [r.prNumber!, r]));
  const stamp = now.toISOString();
  let polled = 0;
  let changed = 0;

  // 1. What changed on GitHub since the last poll, from one conditional list.
  const toRead = new Map<string, PullRequestSummary>();
  // The first list reaches back to the oldest open request (its PR was opened after it), not through all history.
  const since = memory.listSince ?? (open.length ? new Date(Math.min(...open.map((r) => r.createdAt.getTime()))).toISOString().replace(/\.\d{3}Z$/, "Z") : now.toISOString());
  const listed = await deps.gitops.listPullRequestsByUpdate({ etag: memory.listEtag, since });
  let listEtag = memory.listEtag ?? null;
  let listSince = memory.listSince ?? null;
  if (!listed.notModified) {
    for (const pull of listed.pulls) {
      const r = byNumber.get(pull.number);
      if (!r) continue;
      const seen = prs[r.id];
      // Without memory (the first poll): read in full what changed on GitHub after ModelGate last wrote the request.
      // updated_at has whole seconds: a PR updated in the second the last list ended on may have changed again since.
      const moved = seen?.updatedAt
        ? seen.updatedAt !== pull.updatedAt || seen.headSha !== pull.headSha || pull.updatedAt === memory.listSince
        : Date.parse(pull.updatedAt) > r.updatedAt.getTime() || pull.state !== "open";
      prs[r.id] = { ...seen, lastPolledAt: seen?.lastPolledAt ?? stamp, updatedAt: pull.updatedAt, headSha: pull.headSha };
      if (moved) toRead.set(r.id, pull);
    }
    // A list cut short (over 2,000 PRs changed at once) leaves the rest to their check reads below.
    listEtag = listed.etag;
    listSince = listed.pulls.map((p) => p.updatedAt).sort().at(-1) ?? since;
  }
  polled++;
  let failures = 0;
  const tolerate = (e: unknown) => {
    // One unreadable PR (deleted, no access) must not stall the others; it is tried again next interval.
    if (++failures > 3) throw e;
  };
  for (const [id, pull] of toRead) {
    let pr;
    try {
      pr = await deps.gitops.getPullRequest(pull.number);
    } catch (e) {
      tolerate(e);
      prs[id] = { ...prs[id], updatedAt: undefined, lastPolledAt: stamp };
      continue;
    }
    changed++;
    prs[id] = { ...prs[id], lastPolledAt: stamp, lastChangedAt: stamp, updatedAt: pr.updatedAt, headSha: pr.headSha };
    await syncRequestFromPullRequest(deps.db, id, pr);
    // A conflict is main having moved too, whatever main's head says by the time we look.
    if (pr.state === "open" && deps.onBaseMoved && pr.mergeable === false) await deps.onBaseMoved(id);
  }

  // 2. Checks of the heads, by their own ETags, for the PRs that are due.
  const tracked: TrackedChange[] = open
    .filter((r) => !toRead.has(r.id))
    .map((r) => {
      const m = prs[r.id];
      const fresh = !m || m.checksSha === undefined;
      return { id: r.id, pullNumber: r.prNumber!, phase: "open", lastPolledAt: fresh ? null : new Date(m.lastPolledAt), lastChangedAt: m?.lastChangedAt ? new Date(m.lastChangedAt) : null };
    });
  const plan = planPolls(tracked, now, { minIntervalMs: MIN_GAP_MS * pace.factor, maxIntervalMs: MAX_QUIET_MS * pace.factor, maxTargets: Math.ceil(MAX_CHECK_READS / pace.factor) });
  for (const target of plan.due) {
    const r = byNumber.get(target.pullNumber)!;
    const m = prs[r.id] ?? { lastPolledAt: stamp };
    const head = m.headSha ?? r.headSha;
    if (!head) continue;
    const sameHead = m.checksSha === head;
    let probe;
    try {
      probe = await deps.gitops.probeChecks(head, sameHead ? { runs: m.runsEtag, statuses: m.statusesEtag } : {});
    } catch (e) {
      tolerate(e);
      prs[r.id] = { ...m, lastPolledAt: stamp };
      continue;
    }
    polled++;
    const next: PrMemory = { ...m, headSha: head, checksSha: head, lastPolledAt: stamp };
    if (!probe.runs.notModified) Object.assign(next, { runs: probe.runs.verdict, runsEtag: probe.runs.etag });
    if (!probe.statuses.notModified) Object.assign(next, { statuses: probe.statuses.verdict, statusesEtag: probe.statuses.etag });
    const verdict = combineChecks(next.runs ?? "none", next.statuses ?? "none");
    if (verdict !== r.checkStatus || head !== r.headSha) {
      changed++;
      next.lastChangedAt = stamp;
      await recordChecks(deps.db, r.id, verdict, head);
    }
    prs[r.id] = next;
  }

  // 3. Main moved under open PRs: decided from main's head (one conditional read, free while main is unchanged),
  // never from a PR's base.sha, which GitHub leaves as it was when the PR was opened or last pushed to.
  if (deps.onBaseMoved && open.some((r) => r.baseSha)) {
    const mainSha = await deps.gitops.getBranchSha();
    for (const r of open) if (r.baseSha && r.baseSha !== mainSha) await deps.onBaseMoved(r.id);
  }
  await save({ listEtag, listSince, prs });

  const after = planPolls(
    open.map((r) => ({ id: r.id, pullNumber: r.prNumber!, phase: "open" as const, lastPolledAt: prs[r.id]?.checksSha !== undefined ? new Date(prs[r.id].lastPolledAt) : null, lastChangedAt: prs[r.id]?.lastChangedAt ? new Date(prs[r.id].lastChangedAt!) : null })),
    now,
    { minIntervalMs: MIN_GAP_MS * pace.factor, maxIntervalMs: MAX_QUIET_MS * pace.factor },
  );
  // The list is read on every poll (free while nothing changed): never wait longer than the paced gap for it.
  const listDue = now.getTime() + pace.intervalMs;
  const nextPollAt = new Date(Math.max(Math.min(after.nextPollAt?.getTime() ?? listDue, listDue), now.getTime() + MIN_GAP_MS));
  return { polled, changed, nextPollAt, pace };
}
