import "server-only";
import { hasCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/db";
import type { DomainDeps } from "@/lib/requests";

/** The last deploy of an account's file that ModelGate followed, when it failed: what approvers should know before merging more. */
export interface AccountDeployFailure {
  accountName: string;
  /** The request whose merge's deploy failed last. */
  requestId: string;
  requestNumber: number;
  deploymentName: string;
  failedAt: Date;
  /** Why, as the request page says it (Azure's error and the next step). */
  reason: string;
}

/**
 * Accounts whose most recent followed deploy failed (the newest merged request of the account that ended
 * Failed, with no later one that deployed). The approval queue warns with it: merging more into a file that
 * doesn't deploy fails those too.
 */
export async function listAccountDeployFailures(deps: Pick<DomainDeps, "db">, user: UserWithTeams): Promise<Map<string, AccountDeployFailure>> {
  if (!hasCapability(user.role, "queue:view")) return new Map();
  const latest = await deps.db.request.findMany({
    where: { mergeCommitSha: { not: null }, status: { in: ["succeeded", "failed", "awaiting_deletion"] }, completedAt: { not: null } },
    orderBy: [{ accountName: "asc" }, { completedAt: "desc" }],
    distinct: ["accountName"],
    select: { id: true, number: true, accountName: true, deploymentName: true, status: true, completedAt: true, lastError: true },
  });
  const out = new Map<string, AccountDeployFailure>();
  for (const r of latest) {
    if (r.status !== "failed") continue;
    out.set(r.accountName, { accountName: r.accountName, requestId: r.id, requestNumber: r.number, deploymentName: r.deploymentName, failedAt: r.completedAt!, reason: r.lastError ?? "The deploy failed." });
  }
  return out;
}
