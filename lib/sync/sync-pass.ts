import "server-only";
import type { DomainDeps } from "@/lib/requests";
import { buildInventoryRows } from "./build-inventory";
import { findRetirements, radarOf } from "./find-retirements";
import type { InventoryMeta, InventoryState, SyncStatus } from "./inventory-model";
import { readInventoryMeta, readInventoryRows, writeInventoryMeta, writeInventoryRows } from "./inventory-store";
import { readActualState } from "./read-actual";
import { readDesiredState } from "./read-desired";
import { settleRequests } from "./settle-requests";
import { readState, STATUS_KEY, writeState } from "./state";
import { writeDeploymentSnapshots, writeQuotaSnapshots } from "./write-history";

/** What a pass needs: the database, Azure, GitHub and the settings. */
export type SyncDeps = Pick<DomainDeps, "db" | "azure" | "gitops" | "settings" | "now">;

export interface SyncPassResult {
  status: SyncStatus;
  inventory: InventoryState;
  /** Requests moved in this pass: id → new status. */
  moved: Record<string, string>;
  snapshotsWritten: number;
  quotaSnapshotsWritten: number;
  /** Inventory rows this pass inserted, updated or deleted (0 when nothing changed). */
  inventoryRowsWritten: number;
}

/** The stored outcome of the last pass, or null before the first one. */
export async function readSyncStatus(db: DomainDeps["db"]): Promise<SyncStatus | null> {
  return readState<SyncStatus>(db, STATUS_KEY);
}

/**
 * One reconciler pass, in six phases: read what the parameter files on main want, read what Azure has (one
 * ARM list per account), settle merged/deploying requests, build the inventory, write history snapshots of
 * what changed, and find deployments on retiring versions. Fails soft: GitHub or Azure being down is recorded
 * (status, per account) and the last known state is kept.
 */
export async function runSyncPass(deps: SyncDeps, options: { worker?: string } = {}): Promise<SyncPassResult> {
  const started = Date.now();
  const now = deps.now?.() ?? new Date();
  const errors: SyncStatus["errors"] = [];
  const [previousMeta, previousRows, previousStatus] = await Promise.all([readInventoryMeta(deps.db), readInventoryRows(deps.db), readSyncStatus(deps.db)]);
  const previous: InventoryState | null = previousMeta ? { ...previousMeta, rows: previousRows, retirements: [] } : null;

  const { plans, desiredAsOf } = await readDesiredState(deps, previous, now, errors);
  const { actualByAccount, accounts } = await readActualState(deps, plans, previous, now, errors);
  const moved = await settleRequests(deps, actualByAccount, !errors.some((e) => e.source === "github"), errors);
  const rows = await buildInventoryRows(deps.db, plans, actualByAccount, previousRows, moved);

  const snapshotsWritten = await writeDeploymentSnapshots(deps.db, deps.settings.subscriptionId, plans, actualByAccount, rows, previousRows, now);
  const locations = [...new Set(plans.filter((p) => actualByAccount.get(p.name)).map((p) => p.location))];
  const { written: quotaSnapshotsWritten } = await writeQuotaSnapshots(deps, locations, now, errors);
  const retirementsRead = await findRetirements(deps, rows, previousRows, locations, errors);

  const okAzure = accounts.every((a) => !a.error);
  const actualTimes = accounts.map((a) => a.actualAsOf).filter((t): t is string => !!t);
  const meta: InventoryMeta = {
    desiredAsOf,
    actualAsOf: okAzure ? now.toISOString() : actualTimes.length ? actualTimes.sort()[0] : null,
    accounts,
    retirementWindowDays: deps.settings.retirementWindowDays,
    retirementsAsOf: retirementsRead ? now.toISOString() : (previous?.retirementsAsOf ?? null),
  };
  const inventory: InventoryState = { ...meta, rows, retirements: radarOf(rows, now, meta.retirementWindowDays) };
  const ok = errors.length === 0;
  const status: SyncStatus = {
    lastAttemptAt: now.toISOString(),
    lastSuccessAt: ok ? now.toISOString() : (previousStatus?.lastSuccessAt ?? null),
    ok,
    durationMs: Date.now() - started,
    errors,
    ...(options.worker ? { worker: options.worker } : {}),
  };
  const written = await writeInventoryRows(deps.db, rows, previousRows);
  await writeInventoryMeta(deps.db, meta);
  await writeState(deps.db, STATUS_KEY, status);
  return { status, inventory, moved, snapshotsWritten, quotaSnapshotsWritten, inventoryRowsWritten: written.inserted + written.updated + written.deleted };
}
