import { ApiError, bodyObject, notFound, optionalString, validationFailed, type Route } from "../http-kit";
import * as shapes from "../shapes";
import { DOCS, paginate, pageOf, type RouteKit } from "./kit";

const STATES = ["error", "failure", "pending", "success"] as const;

/** What CI says about a commit: check runs (GitHub Actions jobs), their annotations, commit statuses (read and create). */
export function checkRoutes(kit: RouteKit): Route[] {
  const { model, ctx, repoRoute, repoMutation } = kit;
  return [
    repoRoute("GET", "/commits/{ref}/check-runs", "checks/list-for-ref", async (req) => {
      const sha = await model.git.resolveCommit(req.params.ref);
      if (!sha) throw new ApiError(422, `No commit found for SHA: ${req.params.ref}`, DOCS.checks);
      let runs = model.state.checkRuns.filter((c) => c.headSha === sha).sort((a, b) => b.id - a.id);
      const name = req.query.get("check_name");
      if (name) runs = runs.filter((c) => c.name === name);
      const status = req.query.get("status");
      if (status) runs = runs.filter((c) => c.status === status);
      if ((req.query.get("filter") ?? "latest") === "latest") {
        const seen = new Set<string>();
        runs = runs.filter((c) => (seen.has(c.name) ? false : (seen.add(c.name), true)));
      }
      const { page, headers } = paginate(req, runs, ctx.apiUrl);
      return { status: 200, body: { total_count: runs.length, check_runs: page.map((c) => shapes.checkRun(ctx, c, model.state.pulls)) }, headers };
    }),
    repoRoute("GET", "/check-runs/{check_run_id}/annotations", "checks/list-annotations", async (req) => {
      const cr = model.state.checkRuns.find((c) => c.id === Number(req.params.check_run_id));
      if (!cr) throw notFound(DOCS.checks);
      return pageOf(req, cr.annotations, kit, (a) => shapes.checkAnnotation(ctx, a, cr.headSha));
    }),
    repoMutation("POST", "/statuses/{sha}", "repos/create-commit-status", async (req) => {
      const doc = "https://docs.github.com/rest/commits/statuses#create-a-commit-status";
      const body = bodyObject(req.body);
      const state = optionalString(body, "state");
      if (!state || !(STATES as readonly string[]).includes(state)) throw validationFailed([{ resource: "Status", code: "custom", field: "state", message: `state is not included in the list` }], doc);
      const sha = await model.git.resolveCommit(req.params.sha);
      if (!sha || sha !== req.params.sha) throw new ApiError(422, `No commit found for SHA: ${req.params.sha}`, doc);
      const created = model.createStatus({ sha, state: state as (typeof STATES)[number], context: optionalString(body, "context") || "default", description: optionalString(body, "description") ?? null, targetUrl: optionalString(body, "target_url") ?? null, creator: req.login });
      return { status: 201, body: shapes.status(ctx, created), headers: { location: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/statuses/${sha}` } };
    }),
    repoRoute("GET", "/commits/{ref}/status", "repos/get-combined-status-for-ref", async (req) => {
      const sha = await model.git.resolveCommit(req.params.ref);
      if (!sha) throw new ApiError(404, `No commit found for SHA: ${req.params.ref}`, "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference");
      return { status: 200, body: shapes.combinedStatus(ctx, sha, model.state.statuses.filter((s) => s.sha === sha)) };
    }),
  ];
}
