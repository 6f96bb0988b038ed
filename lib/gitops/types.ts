import { z } from "zod";

/** Token (PAT, fine-grained token, or the emulator's) or a GitHub App installation. */
export type GitOpsAuth =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string | number; privateKey: string; installationId: string | number };

export type MergeMethod = "merge" | "squash" | "rebase";

/** Everything lib/gitops needs; the composition root (lib/server.ts) builds it from lib/env's configuration. */
export interface GitOpsConfig {
  /** API root: https://api.github.com (default), https://HOST/api/v3 for GitHub Enterprise Server, or the emulator. */
  baseUrl?: string;
  owner: string;
  repo: string;
  /** Default "main". */
  baseBranch?: string;
  auth: GitOpsAuth;
  /**
   * Identity used for reviews. GitHub refuses APPROVE / REQUEST_CHANGES from a pull request's author, so when
   * ModelGate both opens and approves PRs, reviews need a second identity. Defaults to `auth`.
   */
  reviewerAuth?: GitOpsAuth;
  /** Default "manage-ai-models/*.bicepparam". */
  paramFileGlob?: string;
  /** Default "squash". */
  mergeMethod?: MergeMethod;
  userAgent?: string;
}

const authSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("token"), token: z.string().min(1) }),
  z.object({
    kind: z.literal("app"),
    appId: z.union([z.string().min(1), z.number().int().positive()]),
    privateKey: z.string().includes("PRIVATE KEY", { message: "must be a PEM private key" }),
    installationId: z.union([z.string().min(1), z.number().int().positive()]),
  }),
]);

/** Validates a GitOpsConfig. */
export const gitOpsConfigSchema = z.object({
  baseUrl: z.url().optional(),
  owner: z.string().min(1),
  repo: z.string().min(1),
  baseBranch: z.string().min(1).optional(),
  auth: authSchema,
  reviewerAuth: authSchema.optional(),
  paramFileGlob: z.string().min(1).optional(),
  mergeMethod: z.enum(["merge", "squash", "rebase"]).optional(),
  userAgent: z.string().optional(),
});

/** One HTTP request lib/gitops sent (for call counting and metrics). */
export interface GitOpsRequestEvent {
  method: string;
  url: string;
  status: number;
  /** Answered 304 to a conditional request: served from the ETag cache, free of rate limit. */
  notModified: boolean;
  durationMs: number;
  rateLimitRemaining?: number;
  rateLimitLimit?: number;
  /** When the rate limit resets (seconds since the epoch, GitHub's x-ratelimit-reset). */
  rateLimitReset?: number;
}

/** Knobs that aren't configuration: injection for tests, tuning of retries and pacing. */
export interface GitOpsClientOptions {
  fetch?: typeof fetch;
  onRequest?: (event: GitOpsRequestEvent) => void;
  /** Retries of 5xx/network failures (plugin-retry). Default 3. */
  retries?: number;
  /** Base of the retry back-off: retry n waits n² × this. Default 1000 ms. */
  retryBaseMs?: number;
  /** Minimum spacing of writes (GitHub asks ≥ 1 s between content-creating requests). Default 1000 ms. */
  writeIntervalMs?: number;
  /** Wait out a rate limit only if it resets within this many seconds; otherwise fail with rate-limited. Default 60. */
  maxRateLimitWaitSeconds?: number;
  /** Unit of retry-after waits (plugin-throttling's retryAfterBaseValue). Default 1000 ms; tests shrink it. */
  rateLimitWaitUnitMs?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Entries kept in the ETag cache. Default 500. */
  etagCacheSize?: number;
  /** Characters of response bodies the ETag cache may hold. Default 16 M. */
  etagCacheBytes?: number;
}

export interface FileAtRef {
  path: string;
  content: string;
  /** Blob sha: pass it back as `expectedSha` when committing an edit of this content. */
  sha: string;
  ref: string;
}

/** A parameter file on the base branch, as read from the repository. */
export interface ParamFileContent {
  path: string;
  /** Blob sha of the file on the base branch. */
  sha: string;
  /** Commit of the base branch the file was read at. */
  commitSha: string;
  content: string;
}

export interface CommitResult {
  branch: string;
  commitSha: string;
  /** Blob sha of the committed file. */
  blobSha: string;
  /** Commit the branch was (re)based on. */
  baseSha: string;
}

export interface PullRequestSummary {
  number: number;
  url: string;
  title: string;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  mergeCommitSha: string | null;
  author: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
}

export interface ReviewSummary {
  id: number;
  user: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  body: string;
  commitId: string | null;
  submittedAt: string | null;
}

export interface CheckRunSummary {
  id: number;
  name: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  title: string | null;
  summary: string | null;
  annotationsCount: number;
}

export interface CombinedStatusSummary {
  state: "pending" | "success" | "failure" | "error";
  totalCount: number;
  statuses: { context: string; state: string; description: string | null; targetUrl: string | null }[];
}

/** One verdict over check runs + commit statuses: none (nothing reported), pending, success or failure. */
export type ChecksVerdict = "none" | "pending" | "success" | "failure";

export interface PullRequestStatus extends PullRequestSummary {
  /** null while GitHub computes it. */
  mergeable: boolean | null;
  /** clean, dirty (conflicts), blocked (protection), unstable, behind, draft, unknown. */
  mergeableState: string;
  reviews: ReviewSummary[];
  checkRuns: CheckRunSummary[];
  combinedStatus: CombinedStatusSummary;
  checks: ChecksVerdict;
}

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number | null;
  endColumn: number | null;
  level: string | null;
  title: string | null;
  message: string | null;
}

export interface WorkflowRunSummary {
  id: number;
  name: string | null;
  path: string;
  event: string;
  status: string | null;
  conclusion: string | null;
  headSha: string;
  headBranch: string | null;
  runNumber: number;
  url: string;
  createdAt: string;
  updatedAt: string;
}

export interface MergeResult {
  merged: boolean;
  sha: string;
  message: string;
}

export interface GitHubHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
  /** App permissions the installation lacks, e.g. "Pull requests (write)". */
  missingPermissions?: string[];
  rateLimit?: { limit: number; remaining: number; resetAt: string };
}
