import { NotBuiltYet } from "@/components/ui/not-built-yet";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth";

export const metadata = { title: "Approval queue" };

export default async function QueuePage() {
  await requireCapability("queue:view", "/queue");
  return (
    <>
      <PageHeader title="Approval queue" description="Pending requests across all accounts." />
      <NotBuiltYet feature="The approval queue">
        It will list pending requests with requester, team, model, capacity, quota impact and check status, and let you
        approve, request changes or reject. Until then, review the pull requests in the platform repository.
      </NotBuiltYet>
    </>
  );
}
