import Link from "next/link";
import { Suspense } from "react";
import { PageLoading } from "@/components/ui/page-loading";
import type { UserWithTeams } from "@/lib/auth";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { filterOptions, SelectField } from "@/components/ui/select-field";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, type TableColumn } from "@/components/ui/table";
import { hasCapability, requireCapability } from "@/lib/auth";
import { listRequests, type RequestScope } from "@/lib/read-models";
import { FILTERABLE_STATUSES, formatCapacity, STATUS_LABELS, type RequestStatus } from "@/lib/requests";
import { getServerContext } from "@/lib/server";


export const metadata = { title: "Requests" };

const KIND_LABELS = { create: "New", change: "Change", decommission: "Decommission" } as const;

export default async function RequestsPage({ searchParams }: { searchParams: Promise<{ scope?: string; before?: string; after?: string; status?: string }> }) {
  const user = await requireCapability("requests:view", "/requests");
  const params = await searchParams;
  const canSeeAll = hasCapability(user.role, "dashboard:view");
  const canCreate = hasCapability(user.role, "request:create");
  // Only people who submit requests have "my requests"; the others start on all (or their team's).
  const scopes: { id: RequestScope; label: string }[] = [
    ...(canCreate ? [{ id: "mine" as const, label: "My requests" }] : []),
    ...(canSeeAll && !canCreate ? [{ id: "all" as const, label: "All requests" }] : []),
    ...(user.teams.length ? [{ id: "team" as const, label: "My team's requests" }] : []),
    ...(canSeeAll && canCreate ? [{ id: "all" as const, label: "All requests" }] : []),
  ];
  const scope = scopes.find((s) => s.id === params.scope)?.id ?? scopes[0]?.id ?? "mine";
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
        <SelectField id="status-filter" name="status" label="Status" defaultValue={status ?? ""} options={filterOptions("Any status", FILTERABLE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })))} />
        <button type="submit" className={buttonClass("secondary")}>Filter</button>
      </form>
      <Suspense key={`${scope}-${params.before}-${params.after}-${status}`} fallback={<PageLoading label="Loading requests…" />}>
        <RequestList user={user} scope={scope} status={status} before={cursor(params.before)} after={cursor(params.after)} canCreate={canCreate} />
      </Suspense>
    </>
  );
}

/** A page cursor from the address: a request number, or nothing. */
function cursor(value: string | undefined): number | undefined {
  return value && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

type RequestItem = Awaited<ReturnType<typeof listRequests>>["items"][number];

const COLUMNS: TableColumn<RequestItem>[] = [
  {
    header: "Request",
    className: "font-medium",
    cell: (r) => (
      <>
        <Link href={`/requests/${r.id}`} className="hover:underline">
          #{r.number} {KIND_LABELS[r.kind]}
        </Link>
        <div className="text-xs text-slate-500 dark:text-slate-400">{r.createdAt.toISOString().slice(0, 10)}</div>
      </>
    ),
  },
  { header: "Deployment", narrow: "stack", className: "font-mono text-xs leading-5", cell: (r) => r.deploymentName, stacked: (r) => <span className="font-mono">{r.deploymentName}</span> },
  {
    header: "Account",
    narrow: "stack",
    cell: (r) => <>{r.accountName}<div className="text-xs text-slate-500 dark:text-slate-400">{r.location}</div></>,
    stacked: (r) => `${r.accountName} (${r.location})`,
  },
  {
    header: "Model",
    narrow: "stack",
    cell: (r) => <>{r.modelName} {r.modelVersion}<div className="text-xs text-slate-500 dark:text-slate-400">{r.skuName} × {formatCapacity(r.capacity, r.skuName)}</div></>,
    stacked: (r) => `${r.modelName} ${r.modelVersion} · ${r.skuName} × ${formatCapacity(r.capacity, r.skuName)}`,
  },
  { header: "Team", narrow: "stack", cell: (r) => r.teamName },
  { header: "Status", cell: (r) => <StatusBadge status={r.status} /> },
];

async function RequestList({ user, scope, status, before, after, canCreate }: { user: UserWithTeams; scope: RequestScope; status?: RequestStatus; before?: number; after?: number; canCreate: boolean }) {
  const list = await listRequests(await getServerContext(), user, { scope, status, before, after });
  const { items, total, totalCapped, newer, older } = list;
  const query = (key: "before" | "after", n: number) => `/requests?scope=${scope}${status ? `&status=${status}` : ""}&${key}=${n}`;
  const paged = before !== undefined || after !== undefined;
  return (
    <>
      <Table
        caption="Requests, newest first"
        columns={COLUMNS}
        rows={items}
        rowKey={(r) => r.id}
        empty={
          <EmptyState
            title={status ? `No ${STATUS_LABELS[status].toLowerCase()} requests` : "No requests yet"}
            action={canCreate ? <Link href="/requests/new" className={buttonClass("secondary")}>Request a model</Link> : undefined}
          >
            {scope === "mine" ? "Requests you submit appear here with their status." : "Requests appear here once someone submits one."}
          </EmptyState>
        }
      />
      {newer !== null || older !== null || paged ? (
        <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
          <span>
            {items.length ? `#${items[0].number} to #${items[items.length - 1].number} · ` : ""}
            {totalCapped ? `more than ${total.toLocaleString("en")}` : total.toLocaleString("en")} request{total === 1 && !totalCapped ? "" : "s"}
          </span>
          <span className="flex gap-2">
            {paged ? <Link className={buttonClass("ghost")} href={`/requests?scope=${scope}${status ? `&status=${status}` : ""}`}>Newest</Link> : null}
            {newer !== null ? <Link className={buttonClass("secondary")} href={query("after", newer)} rel="prev">Newer</Link> : null}
            {older !== null ? <Link className={buttonClass("secondary")} href={query("before", older)} rel="next">Older</Link> : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}
