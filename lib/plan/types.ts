/**
 * The plan of a merge: what the deploy workflow will do in Azure when a pull request's parameter file is merged,
 * computed by ModelGate from the file and Azure's state (not Azure's what-if). Plain, JSON-serialisable data:
 * it is stored, sent to the browser and rendered as the PR comment.
 */

/** What the repository's deploy does with deployments the file no longer has (see the README). */
export type UnmanagedAction = "keep" | "delete";

/** One element of the parameter file's deployments array, as the deploy sends it to Azure. */
export interface PlanDeployment {
  name: string;
  model: { format?: string; name: string; version: string };
  sku: { name: string; capacity: number };
  versionUpgradeOption?: string;
  raiPolicyName?: string;
}

/** One deployment as Azure reports it (one ARM list per account). */
export interface AzureDeploymentState extends PlanDeployment {
  provisioningState: string;
  lastModifiedAt?: string;
  lastModifiedBy?: string;
}

/** One quota pool as Azure's usages list reports it for the account's region. */
export interface PlanUsage {
  name: string;
  current: number;
  limit: number;
  unit?: string;
}

/** What the models list says about a model, as far as the plan needs it. */
export interface PlanModel {
  name: string;
  format?: string;
  versions: PlanModelVersion[];
}

export interface PlanModelVersion {
  version: string;
  lifecycleStatus?: string;
  deprecation: { inference?: string };
  replacement?: { modelName?: string; modelVersion?: string };
  skus: { name: string; usageName?: string; deprecationDate?: string }[];
}

export interface PlanInput {
  account: string;
  location: string;
  /** The deployment names the request itself changes (compared ignoring case). */
  requested: string[];
  /** The file on main (what the deploy manages today); null when the file is new. */
  before: PlanDeployment[] | null;
  /** The file as the merge leaves it (the pull request's head). */
  after: PlanDeployment[];
  /** Azure's deployments on the account and when they were read; null before ModelGate has read them. */
  azure: { readAt: string; deployments: AzureDeploymentState[] } | null;
  /** Azure's quota usages of the region; null when unknown. */
  usages: PlanUsage[] | null;
  /** Azure's models list for the region; null when unknown. */
  models: PlanModel[] | null;
  unmanaged: UnmanagedAction;
  retirementWindowDays: number;
  now: Date;
}

export type PlanAction = "create" | "modify" | "delete" | "keep" | "no-change";

/** Why a change that the request doesn't ask for happens. */
export type UnrelatedReason =
  /** Azure differs from the file on main (changed by hand, or an earlier deploy didn't apply it): the merge sets it back. */
  | "drift"
  /** In the file on main, not in Azure (deleted in Azure, or never deployed): the merge creates it. */
  | "missing-in-azure"
  /** Azure reports it Failed: the merge applies it again. */
  | "failed-in-azure"
  /** The pull request changes it, but not as part of the request (a commit ModelGate didn't write). */
  | "pull-request-edit"
  /** The pull request removes it from the file and the deploy deletes what the file no longer has. */
  | "removed-from-file";

export interface FieldChange {
  field: "model" | "version" | "sku" | "capacity" | "versionUpgradeOption" | "raiPolicyName";
  from: string | number | null;
  to: string | number | null;
}

export interface PlanChange {
  name: string;
  action: PlanAction;
  /** Part of the request (its own deployment). */
  requested: boolean;
  /** The merge changes Azure here although the request doesn't ask for it. */
  unrelated: boolean;
  reason?: UnrelatedReason;
  /** What changes in Azure, field by field (empty for create/delete/keep/no-change). */
  fields: FieldChange[];
  /** The deployment as the file wants it (null for delete/keep). */
  desired: PlanDeployment | null;
  /** The deployment as Azure has it now (null for create). */
  current: (PlanDeployment & { provisioningState: string }) | null;
  /** When (and by whom) Azure last changed it, for drift. */
  changedInAzureAt?: string;
  changedInAzureBy?: string;
  /** Why a deployment Azure has and the file doesn't is left alone. */
  keptBecause?: "not-in-file" | "removed-incremental";
}

export interface QuotaContribution {
  name: string;
  /** Capacity this deployment adds to the pool (negative: frees). */
  delta: number;
  requested: boolean;
}

export interface PlanQuotaPool {
  usageName: string;
  unit?: string;
  /** null when Azure's usages don't list the pool. */
  limit: number | null;
  /** What Azure says is in use in the region now (all accounts). */
  usedNow: number | null;
  /** Capacity the deploy adds to the pool (increases only). */
  needs: number;
  /** Capacity the deploy frees in the pool (as a positive number). */
  frees: number;
  /** limit − used now, never below 0 (null when unknown). */
  free: number | null;
  /** In use once the deploy is through (null when unknown). */
  usedAfter: number | null;
  /** null when the pool's limit is unknown. */
  fits: boolean | null;
  /** The first deployment whose write would exceed the pool (the deploy stops there). */
  failsAt?: string;
  /** The deployment that tips the pool over: another element when the request alone would fit. */
  tippedBy?: string;
  /** The deployments that change the pool, in the order the deploy writes them. */
  contributions: QuotaContribution[];
}

export type LifecycleKind = "retired" | "deprecating" | "deprecating-blocked" | "legacy" | "no-auto-upgrade" | "not-offered";

export interface LifecycleFinding {
  name: string;
  kind: LifecycleKind;
  modelName: string;
  modelVersion: string;
  /** The day the version stops working (ISO date), when Azure names one. */
  retiresOn?: string;
  daysLeft?: number;
  /** The deploy will fail on this element. */
  blocking: boolean;
  replacement?: { modelName: string; modelVersion: string };
}

export interface PlanSummary {
  /** Counts of the request's own changes by action. */
  create: number;
  modify: number;
  delete: number;
  /** The request's deployment stays in Azure although the file drops it (incremental deploys). */
  keep: number;
  unrelated: number;
  noChange: number;
  /** Azure deployments outside the file that the deploy leaves alone. */
  untouched: number;
  quota: "fits" | "won't fit" | "unknown";
  /** Lifecycle findings (blocking ones included). */
  lifecycle: number;
}

/** A reason the approver confirms before approving (recorded with the approval). */
export type PlanConfirmation = "unrelated-changes" | "quota";

export interface MergePlan {
  version: 1;
  account: string;
  location: string;
  unmanaged: UnmanagedAction;
  /** When Azure's deployments were read; null when Azure has not been read yet. */
  azureReadAt: string | null;
  computedAt: string;
  /** Unrelated changes first, then the request's own, then what stays. */
  changes: PlanChange[];
  quota: PlanQuotaPool[];
  lifecycle: LifecycleFinding[];
  /** The deployment the deploy would stop at (quota or a retired version), if any. */
  deployFailsAt: string | null;
  summary: PlanSummary;
  needsConfirmation: PlanConfirmation[];
}
