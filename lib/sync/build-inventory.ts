import "server-only";
import type { PrismaClient } from "@/lib/db";
import { loadOwnershipHistory, PENDING_STATUSES, resolveOwners } from "@/lib/requests";
import type { AzureDeployment } from "@/lib/azure";
import { classifyDeployment, type ActualDeployment, type DeploymentShape, type InventoryRow } from "./inventory-model";
import type { ActualByAccount } from "./read-actual";
import type { AccountPlan } from "./read-desired";

/** A deployment as Azure has it, in the inventory's shape. */
export function toActual(d: AzureDeployment): ActualDeployment {
  return {
    modelFormat: d.model.format,
    modelName: d.model.name,
    modelVersion: d.model.version,
    skuName: d.sku.name,
    capacity: d.sku.capacity,
    provisioningState: d.provisioningState,
    ...(d.versionUpgradeOption ? { versionUpgradeOption: d.versionUpgradeOption } : {}),
    ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
    ...(d.lastModifiedAt ? { lastModifiedAt: d.lastModifiedAt } : {}),
  };
}

function stripTeam(d: DeploymentShape & { team: string | null }): DeploymentShape {
  const { team: _team, ...shape } = d;
  void _team;
  return shape;
}

/**
 * Phase 4: one inventory row per deployment, desired ∪ actual per account, with its status (in sync, drift,
 * missing, Azure-only, deploying, failed), owning team and the request in flight on it.
 */
export async function buildInventoryRows(
  db: PrismaClient,
  plans: AccountPlan[],
  actualByAccount: ActualByAccount,
  previousRows: InventoryRow[],
  moved: Record<string, string>,
): Promise<InventoryRow[]> {
  const [inFlight, history] = await Promise.all([
    db.request.findMany({
      // A removal waiting for deletion in Azure is still in flight: its row names it and its team.
      where: { status: { in: [...PENDING_STATUSES, "awaiting_deletion"] } },
      select: { id: true, number: true, status: true, accountName: true, deploymentName: true, team: { select: { name: true } } },
      orderBy: { createdAt: "desc" },
    }),
    loadOwnershipHistory(db, plans.map((p) => p.name)),
  ]);
  // The newest request in flight per deployment, looked up by key: one pass over them, not one per inventory row.
  const inFlightByKey = new Map<string, (typeof inFlight)[number]>();
  for (const r of inFlight) {
    const key = `${r.accountName}/${r.deploymentName.toLowerCase()}`;
    if (!inFlightByKey.has(key)) inFlightByKey.set(key, r);
  }
  const pendingFor = (account: string, name: string) => inFlightByKey.get(`${account}/${name.toLowerCase()}`) ?? null;
  const rows: InventoryRow[] = [];
  for (const plan of plans) {
    const live = actualByAccount.get(plan.name);
    const actual = new Map<string, ActualDeployment>();
    if (live) live.forEach((d) => actual.set(d.name, toActual(d)));
    else previousRows.filter((r) => r.account === plan.name && r.actual).forEach((r) => actual.set(r.name, r.actual!));
    const fileOwners = new Map<string, string>();
    for (const [name, d] of plan.desired!) if (d.team) fileOwners.set(name.toLowerCase(), d.team);
    const owners = resolveOwners(fileOwners, history.get(plan.name) ?? []);
    const names = new Set([...plan.desired!.keys(), ...actual.keys()]);
    for (const name of names) {
      const d = plan.desired!.get(name) ?? null;
      const a = actual.get(name) ?? null;
      const pending = pendingFor(plan.name, name);
      const deployingNow = pending !== null && (pending.status === "merged" || pending.status === "deploying") && !moved[pending.id]?.match(/succeeded|failed/);
      const { status, differences } = classifyDeployment(d ? stripTeam(d) : null, a, deployingNow);
      rows.push({
        account: plan.name,
        location: plan.location,
        resourceGroup: plan.resourceGroup,
        paramFile: plan.paramFile,
        name,
        team: owners.get(name.toLowerCase()) ?? (pending?.status === "awaiting_deletion" ? pending.team.name : null),
        desired: d ? stripTeam(d) : null,
        actual: a,
        status,
        differences,
        pendingRequest: pending ? { id: pending.id, number: pending.number, status: moved[pending.id] ?? pending.status } : null,
      });
    }
  }
  return rows.sort((a, b) => a.account.localeCompare(b.account) || a.name.localeCompare(b.name));
}
