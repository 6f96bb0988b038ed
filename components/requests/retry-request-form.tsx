"use client";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { retryRequestAction, type RetryRequestState } from "@/lib/actions";

/** "Try again": sends a failed request again with the same values; the server checks every rule again. */
export function RetryRequestForm({ requestId, expectedVersion, label = "Try again" }: { requestId: string; expectedVersion: number; label?: string }) {
  const [state, action, pending] = useActionState<RetryRequestState, FormData>(retryRequestAction, {});
  return (
    <form action={action} className="inline-flex flex-col gap-1">
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="expectedVersion" value={expectedVersion} />
      <button type="submit" disabled={pending} className={buttonClass("primary")}>
        {pending ? "Sending…" : label}
      </button>
      {state.message ? <p role={state.done ? "status" : "alert"} className="text-sm">{state.message}</p> : null}
    </form>
  );
}
