import { NotBuiltYet } from "@/components/ui/not-built-yet";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth";

export const metadata = { title: "Inventory" };

export default async function InventoryPage() {
  await requireCapability("inventory:view", "/inventory");
  return (
    <>
      <PageHeader title="Inventory" description="Deployments of every account: desired (repository) and actual (Azure)." />
      <NotBuiltYet feature="The inventory">
        It will show each deployment as the parameter file wants it and as Azure has it — in sync, drifted, missing or
        created by hand — with its owning team and history.
      </NotBuiltYet>
    </>
  );
}
