import "server-only";
import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { createEtagFetch, EtagCache } from "./etag-fetch";
import type { GitOpsAuth, GitOpsClientOptions, GitOpsConfig } from "./types";

const GitOpsOctokit = Octokit.plugin(retry, throttling);
export type GitOpsOctokitInstance = InstanceType<typeof GitOpsOctokit>;

// Limiters per pacing interval and process: GitHub's guidance is ≥ 1 s between content-creating requests per
// identity (plugin-throttling spaces requests that notify people 3× as much), so clients sharing an identity
// (keyed by throttle id) share the pacing.
const groups = new Map<string, Bottleneck.Group>();
function limiterGroup(kind: "write" | "notifications", intervalMs: number): Bottleneck.Group {
  const key = `${kind}:${intervalMs}`;
  let g = groups.get(key);
  if (!g) {
    g = new Bottleneck.Group({ maxConcurrent: 1, minTime: kind === "write" ? intervalMs : intervalMs * 3 });
    groups.set(key, g);
  }
  return g;
}

// Status codes a retry can't fix: plugin-retry's defaults plus 405/409 (merge refused, sha mismatch) and 429
// (plugin-throttling owns rate limits).
const DO_NOT_RETRY = [400, 401, 403, 404, 405, 409, 410, 422, 429, 451];

function authIdentity(auth: GitOpsAuth): string {
  return auth.kind === "token" ? `token:${auth.token.slice(-6)}` : `app:${auth.appId}:${auth.installationId}`;
}

/** An Octokit with retry + throttling plugins, ETag-caching fetch and the configured auth. */
export function createOctokit(config: GitOpsConfig, auth: GitOpsAuth, options: GitOpsClientOptions, cache: EtagCache): GitOpsOctokitInstance {
  const baseUrl = (config.baseUrl ?? "https://api.github.com").replace(/\/$/, "");
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const authOptions =
    auth.kind === "token"
      ? { auth: auth.token }
      : {
          authStrategy: createAppAuth,
          auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId },
        };
  return new GitOpsOctokit({
    ...authOptions,
    baseUrl,
    userAgent: config.userAgent ?? "ModelGate",
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    request: {
      fetch: createEtagFetch({ fetch: options.fetch, cache, timeoutMs: options.timeoutMs ?? 30_000, onRequest: options.onRequest }),
    },
    retry: { doNotRetry: DO_NOT_RETRY, retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      id: `${baseUrl}|${authIdentity(auth)}`,
      write: limiterGroup("write", options.writeIntervalMs ?? 1000),
      notifications: limiterGroup("notifications", options.writeIntervalMs ?? 1000),
      retryAfterBaseValue: options.rateLimitWaitUnitMs ?? 1000,
      // Wait out a limit only when it lifts soon; otherwise fail fast with a rate-limited GitOpsError.
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && retryAfter <= maxWait,
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2 && retryAfter <= maxWait,
    },
  });
}
