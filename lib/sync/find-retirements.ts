import "server-only";
import type { AzureModel } from "@/lib/azure";
import type { DomainDeps } from "@/lib/requests";
import { toRetirementRow, type InventoryRow, type RetirementInfo, type RetirementRow, type SyncStatus } from "./inventory-model";
import { errorMessage } from "./read-desired";

function sameVersion(a: InventoryRow | undefined, b: InventoryRow): boolean {
  const x = a?.actual ?? a?.desired;
  const y = b.actual ?? b.desired;
  return !!x && !!y && x.modelName === y.modelName && x.modelVersion === y.modelVersion;
}

/**
 * Phase 6: each row's retirement date from its region's models list: its version's `deprecation.inference`, or its
 * deployment type's `deprecationDate` when Azure retires that earlier, and the named replacement. A region whose models can't be read keeps each row's last known retirement while its
 * version is unchanged. Returns whether any region was read (the radar's "as of").
 */
export async function findRetirements(deps: Pick<DomainDeps, "azure">, rows: InventoryRow[], previousRows: InventoryRow[], locations: string[], errors: SyncStatus["errors"]): Promise<boolean> {
  const models = new Map<string, AzureModel[]>();
  await Promise.all(
    locations.map(async (location) => {
      try {
        models.set(location, await deps.azure.listModels(location));
      } catch (e) {
        errors.push({ source: "azure", message: `Models in ${location} could not be read: ${errorMessage(e)}` });
      }
    }),
  );
  const before = new Map(previousRows.map((r) => [`${r.account}/${r.name}`, r]));
  for (const row of rows) {
    const list = models.get(row.location);
    if (!list) {
      const old = before.get(`${row.account}/${row.name}`);
      row.retirement = sameVersion(old, row) ? (old!.retirement ?? null) : null;
      continue;
    }
    const shape = row.actual ?? row.desired;
    const version = shape ? list.find((m) => m.name === shape.modelName)?.versions.find((v) => v.version === shape.modelVersion) : undefined;
    // A deployment type can retire before its version does: the deployment stops on the earlier date.
    const skuDate = shape ? version?.skus.find((s) => s.name.toLowerCase() === shape.skuName.toLowerCase())?.deprecationDate : undefined;
    const retiresOn = [version?.deprecation.inference, skuDate].filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    if (!shape || !version || !retiresOn) {
      row.retirement = null;
      continue;
    }
    const rep = version.replacement;
    const info: RetirementInfo = {
      retiresOn,
      ...(skuDate && skuDate === retiresOn && skuDate !== version.deprecation.inference ? { retiresBeforeVersion: true } : {}),
      ...(version.lifecycleStatus ? { status: version.lifecycleStatus } : {}),
      replacement: rep?.modelVersion ? { modelName: rep.modelName ?? shape.modelName, modelVersion: rep.modelVersion } : null,
    };
    row.retirement = info;
  }
  return models.size > 0;
}

/** The radar of a set of rows: those retiring within `windowDays` of `now` (or already retired), soonest first. */
export function radarOf(rows: InventoryRow[], now: Date, windowDays: number): RetirementRow[] {
  return rows
    .map((r) => toRetirementRow(r, now))
    .filter((r): r is RetirementRow => r !== null && r.daysLeft <= windowDays)
    .sort((a, b) => a.daysLeft - b.daysLeft || a.account.localeCompare(b.account));
}
