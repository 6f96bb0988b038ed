import Link from "next/link";
import { DeployFailureNotice } from "@/components/requests/deploy-failure-notice";
import { PlanDetails } from "@/components/plan/plan-details";
import { DiffView } from "@/components/requests/diff-view";
import { StatusBadge } from "@/components/ui/status-badge";
import type { QueueItem } from "@/lib/read-models";
import { DecisionForm } from "./decision-form";

const KIND_LABELS = { create: "New deployment", change: "Change", decommission: "Decommission" } as const;

const CHECK_LABELS: Record<string, { label: string; className: string }> = {
  success: { label: "Checks passed", className: "text-emerald-800 dark:text-emerald-300" },
  failure: { label: "Checks failed", className: "text-red-700 dark:text-red-300" },
  pending: { label: "Checks running", className: "text-amber-800 dark:text-amber-300" },
  none: { label: "No checks reported", className: "text-slate-600 dark:text-slate-400" },
};

const MUTED = "text-slate-600 dark:text-slate-400";

/** "3 min", "5 h", "2 days": how long a request has waited. */
export function formatAge(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

function percent(n: number): string {
  return Number.isFinite(n) ? `${Math.round(n)}%` : "no quota";
}

/** What GitHub says about the failed check: its name, its first error (as Actions wrote it) and the run. */
function FailedCheckLine({ item }: { item: QueueItem }) {
  const failed = item.review?.current ? item.review.failedCheck : null;
  if (!failed) return null;
  return (
    <p className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm break-words text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100" data-testid="failed-check">
      <span className="font-medium">{failed.name}</span> {failed.conclusion === "failure" ? "failed" : `ended ${failed.conclusion ?? "without a result"}`}
      {failed.firstError ? <>: {failed.firstError}</> : null}
      {failed.where ? <span className="font-mono text-xs"> ({failed.where})</span> : null}
      {failed.url ? (
        <>
          {" "}
          <a href={failed.url} className="font-medium underline" target="_blank" rel="noreferrer">
            View the run<span className="sr-only"> of {failed.name}</span>
          </a>
        </>
      ) : null}
    </p>
  );
}

/** The branch holds commits ModelGate didn't write: say whose, and that ModelGate leaves the branch alone. */
function ForeignCommitsNotice({ item }: { item: QueueItem }) {
  if (!item.foreignCommits) return null;
  const commits = item.review?.current ? item.review.foreignCommits : [];
  return (
    <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="foreign-commits">
      <p className="font-medium">
        {commits.length ? `This branch holds ${commits.length === 1 ? "a commit" : `${commits.length} commits`} ModelGate didn't write` : "This branch holds commits ModelGate didn't write"}
      </p>
      {commits.length ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 break-words">
          {commits.map((c) => (
            <li key={c.sha}>
              “{c.message}” by {c.author} (<span className="font-mono text-xs">{c.sha.slice(0, 7)}</span>)
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-1">The diff below is the branch as it is. ModelGate no longer updates this branch on its own, and approving needs a confirmation.</p>
    </div>
  );
}

/** The plan, or why there is none yet. */
function PlanPart({ item }: { item: QueueItem }) {
  const review = item.review;
  if (item.prNumber === null) return null;
  if (!review || !review.current) {
    return (
      <p className={`mt-3 text-sm ${MUTED}`} role="status">
        Reading the pull request{item.headSha ? ` at ${item.headSha.slice(0, 7)}` : ""} and working out what the merge will do in Azure…
      </p>
    );
  }
  if (!review.plan) return <p className="mt-3 text-sm text-amber-900 dark:text-amber-100">No plan of the merge: {review.planError ?? "it could not be worked out"}.</p>;
  return (
    <div className="mt-3">
      <PlanDetails plan={review.plan} headSha={review.headSha} idPrefix={`q-${item.id}`} />
    </div>
  );
}

/** One pending request in the queue: who, where, what, how long, checks, quota impact, plan, diff, and the decision. */
export function QueueItemCard({ item, now }: { item: QueueItem; now: Date }) {
  const checks = CHECK_LABELS[item.checkStatus ?? "none"] ?? CHECK_LABELS.none;
  const impact = item.impact;
  return (
    <article aria-labelledby={`q-${item.id}`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5 dark:border-slate-800 dark:bg-slate-900" data-testid="queue-item">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id={`q-${item.id}`} className="min-w-0 text-base font-semibold break-all">
          <Link href={`/requests/${item.id}`} className="hover:underline">
            #{item.number} {item.deploymentName}
          </Link>
        </h2>
        <StatusBadge status={item.status} />
        <span className={`text-sm ${MUTED}`}>{KIND_LABELS[item.kind]}</span>
        <span className={`ml-auto text-sm ${MUTED}`}>waiting {formatAge(item.waitingSince, now)}</span>
      </header>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3 [&>div]:min-w-0 [&_dd]:break-words">
        <div>
          <dt className={MUTED}>Requester</dt>
          <dd>
            {item.requesterName} · {item.teamName}
          </dd>
        </div>
        <div>
          <dt className={MUTED}>Account</dt>
          <dd>
            {item.accountName} · {item.location}
          </dd>
        </div>
        <div>
          <dt className={MUTED}>Model</dt>
          <dd>
            {item.modelName} {item.modelVersion}
          </dd>
        </div>
        <div>
          <dt className={MUTED}>Deployment type and capacity</dt>
          <dd>
            {item.skuName} ·{" "}
            {item.kind === "change" && item.previousCapacity !== null && item.previousCapacity !== item.capacity ? `${item.previousCapacity} → ${item.capacity}` : item.capacity}
          </dd>
        </div>
        <div>
          <dt className={MUTED}>Pull request</dt>
          <dd>
            {item.prNumber && item.prUrl ? (
              <a href={item.prUrl} className="underline" target="_blank" rel="noreferrer">
                #{item.prNumber}
              </a>
            ) : (
              "not opened yet"
            )}{" "}
            · <span className={checks.className}>{checks.label}</span>
          </dd>
        </div>
        <div>
          <dt className={MUTED}>Quota impact</dt>
          <dd className={impact && !impact.fits ? "font-medium text-red-700 dark:text-red-300" : ""}>
            {item.kind === "decommission"
              ? "Frees capacity"
              : impact
                ? `${impact.location} ${impact.skuName} ${impact.modelName}: ${percent(impact.beforePercent)} → ${percent(impact.afterPercent)} if approved${impact.fits ? "" : " (does not fit)"}`
                : "Quota unavailable"}
          </dd>
        </div>
      </dl>
      {item.forecast ? (
        <div className="mt-3">
          <DeployFailureNotice failure={item.forecast} forecast />
        </div>
      ) : null}
      {item.lastError ? <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm break-words text-amber-900 dark:bg-amber-950 dark:text-amber-100">{item.lastError}</p> : null}
      {item.checkStatus === "failure" ? <FailedCheckLine item={item} /> : null}
      <ForeignCommitsNotice item={item} />
      <PlanPart item={item} />
      <details className="mt-3 min-w-0">
        <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">Diff and justification</summary>
        <div className="mt-2 min-w-0 space-y-2 text-sm">
          <p className="font-medium">Justification</p>
          <p className="whitespace-pre-wrap break-words text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300">{item.justification}</p>
          {item.diff !== null ? (
            <>
              <p className={`text-xs ${MUTED}`}>The pull request&apos;s change at {item.review?.headSha.slice(0, 7)}, as GitHub has it.</p>
              {item.diff ? <DiffView diff={item.diff} label="Diff of the pull request" /> : <p className={MUTED}>The pull request changes no file.</p>}
            </>
          ) : (
            <p className={MUTED}>The diff is being read from GitHub; it shows here in a moment. Or open the pull request.</p>
          )}
        </div>
      </details>
      {item.cannotDecide ? (
        <p className={`mt-4 border-t border-slate-200 pt-3 text-sm dark:border-slate-800 ${MUTED}`}>{item.cannotDecide}</p>
      ) : (
        <DecisionForm requestId={item.id} number={item.number} version={item.version} headSha={item.headSha} confirmations={item.confirmations} />
      )}
    </article>
  );
}
