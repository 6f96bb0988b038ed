/**
 * Rate limits. Per person and kind of action (submissions, decisions): fixed-window counters in the
 * database, so every replica counts together. Per browser session, for any form post: an in-memory token
 * bucket in proxy.ts that answers floods with 429 before they reach the database.
 */
import type { Prisma, PrismaClient } from "@/lib/db";

export interface RateLimitRule {
  /** At most this many... */
  limit: number;
  /** ...per window of this many seconds. */
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

type Db = Pick<PrismaClient, "$queryRaw"> | Prisma.TransactionClient;

/** Counts one action under `key`; refused (with the seconds until the window ends) past the limit. */
export async function consumeRateLimit(db: Db, key: string, rule: RateLimitRule, now = new Date()): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "rate_limit_counters" ("key", "window_start", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "window_start") DO UPDATE SET "count" = "rate_limit_counters"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  if (count > rule.limit) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
  }
  return { allowed: true, remaining: rule.limit - count };
}

/** Removes counters of windows that ended long ago (housekeeping). */
export async function deleteOldRateLimitCounters(db: Pick<PrismaClient, "rateLimitCounter">, olderThan: Date): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { windowStart: { lt: olderThan } } });
  return count;
}

/** "Try again in 42 seconds" / "in 7 minutes": how long, in words a person reads. */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Raised by a use case when a person has done something too often; carries the wait. */
export class RateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/**
 * A token bucket per key, in this process's memory: `capacity` actions at once, refilled at `perMinute`.
 * For the proxy's flood guard, where a shared store would cost a database call per request.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes a token; when none is left, the seconds until one is. */
  take(key: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }
}
