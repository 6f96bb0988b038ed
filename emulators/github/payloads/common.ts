import type { RepoModel } from "../repo-model";
import * as shapes from "../shapes";

/** The parts every webhook payload shares: repository, organization, sender and (for an App) installation. */

export function repositoryWebhook(model: RepoModel) {
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

export function organizationWebhook(model: RepoModel) {
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

export function common(model: RepoModel, sender: string, installationId?: number) {
  return {
    repository: repositoryWebhook(model),
    organization: organizationWebhook(model),
    sender: shapes.simpleUser(model.ctx, sender),
    ...(installationId ? { installation: { id: installationId, node_id: shapes.nodeId("I_", installationId) } } : {}),
  };
}
