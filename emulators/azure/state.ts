/**
 * The emulator's world: accounts, deployments, RAI policies, long-running operations, quota overrides and
 * template (ARM) deployments.
 * Seeded from emulators/seed/world.ts and persisted as one JSON file so a demo survives a restart.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID } from "../seed/world";
import { seedDeploymentHistory } from "./template-deployments/history-seed";

export interface SystemData {
  createdBy: string;
  createdByType: "User" | "Application" | "ManagedIdentity" | "Key";
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: "User" | "Application" | "ManagedIdentity" | "Key";
  lastModifiedAt: string;
}

export interface StoredAccount {
  name: string;
  resourceGroup: string;
  location: string;
  kind: string;
  skuName: string;
  tags: Record<string, string>;
  etag: string;
  systemData: SystemData;
}

export interface StoredDeployment {
  resourceGroup: string;
  accountName: string;
  name: string;
  model: { format: string; name: string; version: string };
  sku: { name: string; capacity: number };
  raiPolicyName: string;
  versionUpgradeOption: string;
  provisioningState: string;
  /** Set when creation failed: such a deployment exists (as Failed) but holds no quota. */
  failedCreate?: boolean;
  tags?: Record<string, string>;
  etag: string;
  systemData: SystemData;
}

export interface ContentFilter {
  name: string;
  enabled: boolean;
  blocking: boolean;
  severityThreshold?: "Low" | "Medium" | "High";
  source: "Prompt" | "Completion";
}

export interface StoredRaiPolicy {
  resourceGroup: string;
  accountName: string;
  name: string;
  type: "SystemManaged" | "UserManaged";
  mode: string;
  basePolicyName?: string;
  contentFilters: ContentFilter[];
  etag: string;
}

export type OperationKind = "create" | "update" | "delete";

export interface ArmErrorBody {
  code: string;
  message: string;
}

export interface StoredOperation {
  id: string;
  kind: OperationKind;
  location: string;
  resourceGroup: string;
  accountName: string;
  deploymentName: string;
  startedAt: number;
  stepMs: number;
  /** Provisioning states the deployment passes through, the last one terminal. */
  states: string[];
  status: "InProgress" | "Succeeded" | "Failed";
  endedAt?: number;
  error?: ArmErrorBody;
  /** The deployment before an update, restored (as Failed) when the update fails. */
  previous?: StoredDeployment;
}

/** An ARM error as deployments carry it: nested details, each possibly naming its target resource. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

/** One resource operation of an ARM (template) deployment. */
export interface StoredArmOperation {
  operationId: string;
  provisioningOperation: "Create";
  provisioningState: "Running" | "Succeeded" | "Failed";
  startedAt: number;
  endedAt?: number;
  /** HTTP status of the resource provider's answer, as ARM names it ("OK", "Created", "Conflict"...). */
  statusCode?: string;
  error?: ArmErrorDetail;
  targetResource: { id: string; resourceType: string; resourceName: string; apiVersion?: string; symbolicName?: string };
  serviceRequestId: string;
  /** The Cognitive Services operation this step waits for, while it runs. */
  engineOperationId?: string;
}

/** A step of a nested (module) deployment still to run: the account write, then one per deployments element. */
export type ArmStep =
  | { kind: "account"; symbolicName: string }
  | { kind: "deployment"; name: string; body: Record<string, unknown>; symbolicName: string };

/** Microsoft.Resources/deployments at subscription scope (the workflow's) or resource-group scope (its module). */
export interface StoredArmDeployment {
  scope: "subscription" | "resourceGroup";
  resourceGroup?: string;
  name: string;
  location?: string;
  mode: "Incremental" | "Complete";
  template: Record<string, unknown>;
  /** The parameters as ARM echoes them: `{ name: { type, value } }`. */
  parameters: Record<string, { type: string; value: unknown }>;
  templateHash: string;
  correlationId: string;
  provisioningState: "Accepted" | "Running" | "Succeeded" | "Failed";
  startedAt: number;
  endedAt?: number;
  error?: ArmErrorDetail;
  operations: StoredArmOperation[];
  outputResources: string[];
  /** The id of the async operation `Azure-AsyncOperation` points at. */
  asyncOperationId: string;
  /** Subscription-scope deployment: the nested deployment(s) it started, by resource id. */
  nested?: string[];
  /** Nested deployment: the top-level deployment that started it. */
  parentId?: string;
  /** Nested deployment: the account it writes and the steps left. */
  work?: { resourceGroup: string; accountName: string; steps: ArmStep[]; next: number; batchSize: number };
}

export interface EmulatorState {
  version: 1;
  subscriptionId: string;
  accounts: StoredAccount[];
  deployments: StoredDeployment[];
  raiPolicies: StoredRaiPolicy[];
  operations: StoredOperation[];
  /** Quota limits changed at runtime (admin endpoint), by region then usage name. */
  quotaLimits: Record<string, Record<string, number>>;
  /** Template deployments (deployment history), subscription and resource-group scope. */
  armDeployments: StoredArmDeployment[];
}

/** The principal the seeded resources were deployed by: the platform pipeline's service principal. */
export const SEED_PRINCIPAL = "3f0c9a51-7d2e-4b8a-a6c4-91e0d5b7f218";
export const DEFAULT_RAI_POLICY = "Microsoft.DefaultV2";
/** What Azure reports when a deployment was created without a version upgrade option. */
export const DEFAULT_VERSION_UPGRADE_OPTION = "OnceCurrentVersionExpired";

export function newEtag(): string {
  return `"${randomUUID()}"`;
}

export function accountEtag(at: string): string {
  return `W/"datetime'${encodeURIComponent(at.replace("Z", "0000Z"))}'"`;
}

function systemData(at: string, by = SEED_PRINCIPAL): SystemData {
  return {
    createdBy: by,
    createdByType: "Application",
    createdAt: at,
    lastModifiedBy: by,
    lastModifiedByType: "Application",
    lastModifiedAt: at,
  };
}

const HARM_FILTERS = ["hate", "sexual", "selfharm", "violence"] as const;

function defaultFilters(threshold: "Low" | "Medium" | "High"): ContentFilter[] {
  const harms = HARM_FILTERS.flatMap((name) =>
    (["Prompt", "Completion"] as const).map((source) => ({ name, enabled: true, blocking: true, severityThreshold: threshold, source })),
  );
  return [
    ...harms,
    { name: "jailbreak", enabled: true, blocking: true, source: "Prompt" },
    { name: "indirect_attack", enabled: false, blocking: false, source: "Prompt" },
    { name: "protected_material_text", enabled: true, blocking: true, source: "Completion" },
    { name: "protected_material_code", enabled: true, blocking: false, source: "Completion" },
  ];
}

/** The system policies every account has, plus the account's own custom ones. */
export function systemRaiPolicies(resourceGroup: string, accountName: string): StoredRaiPolicy[] {
  return [
    { resourceGroup, accountName, name: "Microsoft.Default", type: "SystemManaged", mode: "Blocking", contentFilters: defaultFilters("Medium"), etag: newEtag() },
    { resourceGroup, accountName, name: "Microsoft.DefaultV2", type: "SystemManaged", mode: "Blocking", contentFilters: defaultFilters("Medium"), etag: newEtag() },
  ];
}

// Seed times are fixed so the seeded world is identical on every machine.
const ACCOUNT_CREATED = ["2025-03-04T01:12:45.1234567Z", "2025-05-19T23:40:02.7654321Z", "2025-08-11T04:05:06.5550000Z"];
const DEPLOYMENT_CREATED = "2026-09-14T03:21:09.4410000Z";

/** A fresh world built from the shared seed (subscription, accounts, deployments). */
export function seedState(subscriptionId = SEED_SUBSCRIPTION_ID): EmulatorState {
  const accounts: StoredAccount[] = SEED_ACCOUNTS.map((a, i) => {
    const at = ACCOUNT_CREATED[i % ACCOUNT_CREATED.length];
    return {
      name: a.name,
      resourceGroup: a.resourceGroup,
      location: a.location,
      kind: "AIServices",
      skuName: "S0",
      tags: { owner: "platform-team", "managed-by": "contoso/platform-ai-models" },
      etag: accountEtag(at),
      systemData: systemData(at),
    };
  });
  const deployments: StoredDeployment[] = SEED_ACCOUNTS.flatMap((a) =>
    a.deployments.map((d) => ({
      resourceGroup: a.resourceGroup,
      accountName: a.name,
      name: d.name,
      model: { ...d.model },
      sku: { ...d.sku },
      raiPolicyName: d.raiPolicyName ?? DEFAULT_RAI_POLICY,
      versionUpgradeOption: d.versionUpgradeOption ?? DEFAULT_VERSION_UPGRADE_OPTION,
      provisioningState: "Succeeded",
      etag: newEtag(),
      systemData: systemData(DEPLOYMENT_CREATED),
    })),
  );
  const raiPolicies = SEED_ACCOUNTS.flatMap((a) => systemRaiPolicies(a.resourceGroup, a.name));
  const first = SEED_ACCOUNTS[0];
  if (first) {
    // One custom content filter, so the form has something besides the defaults to offer.
    raiPolicies.push({
      resourceGroup: first.resourceGroup,
      accountName: first.name,
      name: "contoso-strict",
      type: "UserManaged",
      mode: "Blocking",
      basePolicyName: DEFAULT_RAI_POLICY,
      contentFilters: defaultFilters("Low").map((f) => (f.name === "indirect_attack" ? { ...f, enabled: true, blocking: true } : f)),
      etag: newEtag(),
    });
  }
  // The platform deployed its files before: Azure's history holds the last run of the workflow (the last file).
  const last = SEED_ACCOUNTS.at(-1);
  const armDeployments = last ? seedDeploymentHistory(subscriptionId, last) : [];
  return { version: 1, subscriptionId, accounts, deployments, raiPolicies, operations: [], quotaLimits: {}, armDeployments };
}

/** Persists state atomically (write then rename), so a crash never leaves half a file. */
export function saveState(file: string, state: EmulatorState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
  fs.renameSync(tmp, file);
}

export type LoadResult = { state: EmulatorState; source: "file" } | { state: undefined; source: "missing" } | { state: undefined; source: "invalid"; reason: string };

/** Reads a persisted state file; an unreadable file is reported, not thrown, so the caller can reseed. */
export function loadState(file: string): LoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: undefined, source: "missing" };
    return { state: undefined, source: "invalid", reason: (error as Error).message };
  }
  try {
    const parsed = JSON.parse(text) as Partial<EmulatorState>;
    if (parsed.version !== 1 || !Array.isArray(parsed.accounts) || !Array.isArray(parsed.deployments)) {
      return { state: undefined, source: "invalid", reason: "unknown state file format" };
    }
    return {
      source: "file",
      state: {
        version: 1,
        subscriptionId: parsed.subscriptionId ?? SEED_SUBSCRIPTION_ID,
        accounts: parsed.accounts,
        deployments: parsed.deployments,
        raiPolicies: parsed.raiPolicies ?? [],
        operations: parsed.operations ?? [],
        quotaLimits: parsed.quotaLimits ?? {},
        armDeployments: parsed.armDeployments ?? [],
      },
    };
  } catch (error) {
    return { state: undefined, source: "invalid", reason: (error as Error).message };
  }
}
