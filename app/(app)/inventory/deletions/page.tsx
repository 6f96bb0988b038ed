import Link from "next/link";
import { forbidden } from "next/navigation";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { Table, type TableColumn } from "@/components/ui/table";
import { requireCapability } from "@/lib/auth";
import { listWaitingDeletions } from "@/lib/read-models";
import { formatCapacity } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Waiting deletions" };

type Row = Exclude<Awaited<ReturnType<typeof listWaitingDeletions>>, "forbidden">[number];

const COLUMNS: TableColumn<Row>[] = [
  {
    header: "Deployment",
    cell: (r) => (
      <>
        <Link href={`/requests/${r.id}`} className="break-all font-mono text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {r.deploymentName}
        </Link>
        <div className="text-xs text-slate-500 dark:text-slate-400">{r.accountName} · {r.location}</div>
      </>
    ),
  },
  { header: "Team", narrow: "hide", cell: (r) => r.team.name },
  { header: "Runs in Azure", cell: (r) => `${r.modelName} ${r.modelVersion}, ${r.skuName} × ${formatCapacity(r.capacity, r.skuName)}` },
  { header: "Removed", narrow: "hide", cell: (r) => <LocalTime iso={r.updatedAt.toISOString()} /> },
  { header: "Request", cell: (r) => <Link href={`/requests/${r.id}`} className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">#{r.number} — delete it there</Link> },
];

/** Admins: removals merged while Azure still runs the deployment (and it still holds quota). */
export default async function WaitingDeletionsPage() {
  const user = await requireCapability("settings:manage", "/inventory/deletions");
  const rows = await listWaitingDeletions(await getServerContext(), user);
  if (rows === "forbidden") forbidden();
  return (
    <>
      <PageHeader
        title="Waiting deletions"
        description="Deployments removed from the repository that Azure still runs: the deploy doesn't delete what it no longer manages, so they hold quota until deleted in Azure."
        actions={<Link href="/inventory" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">Inventory</Link>}
      />
      <Table
        caption="Removed deployments waiting for deletion in Azure"
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ "data-testid": "deletion-row", "data-deployment": r.deploymentName })}
        empty={<EmptyState title="Nothing waits for deletion">Every removed deployment is gone from Azure.</EmptyState>}
      />
    </>
  );
}
