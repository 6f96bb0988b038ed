import "server-only";
import type { AzureClient } from "@/lib/azure";
import { ensureCapability } from "@/lib/auth";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import { applyParamChange, detectParamFileKind, unifiedDiff, type ParamChange } from "@/lib/paramfile";
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
  whyCannotDecide,
  type DeployFailure,
  type DomainSettings,
  type QuotaImpact,
  type RequestFacts,
  type RequestStatus,
} from "@/lib/requests";

export const QUEUE_PAGE_SIZE = 20;

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
  /** The PR's change as a unified diff (null when it could not be computed). */
  diff: string | null;
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

/** Requests waiting for a platform decision (the navigation badge). */
export async function countPendingDecisions(deps: { db: PrismaClient }): Promise<number> {
  return deps.db.request.count({ where: { status: "awaiting_approval" } });
}

function previousCapacityOf(previous: unknown): number | null {
  const c = (previous as { sku?: { capacity?: unknown } } | null)?.sku?.capacity;
  return typeof c === "number" ? c : null;
}

/**
 * One page of the approval queue: pending decisions across accounts with the quota each would take (computed in
 * one pass: one cached usage read per region, one query for what pending requests hold), filterable and sorted
 * by age (oldest first) or impact (fullest pool after approval first). With GitHub at hand, each shown item
 * gets its diff and Azure's verdict on the file as its PR leaves it (ARM validation, remembered a minute).
 */
export async function listQueue(
  deps: { db: PrismaClient; azure: AzureClient; gitops?: GitOpsClient; settings: Pick<DomainSettings, "forbidSameTeam"> & Partial<DomainSettings> },
  user: UserWithTeams,
  filters: QueueFilters,
): Promise<QueuePage> {
  ensureCapability(user, "queue:view");
  const statuses = filters.status && isStatusIn(OPEN_PR_STATUSES, filters.status) ? [filters.status] : [...OPEN_PR_STATUSES];
  const where = {
    status: { in: statuses },
    ...(filters.account ? { accountName: filters.account } : {}),
    ...(filters.model ? { modelName: filters.model } : {}),
    ...(filters.team ? { team: { slug: filters.team } } : {}),
  };
  // Light rows for every match (ordering and impact need them all); full rows only for the page shown.
  const [matches, facetRows, teams] = await Promise.all([
    deps.db.request.findMany({
      where,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      select: { id: true, kind: true, location: true, usageName: true, quotaHold: true, modelName: true, skuName: true, submittedAt: true, createdAt: true },
    }),
    deps.db.request.findMany({ where: { status: { in: [...OPEN_PR_STATUSES] } }, distinct: ["accountName", "modelName"], select: { accountName: true, modelName: true } }),
    deps.db.team.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }),
  ]);
  const locations = [...new Set(matches.map((r) => r.location))];
  const held = await loadHeldByPending(deps.db, { locations });
  let quotaUnavailable = false;
  const usages = new Map<string, Awaited<ReturnType<AzureClient["listUsages"]>> | null>();
  for (const location of locations) {
    usages.set(location, await listUsagesCached(deps.azure, location).catch(() => ((quotaUnavailable = true), null)));
  }
  const impactOf = (r: (typeof matches)[number]): QueueImpact | null => {
    const list = usages.get(r.location);
    if (!list) return null;
    // Queue statuses are all pending ones, so the request's own share is in `held`: leave it out of "before".
    const others = Math.max(0, held.get(r.location, r.usageName) - r.quotaHold);
    const picture = describeQuota(r.location, r.usageName, findUsage(list, r.usageName), others);
    return { ...describeImpact(picture, r.quotaHold), skuName: r.skuName, modelName: r.modelName };
  };
  const scored = matches.map((r) => ({ id: r.id, waitingSince: r.submittedAt ?? r.createdAt, impact: r.kind === "decommission" ? null : impactOf(r) }));
  if (filters.sort === "impact") {
    const score = (i: (typeof scored)[number]) => (i.impact ? i.impact.afterPercent : -1);
    scored.sort((a, b) => score(b) - score(a) || a.waitingSince.getTime() - b.waitingSince.getTime());
  }
  const total = scored.length;
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  const shownIds = scored.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE);
  const rows = await deps.db.request.findMany({
    where: { id: { in: shownIds.map((x) => x.id) } },
    include: { requester: { select: { name: true } }, team: { select: { name: true, slug: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: QueueItem[] = shownIds
    .map((x) => ({ x, r: byId.get(x.id) }))
    .filter((e): e is { x: (typeof shownIds)[number]; r: NonNullable<typeof e.r> } => Boolean(e.r))
    .map(({ x, r }) => ({
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
      waitingSince: x.waitingSince,
      impact: x.impact,
      cannotDecide: whyCannotDecide(user, r, deps.settings.forbidSameTeam),
      diff: null,
      forecast: null,
    }));
  if (deps.gitops) {
    const gitops = deps.gitops;
    await Promise.all(items.map(async (i) => void (i.diff = await computeRequestDiff(gitops, byId.get(i.id)!))));
    if (deps.settings.armDeploymentName) {
      const azureDeps = { azure: deps.azure, gitops, settings: { ...DEFAULT_SETTINGS, ...deps.settings } };
      await Promise.all(
        items.map(async (i) => {
          const r = byId.get(i.id)!;
          const verdict = await forecastMerge(azureDeps, { ...r, headSha: r.headSha });
          i.forecast = verdict && !("accepted" in verdict) ? verdict : null;
        }),
      );
    }
  }
  return {
    items,
    total,
    page,
    pageCount,
    facets: {
      accounts: [...new Set(facetRows.map((f) => f.accountName))].sort(),
      models: [...new Set(facetRows.map((f) => f.modelName))].sort(),
      teams,
    },
    quotaUnavailable,
  };
}

/**
 * The exact change a request's PR makes, recomputed from its semantic edit and the file at the commit the branch
 * is based on (one conditional read per file and commit). null when it can't be computed.
 */
export async function computeRequestDiff(gitops: GitOpsClient, request: { paramFilePath: string; change: unknown; baseSha: string | null }): Promise<string | null> {
  try {
    const file = await gitops.readFile(request.paramFilePath, request.baseSha ?? undefined);
    const after = applyParamChange(file.content, detectParamFileKind(request.paramFilePath), request.change as ParamChange);
    return unifiedDiff(request.paramFilePath, file.content, after);
  } catch {
    return null;
  }
}
