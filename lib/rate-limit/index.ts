export {
  RateLimitedError,
  TokenBuckets,
  consumeRateLimit,
  deleteOldRateLimitCounters,
  describeWait,
  type RateLimitResult,
  type RateLimitRule,
} from "./rate-limit";
