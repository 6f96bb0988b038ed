/**
 * The Azure OpenAI / Foundry model catalogue: plain data, meant to be read and edited by people. Which model
 * versions exist, where each deployment type (SKU) is offered, under which quota (usage name) it counts, its
 * capacity bounds, lifecycle and retirement dates.
 *
 * Like Azure's own list it is not tidy: usage names are published per SKU and do not follow the model name
 * (`OpenAI.Standard.GPT4o`, `OpenAI.GlobalStandard.gpt4.1`, `AIServices.GlobalStandard.MaaS`); OpenAI models are
 * listed for both account kinds; partner models have other formats; some SKUs have no `minimum`/`step`; a few
 * SKU names are lower case; per-SKU retirement dates come before their version's.
 *
 * Dates are set relative to the demo's "today" (2026-11-25): a few versions are retired, a few retire within
 * 90 days, most are fine. The emulator does not recompute lifecycle from the clock; it refuses new deployments
 * of a version (or SKU) whose retirement date has passed, and of a Deprecating version on an account that has
 * no deployment of that model.
 */
import { REGIONS, type CapacityBounds, type CatalogueModel, type CatalogueSku, type Region } from "./catalogue-types";

const ALL: readonly Region[] = REGIONS;
const DATA_ZONE: readonly Region[] = ["eastus2", "swedencentral"]; // Data zones exist for the US and the EU only.
const BOTH_KINDS = ["OpenAI", "AIServices"] as const;

const CHAT = { chatCompletion: "true", jsonObjectResponse: "true", responses: "true", assistants: "true" };
const EMBEDDINGS = { embeddings: "true", embeddingsMaxInputs: "2048" };

const tpm = (maximum: number, byDefault = 10): CapacityBounds => ({ minimum: 1, maximum, step: 1, default: byDefault });
const PTU_LARGE: CapacityBounds = { minimum: 50, maximum: 2000, step: 50, default: 50 };
const PTU_SMALL: CapacityBounds = { minimum: 25, maximum: 2000, step: 25, default: 25 };
/** Provisioned-managed throughput is one model-independent pool per region. */
const PTU = "OpenAI.ProvisionedManaged";

function sku(name: string, usageName: string, capacity: CapacityBounds, regions: readonly Region[], deprecationDate?: string): CatalogueSku {
  return { name, usageName, capacity, regions, ...(deprecationDate ? { deprecationDate } : {}) };
}

export const MODEL_CATALOGUE: CatalogueModel[] = [
  {
    format: "OpenAI",
    name: "gpt-4o",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 30000,
    capabilities: { ...CHAT, maxContextToken: "128000", maxOutputToken: "16384", vision: "true" },
    versions: [
      {
        version: "2024-05-13",
        lifecycleStatus: "Deprecated",
        releasedAt: "2024-05-13T00:00:00Z",
        deprecation: { inference: "2026-06-30T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o", version: "2024-11-20", autoUpgradeStartDate: "2026-06-01T00:00:00Z" },
        skus: [
          sku("Standard", "OpenAI.Standard.GPT4o", tpm(1000), ["eastus2"], "2026-05-31T00:00:00Z"),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", tpm(30000), ALL, "2026-06-30T00:00:00Z"),
          sku("provisioned", "OpenAI.Provisioned.GPT4o", PTU_LARGE, ["eastus2"], "2026-03-31T00:00:00Z"),
        ],
      },
      {
        version: "2024-08-06",
        lifecycleStatus: "Deprecating",
        releasedAt: "2024-08-06T00:00:00Z",
        deprecation: { inference: "2027-02-15T00:00:00Z", fineTune: "2027-02-15T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4.1", version: "2025-04-14", autoUpgradeStartDate: "2027-01-15T00:00:00Z", upgradeOnExpiryLeadTimeDays: 7 },
        fineTunable: true,
        skus: [
          sku("Standard", "OpenAI.Standard.GPT4o", tpm(1000), DATA_ZONE, "2026-12-20T00:00:00Z"),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", tpm(30000), ALL, "2027-02-15T00:00:00Z"),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-4o", tpm(10000), DATA_ZONE, "2027-02-15T00:00:00Z"),
          sku("ProvisionedManaged", PTU, PTU_LARGE, ALL, "2027-01-20T00:00:00Z"),
          sku("provisioned", "OpenAI.Provisioned.GPT4o", PTU_LARGE, ["eastus2"], "2026-12-31T00:00:00Z"),
        ],
      },
      {
        version: "2024-11-20",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-11-20T00:00:00Z",
        deprecation: { inference: "2027-09-30T00:00:00Z", status: "Tentative" },
        skus: [
          sku("Standard", "OpenAI.Standard.GPT4o", tpm(1000), DATA_ZONE),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-4o", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_LARGE, ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4o-mini",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "128000", maxOutputToken: "16384", vision: "true" },
    versions: [
      {
        version: "2024-07-18",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-07-18T00:00:00Z",
        deprecation: { inference: "2027-03-31T00:00:00Z", fineTune: "2027-03-31T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        skus: [
          sku("Standard", "OpenAI.Standard.gpt-4o-mini", tpm(1000), DATA_ZONE),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-4o-mini", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-4o-mini", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_SMALL, ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 30000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768", vision: "true" },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", fineTune: "2027-10-14T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        // Azure publishes the gpt-4.1 family's quotas without the hyphen.
        skus: [
          sku("Standard", "OpenAI.Standard.gpt4.1", tpm(1000), DATA_ZONE),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt4.1", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt4.1", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_LARGE, ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1-mini",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768", vision: "true" },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", fineTune: "2027-10-14T00:00:00Z", status: "Tentative" },
        fineTunable: true,
        skus: [
          sku("Standard", "OpenAI.Standard.gpt4.1-mini", tpm(1000), DATA_ZONE),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt4.1-mini", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt4.1-mini", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_SMALL, ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-4.1-nano",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, maxContextToken: "1047576", maxOutputToken: "32768" },
    versions: [
      {
        version: "2025-04-14",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-14T00:00:00Z",
        deprecation: { inference: "2027-10-14T00:00:00Z", status: "Tentative" },
        skus: [
          sku("Standard", "OpenAI.Standard.gpt4.1-nano", tpm(1000), ["eastus2"]),
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt4.1-nano", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt4.1-nano", tpm(10000), DATA_ZONE),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-5",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 30000,
    capabilities: { ...CHAT, reasoning: "true", maxContextToken: "400000", maxOutputToken: "128000", vision: "true" },
    versions: [
      {
        version: "2025-08-07",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-08-07T00:00:00Z",
        deprecation: { inference: "2028-02-07T00:00:00Z", status: "Tentative" },
        skus: [
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-5", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-5", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_LARGE, DATA_ZONE),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-5-mini",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 1,
    maxCapacity: 50000,
    capabilities: { ...CHAT, reasoning: "true", maxContextToken: "400000", maxOutputToken: "128000", vision: "true" },
    versions: [
      {
        version: "2025-08-07",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-08-07T00:00:00Z",
        deprecation: { inference: "2028-02-07T00:00:00Z", status: "Tentative" },
        skus: [
          sku("GlobalStandard", "OpenAI.GlobalStandard.gpt-5-mini", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.gpt-5-mini", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_SMALL, DATA_ZONE),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "o3",
    kinds: BOTH_KINDS,
    tokensPerUnit: 10000,
    requestsPerUnit: 1,
    maxCapacity: 5000,
    capabilities: { chatCompletion: "true", reasoning: "true", responses: "true", maxContextToken: "200000", maxOutputToken: "100000", vision: "true" },
    versions: [
      {
        version: "2025-04-16",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-16T00:00:00Z",
        deprecation: { inference: "2027-10-16T00:00:00Z", status: "Tentative" },
        // Limited access: a subscription needs registration before it can deploy this model.
        limitedAccess: true,
        skus: [sku("GlobalStandard", "OpenAI.GlobalStandard.o3", tpm(10000), ALL), sku("DataZoneStandard", "OpenAI.DataZoneStandard.o3", tpm(10000), DATA_ZONE)],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "o3-mini",
    kinds: BOTH_KINDS,
    // Reasoning models are sold in bigger units (10,000 TPM per capacity unit).
    tokensPerUnit: 10000,
    requestsPerUnit: 1,
    maxCapacity: 5000,
    capabilities: { chatCompletion: "true", reasoning: "true", maxContextToken: "200000", maxOutputToken: "100000" },
    versions: [
      {
        version: "2025-01-31",
        isDefault: true,
        lifecycleStatus: "Deprecating",
        releasedAt: "2025-01-31T00:00:00Z",
        deprecation: { inference: "2027-01-31T00:00:00Z", status: "Planned" },
        replacement: { model: "o4-mini", version: "2025-04-16", autoUpgradeStartDate: "2027-01-05T00:00:00Z", upgradeOnExpiryLeadTimeDays: 7 },
        skus: [
          sku("GlobalStandard", "OpenAI.GlobalStandard.o3-mini", tpm(30000), ALL, "2027-01-31T00:00:00Z"),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.o3-mini", tpm(10000), DATA_ZONE, "2027-01-10T00:00:00Z"),
          sku("ProvisionedManaged", PTU, PTU_LARGE, DATA_ZONE, "2026-12-31T00:00:00Z"),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "o4-mini",
    kinds: BOTH_KINDS,
    tokensPerUnit: 10000,
    requestsPerUnit: 1,
    maxCapacity: 5000,
    capabilities: { chatCompletion: "true", reasoning: "true", responses: "true", maxContextToken: "200000", maxOutputToken: "100000", vision: "true" },
    versions: [
      {
        version: "2025-04-16",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2025-04-16T00:00:00Z",
        deprecation: { inference: "2027-10-16T00:00:00Z", status: "Tentative" },
        skus: [
          sku("GlobalStandard", "OpenAI.GlobalStandard.o4-mini", tpm(30000), ALL),
          sku("DataZoneStandard", "OpenAI.DataZoneStandard.o4-mini", tpm(10000), DATA_ZONE),
          sku("ProvisionedManaged", PTU, PTU_LARGE, ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-3-small",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8192" },
    versions: [
      {
        version: "1",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-02-01T00:00:00Z",
        deprecation: { inference: "2027-12-31T00:00:00Z", status: "Tentative" },
        // Azure publishes only the maximum and default for some SKUs.
        skus: [
          sku("Standard", "OpenAI.Standard.text-embedding-3-small", { maximum: 1000, default: 120 }, ALL),
          sku("GlobalStandard", "OpenAI.GlobalStandard.text-embedding-3-small", tpm(10000, 150), ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-3-large",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8192" },
    versions: [
      {
        version: "1",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-02-01T00:00:00Z",
        deprecation: { inference: "2027-12-31T00:00:00Z", status: "Tentative" },
        skus: [
          sku("Standard", "OpenAI.Standard.text-embedding-3-large", tpm(1000, 120), ALL),
          sku("GlobalStandard", "OpenAI.GlobalStandard.text-embedding-3-large", tpm(10000, 150), ALL),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "text-embedding-ada-002",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { ...EMBEDDINGS, maxContextToken: "8191" },
    versions: [
      {
        version: "1",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-01-30T00:00:00Z",
        deprecation: { inference: "2026-04-30T00:00:00Z", status: "Planned" },
        replacement: { model: "text-embedding-3-small", version: "1" },
        skus: [sku("Standard", "OpenAI.Standard.text-embedding-ada-002", tpm(1000, 120), ["eastus2"], "2026-04-30T00:00:00Z")],
      },
      {
        version: "2",
        isDefault: true,
        // Still deployable, no longer recommended: replacementConfig says where to go.
        lifecycleStatus: "Legacy",
        releasedAt: "2023-04-25T00:00:00Z",
        deprecation: { inference: "2027-04-30T00:00:00Z", status: "Tentative" },
        replacement: { model: "text-embedding-3-small", version: "1" },
        skus: [
          sku("Standard", "OpenAI.Standard.text-embedding-ada-002", { maximum: 1000, default: 120 }, ALL, "2027-04-30T00:00:00Z"),
          sku("GlobalStandard", "OpenAI.GlobalStandard.text-embedding-ada-002", tpm(10000, 150), DATA_ZONE, "2027-03-31T00:00:00Z"),
        ],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "gpt-35-turbo",
    kinds: BOTH_KINDS,
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 10000,
    capabilities: { chatCompletion: "true", completion: "true", maxContextToken: "16385", maxOutputToken: "4096" },
    versions: [
      {
        // As in Microsoft's ListLocationModels example: Standard and Provisioned retire on different dates.
        version: "0301",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-03-09T00:00:00Z",
        deprecation: { inference: "2025-04-30T00:00:00Z", status: "Planned" },
        skus: [
          sku("Standard", "OpenAI.Standard.gpt-35-turbo", { maximum: 1000, default: 120 }, ["eastus2"], "2025-02-13T00:00:00Z"),
          sku("Provisioned", "OpenAI.Provisioned.gpt-35-turbo", { minimum: 300, maximum: 30000, step: 100, default: 300 }, ["eastus2"], "2025-05-15T00:00:00Z"),
        ],
      },
      {
        version: "0613",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-06-13T00:00:00Z",
        deprecation: { inference: "2025-02-13T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o-mini", version: "2024-07-18" },
        skus: [sku("Standard", "OpenAI.Standard.gpt-35-turbo", tpm(1000, 120), ["australiaeast", "swedencentral"], "2025-02-13T00:00:00Z")],
      },
      {
        version: "1106",
        lifecycleStatus: "Deprecated",
        releasedAt: "2023-11-06T00:00:00Z",
        deprecation: { inference: "2026-03-31T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4o-mini", version: "2024-07-18" },
        skus: [sku("Standard", "OpenAI.Standard.gpt-35-turbo", tpm(1000, 120), ["australiaeast", "swedencentral"], "2026-03-31T00:00:00Z")],
      },
      {
        version: "0125",
        isDefault: true,
        lifecycleStatus: "Deprecating",
        releasedAt: "2024-01-25T00:00:00Z",
        deprecation: { inference: "2027-02-01T00:00:00Z", status: "Planned" },
        replacement: { model: "gpt-4.1-mini", version: "2025-04-14", autoUpgradeStartDate: "2027-01-18T00:00:00Z", upgradeOnExpiryLeadTimeDays: 7 },
        skus: [sku("Standard", "OpenAI.Standard.gpt-35-turbo", tpm(1000, 120), ["australiaeast", "eastus2", "swedencentral"], "2027-01-05T00:00:00Z")],
      },
    ],
  },
  {
    // Microsoft's example: a legacy model whose provisioned SKU counts against a model-class quota.
    format: "OpenAI",
    name: "ada",
    kinds: ["OpenAI"],
    tokensPerUnit: 1000,
    requestsPerUnit: 6,
    maxCapacity: 3,
    capabilities: { completion: "true", search: "true" },
    versions: [
      {
        version: "1",
        isDefault: true,
        lifecycleStatus: "Legacy",
        releasedAt: "2021-10-07T00:00:00Z",
        deprecation: { inference: "2024-06-14T00:00:00Z", fineTune: "2024-06-14T00:00:00Z", status: "Planned" },
        skus: [sku("provisioned", "OpenAI.Provisioned.Class1", { minimum: 100, maximum: 1000, step: 100, default: 100 }, ["eastus2"])],
      },
    ],
  },
  {
    format: "OpenAI",
    name: "dall-e-3",
    kinds: ["AIServices"],
    tokensPerUnit: 0,
    requestsPerUnit: 6,
    maxCapacity: 2,
    capabilities: { imageGenerations: "true" },
    versions: [
      {
        version: "3.0",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2023-08-11T00:00:00Z",
        deprecation: { inference: "2027-06-30T00:00:00Z", status: "Tentative" },
        skus: [sku("Standard", "OpenAI.Standard.dall-e-3", { maximum: 2, default: 1 }, ["eastus2", "swedencentral"])],
      },
    ],
  },
  {
    // Partner models (models as a service) on AI Services accounts: other formats, `AIServices…` quotas.
    format: "Meta",
    name: "Llama-3.2-90B-Vision-Instruct",
    kinds: ["AIServices"],
    tokensPerUnit: 0,
    requestsPerUnit: 0,
    maxCapacity: 3,
    capabilities: { chatCompletion: "true" },
    versions: [
      {
        version: "2",
        isDefault: true,
        lifecycleStatus: "Stable",
        releasedAt: "2024-10-01T00:00:00Z",
        deprecation: { inference: "2099-12-31T00:00:00Z" },
        skus: [sku("GlobalStandard", "AIServices.GlobalStandard.MaaS", { maximum: 1, default: 1 }, ALL)],
      },
    ],
  },
  {
    format: "Mistral AI",
    name: "Mistral-Large-2411",
    kinds: ["AIServices"],
    tokensPerUnit: 0,
    requestsPerUnit: 0,
    maxCapacity: 3,
    capabilities: { chatCompletion: "true", maxContextToken: "128000" },
    versions: [
      {
        version: "2",
        isDefault: true,
        lifecycleStatus: "GenerallyAvailable",
        releasedAt: "2024-11-18T00:00:00Z",
        deprecation: { inference: "2099-12-31T00:00:00Z" },
        skus: [sku("GlobalStandard", "AIServices.GlobalStandard.MaaS", { maximum: 1, default: 1 }, ["eastus2", "swedencentral"])],
      },
    ],
  },
];
