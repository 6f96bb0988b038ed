import "server-only";
import type { AzureUsage } from "@/lib/azure";
import type { Prisma, PrismaClient } from "@/lib/db";
import type { DomainDeps } from "@/lib/requests";
import type { ActualDeployment, InventoryRow, SyncStatus } from "./inventory-model";
import type { ActualByAccount } from "./read-actual";
import { errorMessage, type AccountPlan } from "./read-desired";
import { QUOTA_MEMORY_KEY, readState, writeState } from "./state";

// Phase 5, history: deployment and quota snapshots for the inventory's history and the dashboards. Only what
// changed since the last pass is written, so an idle platform adds no rows.

function sameSnapshot(a: ActualDeployment | null | undefined, b: ActualDeployment | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.modelName === b.modelName && a.modelVersion === b.modelVersion && a.skuName === b.skuName && a.capacity === b.capacity && a.provisioningState === b.provisioningState;
}

/** One row per deployment that changed since the last pass (and one "Deleted" row when it disappears). */
export async function writeDeploymentSnapshots(
  db: PrismaClient,
  subscriptionId: string,
  plans: AccountPlan[],
  actualByAccount: ActualByAccount,
  rows: InventoryRow[],
  previousRows: InventoryRow[],
  now: Date,
): Promise<number> {
  const data: Prisma.DeploymentSnapshotCreateManyInput[] = [];
  for (const plan of plans) {
    if (!actualByAccount.get(plan.name)) continue; // unknown now: no history entry
    const before = new Map(previousRows.filter((r) => r.account === plan.name).map((r) => [r.name, r]));
    const current = rows.filter((r) => r.account === plan.name);
    const seen = new Set<string>();
    for (const row of current) {
      seen.add(row.name);
      if (!row.actual) {
        if (before.get(row.name)?.actual) data.push(snapshotRow(subscriptionId, plan, row.name, { ...before.get(row.name)!.actual!, provisioningState: "Deleted" }, row.team, now));
        continue;
      }
      // A new owner is history too: the quota dashboard reads each deployment's team from its latest row.
      const was = before.get(row.name);
      if (!sameSnapshot(was?.actual, row.actual) || (was?.team ?? null) !== row.team) data.push(snapshotRow(subscriptionId, plan, row.name, row.actual, row.team, now));
    }
    for (const [name, old] of before) {
      if (!seen.has(name) && old.actual) data.push(snapshotRow(subscriptionId, plan, name, { ...old.actual, provisioningState: "Deleted" }, old.team, now));
    }
  }
  if (data.length) await db.deploymentSnapshot.createMany({ data });
  return data.length;
}

function snapshotRow(subscriptionId: string, plan: AccountPlan, name: string, a: ActualDeployment, team: string | null, now: Date): Prisma.DeploymentSnapshotCreateManyInput {
  return {
    takenAt: now,
    subscriptionId: plan.subscriptionId ?? subscriptionId,
    accountName: plan.name,
    location: plan.location,
    deploymentName: name,
    modelName: a.modelName,
    modelVersion: a.modelVersion,
    skuName: a.skuName,
    capacity: a.capacity,
    provisioningState: a.provisioningState,
    team,
  };
}

/** Quota usage per region; a row only for usages whose value or limit changed since the last one. */
export async function writeQuotaSnapshots(deps: Pick<DomainDeps, "db" | "azure" | "settings">, locations: string[], now: Date, errors: SyncStatus["errors"]): Promise<{ written: number }> {
  const memory = (await readState<Record<string, [number, number]>>(deps.db, QUOTA_MEMORY_KEY)) ?? {};
  const data: Prisma.QuotaSnapshotCreateManyInput[] = [];
  await Promise.all(
    locations.map(async (location) => {
      let usages: AzureUsage[];
      try {
        usages = await deps.azure.listUsages(location);
      } catch (e) {
        errors.push({ source: "azure", message: `Quota usage in ${location} could not be read: ${errorMessage(e)}` });
        return;
      }
      for (const u of usages) {
        const key = `${location}/${u.name}`;
        const last = memory[key];
        if (last && last[0] === u.current && last[1] === u.limit) continue;
        memory[key] = [u.current, u.limit];
        data.push({ takenAt: now, subscriptionId: deps.settings.subscriptionId, location, usageName: u.name, currentValue: Math.round(u.current), limit: Math.round(u.limit), unit: u.unit });
      }
    }),
  );
  if (data.length) {
    await deps.db.quotaSnapshot.createMany({ data });
    await writeState(deps.db, QUOTA_MEMORY_KEY, memory);
  }
  return { written: data.length };
}

