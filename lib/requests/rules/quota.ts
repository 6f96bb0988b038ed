import "server-only";
import type { AzureClient, AzureUsage } from "@/lib/azure";
import type { Db } from "../lifecycle";
import { PENDING_STATUSES, type RequestStatus } from "../status";
import { rememberFor } from "../ttl-cache";

/**
 * Quota: one value per subscription × region × usage name (Azure's name for a quota pool, published per SKU
 * in the models list). Each request stores the usage name it counts against and the capacity it holds while
 * pending (`quotaHold`), so every page computes "held by pending requests" with the one query below.
 */

/** True for deployment types counted in PTUs rather than thousands of tokens per minute. */
export function isProvisionedSku(skuName: string): boolean {
  return /provisioned/i.test(skuName);
}

/** The unit of a quota pool, spelled out. */
export function quotaUnitOf(skuOrUsageName: string): string {
  return isProvisionedSku(skuOrUsageName) ? "PTUs" : "thousands of tokens per minute";
}

/** Capacity a request holds while pending: all of it for a new deployment, the increase for a change, nothing for a removal. */
export function capacityHeldBy(request: { kind: "create" | "change" | "decommission"; capacity: number; previousCapacity?: number | null }): number {
  if (request.kind === "decommission") return 0;
  if (request.kind === "change") return Math.max(0, request.capacity - (request.previousCapacity ?? 0));
  return request.capacity;
}

/** What pending requests hold, per region × usage name (usage names compare ignoring case, as Azure's do). */
export class HeldQuota {
  constructor(private readonly held: ReadonlyMap<string, number>) {}

  static key(location: string, usageName: string): string {
    return `${location.toLowerCase()}|${usageName.toLowerCase()}`;
  }

  /** Capacity held against one pool. */
  get(location: string, usageName: string): number {
    return this.held.get(HeldQuota.key(location, usageName)) ?? 0;
  }
}

/** Which pending requests to count. */
export interface PendingHoldFilter {
  locations?: readonly string[];
  excludeRequestId?: string;
}

function pendingHoldWhere(filter: PendingHoldFilter) {
  return {
    status: { in: [...PENDING_STATUSES] },
    quotaHold: { gt: 0 },
    ...(filter.locations ? { location: { in: [...filter.locations] } } : {}),
    ...(filter.excludeRequestId ? { id: { not: filter.excludeRequestId } } : {}),
  };
}

/** One group of {@link loadHeldByPendingDetail}: what one team's requests in one status hold against one pool. */
export interface PendingHoldGroup {
  subscriptionId: string;
  location: string;
  usageName: string;
  teamId: string;
  status: RequestStatus;
  held: number;
  requests: number;
}

/**
 * The same rule as {@link loadHeldByPending}, split by subscription, team and status (the dashboards show
 * who is waiting for what); one grouped query.
 */
export async function loadHeldByPendingDetail(db: Db, filter: PendingHoldFilter = {}): Promise<PendingHoldGroup[]> {
  const groups = await db.request.groupBy({
    by: ["subscriptionId", "location", "usageName", "teamId", "status"],
    where: pendingHoldWhere(filter),
    _sum: { quotaHold: true },
    _count: { _all: true },
  });
  return groups.map((g) => ({
    subscriptionId: g.subscriptionId,
    location: g.location,
    usageName: g.usageName,
    teamId: g.teamId,
    status: g.status as RequestStatus,
    held: g._sum.quotaHold ?? 0,
    requests: g._count._all,
  }));
}

/**
 * The one rule for quota held by pending requests: the sum of `quotaHold` over requests in a pending status
 * (submitted, awaiting approval, approved, merged, deploying), grouped by region and usage name in the
 * database. Used by the form, submission, the queue, the reconciler and the dashboards.
 */
export async function loadHeldByPending(db: Db, filter: PendingHoldFilter = {}): Promise<HeldQuota> {
  const groups = await db.request.groupBy({ by: ["location", "usageName"], where: pendingHoldWhere(filter), _sum: { quotaHold: true } });
  const held = new Map<string, number>();
  for (const g of groups) {
    const key = HeldQuota.key(g.location, g.usageName);
    held.set(key, (held.get(key) ?? 0) + (g._sum.quotaHold ?? 0));
  }
  return new HeldQuota(held);
}

/** Azure's usages of a region, remembered for 15 seconds per client (`fresh` reads now: submission does). */
export function listUsagesCached(azure: AzureClient, location: string, fresh = false): Promise<AzureUsage[]> {
  return fresh ? azure.listUsages(location) : rememberFor(azure, `usages:${location}`, 15_000, () => azure.listUsages(location));
}

/** Azure's usage entry for a pool, matched as Azure names it. */
export function findUsage(usages: readonly AzureUsage[], usageName: string): AzureUsage | undefined {
  const lower = usageName.toLowerCase();
  return usages.find((u) => u.name.toLowerCase() === lower);
}

export interface QuotaPicture {
  location: string;
  usageName: string;
  /** Azure's quota limit for this subscription, region and usage name (0 when Azure lists none). */
  limit: number;
  /** What Azure says is in use now. */
  usedInAzure: number;
  /** Capacity held by requests submitted but not yet deployed. */
  heldByPending: number;
  /** limit − used − held, never below 0. */
  free: number;
  unit: string;
}

/** One pool's picture from Azure's usage entry and what pending requests hold. */
export function describeQuota(location: string, usageName: string, usage: Pick<AzureUsage, "limit" | "current"> | undefined, heldByPending: number): QuotaPicture {
  const limit = usage?.limit ?? 0;
  const usedInAzure = usage?.current ?? 0;
  return { location, usageName, limit, usedInAzure, heldByPending, free: Math.max(0, limit - usedInAzure - heldByPending), unit: quotaUnitOf(usageName) };
}

export interface QuotaImpact extends QuotaPicture {
  /** Capacity this request adds to the pool. */
  requested: number;
  /** Share of the limit taken before this request (used + held by other pending requests), in percent. */
  beforePercent: number;
  /** Share after it, in percent (may exceed 100). */
  afterPercent: number;
  fits: boolean;
}

/** A request's effect on its pool, given the pool's picture without the request itself. */
export function describeImpact(picture: QuotaPicture, requested: number): QuotaImpact {
  const taken = picture.usedInAzure + picture.heldByPending;
  const pct = (n: number) => (picture.limit > 0 ? Math.round((n / picture.limit) * 1000) / 10 : n > 0 ? Infinity : 0);
  return { ...picture, requested, beforePercent: pct(taken), afterPercent: pct(taken + requested), fits: taken + requested <= picture.limit };
}

/** A stored request's effect on its pool (the request itself left out of "held by pending"). */
export async function quotaImpact(
  deps: { db: Db; azure: AzureClient },
  request: { id: string; location: string; usageName: string; quotaHold: number },
): Promise<QuotaImpact> {
  const [usages, held] = await Promise.all([
    listUsagesCached(deps.azure, request.location),
    loadHeldByPending(deps.db, { locations: [request.location], excludeRequestId: request.id }),
  ]);
  const picture = describeQuota(request.location, request.usageName, findUsage(usages, request.usageName), held.get(request.location, request.usageName));
  return describeImpact(picture, request.quotaHold);
}
