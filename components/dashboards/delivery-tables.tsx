import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, type TableColumn } from "@/components/ui/table";
import type { PendingRequestAge, StageTiming, TeamOutcomes } from "@/lib/read-models";
import { formatCount, formatDay, formatDuration, formatPercent } from "./format";

const NUM = "text-right tabular-nums";

/** Requests per week, one column per series (teams or kinds), and the week's total. */
export function WeeklyTable({ caption, series, rows }: { caption: string; series: string[]; rows: { week: string; counts: number[]; total: number }[] }) {
  const columns: TableColumn<(typeof rows)[number]>[] = [
    { header: "Week of", cell: (r) => <span className="whitespace-nowrap">{r.week}</span> },
    ...series.map((s, i): TableColumn<(typeof rows)[number]> => ({ header: s, cell: (r) => formatCount(r.counts[i]), className: NUM })),
    { header: "Total", cell: (r) => <strong>{formatCount(r.total)}</strong>, className: NUM },
  ];
  return <Table caption={caption} columns={columns} rows={[...rows].reverse()} rowKey={(r) => r.week} empty={<EmptyState title="No requests in this period" />} />;
}

/** Lead time per stage: how many went through it, the median and the 90th percentile. */
export function StageTable({ stages }: { stages: StageTiming[] }) {
  return (
    <Table
      caption="Lead time per stage"
      columns={[
        {
          header: "Stage",
          cell: (s) => (
            <>
              <span className="font-medium">{s.label}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">From {s.from}.</span>
            </>
          ),
        },
        { header: "Requests", cell: (s) => formatCount(s.measured), className: NUM },
        { header: "p50", cell: (s) => formatDuration(s.p50), className: `${NUM} whitespace-nowrap` },
        { header: "p90", cell: (s) => formatDuration(s.p90), className: `${NUM} whitespace-nowrap` },
      ]}
      rows={stages}
      rowKey={(s) => s.stage}
      empty={<EmptyState title="Nothing measured" />}
    />
  );
}

/** Outcomes per team: how many finished, and the failure, rejection and cancellation rates. */
export function OutcomesTable({ rows, total }: { rows: TeamOutcomes[]; total: TeamOutcomes }) {
  return (
    <Table
      caption="Outcomes per team"
      columns={[
        { header: "Team", cell: (o) => (o === total ? <strong>{o.team}</strong> : o.team) },
        { header: "Submitted", cell: (o) => formatCount(o.submitted), className: NUM, narrow: "stack" },
        { header: "Finished", cell: (o) => formatCount(o.finished), className: NUM },
        { header: "Succeeded", cell: (o) => formatCount(o.succeeded), className: NUM, narrow: "stack" },
        { header: "Failed", cell: (o) => `${formatCount(o.failed)} (${formatPercent(o.failureRate)})`, className: `${NUM} whitespace-nowrap` },
        { header: "Rejected", cell: (o) => `${formatCount(o.rejected)} (${formatPercent(o.rejectionRate)})`, className: `${NUM} whitespace-nowrap`, narrow: "stack" },
        { header: "Cancelled", cell: (o) => `${formatCount(o.cancelled)} (${formatPercent(o.cancellationRate)})`, className: `${NUM} whitespace-nowrap`, narrow: "stack" },
      ]}
      rows={rows.length ? [...rows, total] : []}
      rowKey={(o) => o.team}
      empty={<EmptyState title="No requests in this period" />}
    />
  );
}

/** The pending requests waiting longest, each a link to its page. */
export function OldestPendingTable({ rows, kindLabels }: { rows: PendingRequestAge[]; kindLabels: Record<string, string> }) {
  return (
    <Table
      caption="Oldest pending requests"
      columns={[
        {
          header: "Request",
          cell: (r) => (
            <Link href={`/requests/${r.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              #{r.number} {r.deploymentName}
            </Link>
          ),
        },
        { header: "Account", cell: (r) => r.accountName, narrow: "stack" },
        { header: "Team", cell: (r) => r.team, narrow: "stack" },
        { header: "Kind", cell: (r) => kindLabels[r.kind] ?? r.kind, narrow: "stack" },
        { header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
        { header: "Submitted", cell: (r) => <span className="whitespace-nowrap">{formatDay(r.submittedAt)}</span>, narrow: "stack" },
        { header: "Waiting", cell: (r) => formatDuration(r.ageSeconds), className: `${NUM} whitespace-nowrap` },
      ]}
      rows={rows}
      rowKey={(r) => r.id}
      empty={<EmptyState title="Nothing pending">No request is waiting for a decision or a deployment.</EmptyState>}
    />
  );
}
