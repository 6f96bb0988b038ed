import "server-only";
import type { DomainDeps } from "@/lib/requests";
import { readFileDeployments, resolveAccountFile, type AccountFile } from "@/lib/requests";
import type { DeploymentShape, InventoryState, SyncStatus } from "./inventory-model";

/** One account as the parameter files on main want it: its deployments with their team (null when unknown). */
export interface AccountPlan {
  name: string;
  resourceGroup: string;
  location: string;
  subscriptionId?: string;
  paramFile: string | null;
  desired: Map<string, DeploymentShape & { team: string | null }> | null;
}


function toShape(el: Record<string, unknown>): DeploymentShape {
  const model = (el.model ?? {}) as Record<string, unknown>;
  const sku = (el.sku ?? {}) as Record<string, unknown>;
  return {
    modelFormat: typeof model.format === "string" ? model.format : undefined,
    modelName: String(model.name ?? ""),
    modelVersion: String(model.version ?? ""),
    skuName: String(sku.name ?? "Standard"),
    capacity: typeof sku.capacity === "number" ? sku.capacity : 1,
    ...(typeof el.versionUpgradeOption === "string" ? { versionUpgradeOption: el.versionUpgradeOption } : {}),
    ...(typeof el.raiPolicyName === "string" ? { raiPolicyName: el.raiPolicyName } : {}),
  };
}


/** An account's plan from its file, or null when the file's target account is unknown. */
function planFromFile(file: AccountFile, param: string): AccountPlan | null {
  if (!file.account) return null;
  let desired: AccountPlan["desired"];
  try {
    const { elements, owners } = readFileDeployments(file, param);
    desired = new Map();
    for (const el of elements) {
      const name = String(el.name ?? "");
      if (name) desired.set(name, { ...toShape(el), team: owners.get(name.toLowerCase()) ?? null });
    }
  } catch {
    // A file that doesn't evaluate on main is the validation check's business; keep the last desired state.
    desired = null;
  }
  return { ...file.account, paramFile: file.path, desired };
}

/**
 * Phase 1, desired state: the parameter files on main (one conditional tree read, blobs by sha). When GitHub
 * can't be read, or a file doesn't evaluate, the last known desired state of those accounts is kept.
 */
export async function readDesiredState(
  deps: Pick<DomainDeps, "gitops" | "settings">,
  previous: InventoryState | null,
  now: Date,
  errors: SyncStatus["errors"],
): Promise<{ plans: AccountPlan[]; desiredAsOf: string | null }> {
  let plans: AccountPlan[];
  let desiredAsOf = previous?.desiredAsOf ?? null;
  try {
    const files = await deps.gitops.listParamFiles();
    plans = files.map((f) => planFromFile(resolveAccountFile(f), deps.settings.deploymentsParam)).filter((p): p is AccountPlan => p !== null);
    desiredAsOf = now.toISOString();
  } catch (e) {
    errors.push({ source: "github", message: `GitHub could not be read: ${errorMessage(e)}` });
    plans = (previous?.accounts ?? []).map((a) => ({ name: a.name, resourceGroup: a.resourceGroup, location: a.location, paramFile: a.paramFile, desired: null }));
  }
  const previousRows = previous?.rows ?? [];
  for (const plan of plans) {
    if (plan.desired) continue;
    plan.desired = new Map(previousRows.filter((r) => r.account === plan.name && r.desired).map((r) => [r.name, { ...r.desired!, team: r.team }]));
  }
  return { plans, desiredAsOf };
}

/** The message of anything thrown. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
