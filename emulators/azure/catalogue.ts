/**
 * Lookups over the model catalogue and regional quotas the emulator serves: versions, SKUs offered per region,
 * usage names and default quota limits. Re-exports the catalogue's data and shapes.
 */
import { MODEL_CATALOGUE } from "./catalogue-models";
import { SKU_NAMES, isProvisionedSku, type CatalogueModel, type CatalogueVersion, type SkuName } from "./catalogue-types";
import { ACCOUNT_COUNT_LIMIT, DEFAULT_TPM_QUOTA, PTU_QUOTA, QUOTA_OVERRIDES } from "./quota-limits";

export * from "./catalogue-types";
export { MODEL_CATALOGUE } from "./catalogue-models";
export { ACCOUNT_COUNT_LIMIT, DEFAULT_TPM_QUOTA, PTU_QUOTA, QUOTA_OVERRIDES } from "./quota-limits";

/** Usage (quota) name a deployment of `model` with `sku` counts against. */
export function usageNameFor(sku: string, model: string): string {
  return isProvisionedSku(sku) ? `OpenAI.${sku}` : `OpenAI.${sku}.${model}`;
}

/** The human label Azure shows for a usage name, also used in InsufficientQuota messages. */
export function usageDisplayName(usageName: string): string {
  if (usageName === "AccountCount") return "Cognitive Services total account limit";
  const [, sku, ...rest] = usageName.split(".");
  if (isProvisionedSku(sku) && rest.length === 0) {
    const words = sku.replace(/([a-z])([A-Z])/g, "$1 $2");
    return `${words} Throughput Unit`;
  }
  const model = rest.join(".");
  return sku === "Standard" ? `Tokens Per Minute (thousands) - ${model}` : `Tokens Per Minute (thousands) - ${model} - ${sku}`;
}

export function findCatalogueModel(format: string, name: string): CatalogueModel | undefined {
  return MODEL_CATALOGUE.find((m) => m.format.toLowerCase() === format.toLowerCase() && m.name === name);
}

export function findCatalogueVersion(model: CatalogueModel, version: string): CatalogueVersion | undefined {
  return model.versions.find((v) => v.version === version);
}

/** SKUs a model version offers in a region. */
export function skusInRegion(version: CatalogueVersion, region: string): SkuName[] {
  return SKU_NAMES.filter((sku) => (version.skus[sku] ?? []).some((r) => r === region));
}

/** Default quota limit for a usage name in a region (before runtime overrides). */
export function defaultQuotaLimit(region: string, usageName: string): number {
  const override = (QUOTA_OVERRIDES as Record<string, Record<string, number>>)[region]?.[usageName];
  if (override !== undefined) return override;
  if (usageName === "AccountCount") return ACCOUNT_COUNT_LIMIT;
  const [, sku, ...rest] = usageName.split(".");
  if (isProvisionedSku(sku) && rest.length === 0) return (PTU_QUOTA as Record<string, number>)[region] ?? 0;
  const model = rest.join(".");
  return (DEFAULT_TPM_QUOTA[model] as Record<string, number> | undefined)?.[sku] ?? 0;
}
