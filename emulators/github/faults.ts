import { ApiError } from "./http-kit";

/** Fault switches: latency, a share of 5xx answers, secondary rate limits. */
export interface GitHubFaults {
  /** Added to every API answer. */
  latencyMs?: number;
  /** Share (0..1) of API requests answered 502/503. */
  errorRate?: number;
  /** Share (0..1) of API requests answered with a secondary rate limit (403 or 429 + retry-after). */
  secondaryRateLimitRate?: number;
  secondaryRateLimitStatus?: 403 | 429;
  retryAfterSeconds?: number;
  /** The next `count` API requests fail with `status` (deterministic; for tests). */
  failNext?: { count: number; status: number; retryAfterSeconds?: number };
}

function secondaryRateLimit(status: number, retryAfterSeconds: number, requestId: string): ApiError {
  return new ApiError(
    status,
    `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    undefined,
    { "retry-after": String(retryAfterSeconds) },
  );
}

/**
 * The error a request gets from the fault switches, or null. Deterministic `failNext` first (it counts down), then
 * the random shares.
 */
export function injectedFault(faults: GitHubFaults, requestId: string): ApiError | null {
  const next = faults.failNext;
  if (next && next.count > 0) {
    next.count -= 1;
    if (next.status === 403 || next.status === 429) return secondaryRateLimit(next.status, next.retryAfterSeconds ?? 1, requestId);
    return new ApiError(next.status, next.status === 502 ? "Server Error" : "Service Unavailable");
  }
  if (faults.secondaryRateLimitRate && Math.random() < faults.secondaryRateLimitRate) {
    return secondaryRateLimit(faults.secondaryRateLimitStatus ?? 403, faults.retryAfterSeconds ?? 1, requestId);
  }
  if (faults.errorRate && Math.random() < faults.errorRate) return new ApiError(Math.random() < 0.5 ? 502 : 503, "Server Error");
  return null;
}
