import { ApiError, validationFailed } from "./http-kit";
import type { RepoModel } from "./repo-model";
import type { LabelState, PullState, ReviewState } from "./state";

/** Pull requests, labels, review requests, reviews and comments: GitHub's rules, on the model's state. */

const DOC = {
  pulls: "https://docs.github.com/rest/pulls/pulls",
  reviews: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
  reviewRequests: "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request",
};

/** POST /pulls: refuses a missing branch, a duplicate open PR and a head with no commits beyond base. */
export async function createPull(model: RepoModel, input: { title: string; head: string; base: string; body: string | null; draft: boolean; actor: string }): Promise<PullState> {
  const head = input.head.includes(":") ? input.head.slice(input.head.indexOf(":") + 1) : input.head;
  const headSha = await model.branchSha(head);
  if (!headSha) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }], DOC.pulls);
  const baseSha = await model.branchSha(input.base);
  if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }], DOC.pulls);
  const existing = model.state.pulls.find((p) => p.state === "open" && p.headRef === head && p.baseRef === input.base);
  if (existing) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${model.ctx.owner}:${head}.` }], DOC.pulls);
  }
  if ((await model.git.listCommitsBetween(baseSha, headSha)).length === 0) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${head}` }], DOC.pulls);
  }
  const now = model.nowIso();
  const pull: PullState = {
    id: model.nextId(),
    number: model.state.nextPullNumber++,
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
  model.state.pulls.push(pull);
  model.emit((l) => l.pullRequest?.("opened", pull, input.actor));
  return pull;
}

/** PATCH /pulls/{n}: title, body, base, close and reopen (a merged PR can't be reopened). */
export async function updatePull(model: RepoModel, pull: PullState, patch: { title?: string; body?: string; state?: "open" | "closed"; base?: string }, actor: string): Promise<void> {
  if (patch.base !== undefined && patch.base !== pull.baseRef) {
    const baseSha = await model.branchSha(patch.base);
    if (!baseSha) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }], DOC.pulls);
    pull.baseRef = patch.base;
    pull.baseSha = baseSha;
  }
  if (patch.title !== undefined) pull.title = patch.title;
  if (patch.body !== undefined) pull.body = patch.body;
  const now = model.nowIso();
  pull.updatedAt = now;
  if (patch.state === "closed" && pull.state === "open") {
    pull.state = "closed";
    pull.closedAt = now;
    model.emit((l) => l.pullRequest?.("closed", pull, actor));
  } else if (patch.state === "open" && pull.state === "closed") {
    if (pull.mergedAt) throw new ApiError(422, "Cannot reopen a merged pull request", DOC.pulls);
    const headSha = await model.branchSha(pull.headRef);
    if (!headSha) throw new ApiError(422, "Cannot reopen a pull request whose head branch was deleted", DOC.pulls);
    pull.state = "open";
    pull.closedAt = null;
    pull.headSha = headSha;
    model.emit((l) => l.pullRequest?.("reopened", pull, actor));
  } else if (patch.title !== undefined || patch.body !== undefined || patch.base !== undefined) {
    model.emit((l) => l.pullRequest?.("edited", pull, actor));
  }
}

/** The repository label of that name (case-insensitive), created on first use as GitHub does. */
export function ensureLabel(model: RepoModel, name: string): LabelState {
  let l = model.state.labels.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!l) {
    // GitHub's description types a PR's label description as a (non-null) string.
    l = { id: model.nextId(), name, color: "ededed", description: "" };
    model.state.labels.push(l);
  }
  return l;
}

/** POST /issues/{n}/labels. */
export function addLabels(model: RepoModel, pull: PullState, names: string[], actor: string): void {
  for (const n of names) {
    const l = ensureLabel(model, n);
    if (!pull.labels.includes(l.name)) pull.labels.push(l.name);
  }
  pull.updatedAt = model.nowIso();
  model.emit((l) => l.pullRequest?.("labeled", pull, actor));
}

/**
 * POST /pulls/{n}/requested_reviewers, all or nothing as on GitHub: the PR's author, a login without access to the
 * repository or a team without it refuses the whole request with 422 (logins and slugs compare case-insensitively).
 */
export function requestReviewers(model: RepoModel, pull: PullState, reviewers: string[], teams: string[], actor: string): void {
  const has = (list: string[], name: string) => list.some((x) => x.toLowerCase() === name.toLowerCase());
  if (has(reviewers, pull.user)) throw new ApiError(422, "Review cannot be requested from pull request author.", DOC.reviewRequests);
  const { collaborators, teams: repoTeams } = model.state.settings;
  const refused = (who: string) =>
    new ApiError(422, `Reviews may only be requested from collaborators. One or more of the ${who} you specified is not a collaborator of the ${model.ctx.owner}/${model.ctx.repo} repository.`, DOC.reviewRequests);
  if (reviewers.some((r) => !has(collaborators, r))) throw refused("users or teams");
  if (teams.some((t) => !has(repoTeams, t))) throw refused("teams");
  pull.updatedAt = model.nowIso();
  for (const r of reviewers) {
    if (has(pull.requestedReviewers, r)) continue;
    pull.requestedReviewers.push(r);
    model.emit((l) => l.pullRequest?.("review_requested", pull, actor, { requestedReviewer: r }));
  }
  for (const t of teams) {
    if (has(pull.requestedTeams, t)) continue;
    pull.requestedTeams.push(t);
    model.emit((l) => l.pullRequest?.("review_requested", pull, actor, { requestedTeam: t }));
  }
}

/** POST /pulls/{n}/reviews with an event (no pending reviews); the author can't approve or request changes. */
export function submitReview(model: RepoModel, pull: PullState, input: { event: string; body: string; commitId?: string; actor: string }): ReviewState {
  const stateByEvent: Record<string, ReviewState["state"]> = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" };
  const state = stateByEvent[input.event];
  if (!state) throw new ApiError(422, "Unprocessable Entity", DOC.reviews, [`Invalid review event: ${input.event}`]);
  if (pull.state !== "open") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not review a closed pull request"]);
  if ((state === "CHANGES_REQUESTED" || state === "COMMENTED") && !input.body.trim()) {
    throw new ApiError(422, "Unprocessable Entity", DOC.reviews, [`Review body is required for ${input.event}`]);
  }
  if (!model.options.allowSelfApproval && input.actor.toLowerCase() === pull.user.toLowerCase()) {
    if (state === "APPROVED") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not approve your own pull request"]);
    if (state === "CHANGES_REQUESTED") throw new ApiError(422, "Unprocessable Entity", DOC.reviews, ["Can not request changes on your own pull request"]);
  }
  const review: ReviewState = {
    id: model.nextId(),
    pullNumber: pull.number,
    user: input.actor,
    state,
    body: input.body,
    commitId: input.commitId ?? pull.headSha,
    submittedAt: model.nowIso(),
  };
  model.state.reviews.push(review);
  pull.requestedReviewers = pull.requestedReviewers.filter((r) => r.toLowerCase() !== input.actor.toLowerCase());
  pull.updatedAt = review.submittedAt;
  model.emit((l) => l.review?.("submitted", review, pull, input.actor));
  return review;
}

/** POST /issues/{n}/comments. */
export function addComment(model: RepoModel, issueNumber: number, body: string, actor: string) {
  const pull = model.pull(issueNumber);
  const comment = { id: model.nextId(), issueNumber, user: actor, body, createdAt: model.nowIso() };
  model.state.comments.push(comment);
  pull.comments += 1;
  pull.updatedAt = comment.createdAt;
  return comment;
}
