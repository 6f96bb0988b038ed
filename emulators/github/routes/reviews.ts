import { ApiError, bodyObject, optionalString, type Route } from "../http-kit";
import { requestReviewers, submitReview } from "../pull-requests";
import * as shapes from "../shapes";
import { DOCS, intParam, ok, pageOf, stringList, type RouteKit } from "./kit";

/** Reviews of a pull request (list, submit) and review requests. */
export function reviewRoutes(kit: RouteKit): Route[] {
  const { model, ctx, repoRoute, repoMutation } = kit;
  const pullParam = (value: string) => model.pull(intParam(value, DOCS.pulls));
  return [
    repoRoute("GET", "/pulls/{pull_number}/reviews", "pulls/list-reviews", async (req) => {
      const pull = pullParam(req.params.pull_number);
      const reviews = model.state.reviews.filter((r) => r.pullNumber === pull.number).sort((a, b) => a.id - b.id);
      return pageOf(req, reviews, kit, (r) => shapes.review(ctx, r));
    }),
    repoMutation("POST", "/pulls/{pull_number}/reviews", "pulls/create-review", async (req) => {
      const pull = pullParam(req.params.pull_number);
      const body = bodyObject(req.body);
      const event = optionalString(body, "event");
      if (!event) throw new ApiError(422, "Unprocessable Entity", DOCS.reviews, ["Pending reviews are not supported by this emulator; pass event"]);
      const review = submitReview(model, pull, { event, body: optionalString(body, "body") ?? "", commitId: optionalString(body, "commit_id"), actor: req.login });
      return ok(shapes.review(ctx, review));
    }),
    repoMutation("POST", "/pulls/{pull_number}/requested_reviewers", "pulls/request-reviewers", async (req) => {
      const pull = pullParam(req.params.pull_number);
      const body = bodyObject(req.body);
      requestReviewers(model, pull, stringList(body.reviewers), stringList(body.team_reviewers), req.login);
      return ok(shapes.pullRequestSimple(ctx, pull, { labels: model.state.labels, openIssues: model.openIssuesCount() }), 201);
    }),
  ];
}
