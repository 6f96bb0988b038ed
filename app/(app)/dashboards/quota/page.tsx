import Link from "next/link";
import { Suspense } from "react";
import { DashboardSection } from "@/components/dashboards/dashboard-section";
import { DashboardFilters } from "@/components/dashboards/dashboard-filters";
import { formatDateTime } from "@/components/inventory/format";
import { QuotaPoolChart } from "@/components/dashboards/quota-pool-chart";
import { QuotaHistoryTable, QuotaIncreaseTable, QuotaPoolsTable, RunOutTable, TeamPoolsTable, TeamSummaryTable } from "@/components/dashboards/quota-tables";
import { seriesColor } from "@/components/dashboards/chart-colors";
import { poolLabel } from "@/components/dashboards/chart-labels";
import { SeriesBarChart, SeriesLineChart } from "@/components/dashboards/series-charts";
import { shortSubscription } from "@/components/dashboards/format";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { requireCapability, type UserWithTeams } from "@/lib/auth";
import { HISTORY_RANGES, loadQuotaPage, parseQuotaFilters, quotaFilterQuery, type QuotaPageFilters, type QuotaPoolRow, type SearchParamsRecord } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Quota dashboard" };

export default async function QuotaDashboardPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requireCapability("dashboard:view", "/dashboards/quota");
  const filters = parseQuotaFilters(await searchParams);
  return (
    <>
      <PageHeader
        title="Quota dashboard"
        description="Azure OpenAI quota per subscription, region and quota pool: the limit, what Azure says is used, what each team holds, what pending requests will take, and what is free."
        actions={
          <Link href="/dashboards/delivery" className={buttonClass("secondary")}>
            Delivery dashboard
          </Link>
        }
      />
      <Suspense key={JSON.stringify(filters)} fallback={<PageLoading label="Loading the quota dashboard…" />}>
        <QuotaDashboardBody user={user} filters={filters} />
      </Suspense>
    </>
  );
}

const SORT_OPTIONS = [
  { value: "region", label: "Subscription and region" },
  { value: "utilisation", label: "Utilisation, highest first" },
  { value: "utilisation-asc", label: "Utilisation, lowest first" },
];

function csvHref(filters: QuotaPageFilters, table: string): string {
  return `/dashboards/quota/csv?${quotaFilterQuery(filters, { table })}`;
}

/** Pools grouped by subscription and region, in the order they are listed. */
function groupByPlace(pools: QuotaPoolRow[]): { title: string; pools: QuotaPoolRow[] }[] {
  const groups = new Map<string, { title: string; pools: QuotaPoolRow[] }>();
  for (const p of pools) {
    const key = `${p.subscriptionId}/${p.location}`;
    const g = groups.get(key) ?? { title: `${p.location} · subscription ${shortSubscription(p.subscriptionId)}`, pools: [] };
    g.pools.push(p);
    groups.set(key, g);
  }
  return [...groups.values()];
}

async function QuotaDashboardBody({ user, filters }: { user: UserWithTeams; filters: QuotaPageFilters }) {
  const { dashboard, history, increase } = await loadQuotaPage(await getServerContext(), user, filters);
  const filtered = Boolean(filters.region || filters.model || filters.skuName || filters.team);
  const teamHref = (team: string) => `/dashboards/quota?${quotaFilterQuery({ ...filters, team })}#teams`;
  const allTeamsHref = `/dashboards/quota?${quotaFilterQuery({ ...filters, team: undefined })}#teams`;
  const selectedTeam = filters.team ? (dashboard.teams.find((t) => t.toLowerCase() === filters.team!.trim().toLowerCase()) ?? filters.team) : null;
  const tpmTeams = dashboard.teamSummary.filter((t) => t.tpmHeld + t.tpmPending > 0);
  const ptuTeams = dashboard.teamSummary.filter((t) => t.ptuHeld + t.ptuPending > 0);
  const historyData = history.points.map((p) => {
    const row: Record<string, string | number | null> = { date: p.date };
    history.pools.forEach((pool, i) => (row[`p${i}`] = p.values[pool.key]?.percent ?? null));
    return row;
  });

  if (!dashboard.asOf) {
    return (
      <EmptyState title="No quota figures yet">
        ModelGate reads quota from Azure on every sync pass of the reconciler. The first pass runs shortly after start-up; reload in a minute.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-10">
      <DashboardFilters
        action="/dashboards/quota"
        clearHref={filtered || filters.all || filters.sort || filters.range !== 90 ? "/dashboards/quota" : undefined}
        selects={[
          { id: "q-region", name: "region", label: "Region", value: filters.region, any: "All regions", options: dashboard.options.regions },
          { id: "q-model", name: "model", label: "Model", value: filters.model, any: "All models", options: dashboard.options.models },
          { id: "q-type", name: "type", label: "Deployment type", value: filters.skuName, any: "All types", options: dashboard.options.skus },
          { id: "q-team", name: "team", label: "Team", value: selectedTeam ?? undefined, any: "All teams", options: dashboard.options.teams },
          { id: "q-sort", name: "sort", label: "Sort", value: filters.sort ?? "region", options: SORT_OPTIONS },
          { id: "q-range", name: "range", label: "History", value: String(filters.range), options: HISTORY_RANGES.map((d) => ({ value: String(d), label: `Last ${d} days` })) },
        ]}
        checkbox={{ id: "q-all", name: "all", label: "Show idle pools", checked: Boolean(filters.all) }}
      />
      <div className="space-y-2 text-sm text-slate-600 dark:text-slate-400">
        <p>
          Azure&apos;s figures as of <strong className="text-slate-900 dark:text-slate-100">{formatDateTime(dashboard.asOf)}</strong> (the reconciler&apos;s last read). Utilisation = (used + pending) ÷ limit; bars turn amber at 80 % and red at 95 %. PTU and tokens-per-minute quota are separate pools and never added up.
        </p>
        <nav aria-label="On this page">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {[
              ["#pools", "Quota pools"],
              ["#teams", "Teams"],
              ["#history", "History"],
              ["#increase", "Quota increase list"],
            ].map(([href, label]) => (
              <li key={href}>
                <a href={href} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {dashboard.catalogueProblem ? <Notice tone="warning">{dashboard.catalogueProblem}</Notice> : null}

      <DashboardSection
        id="pools"
        title="Quota pools"
        description={
          <>
            One row per subscription, region and quota (Azure&apos;s usage names).
            {dashboard.idlePools > 0 ? ` ${dashboard.idlePools} pool${dashboard.idlePools === 1 ? "" : "s"} nothing uses or waits for ${dashboard.idlePools === 1 ? "is" : "are"} left out; tick “Show idle pools” to list them.` : ""}
          </>
        }
        csvHref={csvHref(filters, "pools")}
      >
        {groupByPlace(dashboard.pools).map((g) => (
          <div key={g.title} className="space-y-2">
            <h3 className="text-sm font-semibold">{g.title}</h3>
            <QuotaPoolChart title={g.title} pools={g.pools} teams={dashboard.teams} />
          </div>
        ))}
        <QuotaPoolsTable
          pools={dashboard.pools}
          empty={
            <EmptyState title={filtered ? "No quota pool matches" : "No quota in use"}>
              {filtered ? "Try other filters, or tick “Show idle pools”." : "No deployment or pending request uses quota yet."}
            </EmptyState>
          }
        />
      </DashboardSection>

      {selectedTeam && dashboard.teamPools ? (
        <DashboardSection
          id="teams"
          title={`What ${selectedTeam} holds`}
          description={
            <>
              Every pool {selectedTeam}&apos;s deployments hold (owner from the parameter file&apos;s team comment, else the last request that succeeded) and what its pending requests will take.{" "}
              <Link href={allTeamsHref} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                All teams
              </Link>
            </>
          }
          csvHref={csvHref(filters, "team-pools")}
        >
          <SeriesBarChart
            label={`${selectedTeam}'s share of each pool's limit, held and pending.`}
            layout="vertical"
            stacked
            format="percent"
            categoryWidth={170}
            twoLineCategories
            data={dashboard.teamPools.filter((r) => r.limit > 0).map((r) => ({ pool: poolLabel(r.usageName, r.location), held: (r.held / r.limit) * 100, pending: (r.pending / r.limit) * 100 }))}
            categoryKey="pool"
            series={[
              { id: "held", label: "Held", color: seriesColor(Math.max(0, dashboard.teams.indexOf(selectedTeam))) },
              { id: "pending", label: "Pending", color: "var(--chart-awaiting)" },
            ]}
            thresholds={[
              { value: 80, label: "80 %", tone: "warn" },
              { value: 95, label: "95 %", tone: "danger" },
            ]}
          />
          <TeamPoolsTable team={selectedTeam} rows={dashboard.teamPools} />
        </DashboardSection>
      ) : (
        <DashboardSection
          id="teams"
          title="Teams"
          description="What each team's deployments hold and its pending requests will take, across every region. Tokens per minute and PTUs are counted apart. Pick a team for its own view."
          csvHref={csvHref(filters, "teams")}
        >
          <div className="grid gap-6 lg:grid-cols-2">
            {tpmTeams.length ? (
              <div>
                <h3 className="mb-2 text-sm font-semibold">Thousand tokens per minute</h3>
                <SeriesBarChart
                  label="Thousand tokens per minute held and pending per team."
                  layout="vertical"
                  stacked
                  data={tpmTeams.map((t) => ({ team: t.team, held: t.tpmHeld, pending: t.tpmPending }))}
                  categoryKey="team"
                  series={[
                    { id: "held", label: "Held", color: "var(--chart-1)" },
                    { id: "pending", label: "Pending", color: "var(--chart-awaiting)" },
                  ]}
                />
              </div>
            ) : null}
            {ptuTeams.length ? (
              <div>
                <h3 className="mb-2 text-sm font-semibold">PTUs (provisioned throughput)</h3>
                <SeriesBarChart
                  label="PTUs held and pending per team."
                  layout="vertical"
                  stacked
                  data={ptuTeams.map((t) => ({ team: t.team, held: t.ptuHeld, pending: t.ptuPending }))}
                  categoryKey="team"
                  series={[
                    { id: "held", label: "Held", color: "var(--chart-2)" },
                    { id: "pending", label: "Pending", color: "var(--chart-awaiting)" },
                  ]}
                />
              </div>
            ) : null}
          </div>
          <TeamSummaryTable rows={dashboard.teamSummary} teamHref={teamHref} />
        </DashboardSection>
      )}

      <DashboardSection
        id="history"
        title="History"
        description={`Used ÷ limit over the last ${filters.range} days from the reconciler's quota snapshots, for the ${history.pools.length} most utilised pools shown above.`}
        csvHref={csvHref(filters, "history")}
      >
        <SeriesLineChart
          label={`Utilisation of ${history.pools.length} quota pools over the last ${filters.range} days.`}
          data={historyData}
          categoryKey="date"
          format="percent"
          minMax={100}
          series={history.pools.map((p, i) => ({ id: `p${i}`, label: `${p.usageName} (${p.location})`, color: seriesColor(i) }))}
          thresholds={[
            { value: 80, label: "80 %", tone: "warn" },
            { value: 95, label: "95 %", tone: "danger" },
          ]}
        />
        <QuotaHistoryTable history={history} />
      </DashboardSection>

      <DashboardSection id="run-out" title="When each quota runs out" description={history.rule} csvHref={csvHref(filters, "run-out")}>
        <RunOutTable rows={history.projections} />
      </DashboardSection>

      <DashboardSection
        id="increase"
        title="Quota increase list"
        description={
          <>
            Per pool, over the last {increase.days} days: what was refused or trimmed for lack of quota, and what pending requests still need — the figures to put into an Azure quota increase request. {increase.rule}
          </>
        }
        csvHref={csvHref(filters, "increase")}
      >
        <QuotaIncreaseTable rows={increase.rows} />
      </DashboardSection>
    </div>
  );
}
