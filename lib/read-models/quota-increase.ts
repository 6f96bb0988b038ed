import "server-only";
import { ensureCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { quotaUnitKind, quotaUnitLabel, type QuotaPoolRow } from "./quota-dashboard";

/**
 * The quota increase list: per pool, what was refused or trimmed for lack of quota and what pending requests
 * still need — the figures a manager puts into an Azure quota increase request. Counted in the database.
 */

/** The rule behind "Ask Azure for", in the words the page shows. */
export const INCREASE_RULE =
  "Ask Azure for = capacity refused at submission and never submitted since + capacity cut from trimmed requests + " +
  "capacity of requests Azure failed for lack of quota + what pending requests hold beyond the limit. " +
  "Repeated refusals of the same deployment by the same person count once (the largest ask).";

export interface QuotaIncreaseRow {
  key: string;
  subscriptionId: string;
  location: string;
  usageName: string;
  unitLabel: string;
  /** Azure's figures now (0 when Azure has not reported the pool). */
  limit: number;
  used: number;
  pending: number;
  /** Submissions refused for lack of quota and not submitted since. */
  refused: number;
  refusedCapacity: number;
  /** Submissions refused, then submitted with less: how many, and the capacity cut. */
  trimmed: number;
  trimmedCapacity: number;
  /** Requests whose deployment Azure failed for lack of quota. */
  failedInAzure: number;
  failedCapacity: number;
  /** What pending requests hold beyond the limit: max(0, used + pending − limit). */
  pendingShortfall: number;
  /** The increase to ask for (the rule above). */
  askFor: number;
  /** limit + askFor. */
  suggestedLimit: number;
}

export interface QuotaIncreaseList {
  days: number;
  rows: QuotaIncreaseRow[];
  rule: string;
}

interface RefusalRow {
  subscription_id: string;
  location: string;
  usage_name: string;
  refused: number;
  refused_capacity: number;
  trimmed: number;
  trimmed_capacity: number;
}

interface FailedRow {
  subscription_id: string;
  location: string;
  usage_name: string;
  failed: number;
  failed_capacity: number;
}

const keyOf = (subscriptionId: string, location: string, usageName: string) => `${subscriptionId}/${location.toLowerCase()}/${usageName.toLowerCase()}`;

/** The quota increase list over the last `days` days; `pools` are the dashboard's pools (all of them, unfiltered or filtered). */
export async function loadQuotaIncreaseList(deps: { db: PrismaClient; now?: () => Date }, user: UserWithTeams, options: { days: number; pools: QuotaPoolRow[] }): Promise<QuotaIncreaseList> {
  ensureCapability(user, "dashboard:view");
  const since = new Date((deps.now?.() ?? new Date()).getTime() - options.days * 86_400_000);
  const [refusals, failed] = await Promise.all([
    // One ask per person, deployment and pool (and per request it was later trimmed to): the largest.
    deps.db.$queryRaw<RefusalRow[]>`
      WITH asks AS (
        SELECT DISTINCT ON (user_id, account_name, lower(deployment_name), usage_name, trimmed_request_id)
               subscription_id, location, usage_name, requested, trimmed_request_id, trimmed_to
          FROM quota_refusals
         WHERE created_at >= ${since}
         ORDER BY user_id, account_name, lower(deployment_name), usage_name, trimmed_request_id, requested DESC
      )
      SELECT subscription_id, location, usage_name,
             count(*) FILTER (WHERE trimmed_request_id IS NULL)::int AS refused,
             coalesce(sum(requested) FILTER (WHERE trimmed_request_id IS NULL), 0)::int AS refused_capacity,
             count(*) FILTER (WHERE trimmed_to < requested)::int AS trimmed,
             coalesce(sum(requested - trimmed_to) FILTER (WHERE trimmed_to < requested), 0)::int AS trimmed_capacity
        FROM asks
       GROUP BY subscription_id, location, usage_name`,
    deps.db.$queryRaw<FailedRow[]>`
      SELECT subscription_id, location, usage_name, count(*)::int AS failed, coalesce(sum(quota_hold), 0)::int AS failed_capacity
        FROM requests
       WHERE status = 'failed' AND usage_name <> '' AND completed_at >= ${since}
         AND (last_error ILIKE '%InsufficientQuota%' OR last_error ILIKE '%quota%')
       GROUP BY subscription_id, location, usage_name`,
  ]);

  const pools = new Map(options.pools.map((p) => [p.key, p]));
  const rows = new Map<string, QuotaIncreaseRow>();
  const rowFor = (subscriptionId: string, location: string, usageName: string): QuotaIncreaseRow => {
    const key = keyOf(subscriptionId, location, usageName);
    let row = rows.get(key);
    if (!row) {
      const pool = pools.get(key);
      row = {
        key,
        subscriptionId,
        location: location.toLowerCase(),
        usageName: pool?.usageName ?? usageName,
        unitLabel: pool?.unitLabel ?? quotaUnitLabel(quotaUnitKind(usageName)),
        limit: pool?.limit ?? 0,
        used: pool?.used ?? 0,
        pending: pool?.pending.total ?? 0,
        refused: 0,
        refusedCapacity: 0,
        trimmed: 0,
        trimmedCapacity: 0,
        failedInAzure: 0,
        failedCapacity: 0,
        pendingShortfall: 0,
        askFor: 0,
        suggestedLimit: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of refusals) {
    const row = rowFor(r.subscription_id, r.location, r.usage_name);
    row.refused += r.refused;
    row.refusedCapacity += r.refused_capacity;
    row.trimmed += r.trimmed;
    row.trimmedCapacity += r.trimmed_capacity;
  }
  for (const f of failed) {
    const row = rowFor(f.subscription_id, f.location, f.usage_name);
    row.failedInAzure += f.failed;
    row.failedCapacity += f.failed_capacity;
  }
  for (const p of options.pools) {
    if (p.used + p.pending.total > p.limit && p.pending.total > 0) rowFor(p.subscriptionId, p.location, p.usageName);
  }
  // Only pools the dashboard shows (its filters apply here too).
  const out = [...rows.values()].filter((r) => pools.has(r.key));
  for (const r of out) {
    r.pendingShortfall = Math.max(0, Math.min(r.pending, r.used + r.pending - r.limit));
    r.askFor = r.refusedCapacity + r.trimmedCapacity + r.failedCapacity + r.pendingShortfall;
    r.suggestedLimit = r.limit + r.askFor;
  }
  out.sort((a, b) => b.askFor - a.askFor || a.location.localeCompare(b.location) || a.usageName.localeCompare(b.usageName));
  return { days: options.days, rows: out, rule: INCREASE_RULE };
}
