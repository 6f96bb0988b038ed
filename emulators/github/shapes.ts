import { createHash } from "node:crypto";
import type { GitCommitObject, GitTreeEntry } from "./git-store";
import type { AnnotationState, CheckRunState, CommentState, CommitStatusState, LabelState, PullState, ReviewState, WorkflowRunState } from "./state";

/**
 * Builders for GitHub's JSON shapes (REST v3, api-version 2022-11-28). Field sets follow the schemas in
 * GitHub's OpenAPI description; the conformance test validates every response against it.
 */

export interface ShapeContext {
  /** Base of API urls, e.g. http://127.0.0.1:4010 */
  apiUrl: string;
  /** Base of web urls (the emulator serves both). */
  htmlUrl: string;
  owner: string;
  repo: string;
  repoId: number;
  ownerId: number;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  appId?: number;
}

/** A stable numeric id for a login (GitHub ids are integers). */
export function userId(login: string): number {
  return (createHash("sha1").update(login).digest().readUInt32BE(0) % 90_000_000) + 1_000_000;
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

export function isBotLogin(login: string): boolean {
  return login.endsWith("[bot]");
}

export function simpleUser(ctx: ShapeContext, login: string, type?: "User" | "Organization" | "Bot") {
  const id = login === ctx.owner ? ctx.ownerId : userId(login);
  const u = `${ctx.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId("U_", id),
    avatar_url: `${ctx.htmlUrl}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: "",
    url: u,
    html_url: `${ctx.htmlUrl}/${encodeURIComponent(login)}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: type ?? (login === ctx.owner ? "Organization" : isBotLogin(login) ? "Bot" : "User"),
    user_view_type: "public",
    site_admin: false,
  };
}

function repoUrls(ctx: ShapeContext) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    archive_url: `${r}/{archive_format}{/ref}`,
    assignees_url: `${r}/assignees{/user}`,
    blobs_url: `${r}/git/blobs{/sha}`,
    branches_url: `${r}/branches{/branch}`,
    collaborators_url: `${r}/collaborators{/collaborator}`,
    comments_url: `${r}/comments{/number}`,
    commits_url: `${r}/commits{/sha}`,
    compare_url: `${r}/compare/{base}...{head}`,
    contents_url: `${r}/contents/{+path}`,
    contributors_url: `${r}/contributors`,
    deployments_url: `${r}/deployments`,
    downloads_url: `${r}/downloads`,
    events_url: `${r}/events`,
    forks_url: `${r}/forks`,
    git_commits_url: `${r}/git/commits{/sha}`,
    git_refs_url: `${r}/git/refs{/sha}`,
    git_tags_url: `${r}/git/tags{/sha}`,
    hooks_url: `${r}/hooks`,
    issue_comment_url: `${r}/issues/comments{/number}`,
    issue_events_url: `${r}/issues/events{/number}`,
    issues_url: `${r}/issues{/number}`,
    keys_url: `${r}/keys{/key_id}`,
    labels_url: `${r}/labels{/name}`,
    languages_url: `${r}/languages`,
    merges_url: `${r}/merges`,
    milestones_url: `${r}/milestones{/number}`,
    notifications_url: `${r}/notifications{?since,all,participating}`,
    pulls_url: `${r}/pulls{/number}`,
    releases_url: `${r}/releases{/id}`,
    stargazers_url: `${r}/stargazers`,
    statuses_url: `${r}/statuses/{sha}`,
    subscribers_url: `${r}/subscribers`,
    subscription_url: `${r}/subscription`,
    tags_url: `${r}/tags`,
    teams_url: `${r}/teams`,
    trees_url: `${r}/git/trees{/sha}`,
    url: r,
  };
}

/** The `minimal-repository` shape (workflow runs, combined status). */
export function minimalRepository(ctx: ShapeContext) {
  const host = new URL(ctx.htmlUrl).host;
  return {
    id: ctx.repoId,
    node_id: nodeId("R_", ctx.repoId),
    name: ctx.repo,
    full_name: `${ctx.owner}/${ctx.repo}`,
    owner: simpleUser(ctx, ctx.owner, "Organization"),
    private: true,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}`,
    description: "AI model deployments on the shared Azure OpenAI accounts (GitOps).",
    fork: false,
    ...repoUrls(ctx),
    git_url: `git://${host}/${ctx.owner}/${ctx.repo}.git`,
    ssh_url: `git@${host}:${ctx.owner}/${ctx.repo}.git`,
    clone_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}.git`,
  };
}

/** The `repository` shape (PR head/base repo). */
export function repository(ctx: ShapeContext, openIssues: number) {
  const host = new URL(ctx.htmlUrl).host;
  return {
    ...minimalRepository(ctx),
    mirror_url: null,
    svn_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}`,
    homepage: null,
    language: "Bicep",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 64,
    default_branch: ctx.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: ["azure-openai", "bicep", "gitops"],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "private",
    license: null,
    pushed_at: ctx.pushedAt,
    created_at: ctx.createdAt,
    updated_at: ctx.pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: true,
    allow_forking: false,
    web_commit_signoff_required: false,
    git_url: `git://${host}/${ctx.owner}/${ctx.repo}.git`,
  };
}

/** The `full-repository` shape (GET /repos/{owner}/{repo}). */
export function fullRepository(ctx: ShapeContext, openIssues: number) {
  return {
    ...repository(ctx, openIssues),
    network_count: 0,
    subscribers_count: 3,
    organization: simpleUser(ctx, ctx.owner, "Organization"),
    use_squash_pr_title_as_default: false,
    squash_merge_commit_title: "COMMIT_OR_PR_TITLE",
    squash_merge_commit_message: "COMMIT_MESSAGES",
    merge_commit_title: "MERGE_MESSAGE",
    merge_commit_message: "PR_TITLE",
  };
}

export function gitRef(ctx: ShapeContext, ref: string, sha: string) {
  return {
    ref,
    node_id: nodeId("REF_", `${ctx.repoId}:${ref}`),
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/${ref}`,
    object: { sha, type: "commit", url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/commits/${sha}` },
  };
}

function identity(i: { name: string; email: string; date: Date }) {
  return { name: i.name, email: i.email, date: i.date.toISOString().replace(/\.\d{3}Z$/, "Z") };
}

export function gitCommit(ctx: ShapeContext, c: GitCommitObject) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    sha: c.sha,
    node_id: nodeId("C_", c.sha),
    url: `${r}/git/commits/${c.sha}`,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/commit/${c.sha}`,
    author: identity(c.author),
    committer: identity(c.committer),
    tree: { sha: c.tree, url: `${r}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${r}/git/commits/${p}`, html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/commit/${p}` })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function gitTree(ctx: ShapeContext, sha: string, entries: GitTreeEntry[]) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    sha,
    url: `${r}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob" ? { size: e.size ?? 0, url: `${r}/git/blobs/${e.sha}` } : { url: `${r}/git/trees/${e.sha}` }),
    })),
    truncated: false,
  };
}

/** Base64 wrapped at 60 columns with a trailing newline, as GitHub serves file and blob contents. */
export function githubBase64(content: Buffer): string {
  const b64 = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 60) lines.push(b64.slice(i, i + 60));
  return lines.join("\n") + "\n";
}

export function blob(ctx: ShapeContext, sha: string, content: Buffer) {
  return {
    sha,
    node_id: nodeId("B_", sha),
    size: content.length,
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/git/blobs/${sha}`,
    content: githubBase64(content),
    encoding: "base64",
  };
}

function contentLinks(ctx: ShapeContext, filePath: string, sha: string, ref: string) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const encPath = filePath.split("/").map(encodeURIComponent).join("/");
  const self = `${r}/contents/${encPath}?ref=${encodeURIComponent(ref)}`;
  const git = `${r}/git/blobs/${sha}`;
  const html = `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/blob/${encodeURIComponent(ref)}/${encPath}`;
  return { url: self, git_url: git, html_url: html, download_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/raw/${encodeURIComponent(ref)}/${encPath}`, _links: { self, git, html } };
}

export function contentFile(ctx: ShapeContext, filePath: string, sha: string, content: Buffer, ref: string) {
  return {
    type: "file",
    encoding: "base64",
    size: content.length,
    name: filePath.split("/").pop() ?? filePath,
    path: filePath,
    content: githubBase64(content),
    sha,
    ...contentLinks(ctx, filePath, sha, ref),
  };
}

export function contentDirectoryEntry(ctx: ShapeContext, entry: GitTreeEntry, ref: string) {
  const type = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : "file";
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    ...contentLinks(ctx, entry.path, entry.sha, ref),
    download_url: type === "file" ? contentLinks(ctx, entry.path, entry.sha, ref).download_url : null,
  };
}

export function fileCommit(ctx: ShapeContext, filePath: string, blobSha: string, size: number, branch: string, commit: GitCommitObject) {
  const links = contentLinks(ctx, filePath, blobSha, branch);
  return {
    content: { name: filePath.split("/").pop() ?? filePath, path: filePath, sha: blobSha, size, type: "file", ...links },
    commit: gitCommit(ctx, commit),
  };
}

export function label(ctx: ShapeContext, l: LabelState) {
  return {
    id: l.id,
    node_id: nodeId("LA_", l.id),
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

export function teamSimple(ctx: ShapeContext, slug: string) {
  const id = userId(`team:${slug}`);
  const t = `${ctx.apiUrl}/organizations/${ctx.ownerId}/team/${id}`;
  return {
    id,
    node_id: nodeId("T_", id),
    url: t,
    members_url: `${t}/members{/member}`,
    name: slug,
    description: null,
    permission: "push",
    privacy: "closed",
    notification_setting: "notifications_enabled",
    html_url: `${ctx.htmlUrl}/orgs/${ctx.owner}/teams/${slug}`,
    repositories_url: `${t}/repos`,
    slug,
    type: "organization",
    organization_id: ctx.ownerId,
    parent: null,
  };
}

export interface PullContext {
  labels: LabelState[];
  openIssues: number;
  mergeable: boolean | null;
  mergeableState: string;
  stats: { commits: number; additions: number; deletions: number; changedFiles: number };
  rebaseable: boolean | null;
  comments: number;
  reviewComments: number;
}

function pullLinks(ctx: ShapeContext, n: number, headSha: string) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    self: { href: `${r}/pulls/${n}` },
    html: { href: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${n}` },
    issue: { href: `${r}/issues/${n}` },
    comments: { href: `${r}/issues/${n}/comments` },
    review_comments: { href: `${r}/pulls/${n}/comments` },
    review_comment: { href: `${r}/pulls/comments{/number}` },
    commits: { href: `${r}/pulls/${n}/commits` },
    statuses: { href: `${r}/statuses/${headSha}` },
  };
}

/** The `pull-request-simple` shape (lists, requested reviewers). */
export function pullRequestSimple(ctx: ShapeContext, p: PullState, pc: Pick<PullContext, "labels" | "openIssues">) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  const repo = repository(ctx, pc.openIssues);
  const ownerUser = simpleUser(ctx, ctx.owner, "Organization");
  const labelsByName = new Map(pc.labels.map((l) => [l.name, l]));
  return {
    url: `${r}/pulls/${p.number}`,
    id: p.id,
    node_id: nodeId("PR_", p.id),
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${p.number}`,
    diff_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${p.number}.diff`,
    patch_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${p.number}.patch`,
    issue_url: `${r}/issues/${p.number}`,
    commits_url: `${r}/pulls/${p.number}/commits`,
    review_comments_url: `${r}/pulls/${p.number}/comments`,
    review_comment_url: `${r}/pulls/comments{/number}`,
    comments_url: `${r}/issues/${p.number}/comments`,
    statuses_url: `${r}/statuses/${p.headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: simpleUser(ctx, p.user),
    body: p.body,
    labels: p.labels.flatMap((name) => {
      const l = labelsByName.get(name);
      return l ? [label(ctx, l)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: p.requestedReviewers.map((login) => simpleUser(ctx, login)),
    requested_teams: p.requestedTeams.map((slug) => teamSimple(ctx, slug)),
    head: { label: `${ctx.owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: ownerUser, repo },
    base: { label: `${ctx.owner}:${p.baseRef}`, ref: p.baseRef, sha: p.baseSha, user: ownerUser, repo },
    _links: pullLinks(ctx, p.number, p.headSha),
    author_association: "MEMBER",
    auto_merge: null,
    draft: p.draft,
  };
}

/** The `pull-request` shape (GET/POST/PATCH one pull request). */
export function pullRequest(ctx: ShapeContext, p: PullState, pc: PullContext) {
  return {
    ...pullRequestSimple(ctx, p, pc),
    merged: p.mergedAt !== null,
    mergeable: pc.mergeable,
    rebaseable: pc.rebaseable,
    mergeable_state: pc.mergeableState,
    merged_by: p.mergedBy ? simpleUser(ctx, p.mergedBy) : null,
    comments: pc.comments,
    review_comments: pc.reviewComments,
    maintainer_can_modify: false,
    commits: pc.stats.commits,
    additions: pc.stats.additions,
    deletions: pc.stats.deletions,
    changed_files: pc.stats.changedFiles,
  };
}

export function pullRequestMinimal(ctx: ShapeContext, p: PullState) {
  const repo = { id: ctx.repoId, url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`, name: ctx.repo };
  return {
    id: p.id,
    number: p.number,
    url: `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/pulls/${p.number}`,
    head: { ref: p.headRef, sha: p.headSha, repo },
    base: { ref: p.baseRef, sha: p.baseSha, repo },
  };
}

export function review(ctx: ShapeContext, rv: ReviewState) {
  const prUrl = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}/pulls/${rv.pullNumber}`;
  const html = `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${rv.pullNumber}#pullrequestreview-${rv.id}`;
  return {
    id: rv.id,
    node_id: nodeId("PRR_", rv.id),
    user: simpleUser(ctx, rv.user),
    body: rv.body,
    state: rv.state,
    html_url: html,
    pull_request_url: prUrl,
    _links: { html: { href: html }, pull_request: { href: prUrl } },
    submitted_at: rv.submittedAt,
    commit_id: rv.commitId,
    author_association: "MEMBER",
  };
}

export function issueComment(ctx: ShapeContext, c: CommentState) {
  const r = `${ctx.apiUrl}/repos/${ctx.owner}/${ctx.repo}`;
  return {
    id: c.id,
    node_id: nodeId("IC_", c.id),
    url: `${r}/issues/comments/${c.id}`,
    html_url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt ?? c.createdAt,
    issue_url: `${r}/issues/${c.issueNumber}`,
    author_association: "MEMBER",
    performed_via_github_app: null,
    reactions: {
      url: `${r}/issues/comments/${c.id}/reactions`,
      total_count: 0,
      "+1": 0,
      "-1": 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    },
  };
}

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
    raw_details: null,
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
          timestamp: headCommit.committer.date.toISOString().replace(/\.\d{3}Z$/, "Z"),
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

/** GitHub's error body: {message, documentation_url, status}. */
export function errorBody(status: number, message: string, documentationUrl = "https://docs.github.com/rest", errors?: unknown[]) {
  return { message, ...(errors ? { errors } : {}), documentation_url: documentationUrl, status: String(status) };
}
