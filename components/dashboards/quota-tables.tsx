import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, type TableColumn } from "@/components/ui/table";
import type { QuotaHistory, QuotaIncreaseRow, QuotaPoolRow, RunOutProjection, TeamPoolRow, TeamQuotaSummary } from "@/lib/read-models";
import { formatCount, formatDay, formatPercent, shortSubscription, utilisationBand } from "./format";

const NUM = "text-right tabular-nums";

const BAND_CLASSES = {
  ok: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  danger: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100",
} as const;

const BAND_WORDS = { ok: null, warn: "80 % or more", danger: "95 % or more" } as const;

/** A share with its band in colour and in words (80 % and 95 % thresholds). */
export function UtilisationCell({ value }: { value: number | null }) {
  const band = utilisationBand(value);
  return (
    <span className={`inline-flex flex-col items-end whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ${BAND_CLASSES[band]}`}>
      {formatPercent(value)}
      {BAND_WORDS[band] ? <span className="font-normal">{BAND_WORDS[band]}</span> : null}
    </span>
  );
}

/** One row per subscription × region × quota: limit, used, held by each team, pending, free, utilisation. */
export function QuotaPoolsTable({ pools, empty }: { pools: QuotaPoolRow[]; empty: ReactNode }) {
  const columns: TableColumn<QuotaPoolRow>[] = [
    {
      header: "Quota",
      cell: (p) => (
        <>
          <UsageName name={p.usageName} />
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            {p.location} · <span title={`Subscription ${p.subscriptionId}`}>{shortSubscription(p.subscriptionId)}</span> · {p.unitLabel}
          </span>
        </>
      ),
    },
    { header: "Limit", cell: (p) => (p.reported ? formatCount(p.limit) : <span className="text-xs">not reported by Azure</span>), className: NUM, narrow: "stack" },
    { header: "Used", cell: (p) => formatCount(p.used), className: NUM },
    {
      header: "Held by team",
      cell: (p) => <HeldByTeams pool={p} />,
      narrow: "stack",
      stacked: (p) => <HeldByTeams pool={p} inline />,
    },
    {
      header: "Pending",
      cell: (p) => (
        <span title={`Awaiting approval ${p.pending.awaitingApproval}, approved ${p.pending.approved}, deploying ${p.pending.deploying}`}>
          {formatCount(p.pending.total)}
          {p.pending.requests ? <span className="block whitespace-nowrap text-xs text-slate-600 dark:text-slate-400">{p.pending.requests} request{p.pending.requests === 1 ? "" : "s"}</span> : null}
        </span>
      ),
      className: NUM,
      narrow: "stack",
      stacked: (p) => `${formatCount(p.pending.total)}${p.pending.requests ? ` (${p.pending.requests} request${p.pending.requests === 1 ? "" : "s"})` : ""}`,
    },
    { header: "Free", cell: (p) => formatCount(p.free), className: NUM },
    { header: "Utilisation", cell: (p) => <UtilisationCell value={p.utilisation} />, className: "text-right" },
  ];
  return <Table caption="Quota pools: limit, used, held by each team, pending and free" columns={columns} rows={pools} rowKey={(p) => p.key} rowProps={(p) => ({ "data-pool": `${p.location}/${p.usageName}` })} empty={empty} />;
}

/** What each team (and no team) holds in a pool, one per line ("Search 150"). */
function HeldByTeams({ pool, inline = false }: { pool: QuotaPoolRow; inline?: boolean }) {
  const parts = [
    ...pool.heldByTeam.map((h) => ({ label: h.team, value: h.held })),
    ...(pool.noTeam ? [{ label: "No team", value: pool.noTeam }] : []),
    ...(pool.notAttributed ? [{ label: "Not attributed", value: pool.notAttributed }] : []),
  ];
  if (parts.length === 0) return <>—</>;
  if (inline) return <>{parts.map((p) => `${p.label} ${formatCount(p.value)}`).join(" · ")}</>;
  return (
    <ul className="text-xs">
      {parts.map((p) => (
        <li key={p.label} className="flex justify-between gap-3 whitespace-nowrap">
          <span>{p.label}</span>
          <span className="tabular-nums">{formatCount(p.value)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A usage name that may wrap after its dots (never mid-word). */
export function UsageName({ name }: { name: string }) {
  const parts = name.split(".");
  return (
    <span className="font-mono text-xs">
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </span>
      ))}
    </span>
  );
}

/** Every team's quota, tokens per minute and PTUs in separate columns. */
export function TeamSummaryTable({ rows, teamHref }: { rows: TeamQuotaSummary[]; teamHref: (team: string) => string }) {
  return (
    <Table
      caption="Quota held and pending per team"
      columns={[
        {
          header: "Team",
          cell: (t) => (
            <Link href={teamHref(t.team)} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              {t.team}
            </Link>
          ),
        },
        { header: "Deployments", cell: (t) => formatCount(t.deployments), className: NUM, narrow: "stack" },
        { header: "Held (thousand TPM)", cell: (t) => formatCount(t.tpmHeld), className: NUM },
        { header: "Held (PTUs)", cell: (t) => formatCount(t.ptuHeld), className: NUM },
        { header: "Pending (thousand TPM)", cell: (t) => formatCount(t.tpmPending), className: NUM, narrow: "stack" },
        { header: "Pending (PTUs)", cell: (t) => formatCount(t.ptuPending), className: NUM, narrow: "stack" },
        { header: "Pending requests", cell: (t) => formatCount(t.pendingRequests), className: NUM, narrow: "stack" },
      ]}
      rows={rows}
      rowKey={(t) => t.team}
      empty={<EmptyState title="No teams yet" />}
    />
  );
}

/** Everything one team holds, everywhere, and what it has pending. */
export function TeamPoolsTable({ team, rows }: { team: string; rows: TeamPoolRow[] }) {
  return (
    <Table
      caption={`Quota ${team} holds and has pending`}
      columns={[
        { header: "Quota", cell: (r) => <UsageName name={r.usageName} /> },
        { header: "Region", cell: (r) => r.location, narrow: "stack" },
        { header: "Unit", cell: (r) => r.unitLabel, narrow: "stack" },
        { header: "Held", cell: (r) => formatCount(r.held), className: NUM },
        { header: "Deployments", cell: (r) => formatCount(r.deployments), className: NUM, narrow: "stack" },
        { header: "Pending", cell: (r) => formatCount(r.pending), className: NUM },
        { header: "Limit", cell: (r) => formatCount(r.limit), className: NUM },
        { header: "Share of limit", cell: (r) => <UtilisationCell value={r.share} />, className: "text-right" },
      ]}
      rows={rows}
      rowKey={(r) => r.key}
      empty={<EmptyState title={`${team} holds no quota here`}>No deployment of {team} and no pending request of theirs matches the filters.</EmptyState>}
    />
  );
}

/** The history chart's data: one row per day (or week), one column per pool, in percent of the limit. */
export function QuotaHistoryTable({ history }: { history: QuotaHistory }) {
  const columns: TableColumn<QuotaHistory["points"][number]>[] = [
    { header: history.step === "week" ? "Week ending" : "Day", cell: (p) => <span className="whitespace-nowrap">{p.date}</span> },
    ...history.pools.map(
      (pool): TableColumn<QuotaHistory["points"][number]> => ({
        header: `${pool.usageName} (${pool.location})`,
        headerClassName: "normal-case font-mono font-medium",
        cell: (p) => {
          const v = p.values[pool.key];
          return v ? <span title={`${v.used} of ${v.limit}`}>{formatPercent(v.percent)}</span> : "—";
        },
        className: NUM,
      }),
    ),
  ];
  return (
    <Table
      caption="Utilisation over time (used ÷ limit)"
      columns={columns}
      rows={[...history.points].reverse()}
      rowKey={(p) => p.date}
      empty={<EmptyState title="No history yet">The reconciler records quota on every sync pass; history appears after the first one.</EmptyState>}
    />
  );
}

/** When each pool runs out at its recent rate of growth. */
export function RunOutTable({ rows }: { rows: RunOutProjection[] }) {
  return (
    <Table
      caption="When each quota runs out at the recent rate of growth"
      columns={[
        { header: "Quota", cell: (r) => <UsageName name={r.usageName} /> },
        { header: "Region", cell: (r) => r.location, narrow: "stack" },
        { header: "Used", cell: (r) => formatCount(r.used), className: NUM, narrow: "stack" },
        { header: "Limit", cell: (r) => formatCount(r.limit), className: NUM, narrow: "stack" },
        { header: "Free", cell: (r) => formatCount(r.free), className: NUM },
        { header: "Growth per day", cell: (r) => (r.perDay === null ? "—" : `${r.perDay > 0 ? "+" : ""}${r.perDay}`), className: NUM, narrow: "stack" },
        {
          header: "Runs out",
          cell: (r) => (r.daysLeft === 0 ? <strong>Now</strong> : r.runsOutOn ? <span className="whitespace-nowrap">{formatDay(r.runsOutOn)} <span className="text-xs text-slate-600 dark:text-slate-400">({r.daysLeft} days)</span></span> : "Not at this rate"),
        },
      ]}
      rows={rows}
      rowKey={(r) => r.key}
      empty={<EmptyState title="Nothing to project" />}
    />
  );
}

/** The quota increase list: what was refused or trimmed for lack of quota and what pending requests still need. */
export function QuotaIncreaseTable({ rows }: { rows: QuotaIncreaseRow[] }) {
  return (
    <Table
      caption="Quota increase list"
      columns={[
        { header: "Quota", cell: (r) => <UsageName name={r.usageName} /> },
        { header: "Region", cell: (r) => r.location, narrow: "stack" },
        { header: "Limit", cell: (r) => formatCount(r.limit), className: NUM, narrow: "stack" },
        { header: "Used", cell: (r) => formatCount(r.used), className: NUM, narrow: "stack" },
        { header: "Pending", cell: (r) => formatCount(r.pending), className: NUM, narrow: "stack" },
        { header: "Refused", cell: (r) => (r.refused ? `${formatCount(r.refusedCapacity)} (${r.refused} request${r.refused === 1 ? "" : "s"})` : "—"), className: NUM, narrow: "stack" },
        { header: "Trimmed off", cell: (r) => (r.trimmed ? `${formatCount(r.trimmedCapacity)} (${r.trimmed} request${r.trimmed === 1 ? "" : "s"})` : "—"), className: NUM, narrow: "stack" },
        { header: "Failed in Azure", cell: (r) => (r.failedInAzure ? `${formatCount(r.failedCapacity)} (${r.failedInAzure})` : "—"), className: NUM, narrow: "stack" },
        { header: "Pending beyond limit", cell: (r) => formatCount(r.pendingShortfall), className: NUM, narrow: "stack" },
        { header: "Ask Azure for", cell: (r) => <strong>{formatCount(r.askFor)}</strong>, className: NUM },
        { header: "Suggested limit", cell: (r) => formatCount(r.suggestedLimit), className: NUM },
      ]}
      rows={rows}
      rowKey={(r) => r.key}
      empty={<EmptyState title="No quota shortfalls">Nothing was refused or trimmed for lack of quota in this period, and pending requests fit their limits.</EmptyState>}
    />
  );
}
