import "server-only";
import type { Db } from "./lifecycle";
import { resolveOwners, type OwnershipEvidence } from "./rules/ownership";

/**
 * The request history ownership needs: per account and deployment, the team of the latest succeeded request
 * that created or changed it (one row per deployment, picked in the database).
 */
export async function loadOwnershipHistory(db: Db, accountNames: readonly string[]): Promise<Map<string, OwnershipEvidence[]>> {
  const out = new Map<string, OwnershipEvidence[]>();
  if (accountNames.length === 0) return out;
  const rows = await db.$queryRaw<{ account_name: string; deployment_name: string; team_name: string; completed_at: Date | null }[]>`
    SELECT DISTINCT ON (r.account_name, lower(r.deployment_name))
           r.account_name, r.deployment_name, t.name AS team_name, r.completed_at
      FROM requests r JOIN teams t ON t.id = r.team_id
     WHERE r.status = 'succeeded' AND r.kind IN ('create', 'change') AND r.account_name = ANY(${[...accountNames]})
     ORDER BY r.account_name, lower(r.deployment_name), r.completed_at DESC NULLS LAST`;
  for (const r of rows) {
    const list = out.get(r.account_name) ?? [];
    list.push({ deploymentName: r.deployment_name, teamName: r.team_name, completedAt: r.completed_at });
    out.set(r.account_name, list);
  }
  return out;
}

/** Owning team per deployment of one account (lower-cased names): the file's team comments, then history. */
export async function loadAccountOwners(db: Db, accountName: string, fileOwners: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const history = await loadOwnershipHistory(db, [accountName]);
  return resolveOwners(fileOwners, history.get(accountName) ?? []);
}
