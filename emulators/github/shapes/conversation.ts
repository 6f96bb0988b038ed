import type { CommentState, ReviewState } from "../state";
import { nodeId, simpleUser, type ShapeContext } from "./common";

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
    updated_at: c.createdAt,
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
