import "server-only";
import { recordAuditEvent } from "@/lib/audit";
import { isAzureError } from "@/lib/azure";
import { hasCapability } from "@/lib/auth/client";
import type { UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "./deps";
import { ForbiddenError, RefusedError } from "./errors";
import { recordRequestEvent, transitionRequest, TransitionConflictError } from "./lifecycle";
import { discoverAccounts } from "./load-account-options";
import { readFileDeployments } from "./rules/param-files";

export interface DeleteInAzureInput {
  requestId: string;
  expectedVersion: number;
  /** The deployment's name, typed by the admin to confirm. */
  confirmName: string;
}

/**
 * "Delete in Azure" for a removal that merged but whose deployment Azure still runs (Incremental deploys
 * leave it): an admin confirms by typing its name; ModelGate records who asked (the request's timeline is
 * the audit trail), deletes it through the ARM SDK, and the request succeeds once Azure no longer has it.
 * Refused when the deployment is back in the repository (the next deploy would create it again).
 */
export async function deleteDeploymentInAzure(deps: DomainDeps, user: UserWithTeams, input: DeleteInAzureInput): Promise<{ deleted: boolean }> {
  if (!hasCapability(user.role, "settings:manage")) throw new ForbiddenError("Only an admin can delete a deployment in Azure.");
  const r = await deps.db.request.findUnique({ where: { id: input.requestId } });
  if (!r) throw new RefusedError("This request no longer exists.");
  if (r.status !== "awaiting_deletion") throw new RefusedError("This request is not waiting for a deletion in Azure (any more); reload it.");
  if (r.version !== input.expectedVersion) throw new RefusedError("This request changed since you loaded the page. Nothing was deleted; reload it.");
  if (input.confirmName.trim() !== r.deploymentName) {
    throw new RefusedError(`Type ${r.deploymentName} exactly to confirm; nothing was deleted.`, { confirmName: `Type ${r.deploymentName} to confirm.` });
  }
  const file = (await discoverAccounts(deps, true)).find((f) => f.account.name === r.accountName);
  if (file) {
    const { elements } = readFileDeployments(file, deps.settings.deploymentsParam);
    if (elements.some((e) => e.name.toLowerCase() === r.deploymentName.toLowerCase())) {
      throw new RefusedError(`${r.deploymentName} is in ${r.paramFilePath} on main again, so the next deploy would create it again. Nothing was deleted.`);
    }
  }
  const account = { resourceGroup: r.resourceGroup, name: r.accountName };
  await deps.db.$transaction(async (tx) => {
    await recordRequestEvent(tx, {
      requestId: r.id,
      actor: { id: user.id, name: user.name },
      event: "delete_in_azure_requested",
      message: `${user.name} asked to delete ${r.deploymentName} in Azure (confirmed by typing its name).`,
    });
    await recordAuditEvent(tx, {
      actor: { id: user.id, name: user.name, role: user.role },
      action: "deployment.delete-in-azure",
      target: { type: "request", id: r.id },
      summary: `Deleted ${r.deploymentName} on ${r.accountName} in Azure (request #${r.number})`,
      data: { account: r.accountName, resourceGroup: r.resourceGroup, deployment: r.deploymentName },
      origin: deps.auditOrigin,
    });
  });
  try {
    await deps.azure.deleteDeployment(account, r.deploymentName);
  } catch (e) {
    // Already gone is what we wanted.
    if (!(isAzureError(e) && e.kind === "not-found")) {
      const reason = e instanceof Error ? e.message : String(e);
      await recordRequestEvent(deps.db, { requestId: r.id, actor: { id: user.id, name: user.name }, event: "delete_in_azure_failed", message: `Azure did not delete ${r.deploymentName}: ${reason}` });
      throw new RefusedError(`Azure did not delete ${r.deploymentName}: ${reason} Nothing changed; try again.`);
    }
  }
  const still = (await deps.azure.listDeployments(account)).some((d) => d.name.toLowerCase() === r.deploymentName.toLowerCase());
  if (still) {
    deps.wakeReconciler?.();
    return { deleted: false };
  }
  try {
    await transitionRequest(deps.db, {
      requestId: r.id,
      to: "succeeded",
      actor: { id: user.id, name: user.name },
      event: "deleted_in_azure",
      message: `${user.name} deleted ${r.deploymentName} in Azure; ${r.accountName} no longer has it and its quota is free again.`,
      patch: { lastError: null },
    });
  } catch (e) {
    // The reconciler saw it gone first: the request succeeded either way.
    if (!(e instanceof TransitionConflictError)) throw e;
  }
  deps.wakeReconciler?.();
  return { deleted: true };
}
