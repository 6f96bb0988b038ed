import "server-only";
import { createHash } from "node:crypto";
import type { AzureDeployment } from "@/lib/azure";
import type { Prisma } from "@/lib/db";
import type { AzureDeploymentState, PlanUsage } from "@/lib/plan";
import type { Db } from "./lifecycle";

/**
 * Azure's state as plans read it, without calling Azure: the reconciler's one ARM list of deployments per account
 * per pass (stored here whenever an account's deployments change) and the quota usages it records per region
 * (quota_snapshots). A plan is as fresh as the last reconciler pass.
 */

export interface StoredAccountDeployments {
  /** When the reconciler read this state (the first pass that saw it; later passes that see the same don't rewrite it). */
  readAt: string;
  fingerprint: string;
  deployments: AzureDeploymentState[];
}

const keyOf = (account: string) => `azure-deployments:${account.toLowerCase()}`;

/** A deployment as Azure listed it, in the plan's shape. */
export function toDeploymentState(d: AzureDeployment): AzureDeploymentState {
  return {
    name: d.name,
    model: { format: d.model.format, name: d.model.name, version: d.model.version },
    sku: { name: d.sku.name, capacity: d.sku.capacity },
    provisioningState: d.provisioningState,
    ...(d.versionUpgradeOption ? { versionUpgradeOption: d.versionUpgradeOption } : {}),
    ...(d.raiPolicyName ? { raiPolicyName: d.raiPolicyName } : {}),
    ...(d.lastModifiedAt ? { lastModifiedAt: d.lastModifiedAt } : {}),
    ...(d.lastModifiedBy ? { lastModifiedBy: d.lastModifiedBy } : {}),
  };
}

/** The part of a provisioning state a plan reads: failed, going away, or there (Accepted → Creating → Succeeded is one). */
function planState(state: string): string {
  const s = state.toLowerCase();
  return s === "failed" || s === "deleting" ? s : "present";
}

/**
 * What changes a plan: the deployments' names, models, SKUs, capacities, settings and whether they failed or are
 * going away — not read times, nor the steps of a deployment settling (those would edit every open PR's comment
 * on the account several times per deploy for nothing).
 */
export function fingerprintDeployments(list: readonly AzureDeploymentState[]): string {
  const rows = list
    .map((d) => [d.name.toLowerCase(), d.model.name, d.model.version, d.sku.name, d.sku.capacity, planState(d.provisioningState), d.versionUpgradeOption ?? "", d.raiPolicyName ?? ""].join("|"))
    .sort();
  return createHash("sha256").update(rows.join("\n")).digest("hex").slice(0, 32);
}

/**
 * Stores an account's deployments as the reconciler just read them, when they differ from the stored ones.
 * Returns whether they changed (the account's open requests then need their plans again).
 */
export async function storeAccountDeployments(db: Db, account: string, deployments: AzureDeployment[], readAt: Date): Promise<boolean> {
  const states = deployments.map(toDeploymentState);
  const fingerprint = fingerprintDeployments(states);
  const row = await db.syncState.findUnique({ where: { key: keyOf(account) }, select: { value: true } });
  if ((row?.value as { fingerprint?: string } | undefined)?.fingerprint === fingerprint) return false;
  const value = { readAt: readAt.toISOString(), fingerprint, deployments: states } satisfies StoredAccountDeployments as unknown as Prisma.InputJsonValue;
  await db.syncState.upsert({ where: { key: keyOf(account) }, create: { key: keyOf(account), value }, update: { value } });
  return true;
}

/** The account's deployments as the reconciler last stored them, or null before its first pass. */
export async function readAccountDeployments(db: Db, account: string): Promise<StoredAccountDeployments | null> {
  const row = await db.syncState.findUnique({ where: { key: keyOf(account) }, select: { value: true } });
  return (row?.value as StoredAccountDeployments | undefined) ?? null;
}

/**
 * The region's quota as the reconciler last recorded it: the newest snapshot per usage name (one indexed query,
 * DISTINCT ON over (location, usage_name, taken_at)). Empty before the first pass.
 */
export async function readRecordedUsages(db: Db, location: string, subscriptionId: string): Promise<PlanUsage[]> {
  const rows = await db.$queryRaw<{ usage_name: string; current_value: number; limit: number; unit: string }[]>`
    SELECT DISTINCT ON ("usage_name") "usage_name", "current_value", "limit", "unit"
    FROM "quota_snapshots"
    WHERE "location" = ${location} AND "subscription_id" = ${subscriptionId}
    ORDER BY "usage_name", "taken_at" DESC`;
  return rows.map((r) => ({ name: r.usage_name, current: Number(r.current_value), limit: Number(r.limit), unit: r.unit }));
}
