"use client";
import { useActionState, useReducer, useState } from "react";
import { Field, controlClass } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { reviseRequestAction, submitRequestAction, type SubmitRequestState } from "@/lib/actions";
import { checkRequestRules, previewChange, type RequestFieldErrors as FieldErrors, type RequestFormData } from "@/lib/requests/client";
import { ActionPicker } from "./action-picker";
import { ChangeFields } from "./change-fields";
import { DecommissionFields } from "./decommission-fields";
import { sendValue, type FormModeProps } from "./form-mode";
import { NewDeploymentFields } from "./new-deployment-fields";
import { createInitialDraft, readDraft, reduceDraft, type DraftEvent, type RequestDraft, type RequestFormPrefill } from "./request-draft";
import { RequestPreview } from "./request-preview";

export type { RequestFormPrefill } from "./request-draft";

const MODES = { create: NewDeploymentFields, change: ChangeFields, decommission: DecommissionFields } as const;

/** A revision of an existing request: the form keeps its kind, account, team (and deployment) and posts to the revise action. */
export interface ReviseTarget {
  requestId: string;
  expectedVersion: number;
  /** What the request is, e.g. "New deployment on contoso-openai-aue". */
  description: string;
  submitLabel: string;
}

/** The request form: options from the platform repository and Azure, live checks and the exact diff. */
export function RequestForm({ data, prefill, submissionKey, revise }: { data: RequestFormData; prefill: RequestFormPrefill; submissionKey: string; revise?: ReviseTarget }) {
  const [state, formAction, pending] = useActionState<SubmitRequestState, FormData>(revise ? reviseRequestAction : submitRequestAction, {});
  const [draft, dispatch] = useReducer((d: RequestDraft, e: DraftEvent) => reduceDraft(d, e, data), prefill, (p) => createInitialDraft(data, p));
  // The server's verdict stands until the user edits the form; from then on the live checks speak.
  const [editedAfter, setEditedAfter] = useState<SubmitRequestState | null>(null);

  if (data.accounts.length === 0) {
    return <Notice tone="warning" title="No accounts found">The platform repository has no parameter files ModelGate can read, so there is nothing to request yet.</Notice>;
  }

  const view = readDraft(draft, data);
  const { account } = view;
  const verdict = account && view.check ? checkRequestRules(account, view.check, { today: data.today, retirementWindowDays: data.retirementWindowDays }) : null;
  const serverState = editedAfter === state ? {} : state;
  const live: FieldErrors = verdict && !verdict.ok ? verdict.errors : {};
  const errors: FieldErrors = { ...live, ...(serverState.errors ?? {}) };
  const preview = verdict?.ok && account ? previewChange(account.paramFilePath, account.fileText, verdict.plan.change) : null;
  const warnings = verdict?.ok ? verdict.plan.warnings : [];
  const mode: FormModeProps = { draft, view, errors, dispatch, today: data.today, retirementWindowDays: data.retirementWindowDays, locked: !!revise };
  const Mode = MODES[draft.action];

  return (
    <form action={formAction} onChange={() => setEditedAfter(state)} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" noValidate>
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        {serverState.message ? (
          <Notice tone="error" title={revise ? "Not sent" : "Not submitted"}>
            {serverState.message}
            {errors.form ? <p className="mt-1">{errors.form}</p> : null}
          </Notice>
        ) : null}

        {revise ? (
          <div>
            <input type="hidden" name="requestId" value={revise.requestId} />
            <input type="hidden" name="expectedVersion" value={revise.expectedVersion} />
            <input type="hidden" name="action" value={draft.action} />
            <input type="hidden" name="account" value={draft.accountName} />
            <input type="hidden" name="teamId" value={draft.teamId} />
            <p className="text-sm text-slate-700 dark:text-slate-300">{revise.description}</p>
            {errors.account ? <p className="mt-1 text-sm text-red-700 dark:text-red-300">{errors.account}</p> : null}
          </div>
        ) : (
          <>
            <ActionPicker value={draft.action} onChange={(action) => dispatch({ type: "chooseAction", value: action })} />
            <SelectField id="account" name="account" label="Account" value={draft.accountName} onChange={sendValue(dispatch, "chooseAccount")} error={errors.account}
              options={data.accounts.map((a) => ({ value: a.name, label: `${a.name} (${a.location})` }))} />
            <SelectField id="teamId" name="teamId" label="Team" value={draft.teamId} onChange={sendValue(dispatch, "chooseTeam")} error={errors.teamId} options={data.teams.map((t) => ({ value: t.id, label: t.name }))} />
          </>
        )}

        <Mode {...mode} />

        <Field id="justification" label="Justification" hint="Why your team needs this; approvers read it in the pull request." error={errors.justification}>
          {(a11y) => (
            <textarea id="justification" name="justification" rows={3} className={controlClass} value={draft.justification} onChange={sendValue(dispatch, "typeJustification")} {...a11y} />
          )}
        </Field>

        {account?.problem ? <Notice tone="warning">{account.problem}</Notice> : null}
        {warnings.map((w) => (
          <Notice key={w} tone="warning">{w}</Notice>
        ))}

        <button
          type="submit"
          disabled={pending || !account || !!account.problem}
          className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-60 sm:w-auto dark:bg-indigo-400 dark:text-slate-950 dark:hover:bg-indigo-300"
        >
          {pending ? "Sending…" : (revise?.submitLabel ?? "Submit request")}
        </button>
      </div>

      <RequestPreview paramFilePath={account?.paramFilePath} preview={preview} waitingForFixes={Object.keys(live).length > 0} />
    </form>
  );
}
