import type { LabelState, PullState } from "../state";
import { nodeId, simpleUser, userId, type ShapeContext } from "./common";
import { repository } from "./repository";

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
