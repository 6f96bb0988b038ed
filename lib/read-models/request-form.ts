import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/db";
import { discoverAccounts, loadAccountOptions, type DomainDeps, type RequestFormData } from "@/lib/requests";

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
