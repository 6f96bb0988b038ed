/**
 * The inventory as the reconciler leaves it after each pass (one row per deployment in the
 * inventory_deployments table, the pass's facts in SyncState), read by pages in SQL pages. Pure types and
 * comparisons: no server imports, so components and tests can use them.
 */

export type InventoryStatus = "in_sync" | "drift" | "missing" | "unmanaged" | "deploying" | "failed";

export const INVENTORY_STATUS_LABELS: Record<InventoryStatus, string> = {
  in_sync: "In sync",
  drift: "Drift",
  missing: "Missing in Azure",
  unmanaged: "Not in repository",
  deploying: "Deploying",
  failed: "Failed",
};

export interface DeploymentShape {
  modelFormat?: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  versionUpgradeOption?: string;
  raiPolicyName?: string;
}

export interface ActualDeployment extends DeploymentShape {
  provisioningState: string;
  lastModifiedAt?: string;
}

export interface InventoryRow {
  account: string;
  location: string;
  resourceGroup: string;
  paramFile: string | null;
  name: string;
  team: string | null;
  desired: DeploymentShape | null;
  actual: ActualDeployment | null;
  status: InventoryStatus;
  /** What differs between desired and actual, in user words (e.g. "capacity 150 → 300"). */
  differences: string[];
  /** The request in flight for this deployment, if any. */
  pendingRequest?: { id: string; number: number; status: string } | null;
  /** When Azure retires the deployed version (from the region's models list), if it says. */
  retirement?: RetirementInfo | null;
}

/** What Azure's models list says about the retirement of a deployment's model version. */
export interface RetirementInfo {
  retiresOn: string;
  /** Azure's lifecycle status of the version (e.g. Deprecating). */
  status?: string;
  /** The deployment type retires before the version does (`retiresOn` is the SKU's date). */
  retiresBeforeVersion?: boolean;
  replacement: { modelName: string; modelVersion: string } | null;
}

export interface InventoryAccount {
  name: string;
  location: string;
  resourceGroup: string;
  paramFile: string | null;
  /** When Azure was last read successfully for this account. */
  actualAsOf: string | null;
  /** Azure could not be read for this account on the last pass. */
  error?: string;
}

export interface RetirementRow {
  account: string;
  location: string;
  deployment: string;
  team: string | null;
  modelName: string;
  modelVersion: string;
  skuName?: string;
  /** The day the deployment stops: its version's retirement, or its deployment type's when that comes first. */
  retiresOn: string;
  /** The deployment type retires before the version does. */
  retiresBeforeVersion?: boolean;
  daysLeft: number;
  status?: string;
  replacement?: { modelName: string; modelVersion: string } | null;
  versionUpgradeOption?: string;
}

/** The facts of the last pass that are not per deployment (stored in SyncState, a few hundred bytes). */
export interface InventoryMeta {
  /** When the desired state (GitHub) was last read successfully. */
  desiredAsOf: string | null;
  /** Oldest successful Azure read across accounts. */
  actualAsOf: string | null;
  accounts: InventoryAccount[];
  retirementWindowDays: number;
  retirementsAsOf: string | null;
}

/** How a page narrows the inventory (all in SQL): free text, account, status, team ("-" for unknown). */
export interface InventoryFilters {
  q?: string;
  account?: string;
  status?: InventoryStatus;
  team?: string;
}

/** Rows per inventory page. */
export const INVENTORY_PAGE_SIZE = 50;

/** A deployment's line on the retirement radar, `now` deciding the days left. */
export function toRetirementRow(row: Pick<InventoryRow, "account" | "location" | "name" | "team" | "desired" | "actual" | "retirement">, now: Date): RetirementRow | null {
  const shape = row.actual ?? row.desired;
  if (!shape || !row.retirement) return null;
  return {
    account: row.account,
    location: row.location,
    deployment: row.name,
    team: row.team,
    modelName: shape.modelName,
    modelVersion: shape.modelVersion,
    skuName: shape.skuName,
    retiresOn: row.retirement.retiresOn,
    ...(row.retirement.retiresBeforeVersion ? { retiresBeforeVersion: true } : {}),
    daysLeft: daysUntil(row.retirement.retiresOn, now),
    ...(row.retirement.status ? { status: row.retirement.status } : {}),
    replacement: row.retirement.replacement,
    ...(shape.versionUpgradeOption ? { versionUpgradeOption: shape.versionUpgradeOption } : {}),
  };
}

/** A pass's whole result in memory (the reconciler and tests read it; pages read the table). */
export interface InventoryState {
  /** When the desired state (GitHub) was last read successfully. */
  desiredAsOf: string | null;
  /** Oldest successful Azure read across accounts. */
  actualAsOf: string | null;
  accounts: InventoryAccount[];
  rows: InventoryRow[];
  retirements: RetirementRow[];
  retirementWindowDays: number;
  retirementsAsOf: string | null;
}

export interface SyncStatus {
  lastAttemptAt: string;
  lastSuccessAt: string | null;
  ok: boolean;
  durationMs: number;
  errors: { source: "github" | "azure"; account?: string; message: string }[];
  worker?: string;
}

/** What differs between the parameter file and Azure, in words a reader scans ("capacity 150 → 300"). */
export function describeDifferences(desired: DeploymentShape, actual: DeploymentShape): string[] {
  const out: string[] = [];
  if (desired.modelName !== actual.modelName) out.push(`model ${desired.modelName} → ${actual.modelName}`);
  if (desired.modelVersion !== actual.modelVersion) out.push(`version ${desired.modelVersion} → ${actual.modelVersion}`);
  if (desired.skuName !== actual.skuName) out.push(`SKU ${desired.skuName} → ${actual.skuName}`);
  if (desired.capacity !== actual.capacity) out.push(`capacity ${desired.capacity} → ${actual.capacity}`);
  return out;
}

const SETTLED = new Set(["Succeeded", "Failed", "Canceled", "Disabled"]);

/** The row status for a desired/actual pair (repository first, then Azure). */
export function classifyDeployment(desired: DeploymentShape | null, actual: ActualDeployment | null, inFlight: boolean): { status: InventoryStatus; differences: string[] } {
  if (actual && actual.provisioningState === "Failed") return { status: "failed", differences: desired ? describeDifferences(desired, actual) : [] };
  if (inFlight || (actual && !SETTLED.has(actual.provisioningState))) return { status: "deploying", differences: desired && actual ? describeDifferences(desired, actual) : [] };
  if (desired && !actual) return { status: "missing", differences: [] };
  if (!desired && actual) return { status: "unmanaged", differences: [] };
  const differences = describeDifferences(desired!, actual!);
  return { status: differences.length ? "drift" : "in_sync", differences };
}

/** Whole days from `now` to `date` (negative once passed). */
export function daysUntil(date: string, now: Date): number {
  return Math.floor((Date.parse(date) - now.getTime()) / 86_400_000);
}
