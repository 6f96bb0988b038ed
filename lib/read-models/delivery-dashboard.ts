import "server-only";
import { ensureCapability } from "@/lib/auth";
import { Prisma, type PrismaClient, type UserWithTeams } from "@/lib/db";
import { PENDING_STATUSES, type RequestStatus } from "@/lib/requests";

/**
 * The delivery dashboard: how many requests each team makes, how long each stage takes (from the milestones
 * each request's timeline sets: PR opened, first decision, merge, time awaiting approval, completion), how
 * many fail, are rejected or cancelled, and which pending requests wait longest. Counting, grouping and
 * percentiles run in the database; a few rows per week, team and stage come back.
 */

export const DELIVERY_RANGES = [30, 90, 180, 365] as const;
export type DeliveryRange = (typeof DELIVERY_RANGES)[number];

export const REQUEST_KINDS = ["create", "change", "decommission"] as const;
export type RequestKindName = (typeof REQUEST_KINDS)[number];

export const KIND_LABELS: Record<RequestKindName, string> = { create: "New deployment", change: "Change", decommission: "Decommission" };

export interface DeliveryFilters {
  range?: DeliveryRange;
  team?: string;
  kind?: RequestKindName;
}

/** Requests submitted in one week (Monday, ISO date) by one team and kind. */
export interface WeeklyCount {
  week: string;
  team: string;
  kind: RequestKindName;
  requests: number;
}

export type StageId = "pr_open" | "decision" | "merge" | "deploy" | "end_to_end" | "waiting";

export interface StageTiming {
  stage: StageId;
  label: string;
  /** What is measured, in words. */
  from: string;
  /** Requests that went through the stage in the range. */
  measured: number;
  /** Seconds; null when nothing was measured. */
  p50: number | null;
  p90: number | null;
}

export interface TeamOutcomes {
  team: string;
  submitted: number;
  /** Reached a final status. */
  finished: number;
  succeeded: number;
  failed: number;
  rejected: number;
  cancelled: number;
  /** Shares of finished requests, in percent (null when none finished). */
  failureRate: number | null;
  rejectionRate: number | null;
  cancellationRate: number | null;
}

export interface PendingRequestAge {
  id: string;
  number: number;
  deploymentName: string;
  accountName: string;
  team: string;
  kind: RequestKindName;
  status: RequestStatus;
  submittedAt: string;
  /** Seconds since submission. */
  ageSeconds: number;
}

export interface DeliveryDashboard {
  range: DeliveryRange;
  since: string;
  weeks: string[];
  weekly: WeeklyCount[];
  teams: string[];
  stages: StageTiming[];
  outcomes: TeamOutcomes[];
  total: TeamOutcomes;
  oldestPending: PendingRequestAge[];
  pendingCount: number;
  /** Every team, for the filter. */
  allTeams: string[];
}

export const STAGES: { stage: StageId; label: string; from: string }[] = [
  { stage: "pr_open", label: "Submitted → PR open", from: "submission to the pull request being open for review" },
  { stage: "decision", label: "PR open → decision", from: "the pull request opening to the first decision (approve, request changes, reject or merge)" },
  { stage: "merge", label: "Decision → merged", from: "the first decision to the merge" },
  { stage: "deploy", label: "Merged → deployed", from: "the merge to Azure reporting the deployment Succeeded" },
  { stage: "end_to_end", label: "End to end", from: "submission to Azure reporting the deployment Succeeded" },
  { stage: "waiting", label: "Waiting for approval", from: "all the time a request spent awaiting an approver, until it was decided" },
];

const DAY_MS = 86_400_000;

/** Statuses a request ends in: the denominator of the failure, rejection and cancellation rates. */
const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "rejected", "cancelled", "superseded"]);

/** The Monday (UTC) of a date's week, as date_trunc('week') gives it. */
function mondayOf(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

function rate(n: number, of: number): number | null {
  return of > 0 ? Math.round((n / of) * 1000) / 10 : null;
}

/** The delivery dashboard for Managers, Approvers and Admins (others get the 403 page). */
export async function loadDeliveryDashboard(deps: { db: PrismaClient; now?: () => Date }, user: UserWithTeams, filters: DeliveryFilters = {}): Promise<DeliveryDashboard> {
  ensureCapability(user, "dashboard:view");
  const db = deps.db;
  const range = filters.range ?? 90;
  const now = deps.now?.() ?? new Date();
  const since = mondayOf(new Date(now.getTime() - range * DAY_MS));
  const teamFilter = filters.team ? Prisma.sql`AND lower(t.name) = lower(${filters.team.trim()})` : Prisma.empty;
  const kindFilter = filters.kind ? Prisma.sql`AND r.kind = ${filters.kind}::"RequestKind"` : Prisma.empty;

  const [counts, timings, oldest, pendingCount, teamRows] = await Promise.all([
    // One scan of the period's requests for both the weekly counts and the outcomes: a few rows per week, team,
    // kind and status come back and are summed both ways below.
    db.$queryRaw<{ week: Date; team_id: string; kind: RequestKindName; status: RequestStatus; n: number }[]>`
      SELECT date_trunc('week', r.submitted_at) AS week, r.team_id, r.kind::text AS kind, r.status::text AS status, count(*)::int AS n
        FROM requests r JOIN teams t ON t.id = r.team_id
       WHERE r.submitted_at >= ${since} ${teamFilter} ${kindFilter}
       GROUP BY 1, 2, 3, 4`,
    // One scan of the period's requests; each percentile pair shares one sort.
    db.$queryRaw<Record<string, number | number[] | null>[]>`
      WITH spans AS (
        SELECT extract(epoch FROM r.pr_opened_at - r.submitted_at) AS pr_open,
               extract(epoch FROM r.first_decision_at - r.pr_opened_at) AS decision,
               extract(epoch FROM r.merged_at - r.first_decision_at) AS merge,
               CASE WHEN r.status = 'succeeded' THEN extract(epoch FROM r.completed_at - r.merged_at) END AS deploy,
               CASE WHEN r.status = 'succeeded' THEN extract(epoch FROM r.completed_at - r.submitted_at) END AS end_to_end,
               CASE WHEN r.first_decision_at IS NOT NULL AND r.awaiting_since IS NULL THEN r.awaiting_approval_seconds END AS waiting
          FROM requests r JOIN teams t ON t.id = r.team_id
         WHERE r.submitted_at >= ${since} ${teamFilter} ${kindFilter}
      )
      SELECT count(pr_open)::int AS pr_open_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY pr_open) AS pr_open_p,
             count(decision)::int AS decision_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY decision) AS decision_p,
             count(merge)::int AS merge_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY merge) AS merge_p,
             count(deploy)::int AS deploy_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY deploy) AS deploy_p,
             count(end_to_end)::int AS end_to_end_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY end_to_end) AS end_to_end_p,
             count(waiting)::int AS waiting_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY waiting) AS waiting_p
        FROM spans`,
    db.request.findMany({
      where: { status: { in: [...PENDING_STATUSES] }, ...pendingWhere(filters) },
      orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { number: "asc" }],
      take: 10,
      select: { id: true, number: true, deploymentName: true, accountName: true, kind: true, status: true, submittedAt: true, createdAt: true, team: { select: { name: true } } },
    }),
    db.request.count({ where: { status: { in: [...PENDING_STATUSES] }, ...pendingWhere(filters) } }),
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);

  const teamName = new Map(teamRows.map((t) => [t.id, t.name]));
  const weeklyByKey = new Map<string, WeeklyCount>();
  const outcomeByTeam = new Map<string, Omit<TeamOutcomes, "failureRate" | "rejectionRate" | "cancellationRate">>();
  for (const c of counts) {
    const team = teamName.get(c.team_id) ?? "Unknown team";
    const week = c.week.toISOString().slice(0, 10);
    const key = `${week}\u0000${team}\u0000${c.kind}`;
    const w = weeklyByKey.get(key) ?? { week, team, kind: c.kind, requests: 0 };
    w.requests += c.n;
    weeklyByKey.set(key, w);
    const o = outcomeByTeam.get(team) ?? { team, submitted: 0, finished: 0, succeeded: 0, failed: 0, rejected: 0, cancelled: 0 };
    o.submitted += c.n;
    if (FINISHED.has(c.status)) o.finished += c.n;
    if (c.status === "succeeded" || c.status === "failed" || c.status === "rejected" || c.status === "cancelled") o[c.status] += c.n;
    outcomeByTeam.set(team, o);
  }
  const outcomes = [...outcomeByTeam.values()].sort((a, b) => a.team.localeCompare(b.team));
  const weeks: string[] = [];
  for (let w = since.getTime(); w <= now.getTime(); w += 7 * DAY_MS) weeks.push(new Date(w).toISOString().slice(0, 10));
  const t = timings[0] ?? {};
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  const stages: StageTiming[] = STAGES.map((s) => {
    const p = t[`${s.stage}_p`] as number[] | null | undefined;
    return { ...s, measured: Number(t[`${s.stage}_n`] ?? 0), p50: num(p?.[0]), p90: num(p?.[1]) };
  });
  const withRates = (o: Omit<TeamOutcomes, "failureRate" | "rejectionRate" | "cancellationRate">): TeamOutcomes => ({
    ...o,
    failureRate: rate(o.failed, o.finished),
    rejectionRate: rate(o.rejected, o.finished),
    cancellationRate: rate(o.cancelled, o.finished),
  });
  const sum = (k: "submitted" | "finished" | "succeeded" | "failed" | "rejected" | "cancelled") => outcomes.reduce((s, o) => s + o[k], 0);
  return {
    range,
    since: since.toISOString(),
    weeks,
    weekly: [...weeklyByKey.values()].sort((a, b) => a.week.localeCompare(b.week) || a.team.localeCompare(b.team) || a.kind.localeCompare(b.kind)),
    teams: filters.team ? teamRows.map((r) => r.name).filter((n) => n.toLowerCase() === filters.team!.trim().toLowerCase()) : teamRows.map((r) => r.name),
    stages,
    outcomes: outcomes.map(withRates),
    total: withRates({ team: "All teams", submitted: sum("submitted"), finished: sum("finished"), succeeded: sum("succeeded"), failed: sum("failed"), rejected: sum("rejected"), cancelled: sum("cancelled") }),
    oldestPending: oldest.map((r) => {
      const at = r.submittedAt ?? r.createdAt;
      return {
        id: r.id,
        number: r.number,
        deploymentName: r.deploymentName,
        accountName: r.accountName,
        team: r.team.name,
        kind: r.kind,
        status: r.status as RequestStatus,
        submittedAt: at.toISOString(),
        ageSeconds: Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)),
      };
    }),
    pendingCount,
    allTeams: teamRows.map((r) => r.name),
  };
}

function pendingWhere(filters: DeliveryFilters) {
  return {
    ...(filters.team ? { team: { name: { equals: filters.team.trim(), mode: "insensitive" as const } } } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
  };
}
