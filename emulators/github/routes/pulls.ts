import { bodyObject, optionalString, requireString, validationFailed, type Route } from "../http-kit";
import { mergePull, pullContext, type MergeMethod } from "../merging";
import { createPull, updatePull } from "../pull-requests";
import * as shapes from "../shapes";
import type { PullState } from "../state";
import { DOCS, intParam, ok, pageOf, type RouteKit } from "./kit";

/** Pull requests: list, create, get, update (title, body, state, base) and merge. */
export function pullRoutes(kit: RouteKit): Route[] {
  const { model, ctx, repoRoute, repoMutation } = kit;
  const fullPull = async (p: PullState) => shapes.pullRequest(ctx, p, await pullContext(model, p));
  const pullParam = (value: string) => model.pull(intParam(value, DOCS.pulls));
  return [
    repoRoute("GET", "/pulls", "pulls/list", async (req) => {
      const state = req.query.get("state") ?? "open";
      const head = req.query.get("head");
      const base = req.query.get("base");
      let list = [...model.state.pulls].sort((a, b) => b.number - a.number);
      if (state !== "all") list = list.filter((p) => p.state === state);
      if (head) {
        const [owner, branch] = head.includes(":") ? head.split(/:(.*)/s) : [ctx.owner, head];
        list = owner.toLowerCase() === ctx.owner.toLowerCase() ? list.filter((p) => p.headRef === branch) : [];
      }
      if (base) list = list.filter((p) => p.baseRef === base);
      if (req.query.get("direction") === "asc") list.reverse();
      return pageOf(req, list, kit, (p) => shapes.pullRequestSimple(ctx, p, { labels: model.state.labels, openIssues: model.openIssuesCount() }));
    }),
    repoMutation("POST", "/pulls", "pulls/create", async (req) => {
      const body = bodyObject(req.body);
      const head = requireString(body, "head", DOCS.pulls);
      const base = requireString(body, "base", DOCS.pulls);
      const title = optionalString(body, "title");
      if (!title) throw validationFailed([{ resource: "PullRequest", field: "title", code: "missing_field" }], DOCS.pulls);
      const pull = await createPull(model, { title, head, base, body: optionalString(body, "body") ?? null, draft: body.draft === true, actor: req.login });
      return ok(await fullPull(pull), 201);
    }),
    repoRoute("GET", "/pulls/{pull_number}", "pulls/get", async (req) => ok(await fullPull(pullParam(req.params.pull_number)))),
    repoMutation("PATCH", "/pulls/{pull_number}", "pulls/update", async (req) => {
      const pull = pullParam(req.params.pull_number);
      const body = bodyObject(req.body);
      const state = optionalString(body, "state");
      if (state !== undefined && state !== "open" && state !== "closed") throw validationFailed([{ resource: "PullRequest", field: "state", code: "invalid" }], DOCS.pulls);
      await updatePull(model, pull, { title: optionalString(body, "title"), body: optionalString(body, "body"), state, base: optionalString(body, "base") }, req.login);
      return ok(await fullPull(pull));
    }),
    repoMutation("PUT", "/pulls/{pull_number}/merge", "pulls/merge", async (req) => {
      const pull = pullParam(req.params.pull_number);
      const body = bodyObject(req.body);
      const method = (optionalString(body, "merge_method") ?? "merge") as MergeMethod;
      if (!["merge", "squash", "rebase"].includes(method)) throw validationFailed([{ resource: "PullRequest", field: "merge_method", code: "invalid" }], DOCS.pulls);
      const sha = await mergePull(model, pull, { method, sha: optionalString(body, "sha"), title: optionalString(body, "commit_title"), message: optionalString(body, "commit_message"), actor: req.login });
      return ok({ sha, merged: true, message: "Pull Request successfully merged" });
    }),
  ];
}
