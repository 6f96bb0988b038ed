import "server-only";
import type { AzureClient } from "@/lib/azure";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import type { GitOpsClient } from "@/lib/gitops";
import { applyParamChange, detectParamFileKind, unifiedDiff, type ParamChange } from "@/lib/paramfile";
import { whyCannotDecide } from "./decisions";
import { DECIDABLE_STATUSES } from "./github-sync";
import { capacityHeldBy, isProvisionedSku, listUsagesCached, usageNameFor } from "./quota";
import { PENDING_STATUSES, type RequestStatus } from "./status";

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

export interface QueueImpact {
  location: string;
  usageName: string;
  skuName: string;
  modelName: string;
  limit: number;
  requested: number;
  beforePercent: number;
  afterPercent: number;
  fits: boolean;
  unit: string;
}

export interface QueueItem {
  id: string;
  number: number;
  kind: "create" | "change" | "decommission";
  status: RequestStatus;
  version: number;
  requesterName: string;
  teamName: string;
  accountName: string;
  location: string;
  deploymentName: string;
  modelName: string;
  modelVersion: string;
  skuName: string;
  capacity: number;
  previousCapacity: number | null;
  justification: string;
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
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageCount: number;
  facets: { accounts: string[]; teams: { slug: string; name: string }[]; models: string[] };
  quotaUnavailable: boolean;
}

/** Requests waiting for a platform decision, or for ModelGate to be told the merge happened. */
export async function countPendingDecisions(db: PrismaClient): Promise<number> {
  return db.request.count({ where: { status: "awaiting_approval" } });
}

function previousCapacityOf(previous: unknown): number | null {
  const c = (previous as { sku?: { capacity?: unknown } } | null)?.sku?.capacity;
  return typeof c === "number" ? c : null;
}

/**
 * One page of the approval queue: pending decisions across accounts with the quota each would take (computed in
 * one pass: one cached usage read per region, one query for what pending requests hold), filterable and sorted
 * by age (oldest first) or impact (fullest pool after approval first).
 */
export async function listQueue(deps: { db: PrismaClient; azure: AzureClient; gitops?: GitOpsClient; forbidSameTeam: boolean }, user: UserWithTeams, filters: QueueFilters): Promise<QueuePage> {
  const statuses = filters.status && (DECIDABLE_STATUSES as string[]).includes(filters.status) ? [filters.status] : [...DECIDABLE_STATUSES];
  const where = {
    status: { in: statuses },
    ...(filters.account ? { accountName: filters.account } : {}),
    ...(filters.model ? { modelName: filters.model } : {}),
    ...(filters.team ? { team: { slug: filters.team } } : {}),
  };
  const [rows, facetRows, teams, pending] = await Promise.all([
    deps.db.request.findMany({
      where,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      include: { requester: { select: { name: true } }, team: { select: { name: true, slug: true } } },
    }),
    deps.db.request.findMany({ where: { status: { in: [...DECIDABLE_STATUSES] } }, distinct: ["accountName", "modelName"], select: { accountName: true, modelName: true } }),
    deps.db.team.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } }),
    deps.db.request.findMany({
      where: { status: { in: [...PENDING_STATUSES] }, kind: { in: ["create", "change"] } },
      select: { id: true, kind: true, location: true, modelName: true, skuName: true, capacity: true, previous: true },
    }),
  ]);

  // What pending requests hold per region × usage name (each request's own share subtracted below).
  const heldBy = new Map<string, number>();
  const shareOf = new Map<string, number>();
  for (const p of pending) {
    const share = capacityHeldBy({ ...p, previous: p.previous ?? undefined });
    const key = `${p.location}|${usageNameFor(p.skuName, p.modelName).toLowerCase()}`;
    heldBy.set(key, (heldBy.get(key) ?? 0) + share);
    shareOf.set(p.id, share);
  }
  let quotaUnavailable = false;
  const usages = new Map<string, Awaited<ReturnType<AzureClient["listUsages"]>> | null>();
  for (const location of new Set(rows.map((r) => r.location))) {
    usages.set(location, await listUsagesCached(deps.azure, location).catch(() => ((quotaUnavailable = true), null)));
  }

  const items: QueueItem[] = rows.map((r) => {
    const usageName = usageNameFor(r.skuName, r.modelName);
    const list = usages.get(r.location);
    let impact: QueueImpact | null = null;
    if (list) {
      const usage = list.find((u) => u.name.toLowerCase() === usageName.toLowerCase());
      const limit = usage?.limit ?? 0;
      const requested = capacityHeldBy({ ...r, previous: r.previous ?? undefined });
      const others = (heldBy.get(`${r.location}|${usageName.toLowerCase()}`) ?? 0) - (shareOf.get(r.id) ?? 0);
      const taken = (usage?.current ?? 0) + Math.max(0, others);
      const pct = (n: number) => (limit > 0 ? Math.round((n / limit) * 1000) / 10 : n > 0 ? Infinity : 0);
      impact = {
        location: r.location,
        usageName,
        skuName: r.skuName,
        modelName: r.modelName,
        limit,
        requested,
        beforePercent: pct(taken),
        afterPercent: pct(taken + requested),
        fits: taken + requested <= limit,
        unit: isProvisionedSku(r.skuName) ? "PTUs" : "thousands of tokens per minute",
      };
    }
    return {
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
      cannotDecide: whyCannotDecide(user, r, deps.forbidSameTeam),
      diff: null,
    };
  });
  if (filters.sort === "impact") {
    const score = (i: QueueItem) => (i.impact ? i.impact.afterPercent : -1);
    items.sort((a, b) => score(b) - score(a) || a.waitingSince.getTime() - b.waitingSince.getTime());
  }
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(Math.max(1, filters.page ?? 1), pageCount);
  const shown = items.slice((page - 1) * QUEUE_PAGE_SIZE, page * QUEUE_PAGE_SIZE);
  if (deps.gitops) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    const gitops = deps.gitops;
    await Promise.all(shown.map(async (i) => void (i.diff = await computeRequestDiff(gitops, byId.get(i.id)!))));
  }
  return {
    items: shown,
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
