import Link from "next/link";
import { DeployFailureNotice } from "@/components/requests/deploy-failure-notice";
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

function DiffView({ diff }: { diff: string }) {
  return (
    <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-950 p-3 text-xs leading-5 text-slate-100" aria-label="Diff of the pull request">
      {diff.split("\n").map((line, i) => (
        <span
          key={i}
          className={`block ${line.startsWith("+") && !line.startsWith("+++") ? "bg-emerald-900/60 text-emerald-100" : line.startsWith("-") && !line.startsWith("---") ? "bg-red-900/60 text-red-100" : line.startsWith("@@") ? "text-sky-300" : ""}`}
        >
          {line || " "}
        </span>
      ))}
    </pre>
  );
}

/** One pending request in the queue: who, where, what, how long, checks, quota impact, diff, and the decision. */
export function QueueItemCard({ item, now }: { item: QueueItem; now: Date }) {
  const checks = CHECK_LABELS[item.checkStatus ?? "none"] ?? CHECK_LABELS.none;
  const impact = item.impact;
  return (
    <article aria-labelledby={`q-${item.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5 dark:border-slate-800 dark:bg-slate-900">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id={`q-${item.id}`} className="text-base font-semibold">
          <Link href={`/requests/${item.id}`} className="hover:underline">
            #{item.number} {item.deploymentName}
          </Link>
        </h2>
        <StatusBadge status={item.status} />
        <span className="text-sm text-slate-600 dark:text-slate-400">{KIND_LABELS[item.kind]}</span>
        <span className="ml-auto text-sm text-slate-600 dark:text-slate-400">waiting {formatAge(item.waitingSince, now)}</span>
      </header>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Requester</dt>
          <dd>
            {item.requesterName} · {item.teamName}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Account</dt>
          <dd className="break-words">
            {item.accountName} · {item.location}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Model</dt>
          <dd>
            {item.modelName} {item.modelVersion}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Deployment type and capacity</dt>
          <dd>
            {item.skuName} ·{" "}
            {item.kind === "change" && item.previousCapacity !== null && item.previousCapacity !== item.capacity ? `${item.previousCapacity} → ${item.capacity}` : item.capacity}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-400">Pull request</dt>
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
          <dt className="text-slate-600 dark:text-slate-400">Quota impact</dt>
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
      {item.lastError ? <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{item.lastError}</p> : null}
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">Diff and justification</summary>
        <div className="mt-2 text-sm">
          <p className="font-medium">Justification</p>
          <p className="mt-1 whitespace-pre-wrap text-slate-700 dark:text-slate-300">{item.justification}</p>
          {item.diff ? <DiffView diff={item.diff} /> : <p className="mt-2 text-slate-600 dark:text-slate-400">The diff can&apos;t be shown right now; open the pull request.</p>}
        </div>
      </details>
      {item.cannotDecide ? (
        <p className="mt-4 border-t border-slate-200 pt-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">{item.cannotDecide}</p>
      ) : (
        <DecisionForm requestId={item.id} number={item.number} version={item.version} headSha={item.headSha} checksFailed={item.checkStatus === "failure"} />
      )}
    </article>
  );
}
