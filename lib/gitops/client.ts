import "server-only";
import picomatch from "picomatch";
import { describePermissions, GitOpsError, toGitOpsError } from "./errors";
import { BoundedLru } from "./bounded-lru";
import { EtagCache } from "./etag-fetch";
import { createOctokit, type GitOpsOctokitInstance } from "./octokit";
import type { RateLimitState } from "./rate-budget";
import type {
  ChangedFile,
  CheckAnnotation,
  CheckRunSummary,
  CommitSummary,
  ChecksVerdict,
  CombinedStatusSummary,
  CommitResult,
  ParamFileContent,
  FileAtRef,
  GitHubHealth,
  GitOpsClientOptions,
  GitOpsConfig,
  GitOpsRequestEvent,
  IssueCommentSummary,
  MergeMethod,
  MergeResult,
  PullRequestStatus,
  PullRequestSummary,
  ReviewSummary,
  WorkflowRunSummary,
} from "./types";


export interface OpenPullRequestInput {
  head: string;
  title: string;
  body: string;
  base?: string;
  labels?: string[];
  reviewers?: string[];
  teamReviewers?: string[];
  draft?: boolean;
}

export interface CommitFileInput {
  branch: string;
  path: string;
  /** The whole edited file. */
  content: string;
  message: string;
  /** Blob sha of the file being replaced (from readFile / discoverParamFiles); null creates a new file. */
  expectedSha: string | null;
  /** Commit to branch from; defaults to the base branch's tip. */
  baseSha?: string;
  /** Create the branch first (default true). */
  createBranch?: boolean;
}

export interface OpenChangeInput extends Omit<CommitFileInput, "createBranch" | "message"> {
  commitMessage: string;
  title: string;
  body: string;
  labels?: string[];
  reviewers?: string[];
  teamReviewers?: string[];
  draft?: boolean;
}

export interface OpenChangeResult {
  pullRequest: PullRequestSummary;
  commitSha: string;
  baseSha: string;
  /** An earlier attempt had already created the branch and/or PR; this call completed it. */
  resumed: boolean;
  /** Review requests GitHub refused (not a collaborator, the PR's author, no such team); the PR is open without them. */
  refusedReviewers: RefusedReviewer[];
}

export interface UpdateBranchInput {
  branch: string;
  path: string;
  content: string;
  message: string;
  /** The new base commit (normally the base branch's tip the edit was re-applied to); defaults to the tip. */
  baseSha?: string;
  /** Refuse (conflict) if the branch no longer points here, e.g. someone pushed to it. */
  expectedHeadSha?: string;
}

/** A review request GitHub refused. */
export interface RefusedReviewer {
  kind: "user" | "team";
  name: string;
  /** GitHub's words, e.g. "Reviews may only be requested from collaborators. …". */
  reason: string;
}

/** The App permissions ModelGate's calls need (labels and comments go through "Pull requests"). */
export const REQUIRED_APP_PERMISSIONS: Record<string, "read" | "write"> = { metadata: "read", contents: "write", pull_requests: "write", checks: "read", statuses: "read", actions: "read" };

function b64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

function unb64(content: string): string {
  return Buffer.from(content, "base64").toString("utf8");
}

type AnyPull = {
  number: number;
  html_url: string;
  title: string;
  state: string;
  draft?: boolean;
  merged?: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  user: { login: string } | null;
  labels: ({ name?: string } | string)[];
  requested_reviewers?: ({ login: string } | null)[] | null;
  requested_teams?: ({ slug: string } | null)[] | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
};

function toSummary(p: AnyPull): PullRequestSummary {
  return {
    number: p.number,
    url: p.html_url,
    title: p.title,
    state: p.state === "open" ? "open" : "closed",
    merged: p.merged ?? p.merged_at !== null,
    draft: p.draft ?? false,
    headRef: p.head.ref,
    headSha: p.head.sha,
    baseRef: p.base.ref,
    baseSha: p.base.sha,
    mergeCommitSha: p.merged_at ? p.merge_commit_sha : null,
    author: p.user?.login ?? "ghost",
    labels: p.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
    requestedReviewers: (p.requested_reviewers ?? []).flatMap((u) => (u ? [u.login] : [])),
    requestedTeams: (p.requested_teams ?? []).flatMap((t) => (t ? [t.slug] : [])),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    closedAt: p.closed_at,
    mergedAt: p.merged_at,
  };
}

/** One verdict over check runs (latest per name) and commit statuses. */
export function summarizeChecks(checkRuns: CheckRunSummary[], status: CombinedStatusSummary): ChecksVerdict {
  const verdicts: ChecksVerdict[] = [];
  for (const c of checkRuns) {
    if (c.status !== "completed") verdicts.push("pending");
    else if (["failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"].includes(c.conclusion ?? "")) verdicts.push("failure");
    else verdicts.push("success");
  }
  if (status.totalCount > 0) verdicts.push(status.state === "success" ? "success" : status.state === "pending" ? "pending" : "failure");
  if (!verdicts.length) return "none";
  if (verdicts.includes("failure")) return "failure";
  if (verdicts.includes("pending")) return "pending";
  return "success";
}

/** One verdict from two (check runs alone, commit statuses alone), with summarizeChecks' precedence. */
export function combineChecks(a: ChecksVerdict, b: ChecksVerdict): ChecksVerdict {
  if (a === "failure" || b === "failure") return "failure";
  if (a === "pending" || b === "pending") return "pending";
  return a === "none" && b === "none" ? "none" : "success";
}

/** Half of a commit's checks read with the caller's ETag: unchanged (304, free), or its verdict and new ETag. */
export type ChecksPart = { notModified: true } | { notModified: false; etag: string | null; verdict: ChecksVerdict };

/** Pull requests by last update: nothing changed (304), or those updated since, with the first page's ETag. */
export type PullRequestsByUpdate = { notModified: true } | { notModified: false; etag: string | null; pulls: PullRequestSummary[]; complete: boolean };

/**
 * Everything ModelGate does on GitHub, as plain DTOs. Reads that get polled are conditional (ETag), writes are
 * paced and retried by the Octokit plugins, and every failure is a GitOpsError.
 */
export class GitOpsClient {
  readonly owner: string;
  readonly repo: string;
  readonly baseBranch: string;
  private readonly octokit: GitOpsOctokitInstance;
  private readonly reviewer: GitOpsOctokitInstance;
  private readonly isParamFile: (path: string) => boolean;
  private readonly target: string;
  // Blobs are content-addressed: kept by sha, bounded by their size (a parameter file can be megabytes).
  private readonly blobCache: BoundedLru<string>;
  private readonly etagCache: EtagCache;
  private seenRateLimit: RateLimitState | null = null;

  /** GitHub's rate limit of ModelGate's identity as its last response stated it (null before any). */
  get rateLimit(): RateLimitState | null {
    return this.seenRateLimit;
  }

  /** What the ETag cache and the blob cache hold (entries, characters). */
  get cacheStats(): { entries: number; bytes: number; blobs: number; blobBytes: number } {
    return { entries: this.etagCache.size, bytes: this.etagCache.bytes, blobs: this.blobCache.size, blobBytes: this.blobCache.bytes };
  }
  // Commits and trees are content-addressed: once read, a sha's answer never changes.
  private readonly commitCache = new Map<string, CommitSummary>();
  private readonly treeCache = new Map<string, Map<string, string>>();

  constructor(
    readonly config: GitOpsConfig,
    options: GitOpsClientOptions = {},
  ) {
    this.owner = config.owner;
    this.repo = config.repo;
    this.baseBranch = config.baseBranch ?? "main";
    const cache = new EtagCache(options.etagCacheSize ?? 500, options.etagCacheBytes);
    this.blobCache = new BoundedLru<string>(200, options.blobCacheBytes ?? 32 * 1024 * 1024, (text) => text.length);
    this.etagCache = cache;
    const onRequest = (e: GitOpsRequestEvent) => {
      if (e.rateLimitRemaining !== undefined && Number.isFinite(e.rateLimitRemaining) && e.rateLimitLimit && e.rateLimitReset) {
        this.seenRateLimit = { limit: e.rateLimitLimit, remaining: e.rateLimitRemaining, resetAt: new Date(e.rateLimitReset * 1000).toISOString(), observedAt: new Date().toISOString() };
      }
      options.onRequest?.(e);
    };
    this.octokit = createOctokit(config, config.auth, { ...options, onRequest }, cache);
    this.reviewer = config.reviewerAuth ? createOctokit(config, config.reviewerAuth, options, new EtagCache(50)) : this.octokit;
    this.isParamFile = picomatch(config.paramFileGlob ?? "manage-ai-models/*.bicepparam");
    this.target = `${config.owner}/${config.repo}`;
  }

  private get repoParams() {
    return { owner: this.owner, repo: this.repo };
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toGitOpsError(e, operation, this.target);
    }
  }

  /** The commit a branch points to (default: the base branch). */
  async getBranchSha(branch: string = this.baseBranch): Promise<string> {
    return this.call(`read branch ${branch}`, async () => {
      const { data } = await this.octokit.rest.git.getRef({ ...this.repoParams, ref: `heads/${branch}` });
      return data.object.sha;
    });
  }

  /** A file's text and blob sha at a ref (branch, tag or commit sha). */
  async readFile(path: string, ref: string = this.baseBranch): Promise<FileAtRef> {
    return this.call(`read ${path}@${ref}`, async () => {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.repoParams, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) {
        throw new GitOpsError({ kind: "validation", operation: `read ${path}@${ref}`, message: `read ${path}@${ref} failed: it is a ${Array.isArray(data) ? "directory" : data.type}, not a file.` });
      }
      // Files over 1 MB come without inline content (encoding "none"); read their blob instead.
      const content = data.encoding === "none" ? await this.readBlob(data.sha) : unb64(data.content);
      return { path: data.path, content, sha: data.sha, ref };
    });
  }

  private async readBlob(sha: string): Promise<string> {
    // Blobs are content-addressed: one read per sha for the life of the client.
    const hit = this.blobCache.get(sha);
    if (hit !== undefined) return hit;
    const text = await this.call(`read blob ${sha}`, async () => unb64((await this.octokit.rest.git.getBlob({ ...this.repoParams, file_sha: sha })).data.content));
    this.blobCache.set(sha, text);
    return text;
  }

  /**
   * The parameter files on the base branch matching the glob, with their text (one tree read, blobs by sha).
   * Reading them is lib/paramfile's business, so the caller resolves what each file targets.
   */
  async listParamFiles(): Promise<ParamFileContent[]> {
    const commitSha = await this.getBranchSha();
    const tree = await this.call(`list files of ${this.baseBranch}`, async () => (await this.octokit.rest.git.getTree({ ...this.repoParams, tree_sha: commitSha, recursive: "1" })).data);
    const entries = tree.tree.filter((e) => e.type === "blob" && e.path && e.sha && this.isParamFile(e.path));
    const files = await Promise.all(entries.map(async (e) => ({ path: e.path!, sha: e.sha!, commitSha, content: await this.readBlob(e.sha!) })));
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** A commit's message, author and parents (remembered by sha: commits never change). */
  async getCommit(sha: string): Promise<CommitSummary> {
    const hit = this.commitCache.get(sha);
    if (hit) return hit;
    const commit = await this.call(`read commit ${sha.slice(0, 7)}`, async () => {
      const { data } = await this.octokit.rest.git.getCommit({ ...this.repoParams, commit_sha: sha });
      return { sha: data.sha, message: data.message, author: { name: data.author.name, email: data.author.email, date: data.author.date ?? null }, parents: data.parents.map((p) => p.sha) };
    });
    remember(this.commitCache, sha, commit, 500);
    return commit;
  }

  /** The blobs of a commit's tree by path (one recursive tree read, remembered by sha). */
  private async treeBlobs(commitSha: string): Promise<Map<string, string>> {
    const hit = this.treeCache.get(commitSha);
    if (hit) return hit;
    const tree = await this.call(`list files of ${commitSha.slice(0, 7)}`, async () => (await this.octokit.rest.git.getTree({ ...this.repoParams, tree_sha: commitSha, recursive: "1" })).data);
    const blobs = new Map<string, string>();
    for (const e of tree.tree) if (e.type === "blob" && e.path && e.sha) blobs.set(e.path, e.sha);
    remember(this.treeCache, commitSha, blobs, 20);
    return blobs;
  }

  /**
   * The files that differ between two commits, with their text on each side: two tree reads and the changed blobs,
   * all content-addressed (read once per sha), the same comparison git makes for a pull request's diff.
   */
  async diffCommits(baseSha: string, headSha: string): Promise<ChangedFile[]> {
    const [before, after] = await Promise.all([this.treeBlobs(baseSha), this.treeBlobs(headSha)]);
    const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
    return Promise.all(
      paths.map(async (path): Promise<ChangedFile> => {
        const b = before.get(path);
        const a = after.get(path);
        return {
          path,
          status: !b ? "added" : !a ? "removed" : "modified",
          before: b ? await this.readBlob(b) : null,
          after: a ? await this.readBlob(a) : null,
        };
      }),
    );
  }

  /** A file's text at a commit, or null when the commit has no such file (tree and blob read once per sha). */
  async readFileAtCommit(path: string, commitSha: string): Promise<string | null> {
    const blob = (await this.treeBlobs(commitSha)).get(path);
    return blob ? this.readBlob(blob) : null;
  }

  /** Every comment of a pull request's conversation, oldest first (conditional reads, 100 per page). */
  async listIssueComments(number: number): Promise<IssueCommentSummary[]> {
    return this.call(`read comments of #${number}`, async () => {
      const data = await this.octokit.paginate(this.octokit.rest.issues.listComments, { ...this.repoParams, issue_number: number, per_page: 100 });
      return data.map(toIssueComment);
    });
  }

  /** Adds a comment to a pull request's conversation. */
  async createIssueComment(number: number, body: string): Promise<IssueCommentSummary> {
    return this.call(`comment on #${number}`, async () => toIssueComment((await this.octokit.rest.issues.createComment({ ...this.repoParams, issue_number: number, body })).data));
  }

  /** Replaces the text of a comment (ModelGate edits only its own). */
  async updateIssueComment(commentId: number, body: string): Promise<IssueCommentSummary> {
    return this.call(`edit comment ${commentId}`, async () => toIssueComment((await this.octokit.rest.issues.updateComment({ ...this.repoParams, comment_id: commentId, body })).data));
  }

  /** Creates a branch at a commit. */
  async createBranch(branch: string, sha: string): Promise<{ ref: string; sha: string }> {
    return this.call(`create branch ${branch}`, async () => {
      const { data } = await this.octokit.rest.git.createRef({ ...this.repoParams, ref: `refs/heads/${branch}`, sha });
      return { ref: data.ref, sha: data.object.sha };
    });
  }

  /** Creates the branch from the base (unless told not to) and commits the edited file onto it. */
  async commitFile(input: CommitFileInput): Promise<CommitResult> {
    const baseSha = input.baseSha ?? (input.createBranch === false ? "" : await this.getBranchSha());
    if (input.createBranch !== false) await this.createBranch(input.branch, baseSha);
    return this.putFile(input.branch, input.path, input.content, input.message, input.expectedSha, baseSha);
  }

  private async putFile(branch: string, path: string, content: string, message: string, expectedSha: string | null, baseSha: string): Promise<CommitResult> {
    return this.call(`commit ${path} to ${branch}`, async () => {
      const { data } = await this.octokit.rest.repos.createOrUpdateFileContents({
        ...this.repoParams,
        path,
        branch,
        message,
        content: b64(content),
        ...(expectedSha ? { sha: expectedSha } : {}),
      });
      return { branch, commitSha: data.commit.sha!, blobSha: data.content?.sha ?? "", baseSha };
    });
  }

  /** Opens a PR and applies labels and requested reviewers (refused review requests are left out, not fatal). */
  async openPullRequest(input: OpenPullRequestInput): Promise<PullRequestSummary & { refusedReviewers: RefusedReviewer[] }> {
    const pr = await this.call(`open pull request for ${input.head}`, async () =>
      toSummary(
        (
          await this.octokit.rest.pulls.create({
            ...this.repoParams,
            head: input.head,
            base: input.base ?? this.baseBranch,
            title: input.title,
            body: input.body,
            draft: input.draft ?? false,
            maintainer_can_modify: false,
          })
        ).data as AnyPull,
      ),
    );
    const decorated = await this.decoratePullRequest(pr, input);
    return { ...decorated.pr, refusedReviewers: decorated.refusedReviewers };
  }

  private async decoratePullRequest(pr: PullRequestSummary, input: Pick<OpenPullRequestInput, "labels" | "reviewers" | "teamReviewers">): Promise<{ pr: PullRequestSummary; refusedReviewers: RefusedReviewer[] }> {
    const labels = input.labels?.filter((l) => !pr.labels.includes(l)) ?? [];
    if (labels.length) {
      const { data } = await this.call(`label pull request #${pr.number}`, () => this.octokit.rest.issues.addLabels({ ...this.repoParams, issue_number: pr.number, labels }));
      pr = { ...pr, labels: data.map((l) => l.name) };
    }
    const has = (list: string[], name: string) => list.some((x) => x.toLowerCase() === name.toLowerCase());
    const reviewers = (input.reviewers ?? []).filter((r) => r.toLowerCase() !== pr.author.toLowerCase() && !has(pr.requestedReviewers, r));
    const teams = (input.teamReviewers ?? []).filter((t) => !has(pr.requestedTeams, t));
    const refusedReviewers: RefusedReviewer[] = [];
    const request = async (users: string[], teamSlugs: string[]) => {
      const { data } = await this.call(`request reviewers on #${pr.number}`, () =>
        this.octokit.rest.pulls.requestReviewers({ ...this.repoParams, pull_number: pr.number, reviewers: users, team_reviewers: teamSlugs }),
      );
      const updated = toSummary(data as AnyPull);
      pr = { ...pr, requestedReviewers: updated.requestedReviewers, requestedTeams: updated.requestedTeams };
    };
    if (reviewers.length || teams.length) {
      try {
        await request(reviewers, teams);
      } catch (e) {
        if (!(e instanceof GitOpsError && e.status === 422)) throw e;
        // GitHub refuses the whole request when one login or team can't review: ask one at a time to learn which,
        // and request the others (extra calls only when something is misconfigured).
        for (const [kind, name] of [...reviewers.map((r) => ["user", r] as const), ...teams.map((t) => ["team", t] as const)]) {
          try {
            await (kind === "user" ? request([name], []) : request([], [name]));
          } catch (err) {
            if (!(err instanceof GitOpsError && err.status === 422)) throw err;
            refusedReviewers.push({ kind, name, reason: err.githubMessage ?? err.message });
          }
        }
      }
    }
    return { pr, refusedReviewers };
  }

  /**
   * Branch + commit + PR + labels + reviewers for one edited file, in at most 6 API calls (5 when baseSha is
   * given). Idempotent: re-running after a partial failure finishes the job instead of failing or duplicating.
   */
  async openChangePullRequest(input: OpenChangeInput): Promise<OpenChangeResult> {
    const baseSha = input.baseSha ?? (await this.getBranchSha());
    let resumed = false;
    let commitSha: string;
    try {
      await this.createBranch(input.branch, baseSha);
      commitSha = (await this.putFile(input.branch, input.path, input.content, input.commitMessage, input.expectedSha, baseSha)).commitSha;
    } catch (e) {
      if (!(e instanceof GitOpsError && e.reason === "branch-exists")) throw e;
      // An earlier attempt got at least as far as the branch: finish what it started.
      resumed = true;
      const existing = await this.readFile(input.path, input.branch).catch((err) => {
        if (err instanceof GitOpsError && err.kind === "not-found") return null;
        throw err;
      });
      if (existing?.content === input.content) commitSha = await this.getBranchSha(input.branch);
      else commitSha = (await this.putFile(input.branch, input.path, input.content, input.commitMessage, existing?.sha ?? null, baseSha)).commitSha;
      const pr = await this.findPullRequestByBranch(input.branch);
      if (pr && pr.state === "open") {
        const decorated = await this.decoratePullRequest(pr, input);
        return { pullRequest: decorated.pr, refusedReviewers: decorated.refusedReviewers, commitSha, baseSha, resumed };
      }
    }
    try {
      const { refusedReviewers, ...pr } = await this.openPullRequest({ head: input.branch, title: input.title, body: input.body, labels: input.labels, reviewers: input.reviewers, teamReviewers: input.teamReviewers, draft: input.draft });
      return { pullRequest: pr, refusedReviewers, commitSha, baseSha, resumed };
    } catch (e) {
      if (!(e instanceof GitOpsError && e.reason === "pull-request-exists")) throw e;
      const pr = await this.findPullRequestByBranch(input.branch);
      if (!pr) throw e;
      const decorated = await this.decoratePullRequest(pr, input);
      return { pullRequest: decorated.pr, refusedReviewers: decorated.refusedReviewers, commitSha, baseSha, resumed: true };
    }
  }

  /** Sets a pull request's title and body (e.g. after the request behind it was revised). */
  async updatePullRequestText(number: number, input: { title: string; body: string }): Promise<PullRequestSummary> {
    return this.call(`update pull request #${number}`, async () =>
      toSummary((await this.octokit.rest.pulls.update({ ...this.repoParams, pull_number: number, title: input.title, body: input.body })).data as AnyPull),
    );
  }

  /** The newest PR (any state) whose head is this branch of the repository, or null. */
  async findPullRequestByBranch(branch: string): Promise<PullRequestSummary | null> {
    return this.call(`find pull request for ${branch}`, async () => {
      const { data } = await this.octokit.rest.pulls.list({ ...this.repoParams, head: `${this.owner}:${branch}`, state: "all", per_page: 10 });
      const sorted = [...data].sort((a, b) => b.number - a.number);
      return sorted.length ? toSummary(sorted[0] as AnyPull) : null;
    });
  }

  /**
   * Re-creates the PR branch as one commit on top of a new base (the edit re-applied to the new main), then moves
   * the branch there in one step, so the PR never passes through an empty or conflicting state.
   */
  async updatePullRequestBranch(input: UpdateBranchInput): Promise<CommitResult> {
    const baseSha = input.baseSha ?? (await this.getBranchSha());
    if (input.expectedHeadSha) {
      const head = await this.getBranchSha(input.branch);
      if (head !== input.expectedHeadSha) {
        throw new GitOpsError({
          kind: "conflict",
          reason: "head-moved",
          operation: `update branch ${input.branch}`,
          message: `update branch ${input.branch} failed: it points to ${head.slice(0, 7)}, not ${input.expectedHeadSha.slice(0, 7)}; someone else pushed to it.`,
        });
      }
    }
    return this.call(`update branch ${input.branch}`, async () => {
      const base = await this.octokit.rest.git.getCommit({ ...this.repoParams, commit_sha: baseSha });
      const tree = await this.octokit.rest.git.createTree({
        ...this.repoParams,
        base_tree: base.data.tree.sha,
        tree: [{ path: input.path, mode: "100644", type: "blob", content: input.content }],
      });
      const commit = await this.octokit.rest.git.createCommit({ ...this.repoParams, message: input.message, tree: tree.data.sha, parents: [baseSha] });
      await this.octokit.rest.git.updateRef({ ...this.repoParams, ref: `heads/${input.branch}`, sha: commit.data.sha, force: true });
      const blob = tree.data.tree.find((e) => e.path === input.path)?.sha;
      return { branch: input.branch, commitSha: commit.data.sha, blobSha: blob ?? "", baseSha };
    });
  }

  /** PR state, mergeability, reviews, and the checks and statuses of its head: 4 conditional reads. */
  async getPullRequest(number: number): Promise<PullRequestStatus> {
    const op = `read pull request #${number}`;
    const pull = await this.call(op, async () => (await this.octokit.rest.pulls.get({ ...this.repoParams, pull_number: number })).data);
    const head = pull.head.sha;
    const [reviews, checkRuns, combined] = await Promise.all([
      this.call(op, async () => (await this.octokit.rest.pulls.listReviews({ ...this.repoParams, pull_number: number, per_page: 100 })).data),
      this.call(op, async () => (await this.octokit.rest.checks.listForRef({ ...this.repoParams, ref: head, per_page: 100 })).data),
      this.call(op, async () => (await this.octokit.rest.repos.getCombinedStatusForRef({ ...this.repoParams, ref: head, per_page: 100 })).data),
    ]);
    const runs = checkRuns.check_runs.map(toCheckRunSummary);
    const combinedStatus: CombinedStatusSummary = {
      state: combined.state as CombinedStatusSummary["state"],
      totalCount: combined.total_count,
      statuses: combined.statuses.map((s) => ({ context: s.context, state: s.state, description: s.description, targetUrl: s.target_url })),
    };
    return {
      ...toSummary(pull as AnyPull),
      merged: pull.merged,
      mergeable: pull.mergeable,
      mergeableState: pull.mergeable_state,
      reviews: reviews.map(
        (r): ReviewSummary => ({
          id: r.id,
          user: r.user?.login ?? "ghost",
          state: r.state as ReviewSummary["state"],
          body: r.body,
          commitId: r.commit_id,
          submittedAt: r.submitted_at ?? null,
        }),
      ),
      checkRuns: runs,
      combinedStatus,
      checks: summarizeChecks(runs, combinedStatus),
    };
  }

  /**
   * Pull requests of any state, most recently updated first, read conditionally with the caller's ETag of the
   * first page: `notModified` when no pull request changed since (GitHub answers 304, free of rate limit).
   * Otherwise the pull requests updated at or after `since` (further pages only while they reach back that
   * far, at most `maxPages`), and the new ETag to keep.
   */
  async listPullRequestsByUpdate(input: { etag?: string | null; since?: string | null; maxPages?: number } = {}): Promise<PullRequestsByUpdate> {
    const op = "list pull requests by update";
    const pulls: PullRequestSummary[] = [];
    let etag: string | null = null;
    const maxPages = input.maxPages ?? 20;
    for (let page = 1; page <= maxPages; page++) {
      let res;
      try {
        res = await this.octokit.rest.pulls.list({
          ...this.repoParams,
          state: "all",
          sort: "updated",
          direction: "desc",
          per_page: 100,
          page,
          ...(page === 1 && input.etag ? { headers: { "if-none-match": input.etag } } : {}),
        });
      } catch (e) {
        if (page === 1 && (e as { status?: number }).status === 304) return { notModified: true };
        throw toGitOpsError(e, op, this.target);
      }
      if (page === 1) etag = typeof res.headers.etag === "string" ? res.headers.etag : null;
      const list = res.data.map((p) => toSummary(p as AnyPull));
      pulls.push(...list.filter((p) => !input.since || p.updatedAt >= input.since));
      const reachedBack = list.length > 0 && input.since !== undefined && input.since !== null && list[list.length - 1].updatedAt < input.since;
      if (list.length < 100 || reachedBack) return { notModified: false, etag, pulls, complete: true };
    }
    return { notModified: false, etag, pulls, complete: false };
  }

  /** A pull request's state, head and merge as GitHub has them now: one read (no reviews, no checks). */
  async getPullRequestState(number: number): Promise<PullRequestSummary> {
    return this.call(`read pull request #${number}`, async () => {
      const { data } = await this.octokit.rest.pulls.get({ ...this.repoParams, pull_number: number });
      return { ...toSummary(data as AnyPull), merged: data.merged };
    });
  }

  /**
   * Whether a commit's checks changed since the caller last read them: the check runs and the commit statuses,
   * each read with the caller's own ETag (kept by the caller, e.g. in the database, so the answer is free
   * while nothing changed and no response body has to be held in memory). Each half is `notModified` or its
   * own verdict with the new ETag; `combineChecks` joins two verdicts.
   */
  async probeChecks(ref: string, etags: { runs?: string | null; statuses?: string | null } = {}): Promise<{ runs: ChecksPart; statuses: ChecksPart }> {
    const op = `read checks of ${ref.slice(0, 7)}`;
    const conditional = async <T>(etag: string | null | undefined, read: (headers: Record<string, string>) => Promise<{ data: T; headers: { etag?: string } }>, verdictOf: (data: T) => ChecksVerdict): Promise<ChecksPart> => {
      try {
        const res = await read(etag ? { "if-none-match": etag } : {});
        return { notModified: false, etag: typeof res.headers.etag === "string" ? res.headers.etag : null, verdict: verdictOf(res.data) };
      } catch (e) {
        if (etag && (e as { status?: number }).status === 304) return { notModified: true };
        throw toGitOpsError(e, op, this.target);
      }
    };
    const [runs, statuses] = await Promise.all([
      conditional(
        etags.runs,
        (headers) => this.octokit.rest.checks.listForRef({ ...this.repoParams, ref, per_page: 100, headers }),
        (data) => summarizeChecks(data.check_runs.map(toCheckRunSummary), { state: "pending", totalCount: 0, statuses: [] }),
      ),
      conditional(
        etags.statuses,
        (headers) => this.octokit.rest.repos.getCombinedStatusForRef({ ...this.repoParams, ref, per_page: 100, headers }),
        (data) => summarizeChecks([], { state: data.state as CombinedStatusSummary["state"], totalCount: data.total_count, statuses: [] }),
      ),
    ]);
    return { runs, statuses };
  }

  /** The reviews of a pull request (one conditional read). */
  async listReviews(number: number): Promise<ReviewSummary[]> {
    return this.call(`read reviews of #${number}`, async () =>
      (await this.octokit.rest.pulls.listReviews({ ...this.repoParams, pull_number: number, per_page: 100 })).data.map(
        (r): ReviewSummary => ({ id: r.id, user: r.user?.login ?? "ghost", state: r.state as ReviewSummary["state"], body: r.body, commitId: r.commit_id, submittedAt: r.submitted_at ?? null }),
      ),
    );
  }

  /** The checks and commit statuses of a commit and their verdict (two conditional reads). */
  async getChecks(ref: string): Promise<{ checkRuns: CheckRunSummary[]; combinedStatus: CombinedStatusSummary; checks: ChecksVerdict }> {
    const op = `read checks of ${ref.slice(0, 7)}`;
    const [checkRuns, combined] = await Promise.all([
      this.call(op, async () => (await this.octokit.rest.checks.listForRef({ ...this.repoParams, ref, per_page: 100 })).data),
      this.call(op, async () => (await this.octokit.rest.repos.getCombinedStatusForRef({ ...this.repoParams, ref, per_page: 100 })).data),
    ]);
    const runs = checkRuns.check_runs.map(toCheckRunSummary);
    const combinedStatus: CombinedStatusSummary = {
      state: combined.state as CombinedStatusSummary["state"],
      totalCount: combined.total_count,
      statuses: combined.statuses.map((x) => ({ context: x.context, state: x.state, description: x.description, targetUrl: x.target_url })),
    };
    return { checkRuns: runs, combinedStatus, checks: summarizeChecks(runs, combinedStatus) };
  }

  /** The check runs of a commit, e.g. the deploy job of a merge commit on main. */
  async listCheckRuns(ref: string): Promise<CheckRunSummary[]> {
    return this.call(`read check runs of ${ref.slice(0, 7)}`, async () => {
      const { data } = await this.octokit.rest.checks.listForRef({ ...this.repoParams, ref, per_page: 100 });
      return data.check_runs.map(toCheckRunSummary);
    });
  }

  /** The annotations of a check run (where a failed validation points in the file). */
  async listCheckRunAnnotations(checkRunId: number): Promise<CheckAnnotation[]> {
    return this.call(`read annotations of check run ${checkRunId}`, async () => {
      const { data } = await this.octokit.rest.checks.listAnnotations({ ...this.repoParams, check_run_id: checkRunId, per_page: 100 });
      return data.map((a) => ({
        path: a.path,
        startLine: a.start_line,
        endLine: a.end_line,
        startColumn: a.start_column,
        endColumn: a.end_column,
        level: a.annotation_level,
        title: a.title,
        message: a.message,
      }));
    });
  }

  /** Approve or request changes (with a comment), as the reviewer identity when one is configured. */
  async submitReview(number: number, input: { event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT"; body?: string; commitId?: string }): Promise<ReviewSummary> {
    return this.call(`review pull request #${number}`, async () => {
      const { data } = await this.reviewer.rest.pulls.createReview({
        ...this.repoParams,
        pull_number: number,
        event: input.event,
        ...(input.body ? { body: input.body } : {}),
        ...(input.commitId ? { commit_id: input.commitId } : {}),
      });
      return { id: data.id, user: data.user?.login ?? "ghost", state: data.state as ReviewSummary["state"], body: data.body, commitId: data.commit_id, submittedAt: data.submitted_at ?? null };
    });
  }

  /** Merges with the configured method; `sha` refuses the merge if the head moved since it was reviewed. */
  async mergePullRequest(number: number, input: { method?: MergeMethod; sha?: string; commitTitle?: string; commitMessage?: string } = {}): Promise<MergeResult> {
    return this.call(`merge pull request #${number}`, async () => {
      const { data } = await this.octokit.rest.pulls.merge({
        ...this.repoParams,
        pull_number: number,
        merge_method: input.method ?? this.config.mergeMethod ?? "squash",
        ...(input.sha ? { sha: input.sha } : {}),
        ...(input.commitTitle ? { commit_title: input.commitTitle } : {}),
        ...(input.commitMessage ? { commit_message: input.commitMessage } : {}),
      });
      return { merged: data.merged, sha: data.sha, message: data.message };
    });
  }

  /** Closes without merging, leaving a comment that says why; optionally deletes the branch. */
  async closePullRequest(number: number, input: { comment?: string; deleteBranch?: boolean } = {}): Promise<PullRequestSummary> {
    if (input.comment) {
      await this.call(`comment on #${number}`, () => this.octokit.rest.issues.createComment({ ...this.repoParams, issue_number: number, body: input.comment! }));
    }
    const pr = await this.call(`close pull request #${number}`, async () => toSummary((await this.octokit.rest.pulls.update({ ...this.repoParams, pull_number: number, state: "closed" })).data as AnyPull));
    if (input.deleteBranch) await this.deleteBranch(pr.headRef);
    return pr;
  }

  /** Deletes a branch; a branch that is already gone is fine. */
  async deleteBranch(branch: string): Promise<void> {
    try {
      await this.octokit.rest.git.deleteRef({ ...this.repoParams, ref: `heads/${branch}` });
    } catch (e) {
      const err = toGitOpsError(e, `delete branch ${branch}`, this.target);
      if (err.kind !== "validation" && err.kind !== "not-found") throw err;
    }
  }

  /** GitHub Actions runs for a commit (the deploy run of a merge commit, or the PR runs of a head). */
  async listWorkflowRuns(input: { headSha?: string; event?: string; branch?: string }): Promise<WorkflowRunSummary[]> {
    return this.call(`list workflow runs${input.headSha ? ` for ${input.headSha.slice(0, 7)}` : input.branch ? ` on ${input.branch}` : ""}`, async () => {
      const { data } = await this.octokit.rest.actions.listWorkflowRunsForRepo({
        ...this.repoParams,
        ...(input.headSha ? { head_sha: input.headSha } : {}),
        per_page: 50,
        ...(input.event ? { event: input.event } : {}),
        ...(input.branch ? { branch: input.branch } : {}),
      });
      return data.workflow_runs.map((r) => ({
        id: r.id,
        name: r.name ?? null,
        path: r.path,
        event: r.event,
        status: r.status,
        conclusion: r.conclusion,
        headSha: r.head_sha,
        headBranch: r.head_branch,
        runNumber: r.run_number,
        url: r.html_url,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    });
  }

  /**
   * Re-runs the failed jobs of a workflow run (GitHub keeps the run's event, so a deploy run deploys the same
   * commit's files again). GitHub refuses runs older than a month.
   */
  async rerunFailedJobs(runId: number): Promise<void> {
    await this.call(`re-run the failed jobs of run ${runId}`, async () => {
      await this.octokit.rest.actions.reRunWorkflowFailedJobs({ ...this.repoParams, run_id: runId });
    });
  }

  /**
   * What the App installation lacks of what ModelGate needs, in the App settings' words (e.g. "Pull requests
   * (write)"); [] for token auth or when all is granted. Reads the permissions of the (cached) installation token.
   */
  private async missingAppPermissions(): Promise<string[]> {
    if (this.config.auth.kind !== "app") return [];
    const auth = (await this.octokit.auth({ type: "installation" })) as { permissions?: Record<string, string> };
    const granted = auth.permissions ?? {};
    const rank = (level: string | undefined) => (level === "admin" ? 3 : level === "write" ? 2 : level === "read" ? 1 : 0);
    return Object.entries(REQUIRED_APP_PERMISSIONS)
      .filter(([name, level]) => rank(granted[name]) < rank(level))
      .map(([name, level]) => describePermissions(`${name}=${level}`)!);
  }

  /** Reachability and credentials in one cheap conditional read (no retries, short timeout). */
  async checkHealth(): Promise<GitHubHealth> {
    const started = performance.now();
    try {
      const res = await this.octokit.rest.repos.get({ ...this.repoParams, request: { retries: 0 } });
      const h = res.headers;
      const latencyMs = Math.round(performance.now() - started);
      const limit = Number(h["x-ratelimit-limit"]);
      const missing = await this.missingAppPermissions();
      return {
        ok: true,
        latencyMs,
        ...(missing.length ? { missingPermissions: missing } : {}),
        ...(Number.isFinite(limit)
          ? { rateLimit: { limit, remaining: Number(h["x-ratelimit-remaining"]), resetAt: new Date(Number(h["x-ratelimit-reset"]) * 1000).toISOString() } }
          : {}),
      };
    } catch (e) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: toGitOpsError(e, "check GitHub", this.target).message };
    }
  }
}

/** Keeps at most `max` entries, dropping the oldest. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

type IssueCommentData = Awaited<ReturnType<GitOpsOctokitInstance["rest"]["issues"]["createComment"]>>["data"];

function toIssueComment(c: IssueCommentData): IssueCommentSummary {
  return { id: c.id, body: c.body ?? "", user: c.user?.login ?? "ghost", url: c.html_url, createdAt: c.created_at, updatedAt: c.updated_at };
}

type CheckRunData = Awaited<ReturnType<GitOpsOctokitInstance["rest"]["checks"]["listForRef"]>>["data"]["check_runs"][number];

/** A check run as GitHub lists it, reduced to what ModelGate reads. */
function toCheckRunSummary(c: CheckRunData): CheckRunSummary {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    conclusion: c.conclusion,
    startedAt: c.started_at,
    completedAt: c.completed_at,
    detailsUrl: c.details_url,
    title: c.output.title,
    summary: c.output.summary,
    annotationsCount: c.output.annotations_count,
  };
}
