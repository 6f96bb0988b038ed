import "server-only";
import type { AzureClient } from "@/lib/azure";
import type { PrismaClient, UserWithTeams } from "@/lib/db";
import { STATUS_LABELS } from "@/lib/requests";
import { toCsv, type CsvCell } from "./csv";
import { KIND_LABELS, loadDeliveryDashboard, REQUEST_KINDS, type DeliveryDashboard, type DeliveryFilters } from "./delivery-dashboard";
import type { QuotaPageFilters } from "./dashboard-filters";
import { loadQuotaDashboard, type QuotaDashboard } from "./quota-dashboard";
import { loadQuotaHistory, type QuotaHistory } from "./quota-history";
import { loadQuotaIncreaseList, type QuotaIncreaseList } from "./quota-increase";

/**
 * Every dashboard table as CSV: the same read models as the pages (so the same authorisation and filters),
 * the same columns, full figures.
 */

export const QUOTA_TABLES = ["pools", "teams", "team-pools", "history", "run-out", "increase"] as const;
export type QuotaTable = (typeof QUOTA_TABLES)[number];

export const DELIVERY_TABLES = ["weekly-team", "weekly-kind", "stages", "outcomes", "oldest"] as const;
export type DeliveryTable = (typeof DELIVERY_TABLES)[number];

export interface CsvExport {
  filename: string;
  csv: string;
}

/** How many pools the history chart draws (the most utilised of those shown). */
export const HISTORY_POOLS = 8;

/** Everything the quota dashboard page shows, read once. */
export async function loadQuotaPage(deps: { db: PrismaClient; azure: AzureClient; now?: () => Date }, user: UserWithTeams, filters: QuotaPageFilters) {
  const dashboard = await loadQuotaDashboard(deps, user, filters);
  const tracked = dashboard.pools.filter((p) => p.reported && p.unitKind !== "count");
  const charted = [...tracked].sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1)).slice(0, HISTORY_POOLS);
  const [history, increase] = await Promise.all([
    loadQuotaHistory(deps, user, { range: filters.range, pools: charted, projectPools: tracked }),
    loadQuotaIncreaseList(deps, user, { days: filters.range, pools: dashboard.matching }),
  ]);
  return { dashboard, history, increase };
}

const pct = (n: number | null) => (n === null ? null : Number.isFinite(n) ? n : "no quota");
const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 100) / 100);

/** The pools table (one row per subscription × region × quota). */
export function quotaPoolsCsv(d: QuotaDashboard): string {
  const header = ["Subscription", "Region", "Quota", "Unit", "Limit", "Used", ...d.teams.map((t) => `Held by ${t}`), "Held by no team", "Used, not attributed", "Pending", "Pending: awaiting approval", "Pending: approved", "Pending: deploying", "Free", "Utilisation %", "Models", "Deployment types", "Azure figures as of"];
  const rows = d.pools.map((p): CsvCell[] => [
    p.subscriptionId,
    p.location,
    p.usageName,
    p.unitLabel,
    p.limit,
    p.used,
    ...d.teams.map((t) => p.heldByTeam.find((h) => h.team === t)?.held ?? 0),
    p.noTeam,
    p.notAttributed,
    p.pending.total,
    p.pending.awaitingApproval,
    p.pending.approved,
    p.pending.deploying,
    p.free,
    pct(p.utilisation),
    p.models.join(" "),
    p.skus.join(" "),
    p.asOf,
  ]);
  return toCsv(header, rows);
}

/** The team summary (PTUs and tokens per minute in separate columns). */
export function quotaTeamsCsv(d: QuotaDashboard): string {
  return toCsv(
    ["Team", "Deployments", "Held (thousand TPM)", "Held (PTUs)", "Pending (thousand TPM)", "Pending (PTUs)", "Pending requests"],
    d.teamSummary.map((t) => [t.team, t.deployments, t.tpmHeld, t.ptuHeld, t.tpmPending, t.ptuPending, t.pendingRequests]),
  );
}

/** The selected team's pools. */
export function quotaTeamPoolsCsv(d: QuotaDashboard, team: string): string {
  return toCsv(
    ["Team", "Region", "Quota", "Unit", "Held", "Deployments", "Pending", "Pending requests", "Limit", "Share of limit %"],
    (d.teamPools ?? []).map((r) => [team, r.location, r.usageName, r.unitLabel, r.held, r.deployments, r.pending, r.pendingRequests, r.limit, pct(r.share)]),
  );
}

/** Utilisation over time, one row per day (or week) and pool. */
export function quotaHistoryCsv(h: QuotaHistory): string {
  const rows: CsvCell[][] = [];
  for (const point of h.points) {
    for (const p of h.pools) {
      const v = point.values[p.key];
      rows.push([point.date, p.subscriptionId, p.location, p.usageName, v?.used ?? null, v?.limit ?? null, v ? pct(v.percent) : null]);
    }
  }
  return toCsv(["Date", "Subscription", "Region", "Quota", "Used", "Limit", "Utilisation %"], rows);
}

/** When each pool runs out at the recent rate of growth. */
export function quotaRunOutCsv(h: QuotaHistory): string {
  return toCsv(
    ["Region", "Quota", "Unit", "Used", "Limit", "Free", "Growth per day", "Days left", "Runs out on"],
    h.projections.map((p) => [p.location, p.usageName, p.unitLabel, p.used, p.limit, p.free, p.perDay, p.daysLeft, p.runsOutOn]),
  );
}

/** The quota increase list. */
export function quotaIncreaseCsv(list: QuotaIncreaseList): string {
  return toCsv(
    ["Subscription", "Region", "Quota", "Unit", "Limit", "Used", "Pending", "Refused requests", "Refused capacity", "Trimmed requests", "Capacity trimmed off", "Failed in Azure for quota", "Capacity failed", "Pending beyond the limit", "Ask Azure for", "Suggested limit"],
    list.rows.map((r) => [r.subscriptionId, r.location, r.usageName, r.unitLabel, r.limit, r.used, r.pending, r.refused, r.refusedCapacity, r.trimmed, r.trimmedCapacity, r.failedInAzure, r.failedCapacity, r.pendingShortfall, r.askFor, r.suggestedLimit]),
  );
}

/** One quota dashboard table as CSV, with the page's filters. */
export async function exportQuotaTable(deps: { db: PrismaClient; azure: AzureClient; now?: () => Date }, user: UserWithTeams, table: QuotaTable, filters: QuotaPageFilters): Promise<CsvExport> {
  const { dashboard, history, increase } = await loadQuotaPage(deps, user, filters);
  const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const csv =
    table === "pools"
      ? quotaPoolsCsv(dashboard)
      : table === "teams"
        ? quotaTeamsCsv(dashboard)
        : table === "team-pools"
          ? quotaTeamPoolsCsv(dashboard, filters.team ?? "")
          : table === "history"
            ? quotaHistoryCsv(history)
            : table === "run-out"
              ? quotaRunOutCsv(history)
              : quotaIncreaseCsv(increase);
  return { filename: `modelgate-quota-${table}-${day}.csv`, csv };
}

/** Requests per week, one column per series (teams or kinds). */
export function weeklyTable(d: DeliveryDashboard, by: "team" | "kind"): { series: string[]; rows: { week: string; counts: number[]; total: number }[] } {
  const series = by === "team" ? d.teams : REQUEST_KINDS.map((k) => KIND_LABELS[k]);
  const rows = d.weeks.map((week) => {
    const counts = series.map((s) => d.weekly.filter((w) => w.week === week && (by === "team" ? w.team === s : KIND_LABELS[w.kind] === s)).reduce((n, w) => n + w.requests, 0));
    return { week, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  return { series, rows };
}

/** One delivery dashboard table as CSV, with the page's filters. */
export async function exportDeliveryTable(deps: { db: PrismaClient; now?: () => Date }, user: UserWithTeams, table: DeliveryTable, filters: DeliveryFilters, baseUrl: string): Promise<CsvExport> {
  const d = await loadDeliveryDashboard(deps, user, filters);
  const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  let csv: string;
  if (table === "weekly-team" || table === "weekly-kind") {
    const w = weeklyTable(d, table === "weekly-team" ? "team" : "kind");
    csv = toCsv(["Week of", ...w.series, "Total"], w.rows.map((r) => [r.week, ...r.counts, r.total]));
  } else if (table === "stages") {
    csv = toCsv(["Stage", "Measured from", "Requests measured", "p50 hours", "p90 hours"], d.stages.map((s) => [s.label, s.from, s.measured, hours(s.p50), hours(s.p90)]));
  } else if (table === "outcomes") {
    csv = toCsv(
      ["Team", "Submitted", "Finished", "Succeeded", "Failed", "Rejected", "Cancelled", "Failure rate %", "Rejection rate %", "Cancellation rate %"],
      [...d.outcomes, d.total].map((o) => [o.team, o.submitted, o.finished, o.succeeded, o.failed, o.rejected, o.cancelled, o.failureRate, o.rejectionRate, o.cancellationRate]),
    );
  } else {
    csv = toCsv(
      ["Request", "Link", "Deployment", "Account", "Team", "Kind", "Status", "Submitted", "Waiting hours"],
      d.oldestPending.map((r) => [r.number, new URL(`/requests/${r.id}`, baseUrl).toString(), r.deploymentName, r.accountName, r.team, KIND_LABELS[r.kind], STATUS_LABELS[r.status], r.submittedAt, hours(r.ageSeconds)]),
    );
  }
  return { filename: `modelgate-delivery-${table}-${day}.csv`, csv };
}
