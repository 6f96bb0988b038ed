import Link from "next/link";
import { Suspense } from "react";
import { QueueFilters, type QueueFilterValues } from "@/components/queue/queue-filters";
import { QueueItemCard } from "@/components/queue/queue-item";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { requireCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/auth";
import { describeDecidedRequest, listAccountDeployFailures, listQueue, type QueueSort } from "@/lib/read-models";
import type { RequestStatus } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

export const metadata = { title: "Approval queue" };

type Params = QueueFilterValues & { page?: string; decided?: string; outcome?: string; already?: string };

const OUTCOMES: Record<string, string> = {
  merged: "Approved and merged. The deployment is on its way.",
  approved: "Approved on GitHub. GitHub merges it once branch protection is satisfied.",
  changes: "Changes requested. Your comment is being posted to the pull request.",
  rejected: "Rejected. The pull request is being closed with your comment.",
};

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 200) : undefined;
}

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireCapability("queue:view", "/queue");
  const raw = await searchParams;
  const params: Params = {
    account: one(raw.account),
    team: one(raw.team),
    model: one(raw.model),
    status: one(raw.status),
    sort: one(raw.sort) === "impact" ? "impact" : "age",
    page: one(raw.page),
    decided: one(raw.decided),
    outcome: one(raw.outcome),
    already: one(raw.already),
  };
  return (
    <>
      <PageHeader title="Approval queue" description="Pending requests across all accounts. Approve merges the pull request; request changes and reject send your comment to it." />
      {params.outcome && Object.hasOwn(OUTCOMES, params.outcome) ? (
        <div className="mb-4">
          <Notice tone="success" title={params.decided ? `Request #${params.decided.replace(/\D/g, "")}` : "Decision made"}>
            {OUTCOMES[params.outcome]}
          </Notice>
        </div>
      ) : null}
      {params.already ? <AlreadyDecided user={user} requestId={params.already} /> : null}
      <Suspense fallback={null}>
        <AccountDeployWarnings user={user} />
      </Suspense>
      <Suspense key={JSON.stringify({ ...params, decided: undefined, outcome: undefined, already: undefined })} fallback={<PageLoading label="Loading the queue…" />}>
        <QueueList user={user} params={params} />
      </Suspense>
    </>
  );
}

/** Someone decided the request first: who, how and when (read from the request, never from the link). */
async function AlreadyDecided({ user, requestId }: { user: UserWithTeams; requestId: string }) {
  const d = await describeDecidedRequest(await getServerContext(), user, requestId);
  if (!d) return null;
  return (
    <div className="mb-4" data-testid="already-decided">
      <Notice tone="warning" title={`Request #${d.number} ${d.deploymentName} was already decided`}>
        It is {d.statusLabel}
        {d.by ? ` by ${d.by}` : ""}
        {d.at ? ` (${d.at.toISOString().slice(0, 16).replace("T", " ")} UTC)` : ""}. Nothing else was done.
        {d.comment ? <span className="mt-1 block break-words">Their comment: “{d.comment}”</span> : null}{" "}
        <Link href={`/requests/${d.id}`} className="font-medium underline">
          Open the request
        </Link>
      </Notice>
    </div>
  );
}

/** Accounts whose last deploy failed: merging more into that file fails those requests too until it deploys. */
async function AccountDeployWarnings({ user }: { user: UserWithTeams }) {
  const failures = [...(await listAccountDeployFailures(await getServerContext(), user)).values()];
  if (failures.length === 0) return null;
  return (
    <div className="mb-4" data-testid="account-deploy-failures">
      <Notice tone="warning" title={failures.length === 1 ? `The last deploy of ${failures[0].accountName} failed` : `The last deploy failed on ${failures.length} accounts`}>
        <p>The deploy applies the whole file: until it deploys cleanly, every request merged into it fails too.</p>
        <ul className="mt-2 space-y-1">
          {failures.map((f) => (
            <li key={f.accountName} className="break-words">
              <span className="font-medium">{f.accountName}</span>:{" "}
              <Link href={`/requests/${f.requestId}`} className="font-medium underline">
                #{f.requestNumber} {f.deploymentName}
              </Link>{" "}
              — {f.reason}
            </li>
          ))}
        </ul>
      </Notice>
    </div>
  );
}

async function QueueList({ user, params }: { user: UserWithTeams; params: Params }) {
  const queue = await listQueue(await getServerContext(), user, {
    account: params.account,
    team: params.team,
    model: params.model,
    status: params.status as RequestStatus | undefined,
    sort: params.sort as QueueSort,
    page: Number(params.page) || 1,
  });
  const filtered = Boolean(params.account || params.team || params.model || params.status);
  const now = new Date();
  const pageLink = (page: number) => {
    const q = new URLSearchParams();
    for (const k of ["account", "team", "model", "status", "sort"] as const) if (params[k]) q.set(k, params[k]!);
    q.set("page", String(page));
    return `/queue?${q.toString()}`;
  };
  return (
    <>
      <QueueFilters values={params} facets={queue.facets} />
      {queue.quotaUnavailable ? (
        <div className="mb-4">
          <Notice tone="warning">Azure&apos;s quota could not be read just now, so quota impact is missing for some requests.</Notice>
        </div>
      ) : null}
      {queue.items.length === 0 ? (
        <EmptyState
          title={filtered ? "No pending requests match these filters" : "Nothing waiting for a decision"}
          action={filtered ? <Link href="/queue" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300">Clear filters</Link> : undefined}
        >
          {filtered ? "Try another account, team, model or status." : "New requests appear here as soon as their pull request is open."}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
            {queue.total} pending {queue.total === 1 ? "request" : "requests"}
            {queue.pageCount > 1 ? ` · page ${queue.page} of ${queue.pageCount}` : ""}
          </p>
          <div className="space-y-4">
            {queue.items.map((item) => (
              <QueueItemCard key={item.id} item={item} now={now} />
            ))}
          </div>
          {queue.pageCount > 1 ? (
            <nav aria-label="Queue pages" className="mt-6 flex items-center justify-between text-sm">
              {queue.page > 1 ? <Link href={pageLink(queue.page - 1)} className="font-medium underline">Previous page</Link> : <span />}
              {queue.page < queue.pageCount ? <Link href={pageLink(queue.page + 1)} className="font-medium underline">Next page</Link> : <span />}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
