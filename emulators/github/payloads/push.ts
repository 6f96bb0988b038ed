import type { PushInfo, RepoModel } from "../repo-model";
import * as shapes from "../shapes";
import { common } from "./common";

const ZERO = "0".repeat(40);
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** One pushed commit as the push webhook lists it (with the paths it added, removed and modified). */
async function pushedCommit(model: RepoModel, sha: string, distinct: boolean) {
  const ctx = model.ctx;
  const c = await model.git.readCommit(sha);
  const changes = await model.git.pathChanges(c.parents[0] ?? null, sha);
  const person = (i: { name: string; email: string }) => ({ name: i.name, email: i.email, username: i.email.match(/^\d+\+(.+)@users\.noreply\.github\.com$/)?.[1] ?? i.name });
  return {
    id: c.sha,
    tree_id: c.tree,
    distinct,
    message: c.message,
    timestamp: shapes.isoSeconds(c.committer.date),
    url: `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/commit/${c.sha}`,
    author: person(c.author),
    committer: person(c.committer),
    ...changes,
  };
}

/**
 * push: a branch was created, moved or deleted. In push payloads GitHub writes the repository's `created_at` and
 * `pushed_at` as Unix timestamps and lists at most 20 commits; `pusher` is the git identity of who pushed.
 */
export async function pushPayload(model: RepoModel, push: PushInfo, installationId?: number) {
  const ctx = model.ctx;
  const compareBase = push.before ?? (await model.branchSha(ctx.defaultBranch));
  const shas = push.after ? (compareBase && compareBase !== push.after ? await model.git.listCommitsBetween(compareBase, push.after) : []) : [];
  const commits = [];
  for (const sha of shas.slice(-20)) commits.push(await pushedCommit(model, sha, true));
  const base = common(model, push.actor, installationId);
  const short = (sha: string | null) => (sha ?? ZERO).slice(0, 12);
  return {
    ref: `refs/heads/${push.branch}`,
    before: push.before ?? ZERO,
    after: push.after ?? ZERO,
    ...base,
    repository: { ...base.repository, created_at: unix(base.repository.created_at), pushed_at: unix(base.repository.pushed_at), organization: ctx.owner },
    pusher: { name: push.actor, email: `${shapes.userId(push.actor)}+${push.actor}@users.noreply.github.com` },
    created: push.before === null,
    deleted: push.after === null,
    forced: push.forced,
    base_ref: null,
    compare: push.before && push.after ? `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/compare/${short(push.before)}...${short(push.after)}` : `${ctx.htmlUrl}/${ctx.owner}/${ctx.repo}/compare/${push.branch}`,
    commits,
    head_commit: push.after ? await pushedCommit(model, push.after, commits.some((c) => c.id === push.after)) : null,
  };
}
