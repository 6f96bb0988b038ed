/**
 * How fast the background poll may read GitHub given what is left of the rate limit. GitHub grants a budget
 * per hour (5,000 for a token, more for an App) shared by everything ModelGate does; the poll is the one
 * reader that can wait, so it slows down as the budget falls and stops until the reset when it is nearly
 * spent, leaving what remains to people's actions (submissions, approvals). Pure: the poll and
 * /api/health use it alike.
 */

/** GitHub's rate limit as its last response stated it. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** When the budget resets (ISO time). */
  resetAt: string;
  /** When this was read (ISO time). */
  observedAt: string;
}

export interface PollPace {
  /** The gap to use between polls. */
  intervalMs: number;
  /** 1 = normal; 2, 4… = slowed down by the budget; Infinity = waiting for the reset. */
  factor: number;
  /** Why, in words /api/health shows. */
  reason: string;
}

/** The poll's gap for a base interval and the rate limit last seen (null: nothing seen yet, go normally). */
export function pacePoll(baseMs: number, rate: RateLimitState | null, now: Date = new Date()): PollPace {
  if (!rate || rate.limit <= 0) return { intervalMs: baseMs, factor: 1, reason: "rate limit not seen yet" };
  const left = rate.remaining / rate.limit;
  const resetMs = Math.max(Date.parse(rate.resetAt) - now.getTime(), 0);
  const pct = `${Math.round(left * 100)} % of the rate limit left (${rate.remaining} of ${rate.limit})`;
  // A reset already past means the budget is full again, whatever the last answer said.
  if (resetMs === 0) return { intervalMs: baseMs, factor: 1, reason: "rate limit reset since last seen" };
  if (left <= 0.05) return { intervalMs: Math.max(resetMs, baseMs), factor: Infinity, reason: `${pct}: polling paused until the reset at ${rate.resetAt}` };
  const factor = left <= 0.1 ? 8 : left <= 0.25 ? 4 : left <= 0.5 ? 2 : 1;
  return {
    intervalMs: Math.min(baseMs * factor, Math.max(resetMs, baseMs)),
    factor,
    reason: factor === 1 ? pct : `${pct}: polling ${factor}× slower`,
  };
}
