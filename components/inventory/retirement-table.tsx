import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
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

/** Deployments whose model version retires soon, soonest first, with the replacement and an upgrade link. */
export function RetirementTable({ rows, canRequest }: { rows: RetirementRow[]; canRequest: (r: RetirementRow) => boolean }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Deployments whose model version retires soon</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-3">Deployment</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">Team</th>
            <th scope="col" className="px-4 py-3">Model version</th>
            <th scope="col" className="px-4 py-3">Retires</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">Replacement</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell"><span className="sr-only">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.account}/${r.deployment}`} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid="retirement-row" data-deployment={r.deployment}>
              <td className="px-4 py-3">
                <Link href={deploymentHref(r.account, r.deployment)} className="font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {r.deployment}
                </Link>
                <div className="text-xs text-slate-500 dark:text-slate-400">{r.account} · {r.location}</div>
                {canRequest(r) ? (
                  <Link href={upgradeHref(r)} className="mt-2 inline-block text-sm font-medium text-indigo-700 underline md:hidden dark:text-indigo-300">
                    Request upgrade<span className="sr-only"> of {r.deployment}</span>
                  </Link>
                ) : null}
              </td>
              <td className="hidden px-4 py-3 md:table-cell">{r.team ?? "Unknown"}</td>
              <td className="px-4 py-3">
                {r.modelName} {r.modelVersion}
                <div className="text-xs text-slate-500 md:hidden dark:text-slate-400">→ {r.replacement ? `${r.replacement.modelName} ${r.replacement.modelVersion}` : "no replacement named"}</div>
                {r.versionUpgradeOption === "NoAutoUpgrade" ? <div className="text-xs text-red-800 dark:text-red-200">No auto-upgrade: stops working on the date</div> : null}
              </td>
              <td className="px-4 py-3">
                <span className={r.daysLeft <= 30 ? "font-semibold text-red-800 dark:text-red-200" : ""}>{r.retiresOn.slice(0, 10)}</span>
                <div className="text-xs text-slate-500 dark:text-slate-400">{r.daysLeft < 0 ? `retired ${-r.daysLeft} days ago` : `in ${r.daysLeft} days`}</div>
              </td>
              <td className="hidden px-4 py-3 md:table-cell">{r.replacement ? `${r.replacement.modelName} ${r.replacement.modelVersion}` : <span className="text-slate-500 dark:text-slate-400">None named</span>}</td>
              <td className="hidden px-4 py-3 md:table-cell">
                {canRequest(r) ? (
                  <Link href={upgradeHref(r)} className={buttonClass("secondary", "whitespace-nowrap")}>
                    Request upgrade<span className="sr-only"> of {r.deployment}</span>
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
