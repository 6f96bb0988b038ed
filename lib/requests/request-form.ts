/**
 * Pure pieces of the request form shared by the browser (live preview, hints) and the server (which re-checks
 * everything): data shapes, rules about versions and capacity, the semantic edit, names. No server imports.
 */
import { z } from "zod";
import { applyParamChange, detectParamFileKind, explainDeploymentName, unifiedDiff, VERSION_UPGRADE_OPTIONS, type ParamChange } from "@/lib/paramfile";

export type RequestAction = "create" | "change" | "decommission";

export interface FormSku {
  name: string;
  usageName: string;
  unit: "ptu" | "thousand-tpm";
  min: number;
  max: number;
  step: number;
  default: number;
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

export interface FormDeployment {
  name: string;
  modelFormat: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  versionUpgradeOption: string | null;
  raiPolicyName: string | null;
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

/** One-line explanations of the deployment types. */
export const SKU_EXPLANATIONS: Record<string, string> = {
  Standard: "Pay per token, served from this region only; data stays in the region.",
  GlobalStandard: "Pay per token, routed to any Azure region with capacity; highest default quota.",
  DataZoneStandard: "Pay per token, processed within the data zone (e.g. EU or US) of this region.",
  GlobalProvisionedManaged: "Reserved throughput (PTUs) routed globally; billed hourly whether used or not.",
  DataZoneProvisionedManaged: "Reserved throughput (PTUs) within the data zone; billed hourly whether used or not.",
  ProvisionedManaged: "Reserved throughput (PTUs) in this region; predictable latency, billed hourly whether used or not.",
  GlobalBatch: "Asynchronous batch jobs at half price, completed within 24 hours.",
  DataZoneBatch: "Asynchronous batch jobs within the data zone, completed within 24 hours.",
  DeveloperTier: "For evaluating fine-tuned models; no SLA.",
};

/** The explanation of a deployment type, or a generic line for types this list doesn't know. */
export function explainSku(name: string): string {
  return SKU_EXPLANATIONS[name] ?? "A deployment type this region offers for the model.";
}

/** The capacity unit spelled out. */
export function capacityUnitLabel(unit: FormSku["unit"]): string {
  return unit === "ptu" ? "PTUs (provisioned throughput units)" : "thousands of tokens per minute";
}

const DAY = 86_400_000;

/** Retired: its inference retirement date has passed; it can't be deployed any more. */
export function isRetired(v: Pick<FormVersion, "retiresOn">, today: string): boolean {
  return v.retiresOn !== null && Date.parse(v.retiresOn) <= Date.parse(today);
}

/** Days until retirement when within the window, else null. */
export function daysUntilRetirement(v: Pick<FormVersion, "retiresOn">, today: string, windowDays: number): number | null {
  if (v.retiresOn === null || isRetired(v, today)) return null;
  const days = Math.ceil((Date.parse(v.retiresOn) - Date.parse(today)) / DAY);
  return days <= windowDays ? days : null;
}

/** Why a capacity is not allowed for the SKU, or undefined. */
export function explainCapacity(capacity: number, sku: FormSku): string | undefined {
  const unit = capacityUnitLabel(sku.unit);
  if (!Number.isInteger(capacity)) return "Capacity must be a whole number.";
  if (capacity < sku.min) return `Capacity must be at least ${sku.min} (${unit}).`;
  if (capacity > sku.max) return `Capacity can be at most ${sku.max} (${unit}) for ${sku.name}.`;
  if (sku.step > 1 && capacity % sku.step !== 0) return `Capacity for ${sku.name} goes in steps of ${sku.step}.`;
  return undefined;
}

/** A deployment name from team and model, e.g. "search-gpt-4o", made unique against the taken names. */
export function suggestDeploymentName(team: string, model: string, taken: Iterable<string>): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "");
  const base = [slug(team), slug(model).replace(/\./g, "")].filter(Boolean).join("-").slice(0, 56) || "deployment";
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Why a deployment name can't be used on the account, or undefined. */
export function explainNameProblem(name: string, account: Pick<FormAccount, "takenNames" | "name">): string | undefined {
  const invalid = explainDeploymentName(name);
  if (invalid) return invalid;
  const hit = account.takenNames.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (hit) return `The name "${name}" is already used on ${account.name} (${hit.where}). Choose another name.`;
  return undefined;
}

/** The comment written above an element ModelGate adds; `team: <Name>` first so the owning team stays parseable. */
export function ownerComment(team: string, requestNumber?: number): string {
  return `team: ${team} · request ${requestNumber === undefined ? "#…" : `#${requestNumber}`} (ModelGate)`;
}

/** The branch a request's pull request lives on. */
export function branchNameFor(requestNumber: number, deploymentName: string): string {
  const safe = deploymentName.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/-+$/, "");
  return `modelgate/${requestNumber}-${safe}`;
}

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;

const trimmed = (max: number) => z.string().trim().max(max);

/** Every field the form posts; the server action parses with this and then applies the rules. */
export const RequestInputSchema = z
  .object({
    action: z.enum(["create", "change", "decommission"]),
    account: trimmed(100).min(1, "Choose an account."),
    teamId: z.uuid({ message: "Choose your team." }),
    deploymentName: trimmed(64).min(1, "Enter a deployment name."),
    modelName: trimmed(100).optional(),
    modelVersion: trimmed(100).optional(),
    skuName: trimmed(100).optional(),
    capacity: z.coerce.number({ message: "Capacity must be a number." }).int("Capacity must be a whole number.").min(0).max(1_000_000).optional(),
    versionUpgradeOption: z.union([z.enum(VERSION_UPGRADE_OPTIONS), z.literal("")]).optional(),
    raiPolicyName: trimmed(100).optional(),
    justification: trimmed(JUSTIFICATION_MAX).min(JUSTIFICATION_MIN, `Say in at least ${JUSTIFICATION_MIN} characters why you need it.`),
    /** A random key per form: a double click or a retried post yields the same request. */
    submissionKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "Reload the form and try again."),
  })
  .strict();

export type RequestInput = z.infer<typeof RequestInputSchema>;

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

export interface RequestPlan {
  kind: RequestAction;
  deploymentName: string;
  modelFormat: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  versionUpgradeOption: string | null;
  raiPolicyName: string | null;
  previous: FormDeployment | null;
  /** Without the request number in the comment (known once the request is written). */
  change: ParamChange;
  usageName: string;
  /** Capacity the request takes from free quota. */
  hold: number;
  warnings: string[];
}

export type FieldErrors = Partial<Record<keyof RequestInput | "form", string>>;

/**
 * The form's rules over one account's options: the same function gives the browser its live hints and the
 * server its verdict (the server runs it on options it read itself, never on what the browser sent).
 */
export function checkRequestRules(
  account: FormAccount,
  input: Omit<RequestInput, "submissionKey" | "teamId" | "justification"> & { teamName: string },
  ctx: { today: string; retirementWindowDays: number },
): { ok: true; plan: RequestPlan } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const warnings: string[] = [];
  if (account.problem) return { ok: false, errors: { account: account.problem } };
  const unit = (sku: FormSku) => capacityUnitLabel(sku.unit);
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
  const checkQuota = (sku: FormSku, hold: number) => {
    if (hold <= 0) return;
    const q = account.quota[sku.usageName];
    const free = q?.free ?? 0;
    if (hold > free) {
      errors.capacity = `Not enough quota: this needs ${hold} ${unit(sku)} of ${sku.usageName} but only ${free} of ${q?.limit ?? 0} are free in ${account.location}. Ask for ${free} or less, or ask the platform team for more quota.`;
    }
  };

  if (input.action === "create") {
    const nameProblem = explainNameProblem(input.deploymentName, account);
    if (nameProblem) errors.deploymentName = nameProblem;
    const found = findVersion(input.modelName ?? "", input.modelVersion);
    let plan: RequestPlan | null = null;
    if (found) {
      const sku = found.version.skus.find((s) => s.name === input.skuName);
      if (!sku) errors.skuName = `${input.skuName || "That deployment type"} is not offered for ${found.model.name} ${found.version.version} in ${account.location}.`;
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
    if (Object.keys(errors).length || !plan) return { ok: false, errors };
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
  const capacityProblem = explainCapacity(capacity, sku);
  if (capacityProblem) errors.capacity = capacityProblem;
  else checkQuota(sku, capacity - existing.capacity);
  const change = buildUpdateChange(existing, { modelVersion: version, capacity, versionUpgradeOption: input.versionUpgradeOption || null });
  if (!change) errors.form = "Nothing would change: pick a different capacity or version.";
  if (Object.keys(errors).length || !change) return { ok: false, errors };
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

const OPTIONAL_FIELDS = new Set(["modelName", "modelVersion", "skuName", "capacity", "versionUpgradeOption", "raiPolicyName"]);

/**
 * The posted form as a plain object for RequestInputSchema: every field the browser sent (so a forged extra
 * field is refused by the strict schema), framework fields left out, empty optional fields dropped.
 */
export function formDataToRequestInput(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION") || key.startsWith("$")) continue;
    if (typeof value !== "string") {
      out[key] = "(file)";
      continue;
    }
    if (OPTIONAL_FIELDS.has(key) && value.trim() === "") continue;
    if (key in out) out[key] = [out[key], value].flat();
    else out[key] = value;
  }
  return out;
}
