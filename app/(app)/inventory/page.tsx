import Link from "next/link";
import { Suspense } from "react";
import { InventoryTable } from "@/components/inventory/inventory-table";
import { SyncStatusNotice } from "@/components/inventory/sync-status-notice";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { controlClass, Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { filterOptions, SelectField } from "@/components/ui/select-field";
import { hasCapability, requireCapability, type UserWithTeams } from "@/lib/auth";
import { loadInventory, type InventoryFilters } from "@/lib/read-models";
import { getServerContext } from "@/lib/server";
import { INVENTORY_STATUS_LABELS, type InventoryStatus } from "@/lib/sync";

export const metadata = { title: "Inventory" };

const STATUSES = Object.keys(INVENTORY_STATUS_LABELS) as InventoryStatus[];
type Search = { q?: string; account?: string; status?: string; team?: string; page?: string };

const one = (v: unknown) => (typeof v === "string" && v.length <= 200 ? v : undefined);

export default async function InventoryPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireCapability("inventory:view", "/inventory");
  const raw = await searchParams;
  const filters: InventoryFilters = {
    q: one(raw.q),
    account: one(raw.account),
    status: STATUSES.find((s) => s === raw.status),
    team: one(raw.team),
  };
  const page = /^\d{1,6}$/.test(raw.page ?? "") ? Number(raw.page) : 1;
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Every deployment of every account: what the parameter file on main wants and what Azure has."
        actions={
          <>
            {hasCapability(user.role, "settings:manage") ? <Link href="/inventory/deletions" className={buttonClass("secondary")}>Waiting deletions</Link> : null}
            <Link href="/inventory/retirements" className={buttonClass("secondary")}>Retirement radar</Link>
          </>
        }
      />
      <Suspense key={`${JSON.stringify(filters)}-${page}`} fallback={<PageLoading label="Loading the inventory…" />}>
        <Inventory user={user} filters={filters} page={page} />
      </Suspense>
    </>
  );
}

/** The inventory address for these filters (and page), leaving out what is empty. */
function inventoryHref(filters: InventoryFilters, page = 1): string {
  const q = new URLSearchParams();
  for (const key of ["q", "account", "status", "team"] as const) if (filters[key]) q.set(key, filters[key]!);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `/inventory?${s}` : "/inventory";
}

async function Inventory({ user, filters, page: wanted }: { user: UserWithTeams; filters: InventoryFilters; page: number }) {
  const view = await loadInventory(await getServerContext(), user, filters, wanted);
  const { meta, status, rows, total, page, pageCount, teams, retiringSoon: soon } = view;
  const accounts = meta?.accounts ?? [];
  const counts = STATUSES.map((s) => ({ s, n: view.counts[s] ?? 0 })).filter((c) => c.n > 0);
  const filtered = Boolean(filters.q || filters.account || filters.status || filters.team);
  return (
    <div className="space-y-4">
      <SyncStatusNotice status={status} />
      {meta ? (
        <>
          {counts.length ? (
            <ul aria-label="Deployments by status" className="flex flex-wrap gap-2 text-sm">
              {counts.map(({ s, n }) => (
                <li key={s}>
                  <Link
                    href={inventoryHref({ ...filters, status: s })}
                    aria-current={filters.status === s ? "true" : undefined}
                    className="inline-block rounded-full bg-white px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-100 aria-[current]:ring-2 aria-[current]:ring-indigo-600 dark:bg-slate-900 dark:ring-slate-700 dark:hover:bg-slate-800 dark:aria-[current]:ring-indigo-400"
                  >
                    {INVENTORY_STATUS_LABELS[s]}: <strong>{n}</strong>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          {soon ? (
            <p className="text-sm">
              <Link href="/inventory/retirements" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {soon} deployment{soon === 1 ? "" : "s"} retire{soon === 1 ? "s" : ""} within {meta.retirementWindowDays} days
              </Link>
            </p>
          ) : null}
          <form method="get" action="/inventory" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end">
            <Field id="inv-q" label="Search">
              {(a11y) => <input id="inv-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Deployment, model, team…" className={controlClass} {...a11y} />}
            </Field>
            <SelectField id="inv-account" name="account" label="Account" defaultValue={filters.account ?? ""} options={filterOptions("All accounts", accounts.map((a) => ({ value: a.name, label: `${a.name} (${a.location})` })))} />
            <SelectField id="inv-status" name="status" label="Status" defaultValue={filters.status ?? ""} options={filterOptions("Any status", STATUSES.map((s) => ({ value: s, label: INVENTORY_STATUS_LABELS[s] })))} />
            <SelectField id="inv-team" name="team" label="Team" defaultValue={filters.team ?? ""} options={filterOptions("All teams", [...teams, { value: "-", label: "Unknown team" }])} />
            <div className="flex gap-2">
              <button type="submit" className={buttonClass("secondary")}>Filter</button>
              {filtered ? <Link href="/inventory" className={buttonClass("ghost")}>Clear</Link> : null}
            </div>
          </form>
          <InventoryTable
            rows={rows}
            empty={
              <EmptyState title={filtered ? "No deployments match" : "No deployments yet"}>
                {filtered ? "Try another search or clear the filters." : "No parameter file on main lists a deployment, and Azure has none."}
              </EmptyState>
            }
          />
          {total > 0 ? (
            <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <span>
                {pageCount > 1 ? `Page ${page} of ${pageCount} · ` : ""}
                {total} deployment{total === 1 ? "" : "s"}
              </span>
              {pageCount > 1 ? (
                <span className="flex gap-2">
                  {page > 1 ? <Link className={buttonClass("secondary")} href={inventoryHref(filters, page - 1)} rel="prev">Previous</Link> : null}
                  {page < pageCount ? <Link className={buttonClass("secondary")} href={inventoryHref(filters, page + 1)} rel="next">Next</Link> : null}
                </span>
              ) : null}
            </nav>
          ) : null}
          {accounts.some((a) => a.error) ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              Azure columns of {accounts.filter((a) => a.error).map((a) => a.name).join(", ")} show the last state read.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
