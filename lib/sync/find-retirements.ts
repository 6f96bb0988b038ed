import "server-only";
import type { AzureModel } from "@/lib/azure";
import type { DomainDeps } from "@/lib/requests";
import { daysUntil, type InventoryRow, type RetirementRow, type SyncStatus } from "./inventory-model";
import { errorMessage } from "./read-desired";

/**
 * Phase 6: deployments that retire within the window (from each region's models list): on their version's
 * date, or their deployment type's when Azure retires that earlier.
 */
export async function findRetirements(deps: Pick<DomainDeps, "azure" | "settings">, rows: InventoryRow[], locations: string[], now: Date, errors: SyncStatus["errors"]): Promise<RetirementRow[] | null> {
  const models = new Map<string, AzureModel[]>();
  let failed = false;
  await Promise.all(
    locations.map(async (location) => {
      try {
        models.set(location, await deps.azure.listModels(location));
      } catch (e) {
        failed = true;
        errors.push({ source: "azure", message: `Models in ${location} could not be read: ${errorMessage(e)}` });
      }
    }),
  );
  // Nothing read this pass (Azure down): keep the last radar rather than an empty one.
  if (models.size === 0 && (failed || locations.length === 0)) return null;
  const window = deps.settings.retirementWindowDays;
  const out: RetirementRow[] = [];
  for (const row of rows) {
    const shape = row.actual ?? row.desired;
    if (!shape) continue;
    const version = models
      .get(row.location)
      ?.find((m) => m.name === shape.modelName)
      ?.versions.find((v) => v.version === shape.modelVersion);
    if (!version) continue;
    // A deployment type can retire before its version does: the deployment stops on the earlier date.
    const skuDate = version.skus.find((s) => s.name.toLowerCase() === shape.skuName.toLowerCase())?.deprecationDate;
    const dates = [version.deprecation.inference, skuDate].filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b));
    const retiresOn = dates[0];
    if (!retiresOn) continue;
    const daysLeft = daysUntil(retiresOn, now);
    if (daysLeft > window) continue;
    const rep = version.replacement;
    out.push({
      account: row.account,
      location: row.location,
      deployment: row.name,
      team: row.team,
      modelName: shape.modelName,
      modelVersion: shape.modelVersion,
      retiresOn,
      daysLeft,
      skuName: shape.skuName,
      ...(skuDate && skuDate === retiresOn && skuDate !== version.deprecation.inference ? { retiresBeforeVersion: true } : {}),
      ...(version.lifecycleStatus ? { status: version.lifecycleStatus } : {}),
      replacement: rep?.modelVersion ? { modelName: rep.modelName ?? shape.modelName, modelVersion: rep.modelVersion } : null,
      ...(shape.versionUpgradeOption ? { versionUpgradeOption: shape.versionUpgradeOption } : {}),
    });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.account.localeCompare(b.account));
}
