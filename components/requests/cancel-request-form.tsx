"use client";
import { useActionState } from "react";
import { cancelRequestAction, type CancelRequestState } from "@/lib/actions";

/** Cancel button with an optional reason; the server checks who may cancel. */
export function CancelRequestForm({ requestId }: { requestId: string }) {
  const [state, action, pending] = useActionState<CancelRequestState, FormData>(cancelRequestAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <label htmlFor="cancel-reason" className="block text-sm font-medium">Reason for cancelling (optional)</label>
      <input id="cancel-reason" name="reason" maxLength={500} className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900" />
      <button type="submit" disabled={pending} className="inline-flex items-center rounded-md border border-red-300 bg-white px-3.5 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950">
        {pending ? "Cancelling…" : "Cancel request"}
      </button>
      {state.message ? <p role={state.done ? "status" : "alert"} className="text-sm">{state.message}</p> : null}
    </form>
  );
}
