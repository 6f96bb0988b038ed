import { consumeRateLimit, describeWait, RateLimitedError } from "@/lib/rate-limit";

type Counter = Parameters<typeof consumeRateLimit>[0];

/**
 * Counts one submission of `userId` (a new request, a revision, a re-run of a deploy: each pushes to GitHub)
 * against the per-person hourly limit; past it, throws the refusal a person reads. Called inside the
 * transaction that writes the submission, so a refused one writes nothing.
 */
export async function countSubmission(db: Counter, userId: string, perHour: number, now: Date = new Date()): Promise<void> {
  const limit = await consumeRateLimit(db, `submit:${userId}`, { limit: perHour, windowSeconds: 3600 }, now);
  if (!limit.allowed) {
    throw new RateLimitedError(
      `You have submitted ${perHour} request${perHour === 1 ? "" : "s"} in the last hour, the most one person may. Try again in ${describeWait(limit.retryAfterSeconds)}.`,
      limit.retryAfterSeconds,
    );
  }
}
