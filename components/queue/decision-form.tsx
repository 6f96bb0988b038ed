"use client";
import { useActionState, useId } from "react";
import { approveRequestAction, rejectRequestAction, requestChangesAction, type DecisionState } from "@/lib/actions";
import { buttonClass } from "@/components/ui/button";
import { CONFIRMATION_LABELS, type ApprovalConfirmation } from "@/lib/requests/client";

export interface DecisionFormProps {
  requestId: string;
  number: number;
  version: number;
  headSha: string | null;
  /** What the queue warns about: approving asks to confirm each, with one recorded reason. */
  confirmations: ApprovalConfirmation[];
}

/** Approve / Request changes / Reject for one queue row; the server re-checks everything. */
export function DecisionForm({ requestId, number, version, headSha, confirmations }: DecisionFormProps) {
  const id = useId();
  const [state, act, pending] = useActionState(async (prev: DecisionState, form: FormData): Promise<DecisionState> => {
    const decision = form.get("decision");
    if (decision === "approve") return approveRequestAction(prev, form);
    if (decision === "reject") return rejectRequestAction(prev, form);
    return requestChangesAction(prev, form);
  }, {});

  return (
    <form action={act} className="mt-4 space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" aria-label={`Decide request #${number}`}>
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="expectedVersion" value={version} />
      {headSha ? <input type="hidden" name="expectedHeadSha" value={headSha} /> : null}
      <div>
        <label htmlFor={`${id}-comment`} className="block text-sm font-medium">
          Comment for the pull request <span className="font-normal text-slate-600 dark:text-slate-400">(needed to request changes or reject)</span>
        </label>
        <textarea
          id={`${id}-comment`}
          name="comment"
          rows={2}
          maxLength={5000}
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-950"
        />
      </div>
      {confirmations.length ? (
        <fieldset className="rounded-md border border-amber-300 p-3 dark:border-amber-800" data-testid="approve-confirmations">
          <legend className="px-1 text-sm font-medium text-amber-900 dark:text-amber-200">Before you approve, confirm</legend>
          <div className="space-y-1">
            {confirmations.map((c) => (
              <label key={c} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="confirm" value={c} className="mt-0.5 h-4 w-4 shrink-0" />
                <span>{CONFIRMATION_LABELS[c]}</span>
              </label>
            ))}
          </div>
          <label htmlFor={`${id}-reason`} className="mt-2 block text-sm font-medium">
            Reason (recorded with the approval)
          </label>
          <input id={`${id}-reason`} name="overrideReason" maxLength={1000} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-950" />
        </fieldset>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="decision" value="approve" disabled={pending} className={buttonClass("primary")}>
          Approve
        </button>
        <button type="submit" name="decision" value="changes" disabled={pending} className={buttonClass("secondary")}>
          Request changes
        </button>
        <button type="submit" name="decision" value="reject" disabled={pending} className={buttonClass("danger")}>
          Reject
        </button>
        {pending ? (
          <span role="status" className="self-center text-sm text-slate-600 dark:text-slate-400">
            Checking the pull request…
          </span>
        ) : null}
      </div>
      {state.message && !state.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm break-words text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
