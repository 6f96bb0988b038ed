import { GitStore, isFullSha, type GitCommitObject, type GitIdentity } from "./git-store";
import { ApiError, notFound, validationFailed } from "./http-kit";
import { userId, type PullContext, type ShapeContext } from "./shapes";
import { StateFile, type EmulatorState, type LabelState, type PullState, type ReviewState } from "./state";

export type MergeMethod = "merge" | "squash" | "rebase";

export interface BranchProtection {
  /** Approving reviews needed before a merge (0 disables the rule). */
  requiredApprovals: number;
  /** Check run names that must have concluded success on the head commit. */
  requiredChecks: string[];
}

/** Things the model tells the rest of the emulator about (webhooks, the Actions runner). */
export interface ModelListener {
  pullRequest?(action: string, pull: PullState, actor: string): void;
  review?(review: ReviewState, pull: PullState, actor: string): void;
  push?(branch: string, before: string | null, after: string, actor: string): void;
}

export interface Mergeability {
  mergeable: boolean | null;
  mergeableState: string;
  rebaseable: boolean | null;
  conflicts: string[];
}

const DOC = {
  refs: "https://docs.github.com/rest/git/refs",
  pulls: "https://docs.github.com/rest/pulls/pulls",
  merge: "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request",
  reviews: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
  contents: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents",
};

/** Identity git records for a GitHub login (GitHub's noreply address). */
export function loginIdentity(login: string, date: Date): GitIdentity {
  return { name: login, email: `${userId(login)}+${login}@users.noreply.github.com`, date };
}

const WEB_FLOW = (date: Date): GitIdentity => ({ name: "GitHub", email: "noreply@github.com", date });

/**
 * The repository's GitHub-side state around a real git repository: pull requests, reviews, labels, merges.
 * Every mutation runs under one lock, so the emulator behaves like a single consistent GitHub.
 */
export class RepoModel {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly mergeCache = new Map<string, { clean: boolean; conflicts: string[] }>();
  private readonly firstAsked = new Map<string, number>();
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
    return this.now().toISOString().replace(/\.\d{3}Z$/, "Z");
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

  private emit(fn: (l: ModelListener) => void): void {
    for (const l of this.listeners) {
      try {
        fn(l);
      } catch (e) {
        console.error("github emulator listener failed:", e);
      }
    }
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
    await this.git.updateRef(`refs/heads/${branch}`, newSha, current ?? "");
    this.ctx.pushedAt = this.nowIso();
    await this.afterPush(branch, current, newSha, actor);
  }

  private async afterPush(branch: string, before: string | null, after: string, actor: string): Promise<void> {
    for (const pull of this.state.pulls) {
      if (pull.state !== "open") continue;
      if (pull.headRef === branch) {
        pull.headSha = after;
        pull.baseSha = (await this.branchSha(pull.baseRef)) ?? pull.baseSha;
        pull.updatedAt = this.nowIso();
        this.emit((l) => l.pullRequest?.("synchronize", pull, actor));
      } else if (pull.baseRef === branch) {
        // GitHub refreshes base.sha when the base branch moves (mergeability is recomputed against it).
        pull.baseSha = after;
      }
    }
    this.emit((l) => l.push?.(branch, before, after, actor));
  }

  async deleteBranch(branch: string): Promise<void> {
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

  async createPull(input: { title: string; head: string; base: string; body: string | null; draft: boolean; actor: string }): Promise<PullState> {
    const head = input.head.includes(":") ? input.head.slice(input.head.indexOf(":") + 1) : input.head;
    const headSha = await this.branchSha(head);
    if (!headSha) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }], DOC.pulls);
    const baseSha = await this.branchSha(input.base);
    if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }], DOC.pulls);
    const existing = this.state.pulls.find((p) => p.state === "open" && p.headRef === head && p.baseRef === input.base);
    if (existing) {
      throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${this.ctx.owner}:${head}.` }], DOC.pulls);
    }
    if ((await this.git.listCommitsBetween(baseSha, headSha)).length === 0) {
      throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${head}` }], DOC.pulls);
    }
    const now = this.nowIso();
    const pull: PullState = {
      id: this.nextId(),
      number: this.state.nextPullNumber++,
      title: input.title,
      body: input.body,
      state: "open",
      draft: input.draft,
      headRef: head,
      baseRef: input.base,
      headSha,
      baseSha,
      user: input.actor,
      labels: [],
      requestedReviewers: [],
      requestedTeams: [],
      comments: 0,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
    };
    this.state.pulls.push(pull);
    this.emit((l) => l.pullRequest?.("opened", pull, input.actor));
    return pull;
  }

  async updatePull(pull: PullState, patch: { title?: string; body?: string; state?: "open" | "closed"; base?: string }, actor: string): Promise<void> {
    if (patch.base !== undefined && patch.base !== pull.baseRef) {
      const baseSha = await this.branchSha(patch.base);
      if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }], DOC.pulls);
      pull.baseRef = patch.base;
      pull.baseSha = baseSha;
    }
    if (patch.title !== undefined) pull.title = patch.title;
    if (patch.body !== undefined) pull.body = patch.body;
    const now = this.nowIso();
    pull.updatedAt = now;
    if (patch.state === "closed" && pull.state === "open") {
      pull.state = "closed";
      pull.closedAt = now;
      pull.baseSha = (await this.branchSha(pull.baseRef)) ?? pull.baseSha;
      this.emit((l) => l.pullRequest?.("closed", pull, actor));
    } else if (patch.state === "open" && pull.state === "closed") {
      if (pull.mergedAt) throw new ApiError(422, "Cannot reopen a merged pull request", DOC.pulls);
      const headSha = await this.branchSha(pull.headRef);
      if (!headSha) throw new ApiError(422, "Cannot reopen a pull request whose head branch was deleted", DOC.pulls);
      pull.state = "open";
      pull.closedAt = null;
      pull.headSha = headSha;
      this.emit((l) => l.pullRequest?.("reopened", pull, actor));
    } else if (patch.title !== undefined || patch.body !== undefined || patch.base !== undefined) {
      this.emit((l) => l.pullRequest?.("edited", pull, actor));
    }
  }

  ensureLabel(name: string): LabelState {
    let l = this.state.labels.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!l) {
      // GitHub's description types a PR's label description as a (non-null) string.
      l = { id: this.nextId(), name, color: "ededed", description: "" };
      this.state.labels.push(l);
    }
    return l;
  }

  addLabels(pull: PullState, names: string[], actor: string): void {
    for (const n of names) {
      const l = this.ensureLabel(n);
      if (!pull.labels.includes(l.name)) pull.labels.push(l.name);
    }
    pull.updatedAt = this.nowIso();
    this.emit((l) => l.pullRequest?.("labeled", pull, actor));
  }

  requestReviewers(pull: PullState, reviewers: string[], teams: string[], actor: string): void {
    if (reviewers.some((r) => r.toLowerCase() === pull.user.toLowerCase())) {
      throw new ApiError(422, "Review cannot be requested from pull request author.", "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request");
    }
    for (const r of reviewers) if (!pull.requestedReviewers.includes(r)) pull.requestedReviewers.push(r);
    for (const t of teams) if (!pull.requestedTeams.includes(t)) pull.requestedTeams.push(t);
    pull.updatedAt = this.nowIso();
    this.emit((l) => l.pullRequest?.("review_requested", pull, actor));
  }

  submitReview(pull: PullState, input: { event: string; body: string; commitId?: string; actor: string }): ReviewState {
    const stateByEvent: Record<string, ReviewState["state"]> = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" };
    const state = stateByEvent[input.event];
    if (!state) throw new ApiError(422, "Unprocessable Entity", DOC.reviews, [`Invalid review event: ${input.event}`]);
    if (pull.state !== "open") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not review a closed pull request"]);
    if ((state === "CHANGES_REQUESTED" || state === "COMMENTED") && !input.body.trim()) {
      throw new ApiError(422, "Unprocessable Entity", DOC.reviews, [`Review body is required for ${input.event}`]);
    }
    if (!this.options.allowSelfApproval && input.actor.toLowerCase() === pull.user.toLowerCase()) {
      if (state === "APPROVED") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not approve your own pull request"]);
      if (state === "CHANGES_REQUESTED") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not request changes on your own pull request"]);
    }
    const review: ReviewState = {
      id: this.nextId(),
      pullNumber: pull.number,
      user: input.actor,
      state,
      body: input.body,
      commitId: input.commitId ?? pull.headSha,
      submittedAt: this.nowIso(),
    };
    this.state.reviews.push(review);
    pull.requestedReviewers = pull.requestedReviewers.filter((r) => r.toLowerCase() !== input.actor.toLowerCase());
    pull.updatedAt = review.submittedAt;
    this.emit((l) => l.review?.(review, pull, input.actor));
    return review;
  }

  addComment(issueNumber: number, body: string, actor: string) {
    const pull = this.pull(issueNumber);
    const comment = { id: this.nextId(), issueNumber, user: actor, body, createdAt: this.nowIso() };
    this.state.comments.push(comment);
    pull.comments += 1;
    pull.updatedAt = comment.createdAt;
    return comment;
  }

  /** Edits an issue comment (GitHub lets the author and collaborators with write access edit). */
  updateComment(id: number, body: string) {
    const comment = this.state.comments.find((c) => c.id === id);
    if (!comment) return null;
    comment.body = body;
    comment.updatedAt = this.nowIso();
    const pull = this.state.pulls.find((p) => p.number === comment.issueNumber);
    if (pull) pull.updatedAt = comment.updatedAt;
    return comment;
  }

  // ---- mergeability and merging ----

  private async mergeCheck(baseSha: string, headSha: string): Promise<{ clean: boolean; conflicts: string[] }> {
    const key = `${baseSha}..${headSha}`;
    const cached = this.mergeCache.get(key);
    if (cached) return cached;
    const r = await this.git.mergeTree(baseSha, headSha);
    const value = r.clean ? { clean: true, conflicts: [] } : { clean: false, conflicts: r.conflicts };
    this.mergeCache.set(key, value);
    return value;
  }

  /** Why branch protection would refuse a merge right now, or null. */
  protectionBlock(pull: PullState): string | null {
    const reviews = this.state.reviews.filter((r) => r.pullNumber === pull.number);
    const latest = new Map<string, ReviewState>();
    for (const r of reviews) if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED" || r.state === "DISMISSED") latest.set(r.user, r);
    const values = [...latest.values()];
    if (values.some((r) => r.state === "CHANGES_REQUESTED")) return "Changes were requested by a reviewer with write access.";
    const approvals = values.filter((r) => r.state === "APPROVED").length;
    if (approvals < this.protection.requiredApprovals) {
      return `At least ${this.protection.requiredApprovals} approving review${this.protection.requiredApprovals === 1 ? " is" : "s are"} required by reviewers with write access.`;
    }
    for (const name of this.protection.requiredChecks) {
      const runs = this.state.checkRuns.filter((c) => c.headSha === pull.headSha && c.name === name).sort((a, b) => b.id - a.id);
      const latestRun = runs[0];
      if (!latestRun) return `Required status check "${name}" is expected.`;
      if (latestRun.status !== "completed") return `Required status check "${name}" is in progress.`;
      if (latestRun.conclusion !== "success") return `Required status check "${name}" has failed.`;
    }
    return null;
  }

  /** `mergeable` is computed with a real three-way merge of base and head (git merge-tree), never assumed. */
  async mergeability(pull: PullState): Promise<Mergeability> {
    if (pull.state !== "open") return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
    const baseSha = await this.branchSha(pull.baseRef);
    if (!baseSha) return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
    // GitHub computes mergeability in the background: right after a push it answers null / "unknown".
    const delay = this.options.mergeabilityDelayMs ?? 0;
    if (delay > 0) {
      const key = `${baseSha}..${pull.headSha}`;
      const first = this.firstAsked.get(key) ?? Date.now();
      this.firstAsked.set(key, first);
      if (Date.now() - first < delay) return { mergeable: null, mergeableState: "unknown", rebaseable: null, conflicts: [] };
    }
    const check = await this.mergeCheck(baseSha, pull.headSha);
    if (!check.clean) return { mergeable: false, mergeableState: "dirty", rebaseable: false, conflicts: check.conflicts };
    let mergeableState = "clean";
    if (pull.draft) mergeableState = "draft";
    else if (this.protectionBlock(pull)) mergeableState = "blocked";
    else {
      const failing = this.state.checkRuns.some(
        (c) => c.headSha === pull.headSha && c.status === "completed" && (c.conclusion === "failure" || c.conclusion === "timed_out" || c.conclusion === "cancelled"),
      );
      if (failing) mergeableState = "unstable";
    }
    return { mergeable: true, mergeableState, rebaseable: true, conflicts: [] };
  }

  async pullContext(pull: PullState): Promise<PullContext> {
    const m = await this.mergeability(pull);
    const baseForStats = pull.mergeCommitSha && pull.mergedAt ? pull.baseSha : ((await this.branchSha(pull.baseRef)) ?? pull.baseSha);
    const mergeBase = (await this.git.mergeBase(baseForStats, pull.headSha)) ?? baseForStats;
    const stat = await this.git.diffStat(mergeBase, pull.headSha);
    const commits = (await this.git.listCommitsBetween(mergeBase, pull.headSha)).length;
    return {
      labels: this.state.labels,
      openIssues: this.openIssuesCount(),
      mergeable: m.mergeable,
      mergeableState: m.mergeableState,
      rebaseable: m.rebaseable,
      stats: { commits, ...stat },
      comments: pull.comments,
      reviewComments: 0,
    };
  }

  async mergePull(pull: PullState, input: { method: MergeMethod; sha?: string; title?: string; message?: string; actor: string }): Promise<string> {
    if (pull.state !== "open") throw new ApiError(405, "Pull Request is not mergeable", DOC.merge);
    if (input.sha && input.sha !== pull.headSha) throw new ApiError(409, "Head branch was modified. Review and try the merge again.", DOC.merge);
    const baseSha = await this.branchSha(pull.baseRef);
    if (!baseSha) throw new ApiError(405, "Base branch was deleted", DOC.merge);
    const m = await this.mergeability(pull);
    if (m.mergeable === false) throw new ApiError(405, "Pull Request is not mergeable", DOC.merge);
    if (pull.draft) throw new ApiError(405, "Pull Request is still a draft", DOC.merge);
    const block = this.protectionBlock(pull);
    if (block) throw new ApiError(405, block, DOC.merge);

    const date = this.now();
    const actorId = loginIdentity(input.actor, date);
    let newSha: string;
    if (input.method === "rebase") {
      let onto = baseSha;
      for (const sha of await this.git.listCommitsBetween(baseSha, pull.headSha)) {
        const c = await this.git.readCommit(sha);
        const merged = await this.git.mergeTree(onto, sha);
        if (!merged.clean) throw new ApiError(405, "This branch can't be rebased", DOC.merge);
        onto = await this.git.writeCommit({ tree: merged.tree, parents: [onto], message: c.message, author: c.author, committer: WEB_FLOW(date) });
      }
      newSha = onto;
    } else {
      const merged = await this.git.mergeTree(baseSha, pull.headSha);
      if (!merged.clean) throw new ApiError(405, "Pull Request is not mergeable", DOC.merge);
      if (input.method === "squash") {
        const messages = await Promise.all((await this.git.listCommitsBetween(baseSha, pull.headSha)).map(async (s) => `* ${(await this.git.readCommit(s)).message}`));
        const title = input.title ?? `${pull.title} (#${pull.number})`;
        const message = input.message ?? messages.join("\n\n");
        newSha = await this.git.writeCommit({ tree: merged.tree, parents: [baseSha], message: message ? `${title}\n\n${message}` : title, author: actorId, committer: WEB_FLOW(date) });
      } else {
        const title = input.title ?? `Merge pull request #${pull.number} from ${this.ctx.owner}/${pull.headRef}`;
        const message = input.message ?? pull.title;
        newSha = await this.git.writeCommit({ tree: merged.tree, parents: [baseSha, pull.headSha], message: `${title}\n\n${message}`, author: actorId, committer: WEB_FLOW(date) });
      }
    }
    // Mark the PR merged before the push fires listeners, so the push run links to a closed, merged PR.
    const now = this.nowIso();
    pull.state = "closed";
    pull.mergedAt = now;
    pull.closedAt = now;
    pull.updatedAt = now;
    pull.mergedBy = input.actor;
    pull.mergeCommitSha = newSha;
    pull.baseSha = baseSha;
    await this.pushBranch(pull.baseRef, newSha, input.actor, { expectedOld: baseSha });
    this.emit((l) => l.pullRequest?.("closed", pull, input.actor));
    return newSha;
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
