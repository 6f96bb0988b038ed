import { pullContext } from "../merging";
import type { RepoModel } from "../repo-model";
import * as shapes from "../shapes";
import type { PullState, ReviewState } from "../state";
import { common } from "./common";

export async function pullRequestPayload(model: RepoModel, action: string, pull: PullState, sender: string, installationId?: number, extra: Record<string, unknown> = {}) {
  const pc = await pullContext(model, pull);
  return {
    action,
    number: pull.number,
    pull_request: shapes.pullRequest(model.ctx, pull, pc),
    ...extra,
    ...common(model, sender, installationId),
  };
}

/** `pull_request_review` submitted, or dismissed (a push dismissed a stale approval). */
export async function pullRequestReviewPayload(model: RepoModel, action: "submitted" | "dismissed", review: ReviewState, pull: PullState, sender: string, installationId?: number) {
  const r = shapes.review(model.ctx, review);
  return {
    action,
    review: { ...r, state: review.state.toLowerCase(), body: review.body || null },
    pull_request: shapes.pullRequestSimple(model.ctx, pull, { labels: model.state.labels, openIssues: model.openIssuesCount() }),
    ...common(model, sender, installationId),
  };
}
