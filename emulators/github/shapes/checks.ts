import type { AnnotationState, CheckRunState, CommitStatusState, PullState } from "../state";
import { nodeId, simpleUser, type ShapeContext } from "./common";
import { pullRequestMinimal } from "./pulls";
import { minimalRepository } from "./repository";

/** The GitHub Actions app, owner of check runs created by workflows. */
export function actionsApp(ctx: ShapeContext) {
  return {
    id: 15368,
    slug: "github-actions",
    node_id: "MDM6QXBwMTUzNjg=",
    client_id: "Iv1.github-actions",
    owner: simpleUser(ctx, "github", "Organization"),
    name: "GitHub Actions",
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: `${ctx.htmlUrl}/apps/github-actions`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: { actions: "write", checks: "write", contents: "write", metadata: "read", pull_requests: "write", statuses: "write" },
    events: ["check_run", "check_suite", "pull_request", "push", "workflow_dispatch"],
  };
}

export function checkRun(ctx: ShapeContext, cr: CheckRunState, pulls: PullState[]) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const html = `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${cr.workflowRunId}/job/${cr.id}`;
  return {
    id: cr.id,
    head_sha: cr.headSha,
    node_id: nodeId("CR_", cr.id),
    external_id: String(cr.id),
    url: `${r}/check-runs/${cr.id}`,
    html_url: html,
    details_url: html,
    status: cr.status,
    conclusion: cr.conclusion,
    started_at: cr.startedAt,
    completed_at: cr.completedAt,
    output: {
      title: cr.title,
      summary: cr.summary,
      text: cr.text,
      annotations_count: cr.annotations.length,
      annotations_url: `${r}/check-runs/${cr.id}/annotations`,
    },
    name: cr.name,
    check_suite: { id: cr.checkSuiteId },
    app: actionsApp(ctx),
    pull_requests: pulls.filter((p) => cr.pullNumbers.includes(p.number)).map((p) => pullRequestMinimal(ctx, p)),
  };
}

export function checkAnnotation(ctx: ShapeContext, a: AnnotationState, headSha: string) {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    start_column: a.startColumn ?? null,
    end_column: a.endColumn ?? null,
    annotation_level: a.level,
    title: a.title,
    message: a.message,
    raw_details: a.rawDetails ?? null,
    blob_href: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/blob/${headSha}/${a.path}`,
  };
}

export function commitStatus(ctx: ShapeContext, s: CommitStatusState) {
  return {
    id: s.id,
    node_id: nodeId("SC_", s.id),
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/statuses/${s.sha}`,
    avatar_url: null,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    required: false,
  };
}

/** The `status` shape: POST /statuses/{sha} answers it. */
export function status(ctx: ShapeContext, s: CommitStatusState) {
  return { ...commitStatus(ctx, s), creator: simpleUser(ctx, s.creator) };
}

/** GET /commits/{ref}/status: statuses combine to failure > pending > success; none at all is "pending". */
export function combinedStatus(ctx: ShapeContext, sha: string, statuses: CommitStatusState[]) {
  const latest = new Map<string, CommitStatusState>();
  for (const s of [...statuses].sort((a, b) => a.id - b.id)) latest.set(s.context, s);
  const list = [...latest.values()];
  const state = list.some((s) => s.state === "failure" || s.state === "error")
    ? "failure"
    : list.length === 0 || list.some((s) => s.state === "pending")
      ? "pending"
      : "success";
  return {
    state,
    statuses: list.map((s) => commitStatus(ctx, s)),
    sha,
    total_count: list.length,
    repository: minimalRepository(ctx),
    commit_url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/commits/${sha}`,
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/commits/${sha}/status`,
  };
}
