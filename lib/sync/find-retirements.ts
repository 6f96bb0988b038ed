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

/** How long a region's models list is reused between passes: retirement dates move by months, not minutes. */
export const MODELS_LIST_MAX_AGE_MS = 60 * 60_000;

// Per Azure client (tests with their own emulators never share), per region: the list and when it was read.
const modelLists = new WeakMap<object, Map<string, { at: number; models: AzureModel[] }>>();

/** The models list of a region: reused while younger than the maximum age and it knows every version deployed there. */
async function regionModels(azure: DomainDeps["azure"], location: string, rows: InventoryRow[], now: number): Promise<{ at: number; models: AzureModel[] }> {
  let byRegion = modelLists.get(azure);
  if (!byRegion) modelLists.set(azure, (byRegion = new Map()));
  const kept = byRegion.get(location);
  const knows = (list: AzureModel[]) =>
    rows.every((r) => {
      const shape = r.location === location ? (r.actual ?? r.desired) : null;
      return !shape || list.some((m) => m.name === shape.modelName && m.versions.some((v) => v.version === shape.modelVersion));
    });
  if (kept && now - kept.at < MODELS_LIST_MAX_AGE_MS && knows(kept.models)) return kept;
  const read = { at: now, models: await azure.listModels(location) };
  byRegion.set(location, read);
  return read;
}

/**
 * Phase 6: each row's retirement date from its region's models list: its version's `deprecation.inference`, or its
 * deployment type's `deprecationDate` when Azure retires that earlier, and the named replacement. A region's list is
 * read at most once an hour (sooner when a version deployed there isn't in it). A region whose models can't be read
 * keeps each row's last known retirement while its version is unchanged. Returns when the oldest list used was
 * read (the radar's "as of"), or null when none could be.
 */
export async function findRetirements(deps: Pick<DomainDeps, "azure">, rows: InventoryRow[], previousRows: InventoryRow[], locations: string[], errors: SyncStatus["errors"], now: Date = new Date()): Promise<string | null> {
  const models = new Map<string, AzureModel[]>();
  let oldest: number | null = null;
  await Promise.all(
    locations.map(async (location) => {
      try {
        const list = await regionModels(deps.azure, location, rows, now.getTime());
        models.set(location, list.models);
        oldest = oldest === null ? list.at : Math.min(oldest, list.at);
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
  return oldest === null ? null : new Date(oldest).toISOString();
}

/** The radar of a set of rows: those retiring within `windowDays` of `now` (or already retired), soonest first. */
export function radarOf(rows: InventoryRow[], now: Date, windowDays: number): RetirementRow[] {
  return rows
    .map((r) => toRetirementRow(r, now))
    .filter((r): r is RetirementRow => r !== null && r.daysLeft <= windowDays)
    .sort((a, b) => a.daysLeft - b.daysLeft || a.account.localeCompare(b.account));
}
