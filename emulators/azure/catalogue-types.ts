/**
 * The shapes of the model catalogue the emulator serves (regions, deployment types, versions, lifecycle,
 * per-SKU usage names and capacity bounds). The data is in catalogue-models.ts and quota-limits.ts; lookups
 * in catalogue.ts.
 */

export const REGIONS = ["australiaeast", "eastus2", "swedencentral"] as const;
export type Region = (typeof REGIONS)[number];

/** Account kinds a models-list entry is published for. Azure lists OpenAI models once per kind. */
export type AccountKind = "OpenAI" | "AIServices";

/** Provisioned deployment types are counted in PTUs (or other units), the others in thousands of TPM. */
export function isProvisionedSku(sku: string): boolean {
  return /provisioned/i.test(sku);
}

/** Capacity bounds as Azure publishes them: `minimum` and `step` are missing for some SKUs. */
export interface CapacityBounds {
  minimum?: number;
  maximum: number;
  step?: number;
  default: number;
}

/** The lifecycle values of the 2025-09-01 API (`Stable` is the older name of GenerallyAvailable). */
export type LifecycleStatus = "Stable" | "Preview" | "GenerallyAvailable" | "Deprecating" | "Deprecated" | "Legacy";

/** One deployment type of one model version, as the models list publishes it. */
export interface CatalogueSku {
  /** The SKU name as published (Azure spells a few in lower case, e.g. `provisioned`). */
  name: string;
  /** The quota this SKU counts against, as Azure names it; not derivable from the model name. */
  usageName: string;
  capacity: CapacityBounds;
  regions: readonly Region[];
  /** When this SKU of the version retires; may come before the version's own inference date. */
  deprecationDate?: string;
}

export interface CatalogueVersion {
  version: string;
  isDefault?: boolean;
  lifecycleStatus: LifecycleStatus;
  /** When the version was published (systemData.createdAt). */
  releasedAt: string;
  deprecation: { inference: string; fineTune?: string; status?: "Planned" | "Tentative" };
  replacement?: { model: string; version: string; autoUpgradeStartDate?: string; upgradeOnExpiryLeadTimeDays?: number };
  fineTunable?: boolean;
  /** Needs registration: subscriptions without access get SpecialFeatureOrQuotaIdRequired. */
  limitedAccess?: boolean;
  skus: CatalogueSku[];
}

export interface CatalogueModel {
  /** `OpenAI` for Azure OpenAI models; partner models carry their publisher's format (`Meta`, `Mistral AI`…). */
  format: string;
  name: string;
  /** Account kinds whose models list carries this model (and which can deploy it). */
  kinds: readonly AccountKind[];
  /** Tokens per minute one capacity unit buys (Standard-like SKUs). */
  tokensPerUnit: number;
  /** Requests per minute one capacity unit buys. */
  requestsPerUnit: number;
  maxCapacity: number;
  capabilities: Record<string, string>;
  versions: CatalogueVersion[];
}

/** A quota pool: its Azure usage name, the label Azure shows for it, and its default limit per region. */
export interface UsageDefinition {
  displayName: string;
  /** Default limit in every region (capacity units), unless quota-limits.ts overrides it for a region. */
  limit: number;
}
