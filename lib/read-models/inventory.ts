import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { readInventory, readSyncStatus, type InventoryRow, type InventoryState, type SyncStatus } from "@/lib/sync";

export interface InventoryFilters {
  q?: string;
  account?: string;
  status?: string;
  team?: string;
}

/** The last pass's inventory and sync status, rows narrowed by the page's filters. */
export async function loadInventory(deps: { db: PrismaClient }, user: UserWithTeams, filters: InventoryFilters = {}): Promise<{ inventory: InventoryState | null; status: SyncStatus | null; rows: InventoryRow[] }> {
  ensureCapability(user, "inventory:view");
  const db = deps.db;
  const [inventory, status] = await Promise.all([readInventory(db), readSyncStatus(db)]);
  const q = filters.q?.trim().toLowerCase();
  const rows = (inventory?.rows ?? []).filter(
    (r) =>
      (!filters.account || r.account === filters.account) &&
      (!filters.status || r.status === filters.status) &&
      (!filters.team || (filters.team === "-" ? !r.team : r.team === filters.team)) &&
      (!q || [r.name, r.account, r.team ?? "", r.desired?.modelName ?? "", r.actual?.modelName ?? "", r.location].some((s) => s.toLowerCase().includes(q))),
  );
  return { inventory, status, rows };
}

/** One deployment: its inventory row, the requests that touched it and Azure's snapshots, newest first. */
export async function loadDeploymentHistory(deps: { db: PrismaClient }, user: UserWithTeams, account: string, name: string) {
  ensureCapability(user, "inventory:view");
  const db = deps.db;
  const [inventory, status, requests, snapshots] = await Promise.all([
    readInventory(db),
    readSyncStatus(db),
    db.request.findMany({
      where: { accountName: account, deploymentName: { equals: name, mode: "insensitive" } },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { id: true, number: true, kind: true, status: true, modelName: true, modelVersion: true, skuName: true, capacity: true, createdAt: true, completedAt: true, team: { select: { name: true } }, requester: { select: { name: true } } },
    }),
    db.deploymentSnapshot.findMany({ where: { accountName: account, deploymentName: name }, orderBy: { takenAt: "desc" }, take: 100 }),
  ]);
  const row = inventory?.rows.find((r) => r.account === account && r.name === name) ?? null;
  const accountInfo = inventory?.accounts.find((a) => a.name === account) ?? null;
  const retirement = inventory?.retirements.find((r) => r.account === account && r.deployment === name) ?? null;
  return { row, account: accountInfo, retirement, status, requests, snapshots };
}
