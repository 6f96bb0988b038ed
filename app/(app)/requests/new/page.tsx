import { NotBuiltYet } from "@/components/ui/not-built-yet";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth";

export const metadata = { title: "Request a model" };

export default async function NewRequestPage() {
  await requireCapability("request:create", "/requests/new");
  return (
    <>
      <PageHeader title="Request a model" description="Ask for a model deployment on one of the shared Azure OpenAI accounts." />
      <NotBuiltYet feature="The request form">
        It will offer the models, versions and deployment types your account&apos;s region has, show how much quota is left,
        preview the exact change to the parameter file, and open the pull request for you. Until then, change the
        parameter file in the platform repository by pull request.
      </NotBuiltYet>
    </>
  );
}
