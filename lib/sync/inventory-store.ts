import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db";
import {
  INVENTORY_PAGE_SIZE,
  toRetirementRow,
  type ActualDeployment,
  type DeploymentShape,
  type InventoryFilters,
  type InventoryMeta,
  type InventoryRow,
  type InventoryStatus,
  type RetirementInfo,
  type RetirementRow,
} from "./inventory-model";
import { readState, writeState } from "./state";

/**
 * The inventory's storage: one inventory_deployments row per deployment (the reconciler writes only rows
 * that changed) and the pass's facts (accounts, as-of times) in sync_state. Every read filters, counts and
 * pages in SQL, so a page view never loads the whole inventory.
 */

/** Where the pass's facts are kept in sync_state. */
export const INVENTORY_META_KEY = "sync:inventory-meta";

type Db = PrismaClient | Prisma.TransactionClient;
type StoredRow = Awaited<ReturnType<PrismaClient["inventoryDeployment"]["findFirstOrThrow"]>>;

/** The stored facts of the last pass (accounts, as-of times), or null before the first pass. */
export async function readInventoryMeta(db: Db): Promise<InventoryMeta | null> {
  return readState<InventoryMeta>(db as PrismaClient, INVENTORY_META_KEY);
}

function fromStored(r: StoredRow): InventoryRow {
  return {
    account: r.accountName,
    location: r.location,
    resourceGroup: r.resourceGroup,
    paramFile: r.paramFile,
    name: r.deploymentName,
    team: r.team,
    desired: (r.desired as DeploymentShape | null) ?? null,
    actual: (r.actual as ActualDeployment | null) ?? null,
    status: r.status as InventoryStatus,
    differences: (r.differences as string[] | null) ?? [],
    pendingRequest: r.pendingRequestId ? { id: r.pendingRequestId, number: r.pendingRequestNumber ?? 0, status: r.pendingRequestStatus ?? "" } : null,
    retirement: (r.retirement as RetirementInfo | null) ?? null,
  };
}

function searchTextOf(row: InventoryRow): string {
  return [row.name, row.account, row.location, row.team, row.desired?.modelName, row.actual?.modelName].filter(Boolean).join(" ").toLowerCase();
}

function toStored(row: InventoryRow): Prisma.InventoryDeploymentCreateManyInput {
  const json = (v: unknown) => (v === null || v === undefined ? (null as unknown as Prisma.InputJsonValue) : (v as Prisma.InputJsonValue));
  return {
    accountName: row.account,
    deploymentName: row.name,
    location: row.location,
    resourceGroup: row.resourceGroup,
    paramFile: row.paramFile,
    team: row.team,
    status: row.status,
    searchText: searchTextOf(row),
    desired: json(row.desired),
    actual: json(row.actual),
    differences: row.differences,
    pendingRequestId: row.pendingRequest?.id ?? null,
    pendingRequestNumber: row.pendingRequest?.number ?? null,
    pendingRequestStatus: row.pendingRequest?.status ?? null,
    retiresOn: row.retirement ? new Date(row.retirement.retiresOn) : null,
    retirement: json(row.retirement),
  };
}

// Stored JSON comes back with its keys in jsonb's order: compare rows by a key-sorted rendering.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const keyOf = (account: string, name: string) => `${account}\u0000${name}`;

/** Whether two rows say the same (what a pass compares before writing one). */
export function sameInventoryRow(a: InventoryRow, b: InventoryRow): boolean {
  const norm = (r: InventoryRow) => canonical({ ...r, pendingRequest: r.pendingRequest ?? null, retirement: r.retirement ?? null });
  return norm(a) === norm(b);
}

/** Every stored row, in account and name order (the reconciler's previous state; dashboards' full read). */
export async function readInventoryRows(db: Db, filters: InventoryFilters = {}): Promise<InventoryRow[]> {
  const rows = await db.inventoryDeployment.findMany({ where: whereOf(filters), orderBy: [{ accountName: "asc" }, { deploymentName: "asc" }] });
  return rows.map(fromStored);
}

/**
 * Stores a pass's rows: inserts new ones, updates those that changed, deletes those gone. Returns how many
 * rows were written, so an idle pass can be seen writing nothing.
 */
export async function writeInventoryRows(db: PrismaClient, rows: InventoryRow[], previous: InventoryRow[]): Promise<{ inserted: number; updated: number; deleted: number }> {
  const before = new Map(previous.map((r) => [keyOf(r.account, r.name), r]));
  const inserts: InventoryRow[] = [];
  const updates: InventoryRow[] = [];
  for (const row of rows) {
    const key = keyOf(row.account, row.name);
    const old = before.get(key);
    before.delete(key);
    if (!old) inserts.push(row);
    else if (!sameInventoryRow(old, row)) updates.push(row);
  }
  const gone = [...before.values()];
  if (!inserts.length && !updates.length && !gone.length) return { inserted: 0, updated: 0, deleted: 0 };
  await db.$transaction(async (tx) => {
    if (gone.length) {
      await tx.inventoryDeployment.deleteMany({ where: { OR: gone.map((r) => ({ accountName: r.account, deploymentName: r.name })) } });
    }
    // skipDuplicates: a row another pass inserted meanwhile is updated by that pass's next run anyway.
    if (inserts.length) await tx.inventoryDeployment.createMany({ data: inserts.map(toStored), skipDuplicates: true });
    for (const row of updates) {
      const { accountName, deploymentName, ...data } = toStored(row);
      await tx.inventoryDeployment.update({ where: { accountName_deploymentName: { accountName, deploymentName } }, data });
    }
  });
  return { inserted: inserts.length, updated: updates.length, deleted: gone.length };
}

/** Stores the pass's facts (accounts, as-of times). */
export async function writeInventoryMeta(db: PrismaClient, meta: InventoryMeta): Promise<void> {
  await writeState(db, INVENTORY_META_KEY, meta);
}

function whereOf(filters: InventoryFilters, options: { withStatus?: boolean } = {}): Prisma.InventoryDeploymentWhereInput {
  const q = filters.q?.trim().toLowerCase();
  return {
    ...(filters.account ? { accountName: filters.account } : {}),
    ...(filters.status && options.withStatus !== false ? { status: filters.status } : {}),
    ...(filters.team ? { team: filters.team === "-" ? null : filters.team } : {}),
    ...(q ? { searchText: { contains: q } } : {}),
  };
}

/** One page of rows matching the filters (account and name order), and how many match in all. */
export async function listInventoryPage(db: Db, filters: InventoryFilters, page: number, pageSize = INVENTORY_PAGE_SIZE): Promise<{ rows: InventoryRow[]; total: number; page: number; pageCount: number }> {
  const where = whereOf(filters);
  const total = await db.inventoryDeployment.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const rows = await db.inventoryDeployment.findMany({ where, orderBy: [{ accountName: "asc" }, { deploymentName: "asc" }], skip: (current - 1) * pageSize, take: pageSize });
  return { rows: rows.map(fromStored), total, page: current, pageCount };
}

/** Rows per status for the filters other than status (one grouped query), so each count links to its list. */
export async function countInventoryByStatus(db: Db, filters: InventoryFilters = {}): Promise<Partial<Record<InventoryStatus, number>>> {
  const groups = await db.inventoryDeployment.groupBy({ by: ["status"], where: whereOf(filters, { withStatus: false }), _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/** The teams that own at least one deployment, for the team filter. */
export async function listInventoryTeams(db: Db): Promise<string[]> {
  const rows = await db.inventoryDeployment.findMany({ where: { team: { not: null } }, distinct: ["team"], select: { team: true }, orderBy: { team: "asc" } });
  return rows.map((r) => r.team!);
}

/** One deployment's row, or null. */
export async function readInventoryRow(db: Db, account: string, name: string): Promise<InventoryRow | null> {
  const row = await db.inventoryDeployment.findUnique({ where: { accountName_deploymentName: { accountName: account, deploymentName: name } } });
  return row ? fromStored(row) : null;
}

/** The retirement radar: deployments whose version retires within `windowDays` of `now` (or already has), soonest first. */
export async function listRetirements(db: Db, now: Date, windowDays: number): Promise<RetirementRow[]> {
  // daysLeft ≤ window exactly when retiresOn < now + window + 1 day (see countRetiringSoon).
  const cutoff = new Date(now.getTime() + (windowDays + 1) * 86_400_000);
  const rows = await db.inventoryDeployment.findMany({ where: { retiresOn: { not: null, lt: cutoff } }, orderBy: [{ retiresOn: "asc" }, { accountName: "asc" }, { deploymentName: "asc" }] });
  return rows.map((r) => toRetirementRow(fromStored(r), now)).filter((r): r is RetirementRow => r !== null);
}

/** How many deployments retire within the window and have not yet (the inventory's radar link). */
export async function countRetiringSoon(db: Db, now: Date, windowDays: number): Promise<number> {
  // daysLeft = floor((retiresOn - now) / 1 day), so 0 ≤ daysLeft ≤ window is now ≤ retiresOn < now + window + 1 day.
  return db.inventoryDeployment.count({ where: { retiresOn: { gte: now, lt: new Date(now.getTime() + (windowDays + 1) * 86_400_000) } } });
}
