/**
 * Quota as Azure counts it: per subscription × region × usage name, the sum of the capacities of the
 * deployments that hold it (every account in the region), against a limit (catalogue default or runtime
 * override). The usage name of a deployment is the one the models list publishes for its model and SKU.
 * A failed creation holds nothing.
 */
import { ArmError } from "./arm";
import { MODEL_CATALOGUE, defaultQuotaLimit, skusInRegion, usageDisplayName, usageNameOf } from "./catalogue";
import type { EmulatorState, StoredDeployment } from "./state";

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Does this deployment count against quota? (A failed creation exists, as Failed, but holds nothing.) */
export function holdsQuota(d: StoredDeployment): boolean {
  return d.failedCreate !== true;
}

/** The usage name a stored deployment counts against, if the catalogue knows its model and SKU. */
export function usageNameOfDeployment(d: StoredDeployment): string | undefined {
  return usageNameOf(d.model.format, d.model.name, d.sku.name);
}

/** Capacity the subscription's deployments in `region` hold against `usageName`. */
export function currentUsage(state: EmulatorState, region: string, usageName: string): number {
  let total = 0;
  for (const d of state.deployments) {
    if (!holdsQuota(d)) continue;
    const account = state.accounts.find((a) => sameName(a.resourceGroup, d.resourceGroup) && sameName(a.name, d.accountName));
    if (!account || !sameName(account.location, region)) continue;
    if (usageNameOfDeployment(d) === usageName) total += d.sku.capacity;
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
      for (const sku of skusInRegion(version, region)) names.add(sku.usageName);
    }
  }
  const accountCount = state.accounts.filter((a) => sameName(a.location, region)).length;
  return [
    { usageName: "AccountCount", current: accountCount, limit: quotaLimit(state, region, "AccountCount") },
    ...[...names].sort().map((usageName) => ({ usageName, current: currentUsage(state, region, usageName), limit: quotaLimit(state, region, usageName) })),
  ];
}

/**
 * Throws InsufficientQuota, in Azure's words, when a deployment of `capacity` on `usageName` (replacing
 * `existing`, whose own capacity is freed) doesn't fit the region's pool.
 */
export function checkQuota(state: EmulatorState, region: string, existing: StoredDeployment | undefined, usageName: string, capacity: number): void {
  const held = existing && holdsQuota(existing) && usageNameOfDeployment(existing) === usageName ? existing.sku.capacity : 0;
  const needed = capacity - held;
  if (needed <= 0) return;
  const current = currentUsage(state, region, usageName);
  const limit = quotaLimit(state, region, usageName);
  const available = Math.max(0, limit - current);
  if (needed > available) {
    const label = usageDisplayName(usageName);
    throw new ArmError(
      400,
      "InsufficientQuota",
      `This operation require ${needed} new capacity in quota ${label}, which is bigger than the current available capacity ${available}. The current quota usage is ${current} and the quota limit is ${limit} for quota ${label}.`,
    );
  }
}
