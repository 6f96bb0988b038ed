import Link from "next/link";
import { Suspense } from "react";
import { RetirementTable } from "@/components/inventory/retirement-table";
import { SyncStatusNotice } from "@/components/inventory/sync-status-notice";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { requireCapability, type UserWithTeams } from "@/lib/auth";
import { loadRetirementRadar } from "@/lib/read-models";
import { mayRequestChange } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Retirement radar" };

export default async function RetirementsPage() {
  const user = await requireCapability("inventory:view", "/inventory/retirements");
  return (
    <>
      <PageHeader
        title="Retirement radar"
        description={
          <>
            Deployments whose model version retires soon, from Azure&apos;s models list, with the replacement Azure names. <Link href="/inventory" className="text-indigo-700 underline dark:text-indigo-300">Back to the inventory</Link>
          </>
        }
      />
      <Suspense fallback={<PageLoading label="Loading retirements…" />}>
        <Radar user={user} />
      </Suspense>
    </>
  );
}

async function Radar({ user }: { user: UserWithTeams }) {
  const { meta, status, rows } = await loadRetirementRadar(await getServerContext(), user);
  return (
    <div className="space-y-4">
      <SyncStatusNotice status={status} />
      {meta ? (
        <RetirementTable
          rows={rows}
          canRequest={(r) => mayRequestChange(user, r.team)}
          empty={
            <EmptyState title={`Nothing retires within ${meta.retirementWindowDays} days`}>
              No deployed model version has a retirement date in the next {meta.retirementWindowDays} days. The window is set by RETIREMENT_WINDOW_DAYS.
            </EmptyState>
          }
        />
      ) : null}
    </div>
  );
}
