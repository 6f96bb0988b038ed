import { bodyObject, notFound, requireString, validationFailed, type Route } from "../http-kit";
import { addComment, addLabels, updateComment } from "../pull-requests";
import * as shapes from "../shapes";
import { intParam, ok, pageOf, type RouteKit } from "./kit";

/** The issue side of a pull request: comments and labels. */
export function issueRoutes(kit: RouteKit): Route[] {
  const { model, ctx, repoRoute, repoMutation } = kit;
  return [
    // Comments of an issue or pull request, oldest first, paginated like GitHub's; `since` filters on updated_at.
    repoRoute("GET", "/issues/{issue_number}/comments", "issues/list-comments", async (req) => {
      const doc = "https://docs.github.com/rest/issues/comments#list-issue-comments";
      const n = intParam(req.params.issue_number, doc);
      if (!model.state.pulls.some((p) => p.number === n)) throw notFound(doc);
      const since = req.query.get("since");
      const list = model.state.comments.filter((c) => c.issueNumber === n && (!since || (c.updatedAt ?? c.createdAt) >= since)).sort((a, b) => a.id - b.id);
      return pageOf(req, list, kit, (c) => shapes.issueComment(ctx, c));
    }),
    repoMutation("PATCH", "/issues/comments/{comment_id}", "issues/update-comment", async (req) => {
      const doc = "https://docs.github.com/rest/issues/comments#update-an-issue-comment";
      const id = intParam(req.params.comment_id, doc);
      const body = requireString(bodyObject(req.body), "body", doc);
      const comment = updateComment(model, id, body);
      if (!comment) throw notFound(doc);
      return ok(shapes.issueComment(ctx, comment));
    }),
    repoMutation("POST", "/issues/{issue_number}/comments", "issues/create-comment", async (req) => {
      const n = intParam(req.params.issue_number);
      const body = requireString(bodyObject(req.body), "body", "https://docs.github.com/rest/issues/comments#create-an-issue-comment");
      return ok(shapes.issueComment(ctx, addComment(model, n, body, req.login)), 201);
    }),
    repoMutation("POST", "/issues/{issue_number}/labels", "issues/add-labels", async (req) => {
      const pull = model.pull(intParam(req.params.issue_number));
      const raw = Array.isArray(req.body) ? req.body : bodyObject(req.body).labels;
      const names = Array.isArray(raw) ? raw.map((l) => (typeof l === "string" ? l : (l as { name?: string })?.name)).filter((x): x is string => !!x) : [];
      if (!names.length) throw validationFailed([{ resource: "Label", field: "labels", code: "missing_field" }], "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue");
      addLabels(model, pull, names, req.login);
      const byName = new Map(model.state.labels.map((l) => [l.name, l]));
      return ok(pull.labels.flatMap((n) => (byName.get(n) ? [shapes.label(ctx, byName.get(n)!)] : [])));
    }),
  ];
}
