import type { RepoModel } from "../repo-model";
import { WORKFLOW_NAME, WORKFLOW_PATH } from "../seed-repo";
import * as shapes from "../shapes";
import type { CheckRunState, CommitStatusState, WorkflowRunState } from "../state";
import { common } from "./common";

/** CI webhooks: check_run, check_suite, workflow_run (GitHub Actions) and status (commit statuses). */

function checkSuite(model: RepoModel, suiteId: number, headSha: string, wr: WorkflowRunState | undefined) {
  const ctx = model.ctx;
  const runs = model.state.checkRuns.filter((c) => c.checkSuiteId === suiteId);
  return {
    id: suiteId,
    node_id: shapes.nodeId("CS_", suiteId),
    head_branch: wr?.headBranch ?? null,
    head_sha: headSha,
    status: wr?.status === "completed" ? "completed" : wr?.status === "in_progress" ? "in_progress" : "queued",
    conclusion: wr?.conclusion ?? null,
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/check-suites/${suiteId}`,
    before: wr?.beforeSha ?? null,
    after: headSha,
    pull_requests: model.state.pulls.filter((p) => wr?.pullNumbers.includes(p.number)).map((p) => shapes.pullRequestMinimal(ctx, p)),
    app: shapes.actionsApp(ctx),
    created_at: wr?.createdAt ?? model.nowIso(),
    updated_at: wr?.updatedAt ?? model.nowIso(),
    latest_check_runs_count: new Set(runs.map((r) => r.name)).size,
    check_runs_url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/check-suites/${suiteId}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

async function headCommit(model: RepoModel, sha: string) {
  const c = await model.git.readCommit(sha).catch(() => null);
  if (!c) return null;
  return { id: c.sha, tree_id: c.tree, message: c.message, timestamp: shapes.isoSeconds(c.committer.date), author: { name: c.author.name, email: c.author.email }, committer: { name: c.committer.name, email: c.committer.email } };
}

export function checkRunPayload(model: RepoModel, action: string, cr: CheckRunState, installationId?: number) {
  const wr = model.state.workflowRuns.find((w) => w.id === cr.workflowRunId);
  const { head_commit: _omit, latest_check_runs_count: _count, check_runs_url: _url, rerequestable: _r, runs_rerequestable: _rr, ...suite } = { head_commit: null, ...checkSuite(model, cr.checkSuiteId, cr.headSha, wr) };
  return {
    action,
    check_run: { ...shapes.checkRun(model.ctx, cr, model.state.pulls), check_suite: suite },
    ...common(model, "github-actions[bot]", installationId),
  };
}

/** check_suite.completed: what repository and App webhooks receive when an Actions run finishes. */
export async function checkSuitePayload(model: RepoModel, action: "completed", run: WorkflowRunState, installationId?: number) {
  return {
    action,
    check_suite: { ...checkSuite(model, run.checkSuiteId, run.headSha, run), head_commit: await headCommit(model, run.headSha) },
    ...common(model, "github-actions[bot]", installationId),
  };
}

export async function workflowRunPayload(model: RepoModel, action: string, run: WorkflowRunState, workflowId: number, installationId?: number) {
  const commit = await model.git.readCommit(run.headSha).catch(() => null);
  return {
    action,
    workflow: shapes.workflow(model.ctx, workflowId, WORKFLOW_PATH, WORKFLOW_NAME),
    workflow_run: shapes.workflowRun(model.ctx, run, commit, model.state.pulls, workflowId, WORKFLOW_PATH, WORKFLOW_NAME),
    ...common(model, run.actor, installationId),
  };
}

/** status: a commit status was created (by anyone calling POST /statuses/{sha}). */
export async function statusPayload(model: RepoModel, s: CommitStatusState, installationId?: number) {
  const ctx = model.ctx;
  const c = await model.git.readCommit(s.sha);
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const branches = (await model.git.listRefs()).filter((ref) => ref.sha === s.sha);
  const git = shapes.gitCommit(ctx, c);
  const person = (i: { name: string; email: string; date: Date }) => ({ name: i.name, email: i.email, date: shapes.isoSeconds(i.date) });
  return {
    id: s.id,
    sha: s.sha,
    name: `${ctx.owner}/${ctx.repo}`,
    target_url: s.targetUrl,
    avatar_url: null,
    context: s.context,
    description: s.description,
    state: s.state,
    commit: {
      sha: c.sha,
      node_id: git.node_id,
      commit: { author: person(c.author), committer: person(c.committer), message: c.message, tree: git.tree, url: git.url, comment_count: 0, verification: git.verification },
      url: `${r}/commits/${c.sha}`,
      html_url: git.html_url,
      comments_url: `${r}/commits/${c.sha}/comments`,
      author: null,
      committer: null,
      parents: git.parents,
    },
    branches: branches.map((b) => ({ name: b.ref.replace(/^refs\/heads\//, ""), commit: { sha: b.sha, url: `${r}/commits/${b.sha}` }, protected: b.ref === `refs/heads/${ctx.defaultBranch}` })),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    ...common(model, s.creator, installationId),
  };
}
