import "server-only";
import type { AzureClient } from "@/lib/azure";
import { ensureCapability } from "@/lib/auth";
import { Prisma, type PrismaClient, type UserWithTeams } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import type { MergePlan } from "@/lib/plan";
import {
  DEFAULT_SETTINGS,
  describeImpact,
  forecastMerge,
  describeQuota,
  findUsage,
  isStatusIn,
  listUsagesCached,
  loadHeldByPending,
  OPEN_PR_STATUSES,
  requiredConfirmations,
  STATUS_LABELS,
  whyCannotDecide,
  type DeployFailure,
  type DomainSettings,
  type ApprovalConfirmation,
  type FailedCheck,
  type ForeignCommit,
  type HeldQuota,
  type QuotaImpact,
  type RequestFacts,
  type RequestStatus,
} from "@/lib/requests";

export const QUEUE_PAGE_SIZE = 20;

/** Pages beyond this are not offered: OFFSET stays bounded (a queue this long is filtered, not paged through). */
export const QUEUE_MAX_PAGES = 50;

export type QueueSort = "age" | "impact";

export interface QueueFilters {
  account?: string;
  team?: string;
  model?: string;
  status?: RequestStatus;
  sort?: QueueSort;
  page?: number;
}

export interface QueueImpact extends QuotaImpact {
  skuName: string;
  modelName: string;
}

/** What the prepare-review job stored for the request's PR head (see lib/requests/prepare-review.ts). */
export interface QueueReview {
  headSha: string;
  /** Prepared for the head the request has now (false while the job catches up with a new commit). */
  current: boolean;
  foreignCommits: ForeignCommit[];
  failedCheck: FailedCheck | null;
  plan: MergePlan | null;
  planSummary: string | null;
  planError: string | null;
  preparedAt: Date;
}

export interface QueueItem extends RequestFacts {
  id: string;
  status: RequestStatus;
  version: number;
  requesterName: string;
  teamName: string;
  previousCapacity: number | null;
  prNumber: number | null;
  prUrl: string | null;
  headSha: string | null;
  checkStatus: string | null;
  lastError: string | null;
  waitingSince: Date;
  /** null when Azure's quota could not be read. */
  impact: QueueImpact | null;
  /** Why the viewer can't decide this one (own request, own team, role), or null. */
  cannotDecide: string | null;
  /** The PR's diff at its head, as read from GitHub once per head (null while it is being read). */
  diff: string | null;
  /** The head's review, or null before the first one is prepared. */
  review: QueueReview | null;
  /** The branch holds commits ModelGate didn't write (the head isn't ModelGate's last commit). */
  foreignCommits: boolean;
  /** What approving asks the approver to confirm, with a recorded reason. */
  confirmations: ApprovalConfirmation[];
  /** What Azure says about the file as the PR leaves it, when it would refuse it (null: accepted or unknown). */
  forecast: DeployFailure | null;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageCount: number;
  facets: { accounts: string[]; teams: { slug: string; name: string }[]; models: string[] };
  quotaUnavailable: boolean;
}

/** Requests in the queue (the navigation badge): the same statuses the queue lists, so the two numbers agree. */
export async function countPendingDecisions(deps: { db: PrismaClient }): Promise<number> {
  return deps.db.request.count({ where: { status: { in: [...OPEN_PR_STATUSES] } } });
}

function previousCapacityOf(previous: unknown): number | null {
  const c = (previous as { sku?: { capacity?: unknown } } | null)?.sku?.capacity;
  return typeof c === "number" ? c : null;
}

const statusSql = (s: RequestStatus) => Prisma.sql`${s}::"RequestStatus"`;

/** The filters as SQL on requests `r` (status apart: each query places it where its index wants it). */
function filterSql(f: QueueFilters): Prisma.Sql {
  return Prisma.sql`${f.account ? Prisma.sql` AND r."account_name" = ${f.account}` : Prisma.empty}${f.model ? Prisma.sql` AND r."model_name" = ${f.model}` : Prisma.empty}${
    f.team ? Prisma.sql` AND r."team_id" = (SELECT t."id" FROM "teams" t WHERE t."slug" = ${f.team})` : Prisma.empty
  }`;
}

/** One pool's fullness once every pending request on it is granted (the impact sort's key), by location and usage name. */
export interface PoolFullness {
  location: string;
  usageName: string;
  afterPercent: number;
}

/**
 * The queue's queries, as SQL, so a test can EXPLAIN exactly what the page runs. None of them reads more than the
 * pending requests (never all-time history), and the default order reads no more than one page:
 *
 * - `pageIds` (oldest first): one index range scan of requests(status, submitted_at, number) per pending status,
 *   each stopping after offset + page rows, merged (Merge Append) — so a page costs O(offset + page), whatever
 *   the history. OFFSET is bounded by QUEUE_MAX_PAGES.
 * - `pageIds` (by quota impact): the key is computed per pool (a few dozen at most) and joined as VALUES; the
 *   pending rows are found through the status index and top-N sorted. This reads the pending requests, which is
 *   what "most urgent first" has to look at; finished requests are never touched.
 * - `count` and `facets`: the pending requests through the status index (distinct values in SQL, not in memory).
 */
export function queueQueries(statuses: readonly RequestStatus[], f: QueueFilters, offset: number, pools: PoolFullness[]) {
  const filters = filterSql(f);
  const limit = offset + QUEUE_PAGE_SIZE;
  const inStatuses = Prisma.sql`r."status" = ANY(ARRAY[${Prisma.join(statuses.map(statusSql))}])`;
  const byAge = Prisma.sql`SELECT q."id" FROM (${Prisma.join(
    statuses.map(
      (s) =>
        Prisma.sql`(SELECT r."id", r."submitted_at", r."number" FROM "requests" r WHERE r."status" = ${statusSql(s)}${filters} ORDER BY r."submitted_at", r."number" LIMIT ${limit})`,
    ),
    " UNION ALL ",
  )}) q ORDER BY q."submitted_at", q."number" LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${offset}`;
  const poolValues = pools.length
    ? Prisma.sql`LEFT JOIN (VALUES ${Prisma.join(pools.map((p) => Prisma.sql`(${p.location.toLowerCase()}, ${p.usageName.toLowerCase()}, ${p.afterPercent}::float8)`))}) AS p("location", "usage_name", "after_percent")
        ON p."location" = lower(r."location") AND p."usage_name" = lower(r."usage_name")`
    : Prisma.sql`LEFT JOIN (SELECT NULL::text AS "location", NULL::text AS "usage_name", NULL::float8 AS "after_percent") p ON false`;
  const byImpact = Prisma.sql`SELECT r."id" FROM "requests" r ${poolValues}
    WHERE ${inStatuses}${filters}
    ORDER BY CASE WHEN r."kind" = 'decommission' THEN -1 ELSE COALESCE(p."after_percent", -1) END DESC, r."submitted_at", r."number"
    LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${offset}`;
  return {
    pageIds: f.sort === "impact" ? byImpact : byAge,
    count: Prisma.sql`SELECT count(*)::int AS "n" FROM "requests" r WHERE ${inStatuses}${filters}`,
    facets: Prisma.sql`SELECT DISTINCT r."account_name", r."model_name" FROM "requests" r WHERE r."status" = ANY(ARRAY[${Prisma.join(OPEN_PR_STATUSES.map(statusSql))}])`,
    locations: Prisma.sql`SELECT DISTINCT r."location" FROM "requests" r WHERE ${inStatuses}${filters}`,
  };
}

type Usages = Map<string, Awaited<ReturnType<AzureClient["listUsages"]>> | null>;

function poolPercent(held: HeldQuota, usages: Usages, location: string, usageName: string): number | null {
  const list = usages.get(location);
  if (!list) return null;
  const picture = describeQuota(location, usageName, findUsage(list, usageName), held.get(location, usageName));
  return describeImpact(picture, 0).afterPercent;
}

/**
 * One page of the approval queue: pending decisions across accounts, filterable, sorted by age (oldest first) or
 * quota impact (fullest pool after approval first), with each request's quota impact (Azure's usages per region,
 * cached, and one grouped query for what pending requests hold) and the review its PR head got (diff, foreign
 * commits, failed check, plan) — read, never computed, per view. With GitHub at hand, each shown item also gets
 * Azure's verdict on the file as its PR leaves it (ARM validation, remembered a minute per head): a merge that would
 * fail because of ANOTHER deployment in the same file says so.
 */
export async function listQueue(
  deps: { db: PrismaClient; azure: AzureClient; gitops?: GitOpsClient; settings: Pick<DomainSettings, "forbidSameTeam"> & Partial<DomainSettings> },
  user: UserWithTeams,
  filters: QueueFilters,
): Promise<QueuePage> {
  ensureCapability(user, "queue:view");
  const db = deps.db;
  const statuses = filters.status && isStatusIn(OPEN_PR_STATUSES, filters.status) ? [filters.status] : [...OPEN_PR_STATUSES];
  const probe = queueQueries(statuses, filters, 0, []);
  const [countRows, facetRows, teams, locationRows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>(probe.count),
    db.$queryRaw<{ account_name: string; model_name: string }[]>(probe.facets),
    db.team.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }),
    db.$queryRaw<{ location: string }[]>(probe.locations),
  ]);
  const total = Number(countRows[0]?.n ?? 0);
  const pageCount = Math.min(QUEUE_MAX_PAGES, Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)));
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  const offset = (page - 1) * QUEUE_PAGE_SIZE;

  // Quota: Azure's usages per region (cached for seconds) and what every pending request holds (one grouped query).
  const locations = locationRows.map((l) => l.location);
  const [held, usageLists] = await Promise.all([
    loadHeldByPending(db, { locations }),
    Promise.all(locations.map(async (l) => [l, await listUsagesCached(deps.azure, l).catch(() => null)] as const)),
  ]);
  const usages: Usages = new Map(usageLists);
  const quotaUnavailable = usageLists.some(([, u]) => u === null);
  let pools: PoolFullness[] = [];
  if (filters.sort === "impact") {
    const groups = await db.request.groupBy({ by: ["location", "usageName"], where: { status: { in: statuses }, usageName: { not: "" } } });
    pools = groups.flatMap((g) => {
      const pct = poolPercent(held, usages, g.location, g.usageName);
      return pct === null ? [] : [{ location: g.location, usageName: g.usageName, afterPercent: Number.isFinite(pct) ? pct : 1e9 }];
    });
  }
  const ids = (await db.$queryRaw<{ id: string }[]>(queueQueries(statuses, filters, offset, pools).pageIds)).map((x) => x.id);
  const rows = ids.length
    ? await db.request.findMany({
        where: { id: { in: ids } },
        include: { requester: { select: { name: true } }, team: { select: { name: true, slug: true } }, review: true },
      })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    let impact: QueueImpact | null = null;
    if (r.kind !== "decommission" && usages.get(r.location)) {
      // Queue statuses are all pending ones, so the request's own share is in `held`: leave it out of "before".
      const others = Math.max(0, held.get(r.location, r.usageName) - r.quotaHold);
      const picture = describeQuota(r.location, r.usageName, findUsage(usages.get(r.location)!, r.usageName), others);
      impact = { ...describeImpact(picture, r.quotaHold), skuName: r.skuName, modelName: r.modelName };
    }
    const rv = r.review && r.review.headSha ? r.review : null;
    const review: QueueReview | null = rv
      ? {
          headSha: rv.headSha,
          current: rv.headSha === r.headSha,
          foreignCommits: rv.foreignCommits as unknown as ForeignCommit[],
          failedCheck: rv.failedCheck as unknown as FailedCheck | null,
          plan: rv.plan as unknown as MergePlan | null,
          planSummary: rv.planSummary,
          planError: rv.planError,
          preparedAt: rv.preparedAt,
        }
      : null;
    const foreignCommits = !!r.authoredSha && !!r.headSha && r.headSha !== r.authoredSha;
    const item: QueueItem = {
      id: r.id,
      number: r.number,
      kind: r.kind,
      status: r.status,
      version: r.version,
      requesterName: r.requester.name,
      teamName: r.team.name,
      accountName: r.accountName,
      location: r.location,
      deploymentName: r.deploymentName,
      modelName: r.modelName,
      modelVersion: r.modelVersion,
      skuName: r.skuName,
      capacity: r.capacity,
      previousCapacity: previousCapacityOf(r.previous),
      justification: r.justification,
      prNumber: r.prNumber,
      prUrl: r.prUrl,
      headSha: r.headSha,
      checkStatus: r.checkStatus,
      lastError: r.lastError,
      waitingSince: r.submittedAt ?? r.createdAt,
      impact,
      cannotDecide: whyCannotDecide(user, r, deps.settings.forbidSameTeam),
      diff: review?.current ? rv!.diff : null,
      forecast: null,
      review,
      foreignCommits,
      confirmations: requiredConfirmations({
        checksFailed: r.checkStatus === "failure",
        foreignCommits,
        plan: review?.current ? (review.plan?.needsConfirmation ?? []) : [],
        queueQuotaFits: impact ? impact.fits : null,
      }),
    };
    return [item];
  });
  if (deps.gitops && deps.settings.armDeploymentName) {
    const azureDeps = { azure: deps.azure, gitops: deps.gitops, settings: { ...DEFAULT_SETTINGS, ...deps.settings } };
    await Promise.all(
      items.map(async (i) => {
        const r = byId.get(i.id)!;
        const verdict = await forecastMerge(azureDeps, { ...r, headSha: r.headSha }).catch(() => null);
        i.forecast = verdict && !("accepted" in verdict) ? verdict : null;
      }),
    );
  }
  return {
    items,
    total,
    page,
    pageCount,
    facets: {
      accounts: [...new Set(facetRows.map((f) => f.account_name))].sort(),
      models: [...new Set(facetRows.map((f) => f.model_name))].sort(),
      teams,
    },
    quotaUnavailable,
  };
}

/** Who decided a request someone else decided first, and how: for the queue's "already decided" notice. */
export async function describeDecidedRequest(deps: { db: PrismaClient }, user: UserWithTeams, requestId: string) {
  ensureCapability(user, "queue:view");
  if (!/^[0-9a-f-]{36}$/i.test(requestId)) return null;
  const r = await deps.db.request.findUnique({ where: { id: requestId }, select: { id: true, number: true, deploymentName: true, status: true } });
  if (!r) return null;
  const last = await deps.db.requestEvent.findFirst({ where: { requestId, toStatus: { not: null } }, orderBy: { id: "desc" }, select: { actorName: true, createdAt: true, message: true, type: true } });
  return {
    id: r.id,
    number: r.number,
    deploymentName: r.deploymentName,
    status: r.status as RequestStatus,
    statusLabel: STATUS_LABELS[r.status as RequestStatus],
    by: last?.actorName ?? null,
    at: last?.createdAt ?? null,
    comment: last && (last.type === "rejected" || last.type === "changes_requested") ? last.message : null,
  };
}
