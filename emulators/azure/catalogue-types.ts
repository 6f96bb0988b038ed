/**
 * The shapes of the model catalogue the emulator serves (regions, deployment types, versions, lifecycle,
 * capacity bounds). The data is in catalogue-models.ts and quota-limits.ts; lookups in catalogue.ts.
 */

export const REGIONS = ["australiaeast", "eastus2", "swedencentral"] as const;
export type Region = (typeof REGIONS)[number];

/** Deployment types the catalogue knows. Provisioned types are counted in PTUs, the others in thousands of TPM. */
export const SKU_NAMES = ["Standard", "GlobalStandard", "DataZoneStandard", "ProvisionedManaged"] as const;
export type SkuName = (typeof SKU_NAMES)[number];

export function isProvisionedSku(sku: string): boolean {
  return sku.startsWith("Provisioned") || sku.endsWith("ProvisionedManaged");
}

export interface CapacityBounds {
  minimum: number;
  maximum: number;
  step: number;
  default: number;
}

export type LifecycleStatus = "Preview" | "GenerallyAvailable" | "Deprecating" | "Deprecated" | "Legacy";

export interface CatalogueVersion {
  version: string;
  isDefault?: boolean;
  lifecycleStatus: LifecycleStatus;
  /** When the version was published (systemData.createdAt). */
  releasedAt: string;
  deprecation: { inference: string; fineTune?: string; status: "Planned" | "Tentative" };
  replacement?: { model: string; version: string; autoUpgradeStartDate?: string; upgradeOnExpiryLeadTimeDays?: number };
  fineTunable?: boolean;
  /** Where each deployment type is offered for this version. */
  skus: Partial<Record<SkuName, readonly Region[]>>;
}

export interface CatalogueModel {
  format: "OpenAI";
  name: string;
  /** Tokens per minute one capacity unit buys (Standard-like SKUs). */
  tokensPerUnit: number;
  /** Requests per minute one capacity unit buys. */
  requestsPerUnit: number;
  maxCapacity: number;
  capabilities: Record<string, string>;
  capacity: Partial<Record<SkuName, CapacityBounds>>;
  versions: CatalogueVersion[];
}
