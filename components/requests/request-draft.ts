/**
 * The request form's draft: what the user has chosen so far, how each choice changes the others (a pure
 * reducer for `useReducer`), and what the form shows and checks for a draft. The rules themselves (quota,
 * names, versions) live in lib; this module only decides which values they are asked about.
 */
import {
  isRetired,
  suggestDeploymentName,
  type FormAccount,
  type FormDeployment,
  type FormModel,
  type FormQuota,
  type FormSku,
  type RequestAction,
  type RequestFormData,
  type RequestFormPrefill,
  type checkRequestRules,
} from "@/lib/requests/client";

export type { RequestFormPrefill } from "@/lib/requests/client";

/**
 * Everything the user has chosen. A new deployment and a change keep their own version and capacity, so
 * switching between the two modes and back keeps what was typed in each.
 */
export interface RequestDraft {
  action: RequestAction;
  accountName: string;
  teamId: string;
  // A new deployment
  modelName: string;
  version: string;
  /** Empty: the form's default deployment type for the version. */
  skuName: string;
  /** Null: the capacity the form suggests (one that fits); "" when the user cleared the box. */
  capacityText: string | null;
  name: string;
  /** The user typed a name; until then the name follows the suggestion. */
  nameTouched: boolean;
  upgrade: string;
  contentFilter: string;
  justification: string;
  // A change or decommission
  deploymentName: string;
  changeVersion: string;
  /** Null: the deployment's current capacity; "" when the user cleared the box. */
  changeCapacityText: string | null;
}

/** A user's edit of the draft: the new value of one field. Version and capacity edits go to the mode being shown. */
export type DraftEvent =
  | { type: "chooseAction"; value: RequestAction }
  | {
    type:
      | "chooseAccount"
      | "chooseTeam"
      | "chooseModel"
      | "chooseVersion"
      | "chooseSku"
      | "typeCapacity"
      | "typeName"
      | "chooseUpgrade"
      | "chooseContentFilter"
      | "typeJustification"
      | "chooseDeployment";
    value: string;
  };

/** The options the draft is made from: the accounts and the day versions retire against. */
export type DraftOptions = Pick<RequestFormData, "accounts" | "teams" | "today">;

/** The model's default version if it can still be deployed, else its first one that can; "" when none. */
export function pickDefaultVersion(model: FormModel | undefined, today: string): string {
  const usable = model?.versions.filter((v) => !isRetired(v, today)) ?? [];
  return (usable.find((v) => v.isDefault) ?? usable[0])?.version ?? "";
}

/** The capacity that fits a deployment type's range and step and the free quota, or null when none does. */
export function fittingCapacity(sku: Pick<FormSku, "min" | "max" | "step" | "default">, free: number): number | null {
  const step = Math.max(1, sku.step);
  const most = Math.min(sku.max, Math.floor(free / step) * step);
  if (most < sku.min) return null;
  return Math.max(sku.min, Math.min(sku.default, most));
}

/** The deployment type a new deployment starts on: GlobalStandard when offered, else the first. */
function defaultSku(skus: FormSku[]): FormSku | undefined {
  return skus.find((s) => s.name === "GlobalStandard") ?? skus[0];
}

/**
 * The model a new deployment starts on: the first model (gpt-4o first, then by name) whose default version's
 * default deployment type has quota left for at least its minimum, so the form never opens on a request that
 * can't be made. When nothing fits, the first model (the form then says no quota is free).
 */
export function pickFittingModel(account: FormAccount | undefined, today: string): string {
  const models = account?.models ?? [];
  const ordered = [...models.filter((m) => m.name === "gpt-4o"), ...models.filter((m) => m.name !== "gpt-4o")];
  const fits = ordered.find((m) => {
    const version = m.versions.find((v) => v.version === pickDefaultVersion(m, today));
    const sku = defaultSku(version?.skus ?? []);
    return sku ? fittingCapacity(sku, account?.quota[sku.usageName]?.free ?? 0) !== null : false;
  });
  return (fits ?? ordered[0])?.name ?? "";
}

/** The draft a form opens with: the prefilled account, deployment, model and version where they exist. */
export function createInitialDraft(data: DraftOptions, prefill: RequestFormPrefill): RequestDraft {
  const account = data.accounts.find((a) => a.name === prefill.account) ?? data.accounts.find((a) => !a.problem) ?? data.accounts[0];
  const models = account?.models ?? [];
  const creating = prefill.action === "create";
  const modelName = creating && prefill.model && models.some((m) => m.name === prefill.model) ? prefill.model : pickFittingModel(account, data.today);
  const model = models.find((m) => m.name === modelName);
  const version =
    creating && prefill.version && model?.versions.some((v) => v.version === prefill.version && !isRetired(v, data.today))
      ? prefill.version
      : pickDefaultVersion(model, data.today);
  const skus = model?.versions.find((v) => v.version === version)?.skus ?? [];
  const existing = account?.deployments.find((d) => d.name.toLowerCase() === prefill.deployment?.toLowerCase());
  const keep = creating ? prefill : {};
  return {
    action: prefill.action ?? "create",
    accountName: account?.name ?? "",
    teamId: data.teams.find((t) => t.id === prefill.teamId)?.id ?? data.teams[0]?.id ?? "",
    modelName,
    version,
    skuName: keep.sku && skus.some((s) => s.name === keep.sku) ? keep.sku : "",
    capacityText: keep.capacity !== undefined ? String(keep.capacity) : null,
    name: keep.name ?? "",
    nameTouched: keep.name !== undefined,
    upgrade: prefill.upgrade ?? "",
    contentFilter: keep.contentFilter && account?.raiPolicies.includes(keep.contentFilter) ? keep.contentFilter : "",
    justification: prefill.justification ?? "",
    deploymentName: existing?.name ?? "",
    changeVersion: prefill.version ?? existing?.modelVersion ?? "",
    changeCapacityText: !creating && existing && prefill.capacity !== undefined ? String(prefill.capacity) : null,
  };
}

/** The draft after one edit: a new account, model or version drops the choices that depended on the old one. */
export function reduceDraft(draft: RequestDraft, event: DraftEvent, data: DraftOptions): RequestDraft {
  const account = data.accounts.find((a) => a.name === draft.accountName);
  switch (event.type) {
    case "chooseAction":
      return { ...draft, action: event.value };
    case "chooseAccount": {
      const next = data.accounts.find((a) => a.name === event.value);
      // Keep the model when the new account offers it too.
      const model = next?.models.find((m) => m.name === draft.modelName) ?? next?.models[0];
      return {
        ...draft,
        accountName: event.value,
        modelName: model?.name ?? "",
        version: pickDefaultVersion(model, data.today),
        skuName: "",
        capacityText: null,
        deploymentName: "",
      };
    }
    case "chooseTeam":
      return { ...draft, teamId: event.value };
    case "chooseModel": {
      const model = account?.models.find((m) => m.name === event.value);
      return { ...draft, modelName: event.value, version: pickDefaultVersion(model, data.today), skuName: "", capacityText: null };
    }
    case "chooseVersion":
      return draft.action === "create" ? { ...draft, version: event.value, skuName: "" } : { ...draft, changeVersion: event.value };
    case "chooseSku":
      return { ...draft, skuName: event.value, capacityText: null };
    case "typeCapacity":
      return draft.action === "create" ? { ...draft, capacityText: event.value } : { ...draft, changeCapacityText: event.value };
    case "typeName":
      return { ...draft, name: event.value, nameTouched: true };
    case "chooseUpgrade":
      return { ...draft, upgrade: event.value };
    case "chooseContentFilter":
      return { ...draft, contentFilter: event.value };
    case "typeJustification":
      return { ...draft, justification: event.value };
    case "chooseDeployment": {
      const d = account?.deployments.find((x) => x.name === event.value);
      return { ...draft, deploymentName: event.value, changeVersion: d?.modelVersion ?? "", changeCapacityText: null };
    }
  }
}

/** What the rules are asked about: the draft as the request it would submit. */
export type DraftCheck = Parameters<typeof checkRequestRules>[1];

/** What the form shows for a draft: the chosen options, the values in effect and the request to check. */
export interface DraftView {
  account: FormAccount | undefined;
  models: FormModel[];
  /** A new deployment's model. */
  model: FormModel | undefined;
  /** The deployments the user may change or decommission on the account. */
  changeable: FormDeployment[];
  /** The deployment being changed or decommissioned. */
  existing: FormDeployment | undefined;
  /** The model whose versions the form offers: the chosen one, or the existing deployment's. */
  effectiveModel: FormModel | undefined;
  skus: FormSku[];
  sku: FormSku | undefined;
  /** What the capacity box holds: the typed text (maybe cleared), or the suggested capacity. */
  capacityText: string;
  /** The capacity in effect; NaN while the box is empty. */
  capacity: number;
  /** The slider's range: the type's minimum to the free quota (or the type's maximum when none is free); fixed while typing. */
  range: { min: number; max: number; step: number } | null;
  quota: FormQuota | undefined;
  /** The typed name, the suggestion, or the deployment being changed. */
  deploymentName: string;
  /** Null until there is an account. */
  check: DraftCheck | null;
}

/** Reads a draft against the options: defaults filled in, and the request the rules should check. */
export function readDraft(draft: RequestDraft, data: DraftOptions): DraftView {
  const creating = draft.action === "create";
  const account = data.accounts.find((a) => a.name === draft.accountName);
  const teamName = data.teams.find((t) => t.id === draft.teamId)?.name ?? "";
  const models = account?.models ?? [];
  const model = models.find((m) => m.name === draft.modelName);
  const existing = account?.deployments.find((d) => d.name === draft.deploymentName);
  const effectiveModel = creating ? model : models.find((m) => m.name === existing?.modelName);
  const effectiveVersion = effectiveModel?.versions.find((v) => v.version === (creating ? draft.version : draft.changeVersion || existing?.modelVersion));
  const skus = effectiveVersion?.skus ?? [];
  const sku = creating ? (skus.find((s) => s.name === draft.skuName) ?? skus.find((s) => s.name === "GlobalStandard") ?? skus[0]) : skus.find((s) => s.name === existing?.skuName);
  const typed = creating ? draft.capacityText : draft.changeCapacityText;
  const quota = sku && account ? account.quota[sku.usageName] : undefined;
  // Capacity a change gives back to the pool (its current capacity) counts as free for it.
  const free = (quota?.free ?? 0) + (creating ? 0 : (existing?.capacity ?? 0));
  const suggested = creating ? (sku ? (fittingCapacity(sku, free) ?? sku.default) : 1) : (existing?.capacity ?? 0);
  const capacity = typed === null ? suggested : typed.trim() === "" ? NaN : Number(typed);
  const capacityText = typed ?? String(suggested);
  const rangeMax = sku ? Math.min(sku.max, Math.floor(free / Math.max(1, sku.step)) * Math.max(1, sku.step)) : 0;
  const range = sku ? { min: sku.min, max: rangeMax >= sku.min ? rangeMax : sku.max, step: Math.max(1, sku.step) } : null;
  const suggestedName = account && model ? suggestDeploymentName(teamName, model.name, account.takenNames.map((t) => t.name)) : "";
  const deploymentName = creating ? (draft.nameTouched ? draft.name : suggestedName) : draft.deploymentName;
  return {
    account,
    models,
    model,
    changeable: (account?.deployments ?? []).filter((d) => d.mayChange),
    existing,
    effectiveModel,
    skus,
    sku,
    capacityText,
    capacity,
    range,
    quota,
    deploymentName,
    check: account
      ? {
        action: draft.action,
        account: account.name,
        teamName,
        deploymentName,
        modelName: creating ? draft.modelName : undefined,
        modelVersion: creating ? draft.version : draft.changeVersion || undefined,
        skuName: creating ? sku?.name : undefined,
        // A new deployment with the box cleared asks for a capacity; a change checks the empty box as a number.
        capacity: draft.action === "decommission" || (creating && Number.isNaN(capacity)) ? undefined : capacity,
        versionUpgradeOption: (draft.upgrade || undefined) as DraftCheck["versionUpgradeOption"],
        raiPolicyName: draft.contentFilter || undefined,
      }
      : null,
  };
}
