/**
 * The quota pools Azure publishes per region (usage names as Azure spells them, the label it shows, the
 * default limit in capacity units), and the regional exceptions the demo is about.
 */
import type { Region, UsageDefinition } from "./catalogue-types";

const tpm = (label: string, limit: number): UsageDefinition => ({ displayName: `Tokens Per Minute (thousands) - ${label}`, limit });
// Newer models are labelled the newer way.
const kTpm = (label: string, limit: number): UsageDefinition => ({ displayName: `One Thousand Tokens Per Minute - ${label}`, limit });

/** Every usage name the catalogue's SKUs count against, with its label and default limit. */
export const USAGES: Record<string, UsageDefinition> = {
  AccountCount: { displayName: "Cognitive Services total account limit", limit: 200 },
  "OpenAI.Standard.GPT4o": tpm("GPT-4o", 150),
  "OpenAI.GlobalStandard.gpt-4o": tpm("gpt-4o - GlobalStandard", 450),
  "OpenAI.DataZoneStandard.gpt-4o": tpm("gpt-4o - DataZoneStandard", 300),
  "OpenAI.Standard.gpt-4o-mini": tpm("gpt-4o-mini", 250),
  "OpenAI.GlobalStandard.gpt-4o-mini": tpm("gpt-4o-mini - GlobalStandard", 2000),
  "OpenAI.DataZoneStandard.gpt-4o-mini": tpm("gpt-4o-mini - DataZoneStandard", 1000),
  "OpenAI.Standard.gpt4.1": tpm("4.1", 150),
  "OpenAI.GlobalStandard.gpt4.1": tpm("4.1 - GlobalStandard", 1000),
  "OpenAI.DataZoneStandard.gpt4.1": tpm("4.1 - DataZoneStandard", 300),
  "OpenAI.Standard.gpt4.1-mini": tpm("gpt-4.1-mini", 250),
  "OpenAI.GlobalStandard.gpt4.1-mini": tpm("4.1-mini - GlobalStandard", 2000),
  "OpenAI.DataZoneStandard.gpt4.1-mini": tpm("4.1-mini - DataZoneStandard", 1000),
  "OpenAI.Standard.gpt4.1-nano": tpm("gpt-4.1-nano", 250),
  "OpenAI.GlobalStandard.gpt4.1-nano": tpm("4.1-nano - GlobalStandard", 2000),
  "OpenAI.DataZoneStandard.gpt4.1-nano": tpm("4.1-nano - DataZoneStandard", 1000),
  "OpenAI.GlobalStandard.gpt-5": kTpm("gpt-5 - GlobalStandard", 1000),
  "OpenAI.DataZoneStandard.gpt-5": kTpm("gpt-5 - DataZoneStandard", 500),
  "OpenAI.GlobalStandard.gpt-5-mini": kTpm("gpt-5-mini - GlobalStandard", 2000),
  "OpenAI.DataZoneStandard.gpt-5-mini": kTpm("gpt-5-mini - DataZoneStandard", 1000),
  "OpenAI.GlobalStandard.o3": tpm("o3 - GlobalStandard", 100),
  "OpenAI.DataZoneStandard.o3": tpm("o3 - DataZoneStandard", 50),
  "OpenAI.GlobalStandard.o3-mini": tpm("o3-mini - GlobalStandard", 500),
  "OpenAI.DataZoneStandard.o3-mini": tpm("o3-mini - DataZoneStandard", 250),
  "OpenAI.GlobalStandard.o4-mini": tpm("o4-mini - GlobalStandard", 100),
  "OpenAI.DataZoneStandard.o4-mini": tpm("o4-mini - DataZoneStandard", 100),
  "OpenAI.Standard.text-embedding-3-small": tpm("Text-Embedding-3-Small", 350),
  "OpenAI.GlobalStandard.text-embedding-3-small": tpm("text-embedding-3-small - GlobalStandard", 1000),
  "OpenAI.Standard.text-embedding-3-large": tpm("Text-Embedding-3-Large", 350),
  "OpenAI.GlobalStandard.text-embedding-3-large": tpm("text-embedding-3-large - GlobalStandard", 1000),
  "OpenAI.Standard.text-embedding-ada-002": tpm("Text-Embedding-Ada-002", 350),
  "OpenAI.GlobalStandard.text-embedding-ada-002": tpm("text-embedding-ada-002 - GlobalStandard", 1000),
  "OpenAI.Standard.gpt-35-turbo": tpm("GPT-35-Turbo", 300),
  "OpenAI.Standard.dall-e-3": { displayName: "Requests Per Minute (RPM) - DALL-E 3", limit: 2 },
  "AIServices.GlobalStandard.MaaS": { displayName: "Models as a Service - GlobalStandard", limit: 10 },
  // Provisioned pools: PTU_QUOTA below sets their limit per region.
  "OpenAI.ProvisionedManaged": { displayName: "Provisioned Managed Throughput Unit", limit: 0 },
  "OpenAI.Provisioned.GPT4o": { displayName: "Provisioned Throughput Unit - GPT-4o", limit: 0 },
  "OpenAI.Provisioned.Class1": { displayName: "Provisioned Throughput Unit - Class 1", limit: 0 },
  "OpenAI.Provisioned.gpt-35-turbo": { displayName: "Provisioned Throughput Unit - GPT-35-Turbo", limit: 0 },
};

/**
 * Provisioned-managed throughput is model-independent: one PTU pool per subscription and region. Many
 * subscriptions have none until they ask for it (australiaeast here).
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
    "OpenAI.DataZoneStandard.gpt4.1": 120,
    "OpenAI.GlobalStandard.o4-mini": 60,
  },
};
