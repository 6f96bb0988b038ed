import "server-only";
import { enqueueReviewRefreshes, OPEN_PR_STATUSES, storeAccountDeployments, type DomainDeps } from "@/lib/requests";
import type { ActualByAccount } from "./read-actual";
import type { AccountPlan } from "./read-desired";

/**
 * Phase 5b, inputs of plans: keeps each account's deployments as this pass read them (plans reuse this one ARM list
 * instead of reading Azure themselves), and when an account's deployments or a region's quota changed, queues the
 * plan of every open request on that account or in that region again. An idle platform queues nothing.
 */
export async function notePlanInputs(db: DomainDeps["db"], plans: AccountPlan[], actualByAccount: ActualByAccount, now: Date): Promise<{ changedAccounts: string[]; queued: number }> {
  const changedAccounts: string[] = [];
  for (const plan of plans) {
    const list = actualByAccount.get(plan.name);
    if (!list) continue; // not read this pass: nothing is known to have changed
    if (await storeAccountDeployments(db, plan.name, list, now)) changedAccounts.push(plan.name);
  }
  // Quota snapshots are written only for usages that changed, stamped with this pass's time.
  const quotaChanged = await db.quotaSnapshot.findMany({ where: { takenAt: now }, distinct: ["location"], select: { location: true } });
  const locations = [...new Set([...quotaChanged.map((q) => q.location), ...plans.filter((p) => changedAccounts.includes(p.name)).map((p) => p.location)])];
  if (!changedAccounts.length && !locations.length) return { changedAccounts, queued: 0 };
  const affected = await db.request.findMany({
    where: { status: { in: [...OPEN_PR_STATUSES] }, prNumber: { not: null }, OR: [{ accountName: { in: changedAccounts } }, { location: { in: locations } }] },
    select: { id: true },
  });
  return { changedAccounts, queued: await enqueueReviewRefreshes(db, affected.map((r) => r.id), "azure") };
}
