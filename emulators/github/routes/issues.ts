import { bodyObject, requireString, validationFailed, type Route } from "../http-kit";
import { addComment, addLabels } from "../pull-requests";
import * as shapes from "../shapes";
import { intParam, ok, type RouteKit } from "./kit";

/** The issue side of a pull request: comments and labels. */
export function issueRoutes({ model, ctx, repoMutation }: RouteKit): Route[] {
  return [
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
