import Link from "next/link";
import type { ReactNode } from "react";
import { Table, type TableColumn } from "@/components/ui/table";
import type { InventoryRow } from "@/lib/sync";
import { describeShape } from "./format";
import { InventoryStatusBadge } from "./inventory-status-badge";

/** The path of a deployment's page. */
export function deploymentHref(account: string, name: string): string {
  return `/inventory/${encodeURIComponent(account)}/${encodeURIComponent(name)}`;
}

const muted = (text: string) => <span className="text-slate-500 dark:text-slate-400">{text}</span>;

const COLUMNS: TableColumn<InventoryRow>[] = [
  {
    header: "Deployment",
    cell: (r) => (
      <>
        <Link href={deploymentHref(r.account, r.name)} className="whitespace-nowrap font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {r.name}
        </Link>
        <div className="text-xs text-slate-500 dark:text-slate-400">
          {r.account} · {r.location}
        </div>
      </>
    ),
  },
  { header: "Team", narrow: "stack", stackedLabelHidden: true, cell: (r) => r.team ?? muted("Unknown"), stacked: (r) => r.team ?? "Unknown team" },
  {
    header: "Repository",
    narrow: "stack",
    cell: (r) => (r.desired ? describeShape(r.desired) : muted("Not in the file")),
    stacked: (r) => (r.desired ? describeShape(r.desired) : "not in the file"),
  },
  {
    header: "Azure",
    narrow: "stack",
    cell: (r) => (
      <>
        {r.actual ? describeShape(r.actual) : muted("Not in Azure")}
        {r.actual && r.actual.provisioningState !== "Succeeded" ? <div className="text-xs text-slate-500 dark:text-slate-400">{r.actual.provisioningState}</div> : null}
      </>
    ),
    stacked: (r) => (r.actual ? describeShape(r.actual) : "not in Azure"),
  },
  {
    header: "Status",
    cell: (r) => (
      <>
        <InventoryStatusBadge status={r.status} />
        {r.differences.length ? <div className="mt-1 text-xs text-amber-800 dark:text-amber-200">{r.differences.join("; ")}</div> : null}
        {r.pendingRequest ? (
          <div className="mt-1 text-xs">
            <Link href={`/requests/${r.pendingRequest.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
              Request #{r.pendingRequest.number}
            </Link>
          </div>
        ) : null}
      </>
    ),
  },
];

/** Every deployment with what the repository wants and what Azure has, side by side; `empty` when there is none. */
export function InventoryTable({ rows, empty }: { rows: InventoryRow[]; empty: ReactNode }) {
  return (
    <Table
      caption="Deployments: repository and Azure side by side"
      columns={COLUMNS}
      rows={rows}
      rowKey={(r) => `${r.account}/${r.name}`}
      rowProps={(r) => ({ "data-testid": "inventory-row", "data-deployment": r.name })}
      empty={empty}
    />
  );
}
