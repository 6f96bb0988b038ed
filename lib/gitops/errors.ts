export type GitOpsErrorKind = "not-found" | "conflict" | "forbidden" | "rate-limited" | "unavailable" | "unauthorized" | "validation" | "unknown";

/** A GitHub failure, reduced to what the caller can act on. */
export class GitOpsError extends Error {
  readonly kind: GitOpsErrorKind;
  readonly operation: string;
  readonly status?: number;
  /** When the rate limit lifts (kind "rate-limited"). */
  readonly resetAt?: Date;
  /** Finer cause, e.g. "branch-exists", "pull-request-exists", "head-moved", "not-mergeable", "self-review", "stale-file". */
  readonly reason?: string;
  /** GitHub's own message, for logs. */
  readonly githubMessage?: string;
  /** For reason "missing-permission": what the App installation would need, e.g. "Pull requests (write)". */
  readonly missingPermission?: string;

  constructor(init: { kind: GitOpsErrorKind; operation: string; message: string; status?: number; resetAt?: Date; reason?: string; githubMessage?: string; missingPermission?: string; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "GitOpsError";
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.resetAt = init.resetAt;
    this.reason = init.reason;
    this.githubMessage = init.githubMessage;
    this.missingPermission = init.missingPermission;
  }

  /** Worth retrying later without changing anything (the job runner's question). */
  get retryable(): boolean {
    return this.kind === "unavailable" || this.kind === "rate-limited";
  }
}

export function isGitOpsError(e: unknown): e is GitOpsError {
  return e instanceof GitOpsError;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function githubMessageOf(e: RequestErrorLike): string {
  const data = e.response?.data as { message?: unknown; errors?: unknown[] } | undefined;
  const base = typeof data?.message === "string" ? data.message : (e.message ?? "");
  const details = (data?.errors ?? [])
    .map((x) => (typeof x === "string" ? x : typeof (x as { message?: unknown })?.message === "string" ? (x as { message: string }).message : ""))
    .filter(Boolean);
  return details.length ? `${base}: ${details.join("; ")}` : base;
}

function header(e: RequestErrorLike, name: string): string | undefined {
  const v = e.response?.headers?.[name];
  return v === undefined ? undefined : String(v);
}

const PERMISSION_NAMES: Record<string, string> = {
  actions: "Actions",
  checks: "Checks",
  contents: "Contents",
  issues: "Issues",
  metadata: "Metadata",
  pull_requests: "Pull requests",
  statuses: "Commit statuses",
};

/** GitHub's `x-accepted-github-permissions` (`pull_requests=write; issues=write`) in the App settings' words. */
export function describePermissions(header: string | undefined): string | null {
  if (!header) return null;
  const sets = header
    .split(";")
    .map((set) =>
      set
        .split(",")
        .map((pair) => {
          const [name, level] = pair.trim().split("=");
          return name ? `${PERMISSION_NAMES[name] ?? name} (${level ?? "read"})` : "";
        })
        .filter(Boolean)
        .join(" and "),
    )
    .filter(Boolean);
  return sets.length ? sets.join(" or ") : null;
}

/** Maps an Octokit RequestError (or a network failure) to a GitOpsError with a message a person can act on. */
export function toGitOpsError(error: unknown, operation: string, target: string): GitOpsError {
  if (error instanceof GitOpsError) return error;
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === "number" ? e.status : undefined;
  const gh = githubMessageOf(e);
  const make = (kind: GitOpsErrorKind, message: string, extra: { resetAt?: Date; reason?: string } = {}) =>
    new GitOpsError({ kind, operation, status, message: `${operation} failed: ${message}`, githubMessage: gh, cause: error, ...extra });

  // Octokit reports a request that never got an answer (DNS, refused, reset, timeout) as a 500 without a response.
  if (status === undefined || (status === 500 && !e.response)) {
    return make("unavailable", `GitHub could not be reached (${gh || "network error"}). Check the API URL and network; ModelGate will retry.`);
  }
  if (status === 401) {
    return make("unauthorized", `GitHub rejected the credentials (401 ${gh}). Check the token, or the GitHub App id, private key and installation id.`);
  }
  const remaining = header(e, "x-ratelimit-remaining");
  const retryAfter = Number(header(e, "retry-after"));
  if (status === 429 || (status === 403 && (remaining === "0" || /rate limit/i.test(gh) || (Number.isFinite(retryAfter) && header(e, "retry-after") !== undefined)))) {
    const reset = Number(header(e, "x-ratelimit-reset"));
    const resetAt = Number.isFinite(retryAfter) && header(e, "retry-after") !== undefined
      ? new Date(Date.now() + retryAfter * 1000)
      : Number.isFinite(reset) && reset > 0
        ? new Date(reset * 1000)
        : new Date(Date.now() + 60_000);
    const secondary = /secondary/i.test(gh);
    return make("rate-limited", `GitHub's ${secondary ? "secondary" : "primary"} rate limit was hit; it lifts at ${resetAt.toISOString()}. ModelGate will retry after that.`, { resetAt, reason: secondary ? "secondary-rate-limit" : "primary-rate-limit" });
  }
  if (status === 403 && /Resource not accessible by integration/i.test(gh)) {
    const needed = describePermissions(header(e, "x-accepted-github-permissions"));
    return new GitOpsError({
      kind: "forbidden",
      reason: "missing-permission",
      operation,
      status,
      githubMessage: gh,
      missingPermission: needed ?? undefined,
      cause: error,
      message:
        `${operation} failed: the ModelGate GitHub App's installation on ${target} lacks the permission this needs` +
        `${needed ? ` (${needed})` : ""}. An organisation owner must grant it in the App's settings (Permissions) and accept the new permissions; GitHub changed nothing.`,
    });
  }
  if (status === 403) {
    return make("forbidden", `GitHub refused access to ${target} (403 ${gh}). The token or App needs contents, pull requests and checks permissions on this repository, and branch rules must allow the action.`);
  }
  if (status === 404) {
    return make("not-found", `not found on ${target} (404). Check owner, repository, branch and path; GitHub also answers 404 when the credentials can't see a private repository.`);
  }
  if (status === 409) {
    return make(
      "conflict",
      /Head branch was modified/i.test(gh)
        ? `the pull request's branch changed since it was read (${gh}). Reload it and try again.`
        : `the file or branch changed on GitHub since it was read (${gh}). Re-read it and re-apply the change.`,
      { reason: /Head branch was modified/i.test(gh) ? "head-moved" : "stale-file" },
    );
  }
  if (status === 405) {
    return make("conflict", `GitHub won't merge this pull request yet: ${gh}. Resolve what it names (conflicts, required reviews or checks) and try again.`, { reason: "not-mergeable" });
  }
  if (status === 422) {
    if (/Reference already exists/i.test(gh)) return make("conflict", `the branch already exists on ${target}.`, { reason: "branch-exists" });
    if (/pull request already exists/i.test(gh)) return make("conflict", `a pull request for this branch already exists (${gh}).`, { reason: "pull-request-exists" });
    if (/not a fast forward/i.test(gh)) return make("conflict", `the branch moved on GitHub (${gh}).`, { reason: "not-fast-forward" });
    if (/your own pull request/i.test(gh)) {
      return make("validation", `GitHub doesn't let a pull request's author approve or request changes on it (${gh}). Configure a separate reviewer identity (reviewerAuth) for approvals.`, { reason: "self-review" });
    }
    if (/No commits between/i.test(gh)) return make("validation", `the branch has no changes against the base branch (${gh}).`, { reason: "no-changes" });
    return make("validation", `GitHub rejected the request as invalid (422 ${gh}).`);
  }
  if (status >= 500) {
    return make("unavailable", `GitHub is having trouble (${status} ${gh}); retries were exhausted. ModelGate will try again later.`);
  }
  return make("unknown", `GitHub answered ${status}: ${gh}`);
}
