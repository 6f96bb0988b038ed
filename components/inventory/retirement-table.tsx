import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { Table, type TableColumn } from "@/components/ui/table";
import type { RetirementRow } from "@/lib/sync";
import { deploymentHref } from "./inventory-table";

/** The prefilled request form for moving a deployment to Azure's replacement version. */
export function upgradeHref(r: RetirementRow): string {
  const q = new URLSearchParams({ account: r.account, deployment: r.deployment, action: "upgrade" });
  if (r.replacement) {
    q.set("version", r.replacement.modelVersion);
    if (r.replacement.modelName !== r.modelName) q.set("model", r.replacement.modelName);
  }
  return `/requests/new?${q.toString()}`;
}

function upgradeLink(r: RetirementRow, className: string) {
  return (
    <Link href={upgradeHref(r)} className={className}>
      Request upgrade<span className="sr-only"> of {r.deployment}</span>
    </Link>
  );
}

function columns(canRequest: (r: RetirementRow) => boolean): TableColumn<RetirementRow>[] {
  return [
    {
      header: "Deployment",
      cell: (r) => (
        <>
          <Link href={deploymentHref(r.account, r.deployment)} className="font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            {r.deployment}
          </Link>
          <div className="text-xs text-slate-500 dark:text-slate-400">{r.account} · {r.location}</div>
          {/* Narrow screens: the action column is hidden, so the link stands under the name. */}
          {canRequest(r) ? upgradeLink(r, "mt-2 inline-block text-sm font-medium text-indigo-700 underline md:hidden dark:text-indigo-300") : null}
        </>
      ),
    },
    { header: "Team", narrow: "hide", cell: (r) => r.team ?? "Unknown" },
    {
      header: "Model version",
      cell: (r) => (
        <>
          {r.modelName} {r.modelVersion}
          <div className="text-xs text-slate-500 md:hidden dark:text-slate-400">→ {r.replacement ? `${r.replacement.modelName} ${r.replacement.modelVersion}` : "no replacement named"}</div>
          {r.versionUpgradeOption === "NoAutoUpgrade" ? <div className="text-xs text-red-800 dark:text-red-200">No auto-upgrade: stops working on the date</div> : null}
        </>
      ),
    },
    {
      header: "Retires",
      cell: (r) => (
        <>
          <span className={r.daysLeft <= 30 ? "font-semibold text-red-800 dark:text-red-200" : ""}>{r.retiresOn.slice(0, 10)}</span>
          {r.retiresBeforeVersion ? <div className="text-xs text-slate-500 dark:text-slate-400">{r.skuName} retires before the version</div> : null}
          <div className="text-xs text-slate-500 dark:text-slate-400">{r.daysLeft < 0 ? `retired ${-r.daysLeft} days ago` : `in ${r.daysLeft} days`}</div>
        </>
      ),
    },
    {
      header: "Replacement",
      narrow: "hide",
      cell: (r) => (r.replacement ? `${r.replacement.modelName} ${r.replacement.modelVersion}` : <span className="text-slate-500 dark:text-slate-400">None named</span>),
    },
    { header: "Action", headerHidden: true, narrow: "hide", cell: (r) => (canRequest(r) ? upgradeLink(r, buttonClass("secondary", "whitespace-nowrap")) : null) },
  ];
}

/** Deployments whose model version retires soon, soonest first, with the replacement and an upgrade link. */
export function RetirementTable({ rows, canRequest, empty }: { rows: RetirementRow[]; canRequest: (r: RetirementRow) => boolean; empty: ReactNode }) {
  return (
    <Table
      caption="Deployments whose model version retires soon"
      columns={columns(canRequest)}
      rows={rows}
      rowKey={(r) => `${r.account}/${r.deployment}`}
      rowProps={(r) => ({ "data-testid": "retirement-row", "data-deployment": r.deployment })}
      empty={empty}
    />
  );
}
