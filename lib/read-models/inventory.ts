import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import {
  countInventoryByStatus,
  countRetiringSoon,
  listInventoryPage,
  listInventoryTeams,
  listRetirements,
  readInventoryMeta,
  readInventoryRow,
  readSyncStatus,
  toRetirementRow,
  type InventoryFilters,
  type InventoryMeta,
  type InventoryRow,
  type InventoryStatus,
  type RetirementRow,
  type SyncStatus,
} from "@/lib/sync";

export type { InventoryFilters };

export interface InventoryView {
  /** The last pass's facts (accounts, as-of times); null before the first pass. */
  meta: InventoryMeta | null;
  status: SyncStatus | null;
  /** This page's rows (pages of INVENTORY_PAGE_SIZE, account and name order). */
  rows: InventoryRow[];
  /** Rows matching the filters in all. */
  total: number;
  page: number;
  pageCount: number;
  /** Rows per status under the other filters (one grouped query). */
  counts: Partial<Record<InventoryStatus, number>>;
  /** Teams owning a deployment, for the team filter. */
  teams: string[];
  /** Deployments retiring within the window, for the radar link. */
  retiringSoon: number;
}

/** One page of the inventory narrowed by the page's filters, with counts per status — all in SQL. */
export async function loadInventory(deps: { db: PrismaClient }, user: UserWithTeams, filters: InventoryFilters = {}, page = 1, now = new Date()): Promise<InventoryView> {
  ensureCapability(user, "inventory:view");
  const db = deps.db;
  const [meta, status, list, counts, teams] = await Promise.all([readInventoryMeta(db), readSyncStatus(db), listInventoryPage(db, filters, page), countInventoryByStatus(db, filters), listInventoryTeams(db)]);
  const retiringSoon = meta ? await countRetiringSoon(db, now, meta.retirementWindowDays) : 0;
  return { meta, status, ...list, counts, teams, retiringSoon };
}

/** The retirement radar: deployments whose version retires within the window, soonest first. */
export async function loadRetirementRadar(deps: { db: PrismaClient }, user: UserWithTeams, now = new Date()): Promise<{ meta: InventoryMeta | null; status: SyncStatus | null; rows: RetirementRow[] }> {
  ensureCapability(user, "inventory:view");
  const [meta, status] = await Promise.all([readInventoryMeta(deps.db), readSyncStatus(deps.db)]);
  const rows = meta ? await listRetirements(deps.db, now, meta.retirementWindowDays) : [];
  return { meta, status, rows };
}

/**
 * The requests that touched a deployment, newest first (at most 100). Deployment names compare ignoring case:
 * first the spellings the account's requests use (an index-only scan), then each spelling's requests in
 * creation order straight from the (account, name, created_at) index.
 */
async function listDeploymentRequests(db: PrismaClient, account: string, name: string) {
  const spellings = await db.$queryRaw<{ deployment_name: string }[]>`
    SELECT DISTINCT deployment_name FROM requests WHERE account_name = ${account} AND lower(deployment_name) = lower(${name})`;
  if (!spellings.length) return [];
  return db.request.findMany({
    where: { accountName: account, deploymentName: { in: spellings.map((s) => s.deployment_name) } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, number: true, kind: true, status: true, modelName: true, modelVersion: true, skuName: true, capacity: true, createdAt: true, completedAt: true, team: { select: { name: true } }, requester: { select: { name: true } } },
  });
}

/** One deployment: its inventory row, the requests that touched it and Azure's snapshots, newest first. */
export async function loadDeploymentHistory(deps: { db: PrismaClient }, user: UserWithTeams, account: string, name: string, now = new Date()) {
  ensureCapability(user, "inventory:view");
  const db = deps.db;
  const [meta, row, status, requests, snapshots] = await Promise.all([
    readInventoryMeta(db),
    readInventoryRow(db, account, name),
    readSyncStatus(db),
    listDeploymentRequests(db, account, name),
    db.deploymentSnapshot.findMany({ where: { accountName: account, deploymentName: name }, orderBy: { takenAt: "desc" }, take: 100 }),
  ]);
  const accountInfo = meta?.accounts.find((a) => a.name === account) ?? null;
  const radar = row ? toRetirementRow(row, now) : null;
  const retirement = radar && meta && radar.daysLeft <= meta.retirementWindowDays ? radar : null;
  return { row, account: accountInfo, retirement, status, requests, snapshots };
}
