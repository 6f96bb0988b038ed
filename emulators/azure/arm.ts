/**
 * ARM wire format: resource ids, JSON bodies in the shapes of the official 2025-09-01 examples, and the ARM
 * error envelope `{"error":{"code","message"}}`.
 */
import { findCatalogueModel, isProvisionedSku, skusInRegion, usageDisplayName, type CapacityBounds, type CatalogueModel, type CatalogueVersion } from "./catalogue";
import type { ArmErrorDetail, StoredAccount, StoredDeployment, StoredOperation, StoredRaiPolicy } from "./state";

export const PROVIDER = "Microsoft.CognitiveServices";

/** An ARM error: thrown anywhere in the emulator, rendered as the ARM error envelope. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Inner errors (`details`), as ARM nests them for template deployments. */
    readonly details?: ArmErrorDetail[],
  ) {
    super(message);
    this.name = "ArmError";
  }

  body(): { error: ArmErrorDetail } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function accountId(subscriptionId: string, resourceGroup: string, accountName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${PROVIDER}/accounts/${accountName}`;
}

export function renderAccount(subscriptionId: string, a: StoredAccount): Record<string, unknown> {
  return {
    id: accountId(subscriptionId, a.resourceGroup, a.name),
    name: a.name,
    type: `${PROVIDER}/accounts`,
    location: a.location,
    sku: { name: a.skuName },
    kind: a.kind,
    tags: { ...a.tags },
    etag: a.etag,
    systemData: { ...a.systemData },
    properties: {
      endpoint: `https://${a.name}.cognitiveservices.azure.com/`,
      provisioningState: "Succeeded",
      customSubDomainName: a.name,
      publicNetworkAccess: "Disabled",
      disableLocalAuth: true,
      dateCreated: a.systemData.createdAt,
    },
  };
}

/** The rate limits Azure derives from a Standard-like deployment's capacity. */
function rateLimits(model: CatalogueModel | undefined, sku: { name: string; capacity: number }) {
  if (!model || isProvisionedSku(sku.name) || model.tokensPerUnit === 0) return undefined;
  return [
    { key: "request", renewalPeriod: 10, count: Math.max(1, Math.round((sku.capacity * model.requestsPerUnit) / 6)) },
    { key: "token", renewalPeriod: 60, count: sku.capacity * model.tokensPerUnit },
  ];
}

export function renderDeployment(subscriptionId: string, d: StoredDeployment): Record<string, unknown> {
  const model = findCatalogueModel(d.model.format, d.model.name);
  const limits = rateLimits(model, d.sku);
  return {
    id: `${accountId(subscriptionId, d.resourceGroup, d.accountName)}/deployments/${d.name}`,
    name: d.name,
    type: `${PROVIDER}/accounts/deployments`,
    sku: { name: d.sku.name, capacity: d.sku.capacity },
    ...(d.tags ? { tags: { ...d.tags } } : {}),
    etag: d.etag,
    systemData: { ...d.systemData },
    properties: {
      model: { format: d.model.format, name: d.model.name, version: d.model.version },
      versionUpgradeOption: d.versionUpgradeOption,
      raiPolicyName: d.raiPolicyName,
      currentCapacity: d.sku.capacity,
      capabilities: { ...(model?.capabilities ?? {}) },
      ...(limits ? { rateLimits: limits } : {}),
      provisioningState: d.provisioningState,
    },
  };
}

/** Capacity bounds exactly as published: a missing minimum or step stays missing. */
export function renderBounds(bounds: CapacityBounds): Record<string, number> {
  return {
    ...(bounds.minimum !== undefined ? { minimum: bounds.minimum } : {}),
    maximum: bounds.maximum,
    ...(bounds.step !== undefined ? { step: bounds.step } : {}),
    default: bounds.default,
  };
}

/** One entry of the per-location models list (`Model` in the swagger), for one account kind. */
export function renderModel(model: CatalogueModel, version: CatalogueVersion, region: string, kind: string): Record<string, unknown> {
  const skus = skusInRegion(version, region).map((sku) => ({
    name: sku.name,
    usageName: sku.usageName,
    capacity: renderBounds(sku.capacity),
    ...(sku.deprecationDate ? { deprecationDate: sku.deprecationDate } : {}),
  }));
  return {
    kind,
    skuName: "S0",
    model: {
      format: model.format,
      name: model.name,
      version: version.version,
      isDefaultVersion: version.isDefault === true,
      skus,
      maxCapacity: model.maxCapacity,
      capabilities: { ...model.capabilities, fineTune: version.fineTunable ? "true" : "false", inference: "true" },
      ...(version.fineTunable ? { finetuneCapabilities: { fineTune: "true", inference: "true", chatCompletion: "true" } } : {}),
      deprecation: {
        ...(version.deprecation.fineTune ? { fineTune: version.deprecation.fineTune } : {}),
        inference: version.deprecation.inference,
        ...(version.deprecation.status ? { deprecationStatus: version.deprecation.status } : {}),
      },
      ...(version.replacement
        ? {
            replacementConfig: {
              targetModelName: version.replacement.model,
              targetModelVersion: version.replacement.version,
              ...(version.replacement.autoUpgradeStartDate ? { autoUpgradeStartDate: version.replacement.autoUpgradeStartDate } : {}),
              ...(version.replacement.upgradeOnExpiryLeadTimeDays !== undefined
                ? { upgradeOnExpiryLeadTimeDays: version.replacement.upgradeOnExpiryLeadTimeDays }
                : {}),
            },
          }
        : {}),
      modelCatalogAssetId:
        model.format === "OpenAI"
          ? `azureml://registries/azure-openai/models/${model.name}/versions/${version.version}`
          : `azureml://registries/azureml-${model.format.toLowerCase().replace(/\s+/g, "")}/models/${model.name}/versions/${version.version}`,
      lifecycleStatus: version.lifecycleStatus,
      systemData: {
        createdBy: "Microsoft",
        createdByType: "Application",
        createdAt: version.releasedAt,
        lastModifiedBy: "Microsoft",
        lastModifiedByType: "Application",
        lastModifiedAt: version.releasedAt,
      },
    },
  };
}

export function renderUsage(usageName: string, currentValue: number, limit: number): Record<string, unknown> {
  return {
    name: { value: usageName, localizedValue: usageDisplayName(usageName) },
    currentValue,
    limit,
    unit: "Count",
  };
}

export function renderSkuCapacity(
  subscriptionId: string,
  region: string,
  model: { format: string; name: string; version: string },
  skuName: string,
  availableCapacity: number,
  availableFinetuneCapacity: number,
): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}/providers/${PROVIDER}/locations/${region}/models/${model.format}.${model.name}.${model.version}/skuCapacities/${skuName}`,
    type: `${PROVIDER}/locations/models/skuCapacities`,
    name: skuName,
    location: region,
    properties: {
      model: { format: model.format, name: model.name, version: model.version },
      skuName,
      availableCapacity,
      availableFinetuneCapacity,
    },
  };
}

export function renderRaiPolicy(subscriptionId: string, p: StoredRaiPolicy): Record<string, unknown> {
  return {
    id: `${accountId(subscriptionId, p.resourceGroup, p.accountName)}/raiPolicies/${p.name}`,
    name: p.name,
    type: `${PROVIDER}/accounts/raiPolicies`,
    etag: p.etag,
    properties: {
      type: p.type,
      mode: p.mode,
      ...(p.basePolicyName ? { basePolicyName: p.basePolicyName } : {}),
      contentFilters: p.contentFilters.map((f) => ({ ...f })),
    },
  };
}

/** The Azure-AsyncOperation status body (ARM's async operation contract). */
export function renderOperationStatus(subscriptionId: string, op: StoredOperation): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}/providers/${PROVIDER}/locations/${op.location}/operationStatuses/${op.id}`,
    name: op.id,
    status: op.status === "InProgress" ? "Running" : op.status,
    startTime: new Date(op.startedAt).toISOString(),
    ...(op.endedAt !== undefined ? { endTime: new Date(op.endedAt).toISOString() } : {}),
    ...(op.error ? { error: { code: op.error.code, message: op.error.message } } : {}),
  };
}
