import { GitStore, isFullSha, type GitCommitObject, type GitIdentity } from "./git-store";
import { ApiError, notFound } from "./http-kit";
import { isoSeconds, userId, type ShapeContext } from "./shapes";
import { StateFile, type CommitStatusState, type EmulatorState, type PullState, type ReviewState } from "./state";

export interface BranchProtection {
  /** Approving reviews needed before a merge (0 disables the rule). */
  requiredApprovals: number;
  /** Check run names that must have concluded success on the head commit. */
  requiredChecks: string[];
  /** "Require branches to be up to date before merging" (strict status checks): a head behind its base can't merge. */
  requireUpToDate: boolean;
  /** "Dismiss stale pull request approvals when new commits are pushed". */
  dismissStaleReviews: boolean;
}

export const DEFAULT_PROTECTION: BranchProtection = { requiredApprovals: 1, requiredChecks: ["build_and_validate"], requireUpToDate: false, dismissStaleReviews: false };

/** A ref update, as the `push` webhook describes it: `before`/`after` null when the branch was created/deleted. */
export interface PushInfo {
  branch: string;
  before: string | null;
  after: string | null;
  forced: boolean;
  actor: string;
}

/** Things the model tells the rest of the emulator about (webhooks, the Actions runner). */
export interface ModelListener {
  /** `detail` says whom a `review_requested` event is about (GitHub sends one event per user or team). */
  pullRequest?(action: string, pull: PullState, actor: string, detail?: { requestedReviewer?: string; requestedTeam?: string }): void;
  review?(action: "submitted" | "dismissed", review: ReviewState, pull: PullState, actor: string): void;
  push?(push: PushInfo): void;
  status?(status: CommitStatusState): void;
}

const DOC = {
  refs: "https://docs.github.com/rest/git/refs",
  contents: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents",
};

/** Identity git records for a GitHub login (GitHub's noreply address). */
export function loginIdentity(login: string, date: Date): GitIdentity {
  return { name: login, email: `${userId(login)}+${login}@users.noreply.github.com`, date };
}

/**
 * The repository's GitHub-side state around a real git repository: refs and pushes here, pull requests in
 * pull-requests.ts, mergeability and merges in merging.ts. Every mutation runs under one lock, so the emulator
 * behaves like a single consistent GitHub.
 */
export class RepoModel {
  private chain: Promise<unknown> = Promise.resolve();
  /** git merge-tree results by `base..head` (commits never change). */
  readonly mergeCache = new Map<string, { clean: boolean; conflicts: string[] }>();
  /** When mergeability of `base..head` was first asked (GitHub answers null for a moment). */
  readonly mergeabilityAskedAt = new Map<string, number>();
  readonly listeners: ModelListener[] = [];

  constructor(
    readonly git: GitStore,
    readonly stateFile: StateFile,
    public state: EmulatorState,
    readonly ctx: ShapeContext,
    readonly protection: BranchProtection,
    readonly options: { allowSelfApproval: boolean; clock: () => Date; mergeabilityDelayMs?: number },
  ) {}

  now(): Date {
    return this.options.clock();
  }

  nowIso(): string {
    return isoSeconds(this.now());
  }

  nextId(): number {
    return this.state.nextId++;
  }

  /** Runs fn exclusively (all mutations go through here) and persists the state afterwards. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => {
      try {
        return await fn();
      } finally {
        await this.stateFile.save(this.state);
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Tells every listener; a failing listener is logged, never fails the mutation. */
  emit(fn: (l: ModelListener) => void): void {
    for (const l of this.listeners) {
      try {
        fn(l);
      } catch (e) {
        console.error("github emulator listener failed:", e);
      }
    }
  }

  /** A commit status from an outside CI (POST /statuses/{sha}); the `status` webhook follows. */
  createStatus(input: Pick<CommitStatusState, "sha" | "state" | "context" | "description" | "targetUrl" | "creator">): CommitStatusState {
    const now = this.nowIso();
    const status: CommitStatusState = { ...input, id: this.nextId(), createdAt: now, updatedAt: now };
    this.state.statuses.push(status);
    this.emit((l) => l.status?.(status));
    return status;
  }

  // ---- refs and commits ----

  async branchSha(branch: string): Promise<string | null> {
    return this.git.readRef(`refs/heads/${branch}`);
  }

  async requireCommit(refOrSha: string, doc?: string): Promise<string> {
    const sha = await this.git.resolveCommit(refOrSha);
    if (!sha) throw new ApiError(422, `No commit found for SHA: ${refOrSha}`, doc);
    return sha;
  }

  /**
   * Moves a branch (creating it when expectedOld is ""), then tells listeners: pushes to a PR's head
   * synchronize the PR, pushes to the default branch start the deploy workflow.
   */
  async pushBranch(branch: string, newSha: string, actor: string, opts: { expectedOld?: string | null; force?: boolean } = {}): Promise<void> {
    const current = await this.branchSha(branch);
    if (opts.expectedOld !== undefined && (opts.expectedOld ?? "") !== (current ?? "")) {
      throw new ApiError(422, "Reference update failed", DOC.refs);
    }
    if (current && !opts.force && current !== newSha && !(await this.git.isAncestor(current, newSha))) {
      throw new ApiError(422, "Update is not a fast forward", DOC.refs);
    }
    if (current === newSha) return;
    const forced = current !== null && !(await this.git.isAncestor(current, newSha));
    await this.git.updateRef(`refs/heads/${branch}`, newSha, current ?? "");
    this.ctx.pushedAt = this.nowIso();
    await this.afterPush({ branch, before: current, after: newSha, forced, actor });
  }

  /**
   * A push to a PR's head synchronizes it: base.sha is refreshed then (and only then: GitHub leaves it as it was
   * when main moves), and stale approvals are dismissed when branch protection says so.
   */
  private async afterPush(push: PushInfo & { after: string }): Promise<void> {
    for (const pull of this.state.pulls) {
      if (pull.state !== "open" || pull.headRef !== push.branch) continue;
      pull.headSha = push.after;
      pull.baseSha = (await this.branchSha(pull.baseRef)) ?? pull.baseSha;
      pull.updatedAt = this.nowIso();
      this.emit((l) => l.pullRequest?.("synchronize", pull, push.actor));
      if (pull.baseRef === this.ctx.defaultBranch && this.protection.dismissStaleReviews) this.dismissApprovals(pull, push.actor);
    }
    this.emit((l) => l.push?.(push));
  }

  private dismissApprovals(pull: PullState, actor: string): void {
    for (const review of this.state.reviews) {
      if (review.pullNumber !== pull.number || review.state !== "APPROVED") continue;
      review.state = "DISMISSED";
      this.emit((l) => l.review?.("dismissed", review, pull, actor));
    }
  }

  async deleteBranch(branch: string, actor: string): Promise<void> {
    const sha = await this.branchSha(branch);
    if (!sha) throw new ApiError(422, "Reference does not exist", DOC.refs);
    await this.git.deleteRef(`refs/heads/${branch}`);
    for (const pull of this.state.pulls) {
      if (pull.state === "open" && pull.headRef === branch) {
        // GitHub closes a PR whose head branch is deleted.
        pull.state = "closed";
        pull.closedAt = this.nowIso();
        pull.updatedAt = pull.closedAt;
        this.emit((l) => l.pullRequest?.("closed", pull, "github"));
      }
    }
    this.emit((l) => l.push?.({ branch, before: sha, after: null, forced: false, actor }));
  }

  /** Commits one file onto a branch's tip (the contents API); returns the commit and blob. */
  async commitFile(input: {
    branch: string;
    path: string;
    content: Buffer;
    message: string;
    actor: string;
    expectedBlobSha?: string;
    author?: { name: string; email: string };
    committer?: { name: string; email: string };
  }): Promise<{ commit: GitCommitObject; blobSha: string; created: boolean }> {
    const tip = await this.branchSha(input.branch);
    if (!tip) throw new ApiError(404, `Branch ${input.branch} not found`, DOC.contents);
    const existing = await this.git.findEntry(tip, input.path);
    if (existing && existing.type !== "blob") throw new ApiError(422, `"${input.path}" is a directory`, DOC.contents);
    if (existing && !input.expectedBlobSha) {
      throw new ApiError(422, `Invalid request.\n\n"sha" wasn't supplied.`, DOC.contents);
    }
    if (existing && input.expectedBlobSha !== existing.sha) {
      throw new ApiError(409, `${input.path} does not match ${input.expectedBlobSha}`, DOC.contents);
    }
    if (!existing && input.expectedBlobSha) {
      throw new ApiError(409, `${input.path} does not match ${input.expectedBlobSha}`, DOC.contents);
    }
    const base = await this.git.readCommit(tip);
    const blobSha = await this.git.writeBlob(input.content);
    const tree = await this.git.writeTree(base.tree, [{ path: input.path, sha: blobSha }]);
    const date = this.now();
    const author = input.author ? { ...input.author, date } : loginIdentity(input.actor, date);
    const committer = input.committer ? { ...input.committer, date } : input.author ? author : loginIdentity(input.actor, date);
    const sha = await this.git.writeCommit({ tree, parents: [tip], message: input.message, author, committer });
    await this.pushBranch(input.branch, sha, input.actor, { expectedOld: tip });
    return { commit: await this.git.readCommit(sha), blobSha, created: !existing };
  }

  // ---- pull requests ----

  pull(number: number): PullState {
    const p = this.state.pulls.find((x) => x.number === number);
    if (!p) throw notFound("https://docs.github.com/rest/pulls/pulls#get-a-pull-request");
    return p;
  }

  openIssuesCount(): number {
    return this.state.pulls.filter((p) => p.state === "open").length;
  }

  /** Resolves a tree_sha parameter: a tree, a commit (its tree) or a branch/tag name. */
  async resolveTree(treeish: string): Promise<string | null> {
    if (isFullSha(treeish)) {
      const type = await this.git.objectType(treeish);
      if (type === "tree") return treeish;
      if (type === "commit") return (await this.git.readCommit(treeish)).tree;
      return null;
    }
    const commit = await this.git.resolveCommit(treeish);
    return commit ? (await this.git.readCommit(commit)).tree : null;
  }
}
