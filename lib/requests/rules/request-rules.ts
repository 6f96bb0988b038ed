/**
 * The request form's rules over one account's options. The same functions give the browser its live hints
 * and the server its verdict (the server runs them on options it read itself, never on what the browser
 * sent). Pure: no server imports.
 */
import { applyParamChange, detectParamFileKind, explainDeploymentName, unifiedDiff, type ParamChange } from "@/lib/paramfile";
import { formatCapacity, formatCapacityNumber } from "../form/copy";
import type { RequestFieldErrors, RequestInput } from "../form/schema";
import type { DeploymentSettings, FormAccount, FormDeployment, FormModel, FormSku, FormVersion, RequestAction } from "../form/types";
import { ownerComment } from "./naming";

const DAY = 86_400_000;

/** Retired: its inference retirement date has passed; it can't be deployed any more. */
export function isRetired(v: Pick<FormVersion, "retiresOn">, today: string): boolean {
  return v.retiresOn !== null && Date.parse(v.retiresOn) <= Date.parse(today);
}

/**
 * When a deployment of this version and deployment type stops: the earlier of the version's retirement and
 * the SKU's own date (Azure retires some deployment types of a version before the version itself).
 */
export function retirementOf(version: Pick<FormVersion, "retiresOn">, sku?: Pick<FormSku, "retiresOn"> | null): string | null {
  const dates = [version.retiresOn, sku?.retiresOn ?? null].filter((d): d is string => d !== null);
  return dates.length ? dates.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;
}

/**
 * Azure's rule for a Deprecating version: only an account that already runs the model may add new
 * deployments of it. Returns why this account can't, or undefined.
 */
export function explainDeprecating(account: Pick<FormAccount, "name" | "runningModels">, model: Pick<FormModel, "name" | "versions">, version: Pick<FormVersion, "version" | "lifecycleStatus">): string | undefined {
  if (version.lifecycleStatus !== "Deprecating" || account.runningModels.includes(model.name)) return undefined;
  const newest = model.versions.find((v) => v.isDefault && v.lifecycleStatus !== "Deprecating") ?? model.versions.find((v) => v.lifecycleStatus !== "Deprecating" && v.lifecycleStatus !== "Deprecated");
  return (
    `${model.name} ${version.version} is being retired (Deprecating): Azure accepts new deployments of it only on accounts that already run ${model.name}, and ${account.name} doesn't.` +
    (newest ? ` Choose ${newest.version} instead.` : "")
  );
}

/** Days until retirement when within the window, else null. */
export function daysUntilRetirement(v: Pick<FormVersion, "retiresOn">, today: string, windowDays: number): number | null {
  if (v.retiresOn === null || isRetired(v, today)) return null;
  const days = Math.ceil((Date.parse(v.retiresOn) - Date.parse(today)) / DAY);
  return days <= windowDays ? days : null;
}

/** Why a capacity is not allowed for the SKU, or undefined. */
export function explainCapacity(capacity: number, sku: FormSku): string | undefined {
  if (Number.isNaN(capacity)) return "Enter a capacity.";
  if (!Number.isInteger(capacity)) return "Capacity must be a whole number.";
  if (capacity < sku.min) return `Capacity must be at least ${sku.min} (${formatCapacity(sku.min, sku.unit)}).`;
  if (capacity > sku.max) return `Capacity can be at most ${sku.max} (${formatCapacity(sku.max, sku.unit)}) for ${sku.name}.`;
  if (sku.step > 1 && capacity % sku.step !== 0) return `Capacity for ${sku.name} goes in steps of ${sku.step}.`;
  return undefined;
}

/** The message when a request needs more quota than is free: what is free, and what to do instead. */
export function explainNoQuota(q: { hold: number; free: number; limit: number; usageName: string; unit: FormSku["unit"]; location: string; min?: number }): string {
  if (q.free <= 0 || (q.min !== undefined && q.free < q.min)) {
    return `No quota is free for this model in this region: ${q.usageName} in ${q.location} has ${formatCapacityNumber(q.free, q.unit)} of ${formatCapacity(q.limit, q.unit)} free. Choose another deployment type or account, or ask the platform team for more quota.`;
  }
  return `Not enough quota: this needs ${formatCapacity(q.hold, q.unit)} of ${q.usageName}, but only ${formatCapacityNumber(q.free, q.unit)} of ${formatCapacity(q.limit, q.unit)} are free in ${q.location}. Ask for ${formatCapacity(q.free, q.unit)} or less, or ask the platform team for more quota.`;
}

/** Why a deployment name can't be used on the account, or undefined. */
export function explainNameProblem(name: string, account: Pick<FormAccount, "takenNames" | "name">): string | undefined {
  const invalid = explainDeploymentName(name);
  if (invalid) return invalid;
  const hit = account.takenNames.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (hit) return `The name "${name}" is already used on ${account.name} (${hit.where}). Choose another name.`;
  return undefined;
}

/** The element a create request adds, properties in the seed's order. */
export function buildElement(input: { deploymentName: string; modelFormat: string; modelName: string; modelVersion: string; skuName: string; capacity: number; raiPolicyName?: string | null; versionUpgradeOption?: string | null }): Record<string, unknown> {
  return {
    model: { format: input.modelFormat, name: input.modelName, version: input.modelVersion },
    name: input.deploymentName,
    ...(input.raiPolicyName ? { raiPolicyName: input.raiPolicyName } : {}),
    sku: { capacity: input.capacity, name: input.skuName },
    ...(input.versionUpgradeOption ? { versionUpgradeOption: input.versionUpgradeOption } : {}),
  };
}

/** The semantic edit of a change request: only what differs from the deployment as it is. */
export function buildUpdateChange(previous: FormDeployment, next: { modelVersion: string; capacity: number; versionUpgradeOption?: string | null }): ParamChange | null {
  const set: Record<string, unknown> = {};
  if (next.modelVersion !== previous.modelVersion) set.model = { version: next.modelVersion };
  if (next.capacity !== previous.capacity) set.sku = { capacity: next.capacity };
  if (next.versionUpgradeOption && next.versionUpgradeOption !== (previous.versionUpgradeOption ?? "")) set.versionUpgradeOption = next.versionUpgradeOption;
  return Object.keys(set).length ? { op: "update", name: previous.name, set } : null;
}

/** The diff the pull request will contain, or the reason the edit can't be made. */
export function previewChange(path: string, fileText: string, change: ParamChange): { diff: string } | { error: string } {
  try {
    const after = applyParamChange(fileText, detectParamFileKind(path), change);
    return { diff: unifiedDiff(path, fileText, after) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** A request refused because its pool has too little free quota: what it needed and what was free. */
export interface QuotaShortfall {
  usageName: string;
  requested: number;
  available: number;
}

export interface RequestPlan extends DeploymentSettings {
  kind: RequestAction;
  deploymentName: string;
  previous: FormDeployment | null;
  /** Without the request number in the comment (known once the request is written). */
  change: ParamChange;
  usageName: string;
  /** Capacity the request takes from free quota. */
  hold: number;
  warnings: string[];
}

/**
 * The form's rules over one account's options: the same function gives the browser its live hints and the
 * server its verdict (the server runs it on options it read itself, never on what the browser sent).
 */
export function checkRequestRules(
  account: FormAccount,
  input: Omit<RequestInput, "submissionKey" | "teamId" | "justification"> & { teamName: string },
  ctx: { today: string; retirementWindowDays: number },
): { ok: true; plan: RequestPlan } | { ok: false; errors: RequestFieldErrors; quotaShortfall?: QuotaShortfall } {
  const errors: RequestFieldErrors = {};
  let quotaShortfall: QuotaShortfall | undefined;
  const warnings: string[] = [];
  if (account.problem) return { ok: false, errors: { account: account.problem } };
  const findVersion = (modelName: string, version: string | undefined) => {
    const model = account.models.find((m) => m.name === modelName);
    if (!model) {
      errors.modelName = `${modelName || "That model"} is not offered in ${account.location}.`;
      return null;
    }
    const v = model.versions.find((x) => x.version === version);
    if (!v) {
      errors.modelVersion = `Version ${version ?? "(none)"} of ${model.name} is not offered in ${account.location}.`;
      return null;
    }
    if (isRetired(v, ctx.today)) {
      errors.modelVersion = `${model.name} version ${v.version} was retired on ${v.retiresOn!.slice(0, 10)} and can't be deployed. Choose a newer version.`;
      return null;
    }
    const days = daysUntilRetirement(v, ctx.today, ctx.retirementWindowDays);
    if (days !== null) warnings.push(`${model.name} version ${v.version} retires on ${v.retiresOn!.slice(0, 10)} (in ${days} days).`);
    return { model, version: v };
  };
  // A deployment type of a version can retire before the version does; that date is the one that counts.
  const checkSkuRetirement = (modelName: string, version: FormVersion, sku: FormSku): string | undefined => {
    if (!sku.retiresOn || (version.retiresOn !== null && Date.parse(sku.retiresOn) >= Date.parse(version.retiresOn))) return undefined;
    if (isRetired({ retiresOn: sku.retiresOn }, ctx.today)) {
      return `${modelName} ${version.version} as ${sku.name} was retired on ${sku.retiresOn.slice(0, 10)}. Choose another deployment type or a newer version.`;
    }
    const days = daysUntilRetirement({ retiresOn: sku.retiresOn }, ctx.today, ctx.retirementWindowDays);
    if (days !== null) warnings.push(`${modelName} ${version.version} as ${sku.name} retires on ${sku.retiresOn.slice(0, 10)} (in ${days} days), before the version itself.`);
    return undefined;
  };
  const checkQuota = (sku: FormSku, hold: number) => {
    if (hold <= 0) return;
    const q = account.quota[sku.usageName];
    const free = q?.free ?? 0;
    if (hold > free) {
      quotaShortfall = { usageName: sku.usageName, requested: hold, available: free };
      errors.capacity = explainNoQuota({ hold, free, limit: q?.limit ?? 0, usageName: sku.usageName, unit: sku.unit, location: account.location, min: sku.min });
    }
  };

  if (input.action === "create") {
    const nameProblem = explainNameProblem(input.deploymentName, account);
    if (nameProblem) errors.deploymentName = nameProblem;
    const found = findVersion(input.modelName ?? "", input.modelVersion);
    let plan: RequestPlan | null = null;
    if (found) {
      const deprecating = explainDeprecating(account, found.model, found.version);
      if (deprecating) errors.modelVersion = deprecating;
      const sku = found.version.skus.find((s) => s.name === input.skuName);
      const skuRetirement = sku ? checkSkuRetirement(found.model.name, found.version, sku) : undefined;
      if (!sku) errors.skuName = `${input.skuName || "That deployment type"} is not offered for ${found.model.name} ${found.version.version} in ${account.location}.`;
      else if (skuRetirement) errors.skuName = skuRetirement;
      else if (input.capacity === undefined) errors.capacity = "Enter a capacity.";
      else {
        const capacityProblem = explainCapacity(input.capacity, sku);
        if (capacityProblem) errors.capacity = capacityProblem;
        else checkQuota(sku, input.capacity);
        if (input.raiPolicyName && !account.raiPolicies.includes(input.raiPolicyName)) errors.raiPolicyName = `Content filter ${input.raiPolicyName} doesn't exist on ${account.name}.`;
        const fields = {
          deploymentName: input.deploymentName,
          modelFormat: found.model.format,
          modelName: found.model.name,
          modelVersion: found.version.version,
          skuName: sku.name,
          capacity: input.capacity,
          versionUpgradeOption: input.versionUpgradeOption || null,
          raiPolicyName: input.raiPolicyName || null,
        };
        plan = {
          kind: "create",
          ...fields,
          previous: null,
          change: { op: "add", deployment: buildElement(fields), comment: ownerComment(input.teamName) },
          usageName: sku.usageName,
          hold: input.capacity,
          warnings,
        };
      }
    }
    if (Object.keys(errors).length || !plan) return { ok: false, errors, ...(quotaShortfall ? { quotaShortfall } : {}) };
    return { ok: true, plan };
  }

  const existing = account.deployments.find((d) => d.name.toLowerCase() === input.deploymentName.toLowerCase());
  if (!existing) return { ok: false, errors: { deploymentName: `There is no deployment "${input.deploymentName}" in ${account.paramFilePath}.` } };
  if (!existing.mayChange) {
    return { ok: false, errors: { deploymentName: existing.team ? `${existing.name} belongs to the ${existing.team} team; only its members (or an admin) can change it.` : `${existing.name} has no owning team on record; only an admin can change it.` } };
  }
  if (existing.pendingRequest !== null) return { ok: false, errors: { deploymentName: `${existing.name} already has request #${existing.pendingRequest} in flight; wait for it or cancel it first.` } };
  const same = {
    deploymentName: existing.name,
    modelFormat: existing.modelFormat,
    modelName: existing.modelName,
    previous: existing,
    warnings,
  };
  if (input.action === "decommission") {
    return {
      ok: true,
      plan: {
        kind: "decommission",
        ...same,
        modelVersion: existing.modelVersion,
        skuName: existing.skuName,
        capacity: existing.capacity,
        versionUpgradeOption: existing.versionUpgradeOption,
        raiPolicyName: existing.raiPolicyName,
        change: { op: "remove", name: existing.name },
        usageName: "",
        hold: 0,
      },
    };
  }
  const version = input.modelVersion || existing.modelVersion;
  const capacity = input.capacity ?? existing.capacity;
  const found = findVersion(existing.modelName, version);
  if (!found) return { ok: false, errors };
  const sku = found.version.skus.find((s) => s.name === existing.skuName);
  if (!sku) return { ok: false, errors: { modelVersion: `${existing.modelName} ${version} is not offered as ${existing.skuName} in ${account.location}.` } };
  const skuRetirement = version !== existing.modelVersion ? checkSkuRetirement(existing.modelName, found.version, sku) : undefined;
  if (skuRetirement) errors.modelVersion = skuRetirement;
  const capacityProblem = explainCapacity(capacity, sku);
  if (capacityProblem) errors.capacity = capacityProblem;
  else checkQuota(sku, capacity - existing.capacity);
  const change = buildUpdateChange(existing, { modelVersion: version, capacity, versionUpgradeOption: input.versionUpgradeOption || null });
  if (!change) errors.form = "Nothing would change: pick a different capacity or version.";
  if (Object.keys(errors).length || !change) return { ok: false, errors, ...(quotaShortfall ? { quotaShortfall } : {}) };
  return {
    ok: true,
    plan: {
      kind: "change",
      ...same,
      modelVersion: version,
      skuName: existing.skuName,
      capacity,
      versionUpgradeOption: input.versionUpgradeOption || existing.versionUpgradeOption,
      raiPolicyName: existing.raiPolicyName,
      change,
      usageName: sku.usageName,
      hold: Math.max(0, capacity - existing.capacity),
      warnings,
    },
  };
}

