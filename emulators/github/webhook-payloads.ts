import { pullContext } from "./merging";
import type { RepoModel } from "./repo-model";
import { WORKFLOW_NAME, WORKFLOW_PATH } from "./seed-repo";
import * as shapes from "./shapes";
import type { CheckRunState, PullState, ReviewState, WorkflowRunState } from "./state";

/** Webhook payload shapes (GitHub's `x-webhooks` schemas), built from the same REST shapes plus webhook extras. */

function repositoryWebhook(model: RepoModel) {
  const ctx = model.ctx;
  return {
    ...shapes.fullRepository(ctx, model.openIssuesCount()),
    allow_forking: false,
    is_template: false,
    web_commit_signoff_required: false,
    stargazers: 0,
    master_branch: ctx.defaultBranch,
    custom_properties: {},
  };
}

function organizationWebhook(model: RepoModel) {
  const ctx = model.ctx;
  const o = `${ctx.apiUrl}/orgs/${ctx.owner}`;
  return {
    login: ctx.owner,
    id: ctx.ownerId,
    node_id: shapes.nodeId("O_", ctx.ownerId),
    url: o,
    repos_url: `${o}/repos`,
    events_url: `${o}/events`,
    hooks_url: `${o}/hooks`,
    issues_url: `${o}/issues`,
    members_url: `${o}/members{/member}`,
    public_members_url: `${o}/public_members{/member}`,
    avatar_url: `${ctx.htmlUrl}/avatars/${ctx.owner}`,
    description: "Contoso",
  };
}

function common(model: RepoModel, sender: string, installationId?: number) {
  return {
    repository: repositoryWebhook(model),
    organization: organizationWebhook(model),
    sender: shapes.simpleUser(model.ctx, sender),
    ...(installationId ? { installation: { id: installationId, node_id: shapes.nodeId("I_", installationId) } } : {}),
  };
}

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

export async function pullRequestReviewPayload(model: RepoModel, review: ReviewState, pull: PullState, sender: string, installationId?: number) {
  const r = shapes.review(model.ctx, review);
  return {
    action: "submitted",
    review: { ...r, state: review.state.toLowerCase(), body: review.body || null },
    pull_request: shapes.pullRequestSimple(model.ctx, pull, { labels: model.state.labels, openIssues: model.openIssuesCount() }),
    ...common(model, sender, installationId),
  };
}

export function checkRunPayload(model: RepoModel, action: string, cr: CheckRunState, installationId?: number) {
  const run = shapes.checkRun(model.ctx, cr, model.state.pulls);
  const wr = model.state.workflowRuns.find((w) => w.id === cr.workflowRunId);
  const ctx = model.ctx;
  return {
    action,
    check_run: {
      ...run,
      check_suite: {
        id: cr.checkSuiteId,
        node_id: shapes.nodeId("CS_", cr.checkSuiteId),
        head_branch: wr?.headBranch ?? null,
        head_sha: cr.headSha,
        status: wr?.status === "completed" ? "completed" : wr?.status === "in_progress" ? "in_progress" : "queued",
        conclusion: wr?.conclusion ?? null,
        url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/check-suites/${cr.checkSuiteId}`,
        before: wr?.beforeSha ?? null,
        after: cr.headSha,
        pull_requests: run.pull_requests,
        app: run.app,
        created_at: wr?.createdAt ?? cr.startedAt,
        updated_at: wr?.updatedAt ?? cr.startedAt,
      },
    },
    ...common(model, "github-actions[bot]", installationId),
  };
}

export async function workflowRunPayload(model: RepoModel, action: string, run: WorkflowRunState, workflowId: number, installationId?: number) {
  const headCommit = await model.git.readCommit(run.headSha).catch(() => null);
  const wr = shapes.workflowRun(model.ctx, run, headCommit, model.state.pulls, workflowId, WORKFLOW_PATH, WORKFLOW_NAME);
  return {
    action,
    workflow: shapes.workflow(model.ctx, workflowId, WORKFLOW_PATH, WORKFLOW_NAME),
    workflow_run: {
      ...wr,
      head_commit: wr.head_commit,
      repository: wr.repository,
      head_repository: wr.head_repository,
    },
    ...common(model, run.actor, installationId),
  };
}
