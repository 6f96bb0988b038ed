/**
 * The demo world both emulators start from. The Azure emulator seeds its accounts and deployments from it,
 * and the GitHub emulator writes one .bicepparam per account from it, so the demo starts in sync.
 * Teams match the demo personas' teams (Search, Support).
 */

export const SEED_SUBSCRIPTION_ID = "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f";
export const SEED_TENANT_ID = "72f988bf-0000-4000-8000-00000000c0de";
export const SEED_REPO = { owner: "contoso", name: "platform-ai-models", defaultBranch: "main" } as const;

export interface SeedDeployment {
  name: string;
  model: { format: "OpenAI"; name: string; version: string };
  sku: { name: string; capacity: number };
  /** Owning team, written by ModelGate as a comment above the element. */
  team: string;
  raiPolicyName?: string;
  versionUpgradeOption?: "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade";
}

export interface SeedAccount {
  name: string;
  resourceGroup: string;
  location: string;
  /** Path of this account's parameter file in the platform repository. */
  paramFile: string;
  deployments: SeedDeployment[];
}

export const SEED_ACCOUNTS: SeedAccount[] = [
  {
    name: "contoso-openai-aue",
    resourceGroup: "contoso-openai-rg",
    location: "australiaeast",
    paramFile: "manage-ai-models/contoso-openai-aue.bicepparam",
    deployments: [
      {
        name: "search-gpt-4o",
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
        sku: { name: "GlobalStandard", capacity: 150 },
        team: "Search",
      },
      {
        name: "search-embedding-large",
        model: { format: "OpenAI", name: "text-embedding-3-large", version: "1" },
        sku: { name: "Standard", capacity: 120 },
        team: "Search",
      },
      {
        name: "support-gpt-4o-mini",
        model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" },
        sku: { name: "GlobalStandard", capacity: 200 },
        team: "Support",
      },
      {
        name: "support-gpt-35-turbo",
        model: { format: "OpenAI", name: "gpt-35-turbo", version: "0125" },
        sku: { name: "Standard", capacity: 60 },
        team: "Support",
      },
    ],
  },
  {
    name: "contoso-openai-swc",
    resourceGroup: "contoso-openai-rg",
    location: "swedencentral",
    paramFile: "manage-ai-models/contoso-openai-swc.bicepparam",
    deployments: [
      {
        name: "search-gpt-41",
        model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" },
        sku: { name: "DataZoneStandard", capacity: 100 },
        team: "Search",
      },
      {
        name: "support-o4-mini",
        model: { format: "OpenAI", name: "o4-mini", version: "2025-04-16" },
        sku: { name: "GlobalStandard", capacity: 50 },
        team: "Support",
      },
    ],
  },
  {
    name: "contoso-openai-eus2",
    resourceGroup: "contoso-ai-eus2-rg",
    location: "eastus2",
    paramFile: "manage-ai-models/contoso-openai-eus2.bicepparam",
    deployments: [
      {
        name: "support-gpt-4o-ptu",
        model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" },
        sku: { name: "ProvisionedManaged", capacity: 50 },
        team: "Support",
      },
      {
        name: "search-embedding-small",
        model: { format: "OpenAI", name: "text-embedding-3-small", version: "1" },
        sku: { name: "GlobalStandard", capacity: 350 },
        team: "Search",
      },
    ],
  },
];
