import "server-only";
import type { AzureClient } from "@/lib/azure";
import { prisma } from "@/lib/db";
import { getAzureClient } from "./integrations";
import type { Db } from "./lifecycle";
import { PENDING_STATUSES, type RequestStatus } from "./status";
import { rememberFor } from "./ttl-cache";

/** Quota counts per subscription × region × usage name; provisioned types share one pool per region. */
export function usageNameFor(skuName: string, modelName: string): string {
  return /provisioned/i.test(skuName) ? `OpenAI.${skuName}` : `OpenAI.${skuName}.${modelName}`;
}

/** True for deployment types counted in PTUs rather than thousands of tokens per minute. */
export function isProvisionedSku(skuName: string): boolean {
  return /provisioned/i.test(skuName);
}

export interface QuotaDeps {
  db?: Db;
  azure?: AzureClient;
  /** Read Azure's usages now instead of a few seconds' old answer (submission does). */
  fresh?: boolean;
}

export interface QuotaPicture {
  location: string;
  usageName: string;
  /** Azure's quota limit for this subscription, region and usage name (0 when Azure lists none). */
  limit: number;
  /** What Azure says is in use now. */
  usedInAzure: number;
  /** Capacity asked for by requests submitted but not yet deployed (for a change, only its increase). */
  heldByPending: number;
  /** limit − used − held, never below 0. */
  free: number;
  unit: string;
}

/** The part of a request's quota fields that decide what it holds. */
export interface QuotaRequestLike {
  id?: string;
  kind: "create" | "change" | "decommission";
  location: string;
  modelName: string;
  skuName: string;
  capacity: number;
  /** For change requests: the element as it was (model.name, sku.name, sku.capacity). */
  previous?: unknown;
}

function previousOf(previous: unknown): { model?: string; sku?: string; capacity?: number } {
  if (!previous || typeof previous !== "object") return {};
  const p = previous as { model?: { name?: unknown }; sku?: { name?: unknown; capacity?: unknown } };
  return {
    model: typeof p.model?.name === "string" ? p.model.name : undefined,
    sku: typeof p.sku?.name === "string" ? p.sku.name : undefined,
    capacity: typeof p.sku?.capacity === "number" ? p.sku.capacity : undefined,
  };
}

/** Capacity a request needs on top of what Azure already counts: all of it for a new deployment, the increase for a change, nothing for a removal. */
export function capacityHeldBy(request: QuotaRequestLike): number {
  if (request.kind === "decommission") return 0;
  if (request.kind === "change") {
    const prev = previousOf(request.previous);
    const sameUsage = prev.sku !== undefined && prev.model !== undefined && usageNameFor(prev.sku, prev.model) === usageNameFor(request.skuName, request.modelName);
    if (sameUsage) return Math.max(0, request.capacity - (prev.capacity ?? 0));
  }
  return request.capacity;
}

/** Azure's usages of a region, remembered for 15 seconds per client. */
export function listUsagesCached(azure: AzureClient, location: string, fresh = false) {
  return fresh
    ? azure.listUsages(location)
    : rememberFor(azure, `usages:${location}`, 15_000, () => azure.listUsages(location));
}

/** Sum of what pending requests hold against one usage name in one region (optionally leaving one request out). */
export async function sumHeldByPending(db: Db, input: { location: string; usageName: string; excludeRequestId?: string }): Promise<number> {
  const rows = await db.request.findMany({
    where: {
      location: input.location,
      status: { in: [...PENDING_STATUSES] as RequestStatus[] },
      kind: { in: ["create", "change"] },
      ...(input.excludeRequestId ? { id: { not: input.excludeRequestId } } : {}),
    },
    select: { kind: true, location: true, modelName: true, skuName: true, capacity: true, previous: true },
  });
  let held = 0;
  for (const r of rows) {
    if (usageNameFor(r.skuName, r.modelName) !== input.usageName) continue;
    held += capacityHeldBy({ ...r, previous: r.previous ?? undefined });
  }
  return held;
}

/**
 * How much of one quota is left for new requests: limit − used in Azure − held by pending requests. Shared by
 * the request form, submission and the approval queue.
 */
export async function getQuotaPicture(input: { location: string; usageName: string; excludeRequestId?: string }, deps: QuotaDeps = {}): Promise<QuotaPicture> {
  const azure = deps.azure ?? getAzureClient();
  const db = deps.db ?? (await prisma());
  const [usages, heldByPending] = await Promise.all([listUsagesCached(azure, input.location, deps.fresh), sumHeldByPending(db, input)]);
  const usage = usages.find((u) => u.name.toLowerCase() === input.usageName.toLowerCase());
  const limit = usage?.limit ?? 0;
  const usedInAzure = usage?.current ?? 0;
  return {
    location: input.location,
    usageName: input.usageName,
    limit,
    usedInAzure,
    heldByPending,
    free: Math.max(0, limit - usedInAzure - heldByPending),
    unit: isProvisionedSku(input.usageName.split(".")[1] ?? "") ? "PTUs" : "thousands of tokens per minute",
  };
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

/** A request's effect on its quota pool; the request itself is left out of "held by pending" when it has an id. */
export async function quotaImpact(request: QuotaRequestLike, deps: QuotaDeps = {}): Promise<QuotaImpact> {
  const usageName = usageNameFor(request.skuName, request.modelName);
  const picture = await getQuotaPicture({ location: request.location, usageName, excludeRequestId: request.id }, deps);
  const requested = capacityHeldBy(request);
  const taken = picture.usedInAzure + picture.heldByPending;
  const pct = (n: number) => (picture.limit > 0 ? Math.round((n / picture.limit) * 1000) / 10 : n > 0 ? Infinity : 0);
  return { ...picture, requested, beforePercent: pct(taken), afterPercent: pct(taken + requested), fits: requested <= picture.free };
}
