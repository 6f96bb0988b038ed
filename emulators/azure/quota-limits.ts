/** Default quota limits per region and usage name, and the regional exceptions the demo is about. */
import type { Region, SkuName } from "./catalogue-types";

/**
 * Default quota limit per usage name in every region, in capacity units (thousands of TPM, or the model's
 * bigger unit for reasoning models). Usage names follow Azure: `OpenAI.<Sku>.<model>`.
 */
export const DEFAULT_TPM_QUOTA: Record<string, Partial<Record<Exclude<SkuName, "ProvisionedManaged">, number>>> = {
  "gpt-4o": { Standard: 150, GlobalStandard: 450, DataZoneStandard: 300 },
  "gpt-4o-mini": { Standard: 250, GlobalStandard: 2000, DataZoneStandard: 1000 },
  "gpt-4.1": { Standard: 150, GlobalStandard: 1000, DataZoneStandard: 300 },
  "gpt-4.1-mini": { Standard: 250, GlobalStandard: 2000, DataZoneStandard: 1000 },
  "gpt-4.1-nano": { Standard: 250, GlobalStandard: 2000, DataZoneStandard: 1000 },
  "gpt-5": { GlobalStandard: 1000, DataZoneStandard: 500 },
  "gpt-5-mini": { GlobalStandard: 2000, DataZoneStandard: 1000 },
  "o3-mini": { GlobalStandard: 500, DataZoneStandard: 250 },
  "o4-mini": { GlobalStandard: 100, DataZoneStandard: 100 },
  "text-embedding-3-small": { Standard: 350, GlobalStandard: 1000 },
  "text-embedding-3-large": { Standard: 350, GlobalStandard: 1000 },
  "text-embedding-ada-002": { Standard: 350, GlobalStandard: 1000 },
  "gpt-35-turbo": { Standard: 300 },
};

/**
 * Provisioned throughput quota is model-independent: one PTU pool per subscription, region and provisioned
 * deployment type. Many subscriptions have none until they ask for it (australiaeast here).
 */
export const PTU_QUOTA: Record<Region, number> = { australiaeast: 0, eastus2: 100, swedencentral: 50 };

/** Regional exceptions to the defaults: the nearly full pools the demo is about. */
export const QUOTA_OVERRIDES: Record<Region, Record<string, number>> = {
  australiaeast: {
    "OpenAI.GlobalStandard.gpt-4o": 160,
    "OpenAI.GlobalStandard.gpt-4o-mini": 250,
    "OpenAI.Standard.gpt-35-turbo": 60,
  },
  eastus2: {
    "OpenAI.GlobalStandard.text-embedding-3-small": 400,
  },
  swedencentral: {
    "OpenAI.DataZoneStandard.gpt-4.1": 120,
    "OpenAI.GlobalStandard.o4-mini": 60,
  },
};

/** Subscription-wide account limit per region (the `AccountCount` usage). */
export const ACCOUNT_COUNT_LIMIT = 200;
