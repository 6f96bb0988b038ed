import "server-only";
import type { AzureDeployment } from "@/lib/azure";
import type { DomainDeps } from "@/lib/requests";
import type { InventoryAccount, InventoryState, SyncStatus } from "./inventory-model";
import { errorMessage, type AccountPlan } from "./read-desired";

/** What Azure has per account this pass; null for an account Azure couldn't be read for. */
export type ActualByAccount = Map<string, AzureDeployment[] | null>;

/**
 * Phase 2, actual state: one ARM list of deployments per account. An account Azure can't be read for keeps
 * its last "as of" time and gets an error; nothing is decided for it this pass.
 */
export async function readActualState(
  deps: Pick<DomainDeps, "azure">,
  plans: AccountPlan[],
  previous: InventoryState | null,
  now: Date,
  errors: SyncStatus["errors"],
): Promise<{ actualByAccount: ActualByAccount; accounts: InventoryAccount[] }> {
  const actualByAccount: ActualByAccount = new Map();
  const accounts: InventoryAccount[] = [];
  await Promise.all(
    plans.map(async (plan) => {
      const account = { name: plan.name, location: plan.location, resourceGroup: plan.resourceGroup, paramFile: plan.paramFile };
      try {
        actualByAccount.set(plan.name, await deps.azure.listDeployments({ resourceGroup: plan.resourceGroup, name: plan.name }));
        accounts.push({ ...account, actualAsOf: now.toISOString() });
      } catch (e) {
        actualByAccount.set(plan.name, null);
        const msg = `Azure could not be read for ${plan.name}: ${errorMessage(e)}`;
        errors.push({ source: "azure", account: plan.name, message: msg });
        const before = previous?.accounts.find((a) => a.name === plan.name);
        accounts.push({ ...account, actualAsOf: before?.actualAsOf ?? null, error: msg });
      }
    }),
  );
  accounts.sort((a, b) => a.name.localeCompare(b.name));
  return { actualByAccount, accounts };
}
