import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/db";
import { discoverAccounts, loadAccountOptions, mayReviseRequest, mayViewRequest, revisionOptionsFor, type DomainDeps, type RequestFormData, type RequestFormPrefill } from "@/lib/requests";

/** The request form's options: discovered accounts with their region's models, quota, names and owners. */
export async function loadRequestFormData(deps: DomainDeps, user: UserWithTeams): Promise<RequestFormData> {
  ensureCapability(user, "request:create");
  const files = await discoverAccounts(deps);
  const accounts = await Promise.all(files.map((f) => loadAccountOptions(deps, user, f)));
  const teams =
    user.role === "admin"
      ? await deps.db.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } })
      : user.teams.map((t) => ({ id: t.id, name: t.name }));
  const now = deps.now?.() ?? new Date();
  return { accounts, teams, today: now.toISOString(), retirementWindowDays: deps.settings.retirementWindowDays };
}

/**
 * The revise form of a request: the form's options for its account (leaving the request itself out of names,
 * holds and pending marks) and the request's values to start from. Null when there is no such request,
 * "forbidden" when the user may not revise it, "closed" when its state allows no revision.
 */
export async function loadRevisionForm(deps: DomainDeps, user: UserWithTeams, requestId: string) {
  const r = await deps.db.request.findUnique({ where: { id: requestId }, include: { team: { select: { name: true } } } });
  if (!r) return null;
  if (!mayViewRequest(user, r)) return "forbidden" as const;
  const options = revisionOptionsFor(user, r);
  if (!options) return mayReviseRequest(user, r) ? ("closed" as const) : ("forbidden" as const);
  const files = await discoverAccounts(deps);
  const file = files.find((f) => f.account.name === r.accountName);
  const accounts = file ? [await loadAccountOptions(deps, user, file, { excludeRequestId: r.id })] : [];
  const teams = [{ id: r.teamId, name: r.team.name }];
  const now = deps.now?.() ?? new Date();
  const data: RequestFormData = { accounts, teams, today: now.toISOString(), retirementWindowDays: deps.settings.retirementWindowDays };
  // A follow-up after a failed deploy changes the element the merged PR put on main.
  const action = options.route === "follow-up" ? "change" : (r.kind as RequestFormPrefill["action"]);
  const prefill: RequestFormPrefill = {
    action,
    account: r.accountName,
    teamId: r.teamId,
    deployment: action === "create" ? undefined : r.deploymentName,
    model: r.modelName,
    version: r.modelVersion,
    sku: r.skuName,
    capacity: r.kind === "decommission" ? undefined : r.capacity,
    name: action === "create" ? r.deploymentName : undefined,
    upgrade: r.versionUpgradeOption ?? undefined,
    contentFilter: r.raiPolicyName ?? undefined,
    justification: r.justification,
  };
  return { request: r, data, prefill, route: options.route };
}
