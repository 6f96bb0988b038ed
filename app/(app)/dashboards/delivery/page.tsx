import Link from "next/link";
import { Suspense } from "react";
import { seriesColor } from "@/components/dashboards/chart-colors";
import { DashboardFilters } from "@/components/dashboards/dashboard-filters";
import { DashboardSection, StatTile } from "@/components/dashboards/dashboard-section";
import { OldestPendingTable, OutcomesTable, StageTable, WeeklyTable } from "@/components/dashboards/delivery-tables";
import { formatCount, formatDuration, formatPercent } from "@/components/dashboards/format";
import { SeriesBarChart } from "@/components/dashboards/series-charts";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { requireCapability, type UserWithTeams } from "@/lib/auth";
import {
  DELIVERY_RANGES,
  deliveryFilterQuery,
  KIND_LABELS,
  loadDeliveryDashboard,
  parseDeliveryFilters,
  REQUEST_KINDS,
  weeklyTable,
  type DeliveryFilters,
  type SearchParamsRecord,
} from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Delivery dashboard" };

export default async function DeliveryDashboardPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requireCapability("dashboard:view", "/dashboards/delivery");
  const filters = parseDeliveryFilters(await searchParams);
  return (
    <>
      <PageHeader
        title="Delivery dashboard"
        description="How requests flow: how many each team makes, how long each stage takes, how many fail, are rejected or cancelled, and what waits longest."
        actions={
          <Link href="/dashboards/quota" className={buttonClass("secondary")}>
            Quota dashboard
          </Link>
        }
      />
      <Suspense key={JSON.stringify(filters)} fallback={<PageLoading label="Loading the delivery dashboard…" />}>
        <DeliveryDashboardBody user={user} filters={filters} />
      </Suspense>
    </>
  );
}

function csvHref(filters: DeliveryFilters, table: string): string {
  return `/dashboards/delivery/csv?${deliveryFilterQuery(filters, { table })}`;
}

async function DeliveryDashboardBody({ user, filters }: { user: UserWithTeams; filters: DeliveryFilters & { range: number } }) {
  const d = await loadDeliveryDashboard(await getServerContext(), user, filters);
  const byTeam = weeklyTable(d, "team");
  const byKind = weeklyTable(d, "kind");
  const stage = (id: string) => d.stages.find((s) => s.stage === id)!;
  const weekData = (w: typeof byTeam) => w.rows.map((r) => Object.fromEntries([["week", r.week.slice(5)], ...w.series.map((_, i) => [`s${i}`, r.counts[i]])]));
  const finished = [...d.outcomes].filter((o) => o.finished > 0);
  const filtered = Boolean(filters.team || filters.kind || filters.range !== 90);
  return (
    <div className="space-y-10">
      <DashboardFilters
        action="/dashboards/delivery"
        clearHref={filtered ? "/dashboards/delivery" : undefined}
        selects={[
          { id: "d-range", name: "range", label: "Period", value: String(d.range), options: DELIVERY_RANGES.map((r) => ({ value: String(r), label: `Last ${r} days` })) },
          { id: "d-team", name: "team", label: "Team", value: filters.team ? (d.allTeams.find((t) => t.toLowerCase() === filters.team!.toLowerCase()) ?? filters.team) : undefined, any: "All teams", options: d.allTeams },
          { id: "d-kind", name: "kind", label: "Kind", value: filters.kind, any: "All kinds", options: REQUEST_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })) },
        ]}
      />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
        <StatTile label="Submitted" value={formatCount(d.total.submitted)} hint={`since ${d.since.slice(0, 10)}`} />
        <StatTile label="Pending now" value={formatCount(d.pendingCount)} />
        <StatTile label="End to end, p50" value={formatDuration(stage("end_to_end").p50)} hint={`p90 ${formatDuration(stage("end_to_end").p90)}`} />
        <StatTile label="Waiting for approval, p50" value={formatDuration(stage("waiting").p50)} hint={`p90 ${formatDuration(stage("waiting").p90)}`} />
        <StatTile label="Failure rate" value={formatPercent(d.total.failureRate)} hint={`${d.total.failed} of ${d.total.finished} finished`} />
        <StatTile label="Rejection rate" value={formatPercent(d.total.rejectionRate)} hint={`${d.total.rejected} of ${d.total.finished} finished`} />
        <StatTile label="Cancellation rate" value={formatPercent(d.total.cancellationRate)} hint={`${d.total.cancelled} of ${d.total.finished} finished`} />
      </dl>

      <DashboardSection id="per-week-team" title="Requests per week by team" description="Requests submitted each week (weeks start on Monday, UTC)." csvHref={csvHref(filters, "weekly-team")}>
        <SeriesBarChart label="Requests submitted per week, stacked by team." stacked data={weekData(byTeam)} categoryKey="week" series={byTeam.series.map((s, i) => ({ id: `s${i}`, label: s, color: seriesColor(i) }))} />
        <WeeklyTable caption="Requests per week by team" series={byTeam.series} rows={d.total.submitted ? byTeam.rows : []} />
      </DashboardSection>

      <DashboardSection id="per-week-kind" title="Requests per week by kind" description="New deployments, changes (capacity or version) and decommissions." csvHref={csvHref(filters, "weekly-kind")}>
        <SeriesBarChart label="Requests submitted per week, stacked by kind." stacked data={weekData(byKind)} categoryKey="week" series={byKind.series.map((s, i) => ({ id: `s${i}`, label: s, color: seriesColor(i + 3) }))} />
        <WeeklyTable caption="Requests per week by kind" series={byKind.series} rows={d.total.submitted ? byKind.rows : []} />
      </DashboardSection>

      <DashboardSection
        id="lead-time"
        title="Lead time per stage"
        description="From each request's timeline: the first time it reached each step. p50 is the median, p90 the time nine in ten requests beat. Requests submitted in the period."
        csvHref={csvHref(filters, "stages")}
      >
        <SeriesBarChart
          label="Median and 90th percentile hours per stage."
          layout="vertical"
          format="hours"
          categoryWidth={150}
          data={d.stages.map((s) => ({ stage: s.label, p50: s.p50 === null ? null : s.p50 / 3600, p90: s.p90 === null ? null : s.p90 / 3600 }))}
          categoryKey="stage"
          series={[
            { id: "p50", label: "p50", color: "var(--chart-1)" },
            { id: "p90", label: "p90", color: "var(--chart-4)" },
          ]}
        />
        <StageTable stages={d.stages} />
      </DashboardSection>

      <DashboardSection id="outcomes" title="Failures, rejections and cancellations" description="Of the requests submitted in the period that have finished: how many failed in deployment, were rejected by an approver, or were cancelled." csvHref={csvHref(filters, "outcomes")}>
        <SeriesBarChart
          label="Share of finished requests per team that succeeded, failed, were rejected or cancelled."
          layout="vertical"
          stacked
          format="percent"
          data={finished.map((o) => ({ team: o.team, succeeded: (o.succeeded / o.finished) * 100, failed: (o.failed / o.finished) * 100, rejected: (o.rejected / o.finished) * 100, cancelled: (o.cancelled / o.finished) * 100 }))}
          categoryKey="team"
          series={[
            { id: "succeeded", label: "Succeeded", color: "var(--chart-success)" },
            { id: "failed", label: "Failed", color: "var(--chart-danger)" },
            { id: "rejected", label: "Rejected", color: "var(--chart-approved)" },
            { id: "cancelled", label: "Cancelled", color: "var(--chart-none)" },
          ]}
        />
        <OutcomesTable rows={d.outcomes} total={d.total} />
      </DashboardSection>

      <DashboardSection
        id="oldest"
        title="Oldest pending requests"
        description={d.pendingCount > d.oldestPending.length ? `The ${d.oldestPending.length} of ${d.pendingCount} pending requests that have waited longest, oldest first.` : "Every pending request, oldest first."}
        csvHref={csvHref(filters, "oldest")}
      >
        <OldestPendingTable rows={d.oldestPending} kindLabels={KIND_LABELS} />
      </DashboardSection>
    </div>
  );
}
