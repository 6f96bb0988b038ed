import { ApiError, notFound, type Route } from "../http-kit";
import { WORKFLOW_NAME, WORKFLOW_PATH } from "../seed-repo";
import * as shapes from "../shapes";
import type { WorkflowRunState } from "../state";
import { ok, paginate, type RouteKit } from "./kit";

/** GitHub Actions workflow runs: the list (filtered by head_sha, event, branch, status), one run, a job's log. */
export function actionsRoutes({ model, ctx, deps, repoRoute }: RouteKit): Route[] {
  const shapeRun = async (run: WorkflowRunState) => {
    const commit = await model.git.readCommit(run.headSha).catch(() => null);
    return shapes.workflowRun(ctx, run, commit, model.state.pulls, deps.workflowId, WORKFLOW_PATH, WORKFLOW_NAME);
  };
  return [
    repoRoute("GET", "/actions/runs", "actions/list-workflow-runs-for-repo", async (req) => {
      let runs = [...model.state.workflowRuns].sort((a, b) => b.id - a.id);
      const headSha = req.query.get("head_sha");
      if (headSha) runs = runs.filter((r) => r.headSha === headSha);
      const event = req.query.get("event");
      if (event) runs = runs.filter((r) => r.event === event);
      const branch = req.query.get("branch");
      if (branch) runs = runs.filter((r) => r.headBranch === branch);
      const status = req.query.get("status");
      if (status) runs = runs.filter((r) => r.status === status || r.conclusion === status);
      const { page, headers } = paginate(req, runs, ctx.apiUrl);
      const workflowRuns = [];
      for (const run of page) workflowRuns.push(await shapeRun(run));
      return { status: 200, body: { total_count: runs.length, workflow_runs: workflowRuns }, headers };
    }),
    repoRoute("GET", "/actions/jobs/{job_id}/logs", "actions/download-job-logs-for-workflow-run", async (req) => {
      const job = model.state.checkRuns.find((c) => c.id === Number(req.params.job_id));
      if (!job) throw notFound("https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run");
      // GitHub redirects to a short-lived signed URL on another host; here, the emulator's own plain-text page.
      return { status: 302, headers: { location: `${ctx.htmlUrl}/_emulator/jobs/${job.id}/logs` } };
    }),
    repoRoute("POST", "/actions/runs/{run_id}/rerun-failed-jobs", "actions/re-run-workflow-failed-jobs", async (req) => {
      const doc = "https://docs.github.com/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run";
      const outcome = await deps.rerunFailedJobs(Number(req.params.run_id));
      if (outcome === "not-found") throw notFound(doc);
      // GitHub's answer to a re-run of a run that is still going, or one with nothing to re-run.
      if (outcome !== "rerun") throw new ApiError(403, outcome === "not-completed" ? "This workflow is already running" : "There are no failed jobs to re-run", doc);
      return { status: 201, body: {} };
    }),
    repoRoute("GET", "/actions/runs/{run_id}", "actions/get-workflow-run", async (req) => {
      const run = model.state.workflowRuns.find((r) => r.id === Number(req.params.run_id));
      if (!run) throw notFound("https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run");
      return ok(await shapeRun(run));
    }),
  ];
}
