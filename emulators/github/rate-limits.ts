import { ApiError } from "./http-kit";
import { userId } from "./shapes";

export interface RateLimitSnapshot {
  limit: number;
  used: number;
  remaining: number;
  reset: number;
}

/** GitHub's primary rate limit: a budget per login per hour, reported in x-ratelimit-* headers. */
export class RateLimits {
  private readonly buckets = new Map<string, { used: number; reset: number }>();

  constructor(readonly limit: number) {}

  private bucket(login: string) {
    const now = Math.floor(Date.now() / 1000);
    let b = this.buckets.get(login);
    if (!b || b.reset <= now) {
      b = { used: 0, reset: now + 3600 };
      this.buckets.set(login, b);
    }
    return b;
  }

  snapshot(login: string): RateLimitSnapshot {
    const b = this.bucket(login);
    return { limit: this.limit, used: b.used, remaining: Math.max(this.limit - b.used, 0), reset: b.reset };
  }

  /** Counts one request against a login's budget. */
  charge(login: string): RateLimitSnapshot {
    this.bucket(login).used += 1;
    return this.snapshot(login);
  }

  /** Sets what is left of every listed login's budget (tests of the portal's back-off). */
  setRemaining(logins: Iterable<string>, remaining: number): void {
    for (const login of logins) this.bucket(login).used = Math.max(this.limit - remaining, 0);
  }

  clear(): void {
    this.buckets.clear();
  }

  /** The x-ratelimit-* headers GitHub sends with every authenticated answer. */
  static headers(s: RateLimitSnapshot): Record<string, string> {
    return {
      "x-ratelimit-limit": String(s.limit),
      "x-ratelimit-remaining": String(s.remaining),
      "x-ratelimit-reset": String(s.reset),
      "x-ratelimit-used": String(s.used),
      "x-ratelimit-resource": "core",
    };
  }

  /** GitHub's 403 once the budget is spent. */
  static exceeded(login: string, requestId: string): ApiError {
    return new ApiError(
      403,
      `API rate limit exceeded for user ID ${userId(login)}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
    );
  }
}
