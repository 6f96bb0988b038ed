import Link from "next/link";
import type { InventoryRow } from "@/lib/sync";
import { describeShape } from "./format";
import { InventoryStatusBadge } from "./inventory-status-badge";

/** The path of a deployment's page. */
export function deploymentHref(account: string, name: string): string {
  return `/inventory/${encodeURIComponent(account)}/${encodeURIComponent(name)}`;
}

/** Every deployment with what the repository wants and what Azure has, side by side. */
export function InventoryTable({ rows }: { rows: InventoryRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Deployments: repository and Azure side by side</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-3">Deployment</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">Team</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">Repository</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">Azure</th>
            <th scope="col" className="px-4 py-3">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.account}/${r.name}`} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid="inventory-row" data-deployment={r.name}>
              <td className="px-4 py-3">
                <Link href={deploymentHref(r.account, r.name)} className="whitespace-nowrap font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {r.name}
                </Link>
                <div className="text-xs text-slate-500 dark:text-slate-400">
                  {r.account} · {r.location}
                </div>
                {/* Narrow screens: the hidden columns, stacked under the name. */}
                <dl className="mt-1 text-xs md:hidden">
                  <div>
                    <dt className="sr-only">Team</dt>
                    <dd>{r.team ?? "Unknown team"}</dd>
                  </div>
                  <div>
                    <dt className="inline text-slate-500 dark:text-slate-400">Repository: </dt>
                    <dd className="inline">{r.desired ? describeShape(r.desired) : "not in the file"}</dd>
                  </div>
                  <div>
                    <dt className="inline text-slate-500 dark:text-slate-400">Azure: </dt>
                    <dd className="inline">{r.actual ? describeShape(r.actual) : "not in Azure"}</dd>
                  </div>
                </dl>
              </td>
              <td className="hidden px-4 py-3 md:table-cell">{r.team ?? <span className="text-slate-500 dark:text-slate-400">Unknown</span>}</td>
              <td className="hidden px-4 py-3 md:table-cell">{r.desired ? describeShape(r.desired) : <span className="text-slate-500 dark:text-slate-400">Not in the file</span>}</td>
              <td className="hidden px-4 py-3 md:table-cell">
                {r.actual ? describeShape(r.actual) : <span className="text-slate-500 dark:text-slate-400">Not in Azure</span>}
                {r.actual && r.actual.provisioningState !== "Succeeded" ? <div className="text-xs text-slate-500 dark:text-slate-400">{r.actual.provisioningState}</div> : null}
              </td>
              <td className="px-4 py-3">
                <InventoryStatusBadge status={r.status} />
                {r.differences.length ? <div className="mt-1 text-xs text-amber-800 dark:text-amber-200">{r.differences.join("; ")}</div> : null}
                {r.pendingRequest ? (
                  <div className="mt-1 text-xs">
                    <Link href={`/requests/${r.pendingRequest.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
                      Request #{r.pendingRequest.number}
                    </Link>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
