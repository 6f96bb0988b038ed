import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { Suspense } from "react";
import { PlanDetails } from "@/components/plan/plan-details";
import { CancelRequestForm } from "@/components/requests/cancel-request-form";
import { DeleteInAzureForm } from "@/components/requests/delete-in-azure-form";
import { RetryRequestForm } from "@/components/requests/retry-request-form";
import { buttonClass } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { DeployFailureNotice } from "@/components/requests/deploy-failure-notice";
import { DiffView } from "@/components/requests/diff-view";
import { LiveRefresh } from "@/components/requests/live-refresh";
import { RequestTimeline } from "@/components/requests/request-timeline";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { StatusBadge } from "@/components/ui/status-badge";
import { requireCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/auth";
import { getMergeForecast, getRequestDetail, getRequestDiff, getRequestReview } from "@/lib/read-models";
import { FINAL_STATUSES, formatCapacity, isRequestId, isStatusIn, OPEN_PR_STATUSES } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Request" };

const KIND_WORDS = { create: "New deployment", change: "Change", decommission: "Decommission" } as const;

export default async function RequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireCapability("requests:view", `/requests/${id}`);
  if (!isRequestId(id)) notFound();
  const deps = await getServerContext();
  const r = await getRequestDetail(deps, user, id);
  if (!r) notFound();
  if (r === "forbidden") forbidden();
  return <RequestView user={user} request={r} />;
}

type Detail = Exclude<NonNullable<Awaited<ReturnType<typeof getRequestDetail>>>, "forbidden">;

function previousCapacity(previous: unknown): number | null {
  const c = (previous as { sku?: { capacity?: unknown } } | null)?.sku?.capacity;
  return typeof c === "number" ? c : null;
}

function RequestView({ request: r }: { user: UserWithTeams; request: Detail }) {
  const was = r.kind === "change" ? previousCapacity(r.previous) : null;
  const azureUrl = `https://portal.azure.com/#resource/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${r.accountName}/deployments`;
  const marker = `${r.version}:${r.updatedAt.toISOString()}:${r.events.length}`;
  const facts: [string, string][] = [
    ["Account", `${r.accountName} (${r.location})`],
    ["Deployment name", r.deploymentName],
    ["Model", `${r.modelName} ${r.modelVersion}`],
    ["Deployment type", r.skuName],
    ["Capacity", `${formatCapacity(r.capacity, r.skuName)}${was !== null && was !== r.capacity ? ` (was ${formatCapacity(was, r.skuName)})` : ""}`],
    ["Team", r.team.name],
    ["Requester", r.requester.name],
  ];
  if (r.versionUpgradeOption) facts.push(["Version upgrade", r.versionUpgradeOption]);
  if (r.raiPolicyName) facts.push(["Content filter", r.raiPolicyName]);
  return (
    <>
      {/* A merged request whose deploy failed still follows Azure (a later deploy may apply it), so its page keeps listening. */}
      <LiveRefresh requestId={r.id} marker={marker} active={!FINAL_STATUSES.includes(r.status) || (r.status === "failed" && r.mergeCommitSha !== null)} />
      <PageHeader
        title={`Request #${r.number}: ${KIND_WORDS[r.kind]} ${r.deploymentName}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span data-testid="request-status"><StatusBadge status={r.status} /></span>
            <span>on {r.accountName} · {r.paramFilePath}</span>
          </span>
        }
        actions={<Link href="/requests" className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">All requests</Link>}
      />
      {r.changesRequested ? (
        <div className="mb-4" data-testid="changes-requested">
          <Notice tone="warning" title={`Changes requested by ${r.changesRequested.by}`}>
            <blockquote className="whitespace-pre-wrap break-words border-l-2 border-amber-400 pl-3">{r.changesRequested.comment}</blockquote>
            <p className="mt-1 text-xs"><LocalTime iso={r.changesRequested.at.toISOString()} /></p>
            {r.revision ? (
              <div className="mt-3 flex flex-wrap items-center gap-3">
                <Link href={`/requests/${r.id}/revise`} className={buttonClass("primary")}>Revise request</Link>
                <span className="text-xs">Your revision goes to the same pull request; the request then waits for approval again.</span>
              </div>
            ) : (
              <p className="mt-2 text-xs">The requester or their team can revise it.</p>
            )}
          </Notice>
        </div>
      ) : null}
      {r.deployFailure ? (
        <div className="mb-4">
          <DeployFailureNotice failure={r.deployFailure}>
            {r.deployFailure.cause === "other-deployment" ? (
              <p className="mt-2 break-words">
                Nothing was wrong with {r.deploymentName} itself: once a later deploy of the file applies it, this request turns Succeeded by
                itself. Try again re-runs the deploy now.
              </p>
            ) : null}
            <RetryActions request={r} />
          </DeployFailureNotice>
        </div>
      ) : r.lastError ? (
        <div className="mb-4" data-testid="request-problem">
          <Notice tone="error" title={r.status === "failed" ? "Failed" : "Needs attention"}>
            <p className="whitespace-pre-wrap break-words">{r.lastError}</p>
            <RetryActions request={r} />
          </Notice>
        </div>
      ) : null}
      {r.status === "awaiting_deletion" ? (
        <div className="mb-4" data-testid="awaiting-deletion">
          <Notice tone="warning" title="Removed from the repository — waiting for deletion in Azure">
            {r.deploymentName} is no longer in {r.paramFilePath}, but the deploy doesn&apos;t delete deployments it no longer manages, so
            Azure still runs it and it still holds quota. The request succeeds once Azure no longer has it: an admin deletes it here (or
            from the list of waiting deletions), or the platform&apos;s deploy removes it.
          </Notice>
        </div>
      ) : null}
      <Suspense fallback={null}>
        <MergeForecast request={r} />
      </Suspense>
      {r.status === "submitting" && !r.lastError ? (
        <div className="mb-4">
          <Notice tone="info">ModelGate is opening the pull request; this page updates by itself.</Notice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="text-base font-semibold">Details</h2>
            <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              {facts.map(([k, v]) => (
                <div key={k}>
                  <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
                  <dd className="break-words font-medium">{v}</dd>
                </div>
              ))}
            </dl>
            <h3 className="mt-4 text-sm font-medium text-slate-600 dark:text-slate-400">Justification</h3>
            <p className="mt-1 whitespace-pre-wrap break-words text-sm">{r.justification}</p>
            <div className="mt-4 flex flex-wrap gap-4 text-sm">
              {r.prUrl ? (
                <a href={r.prUrl} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300" target="_blank" rel="noreferrer">
                  Pull request #{r.prNumber}
                </a>
              ) : (
                <span className="text-slate-600 dark:text-slate-400">No pull request yet</span>
              )}
              <a href={azureUrl} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300" target="_blank" rel="noreferrer">
                Account in the Azure portal
              </a>
            </div>
          </Card>
          {isStatusIn(OPEN_PR_STATUSES, r.status) && r.prNumber ? (
            <Suspense fallback={<PageLoading label="Loading the plan…" />}>
              <RequestPlan request={r} />
            </Suspense>
          ) : null}
          <section aria-labelledby="diff-heading" className="space-y-2">
            <h2 id="diff-heading" className="text-base font-semibold">Change</h2>
            <Suspense fallback={<PageLoading label="Loading the diff…" />}>
              <RequestDiff request={r} />
            </Suspense>
          </section>
        </div>
        <div className="min-w-0 space-y-6">
          <Card>
            <h2 className="mb-3 text-base font-semibold">Timeline</h2>
            <RequestTimeline events={r.events.map((e) => ({ ...e, id: String(e.id), toStatus: e.toStatus }))} />
          </Card>
          {r.mayDeleteInAzure ? (
            <Card>
              <h2 className="mb-2 text-base font-semibold">Delete in Azure</h2>
              <DeleteInAzureForm requestId={r.id} expectedVersion={r.version} deploymentName={r.deploymentName} accountName={r.accountName} />
            </Card>
          ) : null}
          {r.mayCancel ? (
            <Card>
              <h2 className="mb-2 text-base font-semibold">Cancel</h2>
              <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Withdraws the request and closes its pull request with a comment.</p>
              <CancelRequestForm requestId={r.id} prNumber={r.prNumber} />
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}

/** A failed request's ways forward for whoever may send it again: the same values, or changed ones. */
function RetryActions({ request: r }: { request: Detail }) {
  if (r.status !== "failed" || !r.revision) return null;
  return (
    <div className="mt-3 flex flex-wrap items-start gap-3">
      {r.revision.sameValues ? <RetryRequestForm requestId={r.id} expectedVersion={r.version} /> : null}
      <Link href={`/requests/${r.id}/revise`} className={buttonClass("secondary")}>Change and try again</Link>
    </div>
  );
}

/** While the pull request is open: what Azure would say about the file if it were merged now. */
async function MergeForecast({ request: r }: { request: Detail }) {
  const forecast = await getMergeForecast(await getServerContext(), r).catch(() => null);
  if (!forecast) return null;
  return (
    <div className="mb-4">
      <DeployFailureNotice failure={forecast} forecast />
    </div>
  );
}

/** What merging the PR would do in Azure, as the review job last worked it out. */
async function RequestPlan({ request: r }: { request: Detail }) {
  const review = await getRequestReview(await getServerContext(), r);
  return (
    <Card>
      <h2 className="mb-2 text-base font-semibold">What the merge will do in Azure</h2>
      {review?.current && review.plan ? (
        <PlanDetails plan={review.plan} headSha={review.headSha} idPrefix={`r-${r.id}`} />
      ) : review?.current && review.planError ? (
        <p className="text-sm">No plan of the merge: {review.planError}.</p>
      ) : (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          ModelGate is reading the pull request and working out what the merge will do in Azure; this shows in a moment.
        </p>
      )}
    </Card>
  );
}

async function RequestDiff({ request: r }: { request: Detail }) {
  const result = await getRequestDiff(await getServerContext(), r);
  if ("error" in result) return <Notice tone="warning">The diff can&apos;t be shown right now: {result.error}</Notice>;
  return (
    <>
      <p className="text-xs text-slate-600 dark:text-slate-400">Against {result.source}.</p>
      <DiffView diff={result.diff} />
    </>
  );
}
