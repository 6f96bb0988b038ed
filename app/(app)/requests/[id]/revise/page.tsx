import { randomUUID } from "node:crypto";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { RequestForm } from "@/components/requests/request-form";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireCapability } from "@/lib/auth";
import { loadRevisionForm } from "@/lib/read-models";
import { isRequestId } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Revise request" };

const KIND_WORDS = { create: "New deployment", change: "Change of", decommission: "Decommission of" } as const;

export default async function ReviseRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireCapability("request:create", `/requests/${id}/revise`);
  if (!isRequestId(id)) notFound();
  const form = await loadRevisionForm(await getServerContext(), user, id);
  if (!form) notFound();
  if (form === "forbidden") forbidden();
  const back = (
    <Link href={`/requests/${id}`} className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
      Back to the request
    </Link>
  );
  if (form === "closed") {
    return (
      <>
        <PageHeader title="Revise request" actions={back} />
        <Notice tone="info" title="Nothing to revise">This request is not waiting for changes and has not failed, so it can&apos;t be revised now.</Notice>
      </>
    );
  }
  const r = form.request;
  const followUp = form.route === "follow-up";
  return (
    <>
      <PageHeader
        title={`Revise request #${r.number}`}
        description={
          followUp
            ? `The pull request merged but the deploy failed. Change what needs changing; ModelGate opens a follow-up pull request for request #${r.number} that edits ${r.deploymentName} on main.`
            : form.route === "push"
              ? `Change what the reviewer asked for. ModelGate pushes the revision to the same pull request and the request waits for approval again.`
              : `Change what needs changing; ModelGate opens the pull request again for request #${r.number}.`
        }
        actions={back}
      />
      <RequestForm
        data={form.data}
        prefill={form.prefill}
        submissionKey={randomUUID()}
        revise={{
          requestId: r.id,
          expectedVersion: r.version,
          description: `${KIND_WORDS[r.kind]} ${r.deploymentName} on ${r.accountName} (${r.location}) for the ${r.team.name} team.`,
          submitLabel: followUp ? "Open the follow-up pull request" : form.route === "push" ? "Send the revision" : "Send again",
        }}
      />
    </>
  );
}
