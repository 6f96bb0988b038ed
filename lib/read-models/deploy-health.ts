import "server-only";
import { hasCapability } from "@/lib/auth";
import { Prisma, type UserWithTeams } from "@/lib/db";
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
 * Per account, its newest finished merged request. A skip scan finds the accounts (each `min(account_name) >` is
 * one index probe) and one backward probe of requests(account_name, completed_at) finds each one's newest, so the
 * cost follows the number of accounts, not the history (an in-memory DISTINCT read every merged request ever).
 */
export function lastFollowedDeployQuery(): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE accounts AS (
      SELECT min(r."account_name") AS name FROM "requests" r
      UNION ALL
      SELECT (SELECT min(r."account_name") FROM "requests" r WHERE r."account_name" > a.name) FROM accounts a WHERE a.name IS NOT NULL
    )
    SELECT l.* FROM accounts a CROSS JOIN LATERAL (
      SELECT r."id", r."number", r."account_name", r."deployment_name", r."status"::text AS "status", r."completed_at", r."last_error"
        FROM "requests" r
       WHERE r."account_name" = a.name AND r."completed_at" IS NOT NULL AND r."merge_commit_sha" IS NOT NULL
         AND r."status" IN ('succeeded', 'failed', 'awaiting_deletion')
       ORDER BY r."completed_at" DESC
       LIMIT 1
    ) l
    WHERE a.name IS NOT NULL
    ORDER BY l."account_name"`;
}

/**
 * Accounts whose most recent followed deploy failed (the newest merged request of the account that ended
 * Failed, with no later one that deployed). The approval queue warns with it: merging more into a file that
 * doesn't deploy fails those too.
 */
export async function listAccountDeployFailures(deps: Pick<DomainDeps, "db">, user: UserWithTeams): Promise<Map<string, AccountDeployFailure>> {
  if (!hasCapability(user.role, "queue:view")) return new Map();
  const latest = await deps.db.$queryRaw<
    { id: string; number: number; account_name: string; deployment_name: string; status: string; completed_at: Date; last_error: string | null }[]
  >(lastFollowedDeployQuery());
  const out = new Map<string, AccountDeployFailure>();
  for (const r of latest) {
    if (r.status !== "failed") continue;
    out.set(r.account_name, {
      accountName: r.account_name,
      requestId: r.id,
      requestNumber: Number(r.number),
      deploymentName: r.deployment_name,
      failedAt: r.completed_at,
      reason: r.last_error ?? "The deploy failed.",
    });
  }
  return out;
}
