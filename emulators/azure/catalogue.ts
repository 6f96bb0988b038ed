/**
 * Lookups over the model catalogue and regional quotas the emulator serves: versions, SKUs offered per region,
 * the usage name and capacity bounds of a SKU, and default quota limits. Re-exports the data and shapes.
 */
import { MODEL_CATALOGUE } from "./catalogue-models";
import type { AccountKind, CapacityBounds, CatalogueModel, CatalogueSku, CatalogueVersion } from "./catalogue-types";
import { PTU_QUOTA, QUOTA_OVERRIDES, USAGES } from "./quota-limits";

export * from "./catalogue-types";
export { MODEL_CATALOGUE } from "./catalogue-models";
export { PTU_QUOTA, QUOTA_OVERRIDES, USAGES } from "./quota-limits";

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function findCatalogueModel(format: string, name: string): CatalogueModel | undefined {
  return MODEL_CATALOGUE.find((m) => same(m.format, format) && m.name === name);
}

export function findCatalogueVersion(model: CatalogueModel, version: string): CatalogueVersion | undefined {
  return model.versions.find((v) => v.version === version);
}

/** SKUs a model version offers in a region. */
export function skusInRegion(version: CatalogueVersion, region: string): CatalogueSku[] {
  return version.skus.filter((s) => s.regions.some((r) => r === region));
}

/** The SKU entry (case-insensitive name, as Azure matches SKU names) of a version in a region. */
export function findSku(version: CatalogueVersion, region: string, skuName: string): CatalogueSku | undefined {
  return skusInRegion(version, region).find((s) => same(s.name, skuName));
}

/** Can an account of this kind deploy (and list) this model? */
export function offeredToKind(model: CatalogueModel, kind: string): boolean {
  return model.kinds.some((k: AccountKind) => same(k, kind));
}

/**
 * The usage name a deployment of `model` with `skuName` counts against, from the catalogue's SKU entries (any
 * version: one quota covers every version of a model). Undefined when no version offers that SKU.
 */
export function usageNameOf(format: string, modelName: string, skuName: string): string | undefined {
  const model = findCatalogueModel(format, modelName);
  for (const version of model?.versions ?? []) {
    const found = version.skus.find((s) => same(s.name, skuName));
    if (found) return found.usageName;
  }
  return undefined;
}

/** Bounds with Azure's implicit defaults filled in: a missing minimum or step means 1. */
export function effectiveBounds(bounds: CapacityBounds): Required<CapacityBounds> {
  return { minimum: bounds.minimum ?? 1, maximum: bounds.maximum, step: bounds.step ?? 1, default: bounds.default };
}

/** The label Azure shows for a usage name, also used in InsufficientQuota messages. */
export function usageDisplayName(usageName: string): string {
  return USAGES[usageName]?.displayName ?? usageName;
}

const PTU_POOLS = new Set(["OpenAI.ProvisionedManaged"]);

/** Default quota limit for a usage name in a region (before runtime overrides). */
export function defaultQuotaLimit(region: string, usageName: string): number {
  const override = (QUOTA_OVERRIDES as Record<string, Record<string, number>>)[region]?.[usageName];
  if (override !== undefined) return override;
  if (PTU_POOLS.has(usageName)) return (PTU_QUOTA as Record<string, number>)[region] ?? 0;
  return USAGES[usageName]?.limit ?? 0;
}
