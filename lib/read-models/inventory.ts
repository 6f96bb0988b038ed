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

/** Rows per table on a deployment's page (its requests, Azure's snapshots); older ones are a click away. */
export const DEPLOYMENT_HISTORY_PAGE_SIZE = 25;

/** Where a deployment page's two histories start: before request #requestsBefore / snapshot id snapshotsBefore. */
export interface DeploymentHistoryCursor {
  requestsBefore?: number;
  snapshotsBefore?: bigint;
}

/**
 * The requests that touched a deployment, newest first, one page at a time. Deployment names compare
 * ignoring case: first the spellings the account's requests use (an index-only scan), then those spellings'
 * requests straight from the (account, name, created_at) index, from the cursor on.
 */
async function listDeploymentRequests(db: PrismaClient, account: string, name: string, before?: number) {
  const spellings = await db.$queryRaw<{ deployment_name: string }[]>`
    SELECT DISTINCT deployment_name FROM requests WHERE account_name = ${account} AND lower(deployment_name) = lower(${name})`;
  if (!spellings.length) return { items: [], older: null };
  const names = spellings.map((s) => s.deployment_name);
  const anchor = before ? await db.request.findFirst({ where: { number: before, accountName: account, deploymentName: { in: names } }, select: { createdAt: true, number: true } }) : null;
  const rows = await db.request.findMany({
    where: {
      accountName: account,
      deploymentName: { in: names },
      ...(anchor ? { createdAt: { lte: anchor.createdAt }, OR: [{ createdAt: { lt: anchor.createdAt } }, { number: { lt: anchor.number } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { number: "desc" }],
    take: DEPLOYMENT_HISTORY_PAGE_SIZE + 1,
    select: { id: true, number: true, kind: true, status: true, modelName: true, modelVersion: true, skuName: true, capacity: true, createdAt: true, completedAt: true, team: { select: { name: true } }, requester: { select: { name: true } } },
  });
  const items = rows.slice(0, DEPLOYMENT_HISTORY_PAGE_SIZE);
  return { items, older: rows.length > DEPLOYMENT_HISTORY_PAGE_SIZE ? items[items.length - 1].number : null };
}

/** Azure's snapshots of a deployment, newest first, one page at a time (the (account, name, taken_at) index). */
async function listDeploymentSnapshots(db: PrismaClient, account: string, name: string, before?: bigint) {
  const anchor = before ? await db.deploymentSnapshot.findFirst({ where: { id: before, accountName: account, deploymentName: name }, select: { takenAt: true, id: true } }) : null;
  const rows = await db.deploymentSnapshot.findMany({
    where: { accountName: account, deploymentName: name, ...(anchor ? { takenAt: { lte: anchor.takenAt }, OR: [{ takenAt: { lt: anchor.takenAt } }, { id: { lt: anchor.id } }] } : {}) },
    orderBy: [{ takenAt: "desc" }, { id: "desc" }],
    take: DEPLOYMENT_HISTORY_PAGE_SIZE + 1,
  });
  const items = rows.slice(0, DEPLOYMENT_HISTORY_PAGE_SIZE);
  return { items, older: rows.length > DEPLOYMENT_HISTORY_PAGE_SIZE ? items[items.length - 1].id : null };
}

/** One deployment: its inventory row, a page of the requests that touched it and of Azure's snapshots, newest first. */
export async function loadDeploymentHistory(deps: { db: PrismaClient }, user: UserWithTeams, account: string, name: string, cursor: DeploymentHistoryCursor = {}, now = new Date()) {
  ensureCapability(user, "inventory:view");
  const db = deps.db;
  const [meta, row, status, requests, snapshots] = await Promise.all([
    readInventoryMeta(db),
    readInventoryRow(db, account, name),
    readSyncStatus(db),
    listDeploymentRequests(db, account, name, cursor.requestsBefore),
    listDeploymentSnapshots(db, account, name, cursor.snapshotsBefore),
  ]);
  const accountInfo = meta?.accounts.find((a) => a.name === account) ?? null;
  const radar = row ? toRetirementRow(row, now) : null;
  const retirement = radar && meta && radar.daysLeft <= meta.retirementWindowDays ? radar : null;
  return {
    row,
    account: accountInfo,
    retirement,
    status,
    requests: requests.items,
    olderRequests: requests.older,
    snapshots: snapshots.items,
    olderSnapshots: snapshots.older,
  };
}
