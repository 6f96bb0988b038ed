"use client";
import { useActionState, useId } from "react";
import { buttonClass } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import { deleteInAzureAction, type DeleteInAzureState } from "@/lib/actions";

/** Admins: "Delete in Azure", confirmed by typing the deployment's name; the server checks and records it. */
export function DeleteInAzureForm({ requestId, expectedVersion, deploymentName, accountName }: { requestId: string; expectedVersion: number; deploymentName: string; accountName: string }) {
  const [state, action, pending] = useActionState<DeleteInAzureState, FormData>(deleteInAzureAction, {});
  const id = useId();
  if (state.done) return <p role="status" className="text-sm">{state.message}</p>;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="expectedVersion" value={expectedVersion} />
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Deletes <span className="break-all font-mono">{deploymentName}</span> on {accountName} through Azure Resource Manager. Apps that still call it stop
        working at once. Recorded with your name.
      </p>
      <label htmlFor={`${id}-confirm`} className="block text-sm font-medium">
        Type <span className="font-mono">{deploymentName}</span> to confirm
      </label>
      <input id={`${id}-confirm`} name="confirmName" autoComplete="off" spellCheck={false} className={`${controlClass} font-mono`} aria-invalid={state.errors?.confirmName ? true : undefined} />
      <button type="submit" disabled={pending} className={buttonClass("danger")}>
        {pending ? "Deleting in Azure…" : "Delete in Azure"}
      </button>
      {state.message ? <p role="alert" className="text-sm text-red-800 dark:text-red-200">{state.message}</p> : null}
    </form>
  );
}
