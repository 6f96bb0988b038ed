/**
 * What to read from GitHub next, without relying on webhooks: each tracked change is polled at an interval that
 * grows while nothing changes (up to maxIntervalMs) and shrinks back when something does. A webhook that arrived
 * after the last poll only makes the item due at once, so missed or unconfigured webhooks cost latency, never
 * correctness. Every read behind these targets is conditional, so a quiet poll costs no rate limit.
 */

export interface TrackedChange {
  /** Caller's id (e.g. the request id). */
  id: string;
  pullNumber: number;
  /** open: waiting for checks, review, merge. merged: waiting for the deploy run of the merge commit. */
  phase: "open" | "merged";
  mergeCommitSha?: string | null;
  lastPolledAt?: Date | null;
  /** When a poll last saw something change. */
  lastChangedAt?: Date | null;
  /** When a webhook last mentioned it. */
  hintedAt?: Date | null;
}

export type PollTarget = { id: string; kind: "pull-request"; pullNumber: number } | { id: string; kind: "workflow-runs"; pullNumber: number; headSha: string };

export interface PollPlan {
  due: PollTarget[];
  /** When the next item becomes due (null when nothing is tracked). */
  nextPollAt: Date | null;
}

export interface PollPlanOptions {
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** Cap of targets per plan (a rate-limit budget); the longest-waiting go first. */
  maxTargets?: number;
}

/** The interval for an item: a quarter of how long it has been quiet, clamped to [min, max]. */
export function pollIntervalMs(item: TrackedChange, now: Date, options: PollPlanOptions = {}): number {
  const min = options.minIntervalMs ?? 15_000;
  const max = options.maxIntervalMs ?? 300_000;
  const since = item.lastChangedAt ?? item.lastPolledAt;
  const quiet = since ? Math.max(now.getTime() - since.getTime(), 0) : 0;
  return Math.min(Math.max(quiet / 4, min), max);
}

/** Which GitHub reads are due now, and when the next one will be. */
export function planPolls(tracked: TrackedChange[], now: Date, options: PollPlanOptions = {}): PollPlan {
  const due: { target: PollTarget; waitedMs: number }[] = [];
  let next: number | null = null;
  for (const item of tracked) {
    const target: PollTarget =
      item.phase === "merged" && item.mergeCommitSha
        ? { id: item.id, kind: "workflow-runs", pullNumber: item.pullNumber, headSha: item.mergeCommitSha }
        : { id: item.id, kind: "pull-request", pullNumber: item.pullNumber };
    const last = item.lastPolledAt?.getTime();
    const hinted = item.hintedAt && (last === undefined || item.hintedAt.getTime() > last);
    const dueAt = last === undefined || hinted ? now.getTime() : last + pollIntervalMs(item, now, options);
    if (dueAt <= now.getTime()) due.push({ target, waitedMs: now.getTime() - (last ?? 0) });
    else next = next === null ? dueAt : Math.min(next, dueAt);
  }
  due.sort((a, b) => b.waitedMs - a.waitedMs);
  const max = options.maxTargets ?? 50;
  if (due.length > max) next = now.getTime();
  return { due: due.slice(0, max).map((d) => d.target), nextPollAt: due.length > max ? now : next === null ? (tracked.length ? now : null) : new Date(next) };
}
