/** The request form's data: what one account offers, as the form and the server's re-check see it. Pure. */

export type RequestAction = "create" | "change" | "decommission";

export interface FormSku {
  name: string;
  usageName: string;
  unit: "ptu" | "thousand-tpm";
  min: number;
  max: number;
  step: number;
  default: number;
  /** ISO date this deployment type of the version retires, when Azure publishes one (may precede the version's). */
  retiresOn: string | null;
}

export interface FormVersion {
  version: string;
  isDefault: boolean;
  lifecycleStatus: string | null;
  /** ISO date inference stops (retirement). */
  retiresOn: string | null;
  skus: FormSku[];
}

export interface FormModel {
  format: string;
  name: string;
  versions: FormVersion[];
}

export interface FormQuota {
  usageName: string;
  limit: number;
  usedInAzure: number;
  heldByPending: number;
  free: number;
}

/** A deployment's settings as the parameter file states them. */
export interface DeploymentSettings {
  modelFormat: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  versionUpgradeOption: string | null;
  raiPolicyName: string | null;
}

export interface FormDeployment extends DeploymentSettings {
  name: string;
  team: string | null;
  /** The signed-in user may change or decommission it (their team's, or they are an admin). */
  mayChange: boolean;
  /** A request on it is already in flight. */
  pendingRequest: number | null;
}

export interface FormAccount {
  name: string;
  location: string;
  resourceGroup: string;
  subscriptionId: string;
  paramFilePath: string;
  fileText: string;
  deployments: FormDeployment[];
  /** Lower-cased names used in the file, in Azure, or by pending requests on this account. */
  takenNames: { name: string; where: string }[];
  models: FormModel[];
  /** Names of the models the account runs in Azure (a Deprecating version can only be added where its model runs). */
  runningModels: string[];
  raiPolicies: string[];
  quota: Record<string, FormQuota>;
  /** Set when the account's options could not be read (Azure unreachable, file unparsable). */
  problem: string | null;
}

export interface RequestFormData {
  accounts: FormAccount[];
  teams: { id: string; name: string }[];
  today: string;
  retirementWindowDays: number;
}

/** What a link can preselect in the form (`/requests/new?account=…&deployment=…&action=…`). */
export interface RequestFormPrefill {
  account?: string;
  deployment?: string;
  action?: RequestAction;
  version?: string;
  /** For a new deployment: the model (and `version`) to preselect, e.g. a retiring model's replacement. */
  model?: string;
  /** A new deployment's deployment type, e.g. the type of the deployment an upgrade replaces. */
  sku?: string;
  /** The capacity to start from (a new deployment's, or a change's new capacity). */
  capacity?: number;
  /** A new deployment's name (a revision keeps the name it had). */
  name?: string;
  upgrade?: string;
  contentFilter?: string;
  justification?: string;
  teamId?: string;
}
