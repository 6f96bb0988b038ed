import { Fragment, type ReactNode } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { STATUS_LABELS, type RequestStatus } from "@/lib/requests/client";

export interface TimelineEvent {
  id: string;
  type: string;
  toStatus: RequestStatus | null;
  actorName: string | null;
  message: string | null;
  createdAt: Date;
}

const EVENT_TITLES: Record<string, string> = {
  submitted: "Submitted",
  pr_opened: "Pull request opened",
  branch_updated: "Branch updated on top of main",
  branch_not_updated: "Branch left as it is",
  pr_error: "Pull request problem",
  reviewers_refused: "Reviewers not requested",
  cancelled: "Cancelled",
  pr_closed: "Pull request closed",
  // A merge is shown as a merge, though the request's status word is then "Deploying".
  merged: "Pull request merged",
  merged_after_end: "Pull request merged after the request ended",
  merge_requested: "Merge requested",
  merge_failed: "Merge failed",
  deploy_run: "Deploy workflow run",
  deploy_run_replaced: "Deploy run replaced by a newer one",
  deploy_succeeded: "Deployment succeeded in Azure",
  deploy_failed: "Deployment failed",
  deploy_mismatch: "Azure differs from the request",
  decommission_still_in_azure: "Merged, still in Azure",
  decision_not_posted: "Decision not posted to GitHub",
  decision_failed: "Decision failed",
  checks: "Checks",
  revised: "Revised",
  retried: "Tried again",
  revision_pushed: "Revision pushed to the pull request",
  deploy_recovered: "Deployed after all",
  deleted_in_azure: "Deleted in Azure",
  awaiting_deletion: "Removed from the repository",
};

/** Message text with its web addresses as links (a deploy run, a pull request). */
function linkify(text: string): ReactNode {
  const parts = text.split(/(https?:\/\/[^\s)]+[^\s).,;:])/g);
  return parts.map((p, i) =>
    i % 2 === 1 ? (
      <a key={i} href={p} className="break-all font-medium text-indigo-700 underline dark:text-indigo-300" target="_blank" rel="noreferrer">
        {p}
      </a>
    ) : (
      <Fragment key={i}>{p}</Fragment>
    ),
  );
}

function titleOf(e: TimelineEvent): string {
  if (EVENT_TITLES[e.type]) return EVENT_TITLES[e.type];
  if (e.toStatus) return STATUS_LABELS[e.toStatus];
  const words = e.type.replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The request's timeline, oldest first; event types from other features show with their message. */
export function RequestTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5 dark:border-slate-700">
      {events.map((e) => (
        <li key={e.id} className="relative">
          <span aria-hidden className={`absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full ${e.type === "pr_error" || e.toStatus === "failed" ? "bg-red-500" : "bg-indigo-500"}`} />
          <p className="text-sm font-medium">{titleOf(e)}</p>
          {e.message ? <p className="mt-0.5 whitespace-pre-wrap break-words text-sm text-slate-700 dark:text-slate-300">{linkify(e.message)}</p> : null}
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
            {e.actorName ?? "ModelGate"} · <LocalTime iso={e.createdAt.toISOString()} />
          </p>
        </li>
      ))}
    </ol>
  );
}
