/**
 * The Azure OpenAI model catalogue: plain data, meant to be read and edited by people: which model versions
 * exist, where each deployment type (SKU) is offered, lifecycle and retirement dates, capacity bounds.
 *
 * Dates are set relative to the demo's "today" (2026-11-25): a few versions are retired, a few retire within
 * 90 days, most are fine. The emulator does not recompute lifecycle from the clock; it only refuses new
 * deployments of a version whose inference retirement date has passed.
 */
import { REGIONS, type CapacityBounds, type CatalogueModel, type Region, type SkuName } from "./catalogue-types";

const ALL: readonly Region[] = REGIONS;
const DATA_ZONE: readonly Region[] = ["eastus2", "swedencentral"]; // Data zones exist for the US and the EU only.

const CHAT = { chatCompletion: "true", jsonObjectResponse: "true", responses: "true", assistants: "true" };
const EMBEDDINGS = { embeddings: "true", embeddingsMaxInputs: "2048" };

const TPM_CHAT: Partial<Record<SkuName, CapacityBounds>> = {
  Standard: { minimum: 1, maximum: 1000, step: 1, default: 10 },
  GlobalStandard: { minimum: 1, maximum: 30000, step: 1, default: 10 },
  DataZoneStandard: { minimum: 1, maximum: 10000, step: 1, default: 10 },
};
const PTU_LARGE: CapacityBounds = { minimum: 50, maximum: 2000, step: 50, default: 50 };
const PTU_SMALL: CapacityBounds = { minimum: 25, maximum: 2000, step: 25, default: 25 };
const TPM_EMBEDDINGS: Partial<Record<SkuName, CapacityBounds>> = {
  Standard: { minimum: 1, maximum: 1000, step: 1, default: 120 },
  GlobalStandard: { minimum: 1, maximum: 10000, step: 1, default: 150 },
};

export const MODEL_CATALOGUE: CatalogueModel[] = [
  {
    format: "OpenAI",
    name: "gpt-4o",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 30000,
    capabilities: { ...CHAT, maxContextToken: "128000", maxOutputToken: "16384", vision: "true" },
    capacity: { ...TPM_CHAT, ProvisionedManaged: PTU_LARGE },
    versions: [
      {
        version: "2024-05-13",
        lifecycleStatus: "Deprecated",
        releasedAt: "2024-05-13T00:00:00Z",
        deprecation: { inference: "2026-06-30T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o", version: "2024-11-20", autoUpgradeStartDate: "2026-06-01T00:00:00Z" },
        skus: { Standard: ["eastus2"], GlobalStandard: ALL, ProvisionedManaged: ["eastus2", "swedencentral"] },
      },
      {
        version: "2024-08-06",
        lifecycleStatus: "Deprecating",
        releasedAt: "2024-08-06T00:00:00Z",
        deprecation: { inference: "2027-02-15T00:00:00Z", fineTune: "2027-02-15T00:00:00Z", status: "Planned" },
        replacement: {
          model: "gpt-4.1",
          version: "2025-04-14",
          autoUpgradeStartDate: "2027-01-15T00:00:00Z",
          upgradeOnExpiryLeadTimeDays: 7,
        },
        fineTunable: true,
        skus: { Standard: DATA_ZONE, GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
      {
        version: "2024-11-20",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-11-20T00:00:00Z",
        deprecation: { inference: "2027-09-30T00:00:00Z", status: "Tentative" },
        skus: { Standard: DATA_ZONE, GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4o-mini",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "128000", maxOutputToken: "16384", vision: "true" },
    capacity: { ...TPM_CHAT, ProvisionedManaged: PTU_SMALL },
    versions: [
      {
        version: "2024-07-18",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-07-18T00:00:00Z",
        deprecation: { inference: "2027-03-31T00:00:00Z", fineTune: "2027-03-31T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        skus: { Standard: DATA_ZONE, GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1",
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 30000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768", vision: "true" },
    capacity: { ...TPM_CHAT, ProvisionedManaged: PTU_LARGE },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", fineTune: "2027-10-14T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        skus: { Standard: DATA_ZONE, GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1-mini",
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768", vision: "true" },
    capacity: { ...TPM_CHAT, ProvisionedManaged: PTU_SMALL },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", fineTune: "2027-10-14T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        skus: { Standard: DATA_ZONE, GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1-nano",
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768" },
    capacity: { ...TPM_CHAT },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", status: "Tentative" },
        skus: { Standard: ["eastus2"], GlobalStandard: ALL, DataZoneStandard: DATA_ZONE },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-5",
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 30000,
    capabilities: { ...CHAT, reasoning: "true", maxContextToken: "400000", maxOutputToken: "128000", vision: "true" },
    capacity: { GlobalStandard: TPM_CHAT.GlobalStandard, DataZoneStandard: TPM_CHAT.DataZoneStandard, ProvisionedManaged: PTU_LARGE },
    versions: [
      {
        version: "2025-08-07",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-08-07T00:00:00Z",
        deprecation: { inference: "2028-02-07T00:00:00Z", status: "Tentative" },
        skus: { GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: DATA_ZONE },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-5-mini",
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, reasoning: "true", maxContextToken: "400000", maxOutputToken: "128000", vision: "true" },
    capacity: { GlobalStandard: TPM_CHAT.GlobalStandard, DataZoneStandard: TPM_CHAT.DataZoneStandard, ProvisionedManaged: PTU_SMALL },
    versions: [
      {
        version: "2025-08-07",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-08-07T00:00:00Z",
        deprecation: { inference: "2028-02-07T00:00:00Z", status: "Tentative" },
        skus: { GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: DATA_ZONE },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "o3-mini",
    // Reasoning models are sold in bigger units (10,000 TPM per capacity unit).
    tokensPerUnit: 10000,
    requestsPerUnit: 1,
    maxCapacity: 5000,
    capabilities: { chatCompletion: "true", reasoning: "true", maxContextToken: "200000", maxOutputToken: "100000" },
    capacity: { GlobalStandard: TPM_CHAT.GlobalStandard, DataZoneStandard: TPM_CHAT.DataZoneStandard, ProvisionedManaged: PTU_LARGE },
    versions: [
      {
        version: "2025-01-31",
        isDefault: true,
        lifecycleStatus: "Deprecating",
        releasedAt: "2025-01-31T00:00:00Z",
        deprecation: { inference: "2027-01-31T00:00:00Z", status: "Planned" },
        replacement: {
          model: "o4-mini",
          version: "2025-04-16",
          autoUpgradeStartDate: "2027-01-05T00:00:00Z",
          upgradeOnExpiryLeadTimeDays: 7,
        },
        skus: { GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: DATA_ZONE },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "o4-mini",
    tokensPerUnit: 10000,
    requestsPerUnit: 1,
    maxCapacity: 5000,
    capabilities: { chatCompletion: "true", reasoning: "true", responses: "true", maxContextToken: "200000", maxOutputToken: "100000", vision: "true" },
    capacity: { GlobalStandard: TPM_CHAT.GlobalStandard, DataZoneStandard: TPM_CHAT.DataZoneStandard, ProvisionedManaged: PTU_LARGE },
    versions: [
      {
        version: "2025-04-16",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-16T00:00:00Z",
        deprecation: { inference: "2027-10-16T00:00:00Z", status: "Tentative" },
        skus: { GlobalStandard: ALL, DataZoneStandard: DATA_ZONE, ProvisionedManaged: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-3-small",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8192" },
    capacity: TPM_EMBEDDINGS,
    versions: [
      {
        version: "1",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-02-01T00:00:00Z",
        deprecation: { inference: "2027-12-31T00:00:00Z", status: "Tentative" },
        skus: { Standard: ALL, GlobalStandard: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-3-large",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8192" },
    capacity: TPM_EMBEDDINGS,
    versions: [
      {
        version: "1",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-02-01T00:00:00Z",
        deprecation: { inference: "2027-12-31T00:00:00Z", status: "Tentative" },
        skus: { Standard: ALL, GlobalStandard: ALL },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-ada-002",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8191" },
    capacity: TPM_EMBEDDINGS,
    versions: [
      {
        version: "1",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-01-30T00:00:00Z",
        deprecation: { inference: "2026-04-30T00:00:00Z", status: "Planned" },
        replacement: { model: "text-embedding-3-small", version: "1" },
        skus: { Standard: ["eastus2"] },
      },
      {
        version: "2",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2023-04-25T00:00:00Z",
        deprecation: { inference: "2027-04-30T00:00:00Z", status: "Tentative" },
        skus: { Standard: ALL, GlobalStandard: DATA_ZONE },
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-35-turbo",
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { chatCompletion: "true", completion: "true", maxContextToken: "16385", maxOutputToken: "4096" },
    capacity: { Standard: { minimum: 1, maximum: 1000, step: 1, default: 120 } },
    versions: [
      {
        version: "0613",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-06-13T00:00:00Z",
        deprecation: { inference: "2025-02-13T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o-mini", version: "2024-07-18" },
        skus: { Standard: ["australiaeast", "swedencentral"] },
      },
      {
        version: "1106",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-11-06T00:00:00Z",
        deprecation: { inference: "2026-03-31T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o-mini", version: "2024-07-18" },
        skus: { Standard: ["australiaeast", "swedencentral"] },
      },
      {
        version: "0125",
        isDefault: true,
        lifecycleStatus: "Deprecating",
        releasedAt: "2024-01-25T00:00:00Z",
        deprecation: { inference: "2027-02-01T00:00:00Z", status: "Planned" },
        replacement: {
          model: "gpt-4.1-mini",
          version: "2025-04-14",
          autoUpgradeStartDate: "2027-01-18T00:00:00Z",
          upgradeOnExpiryLeadTimeDays: 7,
        },
        skus: { Standard: ["australiaeast", "eastus2", "swedencentral"] },
      },
    ],
  },
];
