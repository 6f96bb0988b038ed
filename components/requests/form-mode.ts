import type { ChangeEvent, Dispatch } from "react";
import type { RequestFieldErrors as FieldErrors } from "@/lib/requests/client";
import type { DraftEvent, DraftView, RequestDraft } from "./request-draft";

/** What each mode of the request form (new deployment, change, decommission) gets from the form. */
export interface FormModeProps {
  draft: RequestDraft;
  view: DraftView;
  errors: FieldErrors;
  dispatch: Dispatch<DraftEvent>;
  today: string;
  retirementWindowDays: number;
  /** A revision: the deployment a change or decommission is about can't be swapped for another. */
  locked?: boolean;
}

/** An onChange handler that sends the control's new value to the draft as an edit of the given type. */
export function sendValue(dispatch: Dispatch<DraftEvent>, type: Exclude<DraftEvent["type"], "chooseAction">) {
  return (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => dispatch({ type, value: e.target.value });
}
