import { NotBuiltYet } from "@/components/ui/not-built-yet";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth";

export const metadata = { title: "Quota dashboard" };

export default async function QuotaDashboardPage() {
  await requireCapability("dashboard:view", "/dashboards/quota");
  return (
    <>
      <PageHeader title="Quota dashboard" description="Quota per subscription, region, model and deployment type." />
      <NotBuiltYet feature="The quota dashboard">
        It will show each quota&apos;s limit, what is used, what each team holds and what pending requests would take,
        with delivery metrics (lead time, volume, failures).
      </NotBuiltYet>
    </>
  );
}
