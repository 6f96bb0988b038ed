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
type Search = { q?: string; account?: string; status?: string; team?: string };

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
      <Suspense key={JSON.stringify(filters)} fallback={<PageLoading label="Loading the inventory…" />}>
        <Inventory user={user} filters={filters} />
      </Suspense>
    </>
  );
}

async function Inventory({ user, filters }: { user: UserWithTeams; filters: InventoryFilters }) {
  const { inventory, status, rows } = await loadInventory(await getServerContext(), user, filters);
  const all = inventory?.rows ?? [];
  const accounts = inventory?.accounts ?? [];
  const teams = [...new Set(all.map((r) => r.team).filter((t): t is string => !!t))].sort();
  const counts = STATUSES.map((s) => ({ s, n: all.filter((r) => r.status === s).length })).filter((c) => c.n > 0);
  const filtered = Boolean(filters.q || filters.account || filters.status || filters.team);
  const soon = inventory?.retirements.filter((r) => r.daysLeft >= 0).length ?? 0;
  return (
    <div className="space-y-4">
      <SyncStatusNotice status={status} />
      {inventory ? (
        <>
          {counts.length ? (
            <ul aria-label="Deployments by status" className="flex flex-wrap gap-2 text-sm">
              {counts.map(({ s, n }) => (
                <li key={s}>
                  <Link
                    href={`/inventory?status=${s}`}
                    aria-current={filters.status === s ? "true" : undefined}
                    className="inline-block rounded-full bg-white px-3 py-1 ring-1 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:ring-slate-700 dark:hover:bg-slate-800"
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
                {soon} deployment{soon === 1 ? "" : "s"} retire{soon === 1 ? "s" : ""} within {inventory.retirementWindowDays} days
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
