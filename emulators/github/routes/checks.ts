import { ApiError, notFound, type Route } from "../http-kit";
import * as shapes from "../shapes";
import { DOCS, paginate, pageOf, type RouteKit } from "./kit";

/** What CI says about a commit: check runs (GitHub Actions jobs), their annotations, commit statuses. */
export function checkRoutes(kit: RouteKit): Route[] {
  const { model, ctx, repoRoute } = kit;
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
    repoRoute("GET", "/commits/{ref}/status", "repos/get-combined-status-for-ref", async (req) => {
      const sha = await model.git.resolveCommit(req.params.ref);
      if (!sha) throw new ApiError(404, `No commit found for SHA: ${req.params.ref}`, "https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference");
      return { status: 200, body: shapes.combinedStatus(ctx, sha, model.state.statuses.filter((s) => s.sha === sha)) };
    }),
  ];
}
