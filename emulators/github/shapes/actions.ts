import type { GitCommitObject } from "../git-store";
import type { PullState, WorkflowRunState } from "../state";
import { isoSeconds, nodeId, simpleUser, type ShapeContext } from "./common";
import { pullRequestMinimal } from "./pulls";
import { minimalRepository } from "./repository";

export function workflowRun(ctx: ShapeContext, run: WorkflowRunState, headCommit: GitCommitObject | null, pulls: PullState[], workflowId: number, workflowPath: string, workflowName: string) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const runUrl = `${r}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: workflowName,
    node_id: nodeId("WFR_", run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId("CS_", run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflowPath,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    run_attempt: 1,
    referenced_workflows: [],
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: workflowId,
    url: runUrl,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${run.id}`,
    pull_requests: pulls.filter((p) => run.pullNumbers.includes(p.number)).map((p) => pullRequestMinimal(ctx, p)),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.runStartedAt ?? run.createdAt,
    actor: simpleUser(ctx, run.actor),
    triggering_actor: simpleUser(ctx, run.actor),
    jobs_url: `${runUrl}/jobs`,
    logs_url: `${runUrl}/logs`,
    check_suite_url: `${r}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${runUrl}/artifacts`,
    cancel_url: `${runUrl}/cancel`,
    rerun_url: `${runUrl}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${r}/actions/workflows/${workflowId}`,
    head_commit: headCommit
      ? {
          id: headCommit.sha,
          tree_id: headCommit.tree,
          message: headCommit.message,
          timestamp: isoSeconds(headCommit.committer.date),
          author: { name: headCommit.author.name, email: headCommit.author.email },
          committer: { name: headCommit.committer.name, email: headCommit.committer.email },
        }
      : null,
    repository: minimalRepository(ctx),
    head_repository: minimalRepository(ctx),
  };
}

export function workflow(ctx: ShapeContext, id: number, workflowPath: string, name: string) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    id,
    node_id: nodeId("W_", id),
    name,
    path: workflowPath,
    state: "active",
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    url: `${r}/actions/workflows/${id}`,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/blob/${ctx.defaultBranch}/${workflowPath}`,
    badge_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/workflows/${encodeURIComponent(name)}/badge.svg`,
  };
}
