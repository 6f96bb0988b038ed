/** Options of the request form for tests: two accounts, a team's own deployment and another team's. */
import type { FormAccount, FormModel, FormSku, RequestFormData } from "@/lib/requests/client";

const globalStandard = (model: string): FormSku => ({ name: "GlobalStandard", usageName: `OpenAI.GlobalStandard.${model}`, unit: "thousand-tpm", min: 1, max: 30000, step: 1, default: 10, retiresOn: null });
const provisioned: FormSku = { name: "ProvisionedManaged", usageName: "OpenAI.ProvisionedManaged", unit: "ptu", min: 50, max: 2000, step: 50, default: 50, retiresOn: null };

const gpt4o: FormModel = {
  format: "OpenAI",
  name: "gpt-4o",
  versions: [
    { version: "2024-05-13", isDefault: false, lifecycleStatus: "Deprecated", retiresOn: "2026-06-30T00:00:00Z", skus: [globalStandard("gpt-4o")] },
    { version: "2024-08-06", isDefault: false, lifecycleStatus: "GenerallyAvailable", retiresOn: "2027-01-04T00:00:00Z", skus: [globalStandard("gpt-4o"), provisioned] },
    { version: "2024-11-20", isDefault: true, lifecycleStatus: "GenerallyAvailable", retiresOn: "2027-09-30T00:00:00Z", skus: [globalStandard("gpt-4o"), provisioned] },
  ],
};
const gpt4oMini: FormModel = {
  format: "OpenAI",
  name: "gpt-4o-mini",
  versions: [{ version: "2024-07-18", isDefault: true, lifecycleStatus: "GenerallyAvailable", retiresOn: null, skus: [globalStandard("gpt-4o-mini")] }],
};

const AUE_FILE = `using './ai-models.bicep'

param location = 'australiaeast'

param openaiResourceGroupName = 'rg'

param openaiName = 'acc-aue'

param openaiDeployments = [
  // team: Search
  {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o'
      version: '2024-08-06'
    }
    name: 'search-gpt-4o'
    sku: {
      capacity: 20
      name: 'GlobalStandard'
    }
  }
  // team: Support
  {
    model: {
      format: 'OpenAI'
      name: 'gpt-4o-mini'
      version: '2024-07-18'
    }
    name: 'support-mini'
    sku: {
      capacity: 5
      name: 'GlobalStandard'
    }
  }
]
`;

const aue: FormAccount = {
  name: "acc-aue",
  location: "australiaeast",
  resourceGroup: "rg",
  subscriptionId: "sub",
  paramFilePath: "manage-ai-models/acc-aue.bicepparam",
  fileText: AUE_FILE,
  runningModels: ["gpt-4o", "gpt-4o-mini"],
  deployments: [
    { name: "search-gpt-4o", modelFormat: "OpenAI", modelName: "gpt-4o", modelVersion: "2024-08-06", skuName: "GlobalStandard", capacity: 20, versionUpgradeOption: null, raiPolicyName: null, team: "Search", mayChange: true, pendingRequest: null },
    { name: "support-mini", modelFormat: "OpenAI", modelName: "gpt-4o-mini", modelVersion: "2024-07-18", skuName: "GlobalStandard", capacity: 5, versionUpgradeOption: null, raiPolicyName: null, team: "Support", mayChange: false, pendingRequest: null },
  ],
  takenNames: [
    { name: "search-gpt-4o", where: "in the parameter file" },
    { name: "support-mini", where: "in the parameter file" },
  ],
  models: [gpt4o, gpt4oMini],
  raiPolicies: ["Microsoft.DefaultV2", "strict"],
  quota: {
    "OpenAI.GlobalStandard.gpt-4o": { usageName: "OpenAI.GlobalStandard.gpt-4o", limit: 160, usedInAzure: 150, heldByPending: 0, free: 10 },
    "OpenAI.GlobalStandard.gpt-4o-mini": { usageName: "OpenAI.GlobalStandard.gpt-4o-mini", limit: 100, usedInAzure: 5, heldByPending: 3, free: 92 },
  },
  problem: null,
};

const eus2: FormAccount = {
  ...aue,
  name: "acc-eus2",
  location: "eastus2",
  paramFilePath: "manage-ai-models/acc-eus2.bicepparam",
  fileText: "using './ai-models.bicep'\n\nparam openaiDeployments = []\n",
  deployments: [],
  takenNames: [],
  models: [gpt4oMini],
  quota: {},
};

/** Form options as the server sends them: acc-aue (gpt-4o and gpt-4o-mini, two deployments) and acc-eus2 (gpt-4o-mini only). */
export const FORM_DATA: RequestFormData = {
  accounts: [aue, eus2],
  teams: [
    { id: "4c2f1b8e-6a0f-4d3e-9b1a-2f3c4d5e6f70", name: "Search" },
    { id: "9d8e7f6a-1b2c-4d3e-8f90-a1b2c3d4e5f6", name: "Research" },
  ],
  today: "2026-11-25T00:00:00Z",
  retirementWindowDays: 90,
};
