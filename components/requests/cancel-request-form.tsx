"use client";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { cancelRequestAction, type CancelRequestState } from "@/lib/actions";

const DANGER_OUTLINE =
  "inline-flex items-center rounded-md border border-red-300 bg-white px-3.5 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950";

/**
 * Cancel with an optional reason, in two steps: cancelling closes the pull request, so the server asks once more
 * (works without JavaScript too). The server checks who may cancel.
 */
export function CancelRequestForm({ requestId, prNumber }: { requestId: string; prNumber?: number | null }) {
  const [state, action, pending] = useActionState<CancelRequestState, FormData>(cancelRequestAction, {});
  if (state.needsConfirmation && !state.done) {
    return (
      <form action={action} className="space-y-2" aria-label="Confirm cancelling the request">
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="reason" value={state.reason ?? ""} />
        <input type="hidden" name="confirmed" value="yes" />
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          {prNumber ? `Cancelling closes pull request #${prNumber} on GitHub with a comment. ` : ""}The request can&apos;t be reopened. Cancel it?
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="submit" disabled={pending} className={buttonClass("danger")}>
            {pending ? "Cancelling…" : "Yes, cancel the request"}
          </button>
          <a href={`/requests/${requestId}`} className={buttonClass("secondary")}>
            Keep the request
          </a>
        </div>
      </form>
    );
  }
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor="cancel-reason" className="block text-sm font-medium">Reason for cancelling (optional)</label>
      <input id="cancel-reason" name="reason" maxLength={500} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900" />
      <button type="submit" disabled={pending} className={DANGER_OUTLINE}>
        {pending ? "Checking…" : "Cancel request"}
      </button>
      {state.message ? <p role={state.done ? "status" : "alert"} className="text-sm">{state.message}</p> : null}
    </form>
  );
}
