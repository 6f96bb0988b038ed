import { nodeId, simpleUser, type ShapeContext } from "./common";

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
