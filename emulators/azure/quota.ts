/**
 * Quota as Azure counts it: per subscription × region × usage name, the sum of the capacities of the
 * deployments that hold it (every account in the region), against a limit (catalogue default or runtime
 * override). A failed creation holds nothing.
 */
import { ArmError } from "./arm";
import { MODEL_CATALOGUE, defaultQuotaLimit, skusInRegion, usageDisplayName, usageNameFor, type CatalogueModel } from "./catalogue";
import type { EmulatorState, StoredDeployment } from "./state";

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Does this deployment count against quota? (A failed creation exists, as Failed, but holds nothing.) */
export function holdsQuota(d: StoredDeployment): boolean {
  return d.failedCreate !== true;
}

/** Capacity the subscription's deployments in `region` hold against `usageName`. */
export function currentUsage(state: EmulatorState, region: string, usageName: string): number {
  let total = 0;
  for (const d of state.deployments) {
    if (!holdsQuota(d)) continue;
    const account = state.accounts.find((a) => sameName(a.resourceGroup, d.resourceGroup) && sameName(a.name, d.accountName));
    if (!account || !sameName(account.location, region)) continue;
    if (usageNameFor(d.sku.name, d.model.name) === usageName) total += d.sku.capacity;
  }
  return total;
}

/** The limit in force: a runtime override, else the catalogue's default. */
export function quotaLimit(state: EmulatorState, region: string, usageName: string): number {
  return state.quotaLimits[region]?.[usageName] ?? defaultQuotaLimit(region, usageName);
}

/** Every quota the region has: the account count, then one per usage name the catalogue offers there. */
export function listUsages(state: EmulatorState, region: string): { usageName: string; current: number; limit: number }[] {
  const names = new Set<string>();
  for (const model of MODEL_CATALOGUE) {
    for (const version of model.versions) {
      for (const sku of skusInRegion(version, region)) names.add(usageNameFor(sku, model.name));
    }
  }
  const accountCount = state.accounts.filter((a) => sameName(a.location, region)).length;
  return [
    { usageName: "AccountCount", current: accountCount, limit: quotaLimit(state, region, "AccountCount") },
    ...[...names].sort().map((usageName) => ({ usageName, current: currentUsage(state, region, usageName), limit: quotaLimit(state, region, usageName) })),
  ];
}

/** Throws InsufficientQuota when a deployment of `capacity` (replacing `existing`) doesn't fit the region's pool. */
export function checkQuota(
  state: EmulatorState,
  region: string,
  existing: StoredDeployment | undefined,
  model: CatalogueModel,
  skuName: string,
  capacity: number,
): void {
  const usageName = usageNameFor(skuName, model.name);
  const held = existing && holdsQuota(existing) && usageNameFor(existing.sku.name, existing.model.name) === usageName ? existing.sku.capacity : 0;
  const needed = capacity - held;
  if (needed <= 0) return;
  const current = currentUsage(state, region, usageName);
  const limit = quotaLimit(state, region, usageName);
  const available = Math.max(0, limit - current);
  if (needed > available) {
    throw new ArmError(
      400,
      "InsufficientQuota",
      `This operation require ${needed} new capacity in quota ${usageDisplayName(usageName)}, which is bigger than the current available capacity ${available}. The current quota usage is ${current} and the quota limit is ${limit} for quota ${usageName}.`,
    );
  }
}
