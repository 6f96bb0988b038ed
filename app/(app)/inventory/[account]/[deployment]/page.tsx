import Link from "next/link";
import { notFound } from "next/navigation";
import { describeShape, formatDateTime } from "@/components/inventory/format";
import { InventoryStatusBadge } from "@/components/inventory/inventory-status-badge";
import { deploymentHref } from "@/components/inventory/inventory-table";
import { upgradeHref } from "@/components/inventory/retirement-table";
import { SyncStatusNotice } from "@/components/inventory/sync-status-notice";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, type TableColumn } from "@/components/ui/table";
import { requireCapability, type UserWithTeams } from "@/lib/auth";
import { loadDeploymentHistory, type DeploymentHistoryCursor } from "@/lib/read-models";
import { formatCapacity, mayRequestChange, type RequestStatus } from "@/lib/requests";
import { getServerContext } from "@/lib/server";
import type { DeploymentShape } from "@/lib/sync";

export const metadata = { title: "Deployment" };

const KIND_LABELS = { create: "New", change: "Change", decommission: "Decommission" } as const;

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // a broken %-escape names no deployment
  }
}

export default async function DeploymentPage({ params, searchParams }: { params: Promise<{ account: string; deployment: string }>; searchParams: Promise<{ requests?: string; snapshots?: string }> }) {
  const p = await params;
  const q = await searchParams;
  const user = await requireCapability("inventory:view", `/inventory/${p.account}/${p.deployment}`);
  const cursor: DeploymentHistoryCursor = {
    ...(/^\d{1,9}$/.test(q.requests ?? "") ? { requestsBefore: Number(q.requests) } : {}),
    ...(/^\d{1,18}$/.test(q.snapshots ?? "") ? { snapshotsBefore: BigInt(q.snapshots!) } : {}),
  };
  const account = decodeSegment(p.account);
  const deployment = decodeSegment(p.deployment);
  if (account === null || deployment === null) notFound();
  // Read before anything streams, so a deployment nobody knows is a real 404, not a 200 page saying so.
  const history = await loadDeploymentHistory(await getServerContext(), user, account, deployment, cursor);
  if (!history.row && history.requests.length === 0 && history.snapshots.length === 0) notFound();
  return <Deployment user={user} account={account} name={deployment} h={history} cursor={cursor} />;
}

function Shape({ title, shape, empty }: { title: string; shape: DeploymentShape | null; empty: string }) {
  return (
    <Card>
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{title}</h2>
      {shape ? (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">Model</dt>
          <dd>{shape.modelName} {shape.modelVersion}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Deployment type</dt>
          <dd>{shape.skuName}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Capacity</dt>
          <dd>{formatCapacity(shape.capacity, shape.skuName)}</dd>
          {shape.versionUpgradeOption ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Version upgrade</dt>
              <dd>{shape.versionUpgradeOption}</dd>
            </>
          ) : null}
          {shape.raiPolicyName ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Content filter</dt>
              <dd>{shape.raiPolicyName}</dd>
            </>
          ) : null}
          {"provisioningState" in shape ? (
            <>
              <dt className="text-slate-600 dark:text-slate-400">Provisioning</dt>
              <dd>{String(shape.provisioningState)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      )}
    </Card>
  );
}

type History = Awaited<ReturnType<typeof loadDeploymentHistory>>;

const REQUEST_COLUMNS: TableColumn<History["requests"][number]>[] = [
  {
    header: "Request",
    cell: (r) => (
      <>
        <Link href={`/requests/${r.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">#{r.number} {KIND_LABELS[r.kind]}</Link>
        <div className="text-xs text-slate-500 dark:text-slate-400">{formatDateTime(r.createdAt)}</div>
      </>
    ),
  },
  { header: "Asked for", narrow: "stack", cell: (r) => (r.kind === "decommission" ? "Remove" : describeShape(r)) },
  { header: "By", narrow: "stack", cell: (r) => <>{r.requester.name}<div className="text-xs text-slate-500 dark:text-slate-400">{r.team.name}</div></>, stacked: (r) => `${r.requester.name} (${r.team.name})` },
  { header: "Status", cell: (r) => <StatusBadge status={r.status as RequestStatus} /> },
];

const SNAPSHOT_COLUMNS: TableColumn<History["snapshots"][number]>[] = [
  { header: "Seen", cell: (s) => <span className="whitespace-nowrap">{formatDateTime(s.takenAt)}</span> },
  { header: "Deployment", narrow: "stack", cell: (s) => describeShape(s) },
  { header: "State", narrow: "stack", cell: (s) => s.provisioningState },
];

/** "Newest" and "Older" links under one of the page's two histories, keeping the other's place. */
function HistoryPager({ base, cursor, which, older }: { base: string; cursor: DeploymentHistoryCursor; which: "requests" | "snapshots"; older: number | bigint | null }) {
  const other: Record<string, string> = {};
  if (which === "requests" && cursor.snapshotsBefore !== undefined) other.snapshots = String(cursor.snapshotsBefore);
  if (which === "snapshots" && cursor.requestsBefore !== undefined) other.requests = String(cursor.requestsBefore);
  const paged = which === "requests" ? cursor.requestsBefore !== undefined : cursor.snapshotsBefore !== undefined;
  if (older === null && !paged) return null;
  const href = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ ...other, ...extra }).toString();
    return q ? `${base}?${q}` : base;
  };
  const label = which === "requests" ? "requests" : "snapshots";
  return (
    <nav aria-label={`Pages of ${label}`} className="mt-2 flex gap-2 text-sm">
      {paged ? <Link className={buttonClass("ghost")} href={href({})}>Newest {label}</Link> : null}
      {older !== null ? <Link className={buttonClass("secondary")} href={href({ [which]: String(older) })}>Older {label}</Link> : null}
    </nav>
  );
}

function Deployment({ user, account, name, h, cursor }: { user: UserWithTeams; account: string; name: string; h: History; cursor: DeploymentHistoryCursor }) {
  const base = deploymentHref(account, name);
  const row = h.row;
  const team = row?.team ?? h.requests.find((r) => r.kind !== "decommission" && r.status === "succeeded")?.team.name ?? null;
  const may = mayRequestChange(user, team) && row !== null && row.desired !== null;
  const q = (action: string) => `/requests/new?${new URLSearchParams({ account, deployment: name, action }).toString()}`;
  return (
    <>
      <PageHeader
        title={name}
        description={
          <>
            {account}
            {h.account ? ` · ${h.account.location}` : ""} · {team ? `owned by ${team}` : "owning team unknown"} ·{" "}
            <Link href="/inventory" className="text-indigo-700 underline dark:text-indigo-300">Inventory</Link>
          </>
        }
        actions={
          may ? (
            <>
              <Link href={q("change")} className={buttonClass("secondary")}>Request a change</Link>
              <Link href={q("decommission")} className={buttonClass("danger")}>Decommission</Link>
            </>
          ) : undefined
        }
      />
      <div className="space-y-6">
        <SyncStatusNotice status={h.status} />
        {row ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <InventoryStatusBadge status={row.status} />
            {row.differences.length ? <span className="text-amber-800 dark:text-amber-200">{row.differences.join("; ")}</span> : null}
            {row.status === "unmanaged" ? <span>Azure has it, but no parameter file on main lists it (created by hand, or removed from the file while the pipeline deploys incrementally).</span> : null}
            {row.status === "missing" ? <span>The parameter file lists it, but Azure doesn&apos;t have it.</span> : null}
          </div>
        ) : (
          <Notice title="Not in the repository or Azure any more">Its history is below.</Notice>
        )}
        {h.retirement ? (
          <Notice tone="warning" title={`${h.retirement.modelName} ${h.retirement.modelVersion} retires on ${h.retirement.retiresOn.slice(0, 10)}`}>
            {h.retirement.replacement ? `Azure names ${h.retirement.replacement.modelName} ${h.retirement.replacement.modelVersion} as its replacement. ` : ""}
            {may ? <Link href={upgradeHref(h.retirement)} className="font-medium underline">Request upgrade</Link> : null}
          </Notice>
        ) : null}
        {row ? (
          <div className="grid gap-4 md:grid-cols-2">
            <Shape title="Repository (desired)" shape={row.desired} empty="Not in any parameter file on main." />
            <Shape title="Azure (actual)" shape={row.actual} empty="Azure has no deployment of this name." />
          </div>
        ) : null}
        <section aria-labelledby="req-h">
          <h2 id="req-h" className="mb-2 text-lg font-semibold">Requests</h2>
          <Table
            caption="Requests for this deployment, newest first"
            columns={REQUEST_COLUMNS}
            rows={h.requests}
            rowKey={(r) => r.id}
            empty={<p className="text-sm text-slate-600 dark:text-slate-400">No request through ModelGate has touched this deployment.</p>}
          />
          <HistoryPager base={base} cursor={cursor} which="requests" older={h.olderRequests} />
        </section>
        <section aria-labelledby="snap-h">
          <h2 id="snap-h" className="mb-2 text-lg font-semibold">What Azure had</h2>
          <Table
            caption="Changes Azure reported for this deployment, newest first"
            columns={SNAPSHOT_COLUMNS}
            rows={h.snapshots}
            rowKey={(s) => String(s.id)}
            empty={<p className="text-sm text-slate-600 dark:text-slate-400">No snapshot yet: the reconciler records one whenever Azure&apos;s state changes.</p>}
          />
          <HistoryPager base={base} cursor={cursor} which="snapshots" older={h.olderSnapshots} />
        </section>
      </div>
    </>
  );
}
