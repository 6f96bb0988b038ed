import Link from "next/link";
import { Suspense } from "react";
import { PageLoading } from "@/components/ui/page-loading";
import type { UserWithTeams } from "@/lib/auth";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { hasCapability, requireCapability } from "@/lib/auth";
import { listRequests, type RequestScope } from "@/lib/read-models";
import { FILTERABLE_STATUSES, STATUS_LABELS, type RequestStatus } from "@/lib/requests";
import { getServerContext } from "@/lib/server";


export const metadata = { title: "Requests" };

const KIND_LABELS = { create: "New", change: "Change", decommission: "Decommission" } as const;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<{ scope?: string; page?: string; status?: string }> }) {
  const user = await requireCapability("requests:view", "/requests");
  const params = await searchParams;
  const canSeeAll = hasCapability(user.role, "dashboard:view");
  const scopes: { id: RequestScope; label: string }[] = [
    { id: "mine", label: "My requests" },
    ...(user.teams.length ? [{ id: "team" as const, label: "My team's requests" }] : []),
    ...(canSeeAll ? [{ id: "all" as const, label: "All requests" }] : []),
  ];
  const scope = scopes.find((s) => s.id === params.scope)?.id ?? scopes[0].id;
  const canCreate = hasCapability(user.role, "request:create");
  const status = FILTERABLE_STATUSES.find((s) => s === params.status);

  return (
    <>
      <PageHeader
        title="Requests"
        description="Model deployment requests and where each one stands."
        actions={canCreate ? <Link href="/requests/new" className={buttonClass("primary")}>Request a model</Link> : undefined}
      />
      <nav aria-label="Which requests" className="mb-4 flex flex-wrap gap-2">
        {scopes.map((s) => (
          <Link
            key={s.id}
            href={`/requests?scope=${s.id}`}
            aria-current={s.id === scope ? "page" : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ${
              s.id === scope
                ? "bg-indigo-600 text-white dark:bg-indigo-400 dark:text-slate-950"
                : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700"
            }`}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <form method="get" action="/requests" className="mb-4 flex flex-wrap items-end gap-2">
        <input type="hidden" name="scope" value={scope} />
        <div>
          <label htmlFor="status-filter" className="block text-sm font-medium">Status</label>
          <select id="status-filter" name="status" defaultValue={status ?? ""} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900">
            <option value="">Any status</option>
            {FILTERABLE_STATUSES.map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("secondary")}>Filter</button>
      </form>
      <Suspense key={`${scope}-${params.page}-${status}`} fallback={<PageLoading label="Loading requests…" />}>
        <RequestList user={user} scope={scope} status={status} page={Number(params.page) || 1} canCreate={canCreate} />
      </Suspense>
    </>
  );
}

async function RequestList({ user, scope, status, page: wanted, canCreate }: { user: UserWithTeams; scope: RequestScope; status?: RequestStatus; page: number; canCreate: boolean }) {
  const { items, total, page, pageCount } = await listRequests(await getServerContext(), user, { scope, status, page: wanted });
  const query = (p: number) => `/requests?scope=${scope}${status ? `&status=${status}` : ""}&page=${p}`;
  return (
    <>
      {items.length === 0 ? (
        <EmptyState
          title={status ? `No ${STATUS_LABELS[status].toLowerCase()} requests` : "No requests yet"}
          action={canCreate ? <Link href="/requests/new" className={buttonClass("secondary")}>Request a model</Link> : undefined}
        >
          {scope === "mine" ? "Requests you submit appear here with their status." : "Requests appear here once someone submits one."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Requests, newest first</caption>
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-3">Request</th>
                <th scope="col" className="px-4 py-3">Deployment</th>
                <th scope="col" className="px-4 py-3">Account</th>
                <th scope="col" className="px-4 py-3">Model</th>
                <th scope="col" className="px-4 py-3">Team</th>
                <th scope="col" className="px-4 py-3">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/requests/${r.id}`} className="hover:underline">
                      #{r.number} {KIND_LABELS[r.kind]}
                    </Link>
                    <div className="text-xs text-slate-500 dark:text-slate-400">{r.createdAt.toISOString().slice(0, 10)}</div>
                  </td>
                  <td className="px-4 py-3 font-mono text-xs">{r.deploymentName}</td>
                  <td className="px-4 py-3">{r.accountName}<div className="text-xs text-slate-500 dark:text-slate-400">{r.location}</div></td>
                  <td className="px-4 py-3">{r.modelName} {r.modelVersion}<div className="text-xs text-slate-500 dark:text-slate-400">{r.skuName} · {r.capacity}</div></td>
                  <td className="px-4 py-3">{r.teamName}</td>
                  <td className="px-4 py-3"><StatusBadge status={r.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          <span>
            Page {page} of {pageCount} · {total} requests
          </span>
          <span className="flex gap-2">
            {page > 1 ? <Link className={buttonClass("secondary")} href={query(page - 1)}>Previous</Link> : null}
            {page < pageCount ? <Link className={buttonClass("secondary")} href={query(page + 1)}>Next</Link> : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}
