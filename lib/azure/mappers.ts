import "server-only";
import type {
  Account,
  Deployment,
  Model,
  ModelCapacityListResultValueItem,
  ModelSku,
  RaiPolicy,
  Usage,
} from "@azure/arm-cognitiveservices";
import type { DeploymentExtended, DeploymentOperation } from "@azure/arm-resources";
import type {
  AzureAccount,
  AzureArmError,
  AzureTemplateDeployment,
  AzureTemplateOperation,
  AzureDeployment,
  AzureModel,
  AzureModelCapacity,
  AzureModelSku,
  AzureModelVersion,
  AzureRaiPolicy,
  AzureUsage,
} from "./types";

// The SDK turns some date-time fields into Date objects and leaves others as strings; DTOs carry ISO strings.
function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return value;
}

function resourceGroupOf(id: string | undefined): string {
  return /\/resourceGroups\/([^/]+)/i.exec(id ?? "")?.[1] ?? "";
}

function accountNameOf(id: string | undefined): string {
  return /\/accounts\/([^/]+)/i.exec(id ?? "")?.[1] ?? "";
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function toAccount(a: Account): AzureAccount {
  return defined({
    id: a.id ?? "",
    name: a.name ?? "",
    resourceGroup: resourceGroupOf(a.id),
    location: a.location ?? "",
    kind: a.kind ?? "",
    skuName: a.sku?.name ?? "",
    endpoint: a.properties?.endpoint,
    customSubDomainName: a.properties?.customSubDomainName,
    provisioningState: a.properties?.provisioningState,
    publicNetworkAccess: a.properties?.publicNetworkAccess,
    tags: { ...(a.tags ?? {}) },
    createdAt: iso(a.systemData?.createdAt) ?? a.properties?.dateCreated,
  });
}

export function toDeployment(d: Deployment): AzureDeployment {
  const p = d.properties ?? {};
  return defined({
    id: d.id ?? "",
    name: d.name ?? "",
    resourceGroup: resourceGroupOf(d.id),
    accountName: accountNameOf(d.id),
    model: { format: p.model?.format ?? "", name: p.model?.name ?? "", version: p.model?.version ?? "" },
    sku: { name: d.sku?.name ?? "", capacity: d.sku?.capacity ?? 0 },
    provisioningState: p.provisioningState ?? "",
    versionUpgradeOption: p.versionUpgradeOption,
    raiPolicyName: p.raiPolicyName,
    rateLimits: (p.rateLimits ?? []).map((r) => ({ key: r.key ?? "", renewalPeriodSeconds: r.renewalPeriod ?? 0, count: r.count ?? 0 })),
    capabilities: { ...(p.capabilities ?? {}) },
    currentCapacity: p.currentCapacity,
    dynamicThrottlingEnabled: p.dynamicThrottlingEnabled,
    etag: d.etag,
    createdAt: iso(d.systemData?.createdAt),
    createdBy: d.systemData?.createdBy,
    lastModifiedAt: iso(d.systemData?.lastModifiedAt),
    lastModifiedBy: d.systemData?.lastModifiedBy,
  });
}

function toModelSku(s: ModelSku): AzureModelSku {
  const name = s.name ?? "";
  return defined({
    name,
    usageName: s.usageName,
    capacity: defined({
      minimum: s.capacity?.minimum,
      maximum: s.capacity?.maximum,
      step: s.capacity?.step,
      default: s.capacity?.default,
      allowedValues: s.capacity?.allowedValues,
    }),
    unit: /provisioned/i.test(name) ? ("ptu" as const) : ("thousand-tpm" as const),
    deprecationDate: iso(s.deprecationDate),
  });
}

function toModelVersion(m: Model): AzureModelVersion {
  const am = m.model ?? {};
  const replacement = am.replacementConfig;
  return defined({
    version: am.version ?? "",
    isDefault: am.isDefaultVersion === true,
    lifecycleStatus: am.lifecycleStatus,
    deprecation: defined({
      inference: am.deprecation?.inference,
      fineTune: am.deprecation?.fineTune,
      status: am.deprecation?.deprecationStatus,
    }),
    replacement: replacement
      ? defined({
          modelName: replacement.targetModelName,
          modelVersion: replacement.targetModelVersion,
          autoUpgradeStartDate: iso(replacement.autoUpgradeStartDate),
          upgradeOnExpiryLeadTimeDays: replacement.upgradeOnExpiryLeadTimeDays,
        })
      : undefined,
    maxCapacity: am.maxCapacity,
    fineTunable: am.capabilities?.fineTune === "true" || am.finetuneCapabilities?.fineTune === "true",
    capabilities: { ...(am.capabilities ?? {}) },
    skus: (am.skus ?? []).map(toModelSku),
    releasedAt: iso(am.systemData?.createdAt),
  });
}

/** Groups the flat per-version models list into one entry per model, versions newest first. */
export function groupModels(list: Model[]): AzureModel[] {
  const byKey = new Map<string, AzureModel>();
  for (const m of list) {
    const format = m.model?.format ?? "";
    const name = m.model?.name ?? "";
    const key = `${format}\u0000${name}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = defined({ format, name, kind: m.kind, kinds: [] as string[], versions: [] as AzureModelVersion[] });
      byKey.set(key, entry);
    }
    if (m.kind && !entry.kinds.includes(m.kind)) entry.kinds.push(m.kind);
    const version = toModelVersion(m);
    // The same version can appear once per account kind (OpenAI, AIServices); keep the first.
    if (!entry.versions.some((v) => v.version === version.version)) entry.versions.push(version);
  }
  const models = [...byKey.values()];
  for (const model of models) {
    model.versions.sort((a, b) => (b.releasedAt ?? "").localeCompare(a.releasedAt ?? "") || b.version.localeCompare(a.version));
    const def = model.versions.find((v) => v.isDefault);
    if (def) model.defaultVersion = def.version;
  }
  return models.sort((a, b) => a.format.localeCompare(b.format) || a.name.localeCompare(b.name));
}

export function toUsage(u: Usage): AzureUsage {
  return {
    name: u.name?.value ?? "",
    displayName: u.name?.localizedValue ?? u.name?.value ?? "",
    current: u.currentValue ?? 0,
    limit: u.limit ?? 0,
    unit: u.unit ?? "Count",
  };
}

export function toModelCapacity(c: ModelCapacityListResultValueItem): AzureModelCapacity {
  const p = c.properties ?? {};
  return defined({
    location: c.location ?? "",
    skuName: p.skuName ?? c.name ?? "",
    model: { format: p.model?.format ?? "", name: p.model?.name ?? "", version: p.model?.version ?? "" },
    availableCapacity: p.availableCapacity ?? 0,
    availableFinetuneCapacity: p.availableFinetuneCapacity,
  });
}

export function toRaiPolicy(r: RaiPolicy): AzureRaiPolicy {
  const p = r.properties ?? {};
  return defined({
    name: r.name ?? "",
    type: p.type,
    mode: p.mode,
    basePolicyName: p.basePolicyName,
    contentFilters: (p.contentFilters ?? []).map((f) =>
      defined({ name: f.name ?? "", enabled: f.enabled, blocking: f.blocking, severityThreshold: f.severityThreshold, source: f.source }),
    ),
  });
}

interface ErrorLike {
  code?: string;
  message?: string;
  target?: string;
  details?: ErrorLike[];
}

/** ARM's nested error (ErrorResponse) as plain data. */
export function toArmError(e: ErrorLike): AzureArmError {
  return defined({ code: e.code ?? "", message: e.message ?? "", target: e.target, details: (e.details ?? []).map(toArmError) });
}

/** `PT1M2.5S` in milliseconds. */
function durationMs(iso8601: string | undefined): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso8601 ?? "");
  return m ? ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 : undefined;
}

export function toTemplateDeployment(d: DeploymentExtended): AzureTemplateDeployment {
  const p = d.properties ?? {};
  const timestamp = iso(p.timestamp);
  const duration = durationMs(p.duration);
  const parameters = Object.fromEntries(
    Object.entries((p.parameters ?? {}) as Record<string, { value?: unknown } | undefined>).map(([name, v]) => [name, v?.value]),
  );
  return defined({
    id: d.id ?? "",
    name: d.name ?? "",
    location: d.location,
    provisioningState: p.provisioningState ?? "",
    timestamp,
    startedAt: timestamp && duration !== undefined ? new Date(Date.parse(timestamp) - duration).toISOString() : undefined,
    correlationId: p.correlationId,
    mode: p.mode,
    parameters,
    error: p.error ? toArmError(p.error) : undefined,
  });
}

export function toTemplateOperation(o: DeploymentOperation): AzureTemplateOperation {
  const p = o.properties ?? {};
  const error = p.statusMessage?.error;
  return defined({
    operationId: o.operationId ?? "",
    provisioningState: p.provisioningState ?? "",
    timestamp: iso(p.timestamp),
    statusCode: p.statusCode,
    resourceId: p.targetResource?.id,
    resourceType: p.targetResource?.resourceType,
    resourceName: p.targetResource?.resourceName,
    error: error ? toArmError(error) : undefined,
  });
}
