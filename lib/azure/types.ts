/**
 * Plain data returned by lib/azure: JSON-serialisable (dates are ISO strings), no SDK types.
 */

/** Which account an operation targets. */
export interface AccountRef {
  resourceGroup: string;
  name: string;
}

export interface AzureAccount {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  kind: string;
  skuName: string;
  endpoint?: string;
  customSubDomainName?: string;
  provisioningState?: string;
  publicNetworkAccess?: string;
  tags: Record<string, string>;
  createdAt?: string;
}

export interface AzureModelRef {
  format: string;
  name: string;
  version: string;
}

export interface AzureRateLimit {
  /** "request" or "token". */
  key: string;
  renewalPeriodSeconds: number;
  count: number;
}

/** Azure's provisioning states for a deployment; other strings may appear in future API versions. */
export type DeploymentProvisioningState =
  | "Accepted"
  | "Creating"
  | "Deleting"
  | "Moving"
  | "Failed"
  | "Succeeded"
  | "Disabled"
  | "Canceled"
  | (string & {});

export type VersionUpgradeOption = "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade" | (string & {});

export interface AzureDeployment {
  id: string;
  name: string;
  resourceGroup: string;
  accountName: string;
  model: AzureModelRef;
  sku: { name: string; capacity: number };
  provisioningState: DeploymentProvisioningState;
  versionUpgradeOption?: VersionUpgradeOption;
  raiPolicyName?: string;
  rateLimits: AzureRateLimit[];
  capabilities: Record<string, string>;
  currentCapacity?: number;
  dynamicThrottlingEnabled?: boolean;
  etag?: string;
  createdAt?: string;
  createdBy?: string;
  lastModifiedAt?: string;
  lastModifiedBy?: string;
}

/** What to deploy; the fields of a parameter-file element. */
export interface DeploymentInput {
  name: string;
  model: AzureModelRef;
  sku: { name: string; capacity: number };
  raiPolicyName?: string;
  versionUpgradeOption?: VersionUpgradeOption;
}

export interface CapacityRange {
  minimum?: number;
  maximum?: number;
  step?: number;
  default?: number;
  allowedValues?: number[];
}

/** Capacity units: provisioned SKUs count PTUs, the others thousands of tokens per minute (model-dependent). */
export type CapacityUnit = "ptu" | "thousand-tpm";

export interface AzureModelSku {
  /** Deployment type, e.g. GlobalStandard or ProvisionedManaged. */
  name: string;
  /** Quota (usage) name the capacity counts against, e.g. OpenAI.GlobalStandard.gpt-4o. */
  usageName?: string;
  capacity: CapacityRange;
  unit: CapacityUnit;
  deprecationDate?: string;
}

export type ModelLifecycleStatus = "GenerallyAvailable" | "Preview" | "Deprecating" | "Deprecated" | "Legacy" | "Stable" | (string & {});

export interface AzureModelVersion {
  version: string;
  isDefault: boolean;
  lifecycleStatus?: ModelLifecycleStatus;
  /** Retirement dates (ISO): inference stops working on `inference`. */
  deprecation: { inference?: string; fineTune?: string; status?: "Planned" | "Tentative" | (string & {}) };
  replacement?: { modelName?: string; modelVersion?: string; autoUpgradeStartDate?: string; upgradeOnExpiryLeadTimeDays?: number };
  maxCapacity?: number;
  fineTunable: boolean;
  capabilities: Record<string, string>;
  skus: AzureModelSku[];
  releasedAt?: string;
}

export interface AzureModel {
  format: string;
  name: string;
  kind?: string;
  /** Account kinds whose models list carries it (Azure lists OpenAI models once per kind). */
  kinds: string[];
  defaultVersion?: string;
  /** Newest first. */
  versions: AzureModelVersion[];
}

export interface AzureUsage {
  /** Quota name, e.g. OpenAI.Standard.gpt-4o or OpenAI.ProvisionedManaged. */
  name: string;
  displayName: string;
  current: number;
  limit: number;
  unit: string;
}

export interface AzureModelCapacity {
  location: string;
  skuName: string;
  model: AzureModelRef;
  availableCapacity: number;
  availableFinetuneCapacity?: number;
}

export interface AzureContentFilter {
  name: string;
  enabled?: boolean;
  blocking?: boolean;
  severityThreshold?: string;
  source?: string;
}

export interface AzureRaiPolicy {
  name: string;
  /** SystemManaged (Microsoft.Default*) or UserManaged (custom). */
  type?: string;
  mode?: string;
  basePolicyName?: string;
  contentFilters: AzureContentFilter[];
}

export interface AzureHealth {
  ok: boolean;
  latencyMs: number;
  detail?: string;
  error?: string;
  errorKind?: string;
}

/** An ARM error as template deployments nest it: the innermost details say what failed. */
export interface AzureArmError {
  code: string;
  message: string;
  /** The resource (or deployment) the error is about, when ARM names one. */
  target?: string;
  details: AzureArmError[];
}

/** A template deployment (Microsoft.Resources/deployments) from the deployment history. */
export interface AzureTemplateDeployment {
  id: string;
  name: string;
  /** Subscription-scope deployments have a location; resource-group ones don't. */
  location?: string;
  provisioningState: string;
  /** When it last changed (ISO). */
  timestamp?: string;
  /** When it started (ISO), from timestamp − duration. */
  startedAt?: string;
  correlationId?: string;
  mode?: string;
  /** Parameter values as ARM echoes them (`{ name: value }`). */
  parameters: Record<string, unknown>;
  error?: AzureArmError;
}

/** One resource operation of a template deployment. */
export interface AzureTemplateOperation {
  operationId: string;
  provisioningState: string;
  timestamp?: string;
  /** HTTP status of the resource provider's answer, e.g. OK, Created, Conflict, BadRequest. */
  statusCode?: string;
  resourceId?: string;
  resourceType?: string;
  /** For child resources `account/deployment`. */
  resourceName?: string;
  error?: AzureArmError;
}

/** What ARM's preflight says about a template deployment: accepted, or refused with its error. */
export type AzureTemplateValidation = { ok: true } | { ok: false; error: AzureArmError };
