"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { cancelRequest, ensureMayCancel, formDataToRequestInput, RequestInputSchema, submitRequest } from "@/lib/requests";
import { defineAction, type ActionState } from "./chain";

export type SubmitRequestState = ActionState;

const submit = defineAction({
  returnTo: "/requests/new",
  capability: "request:create",
  schema: RequestInputSchema,
  read: formDataToRequestInput,
  invalid: (error): SubmitRequestState => {
    const errors: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = typeof issue.path[0] === "string" ? issue.path[0] : "form";
      if (issue.code === "unrecognized_keys") errors.form = `Unexpected field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
      else errors[key] ??= issue.message;
    }
    return { errors, message: "The request was not submitted. Fix what is marked below." };
  },
  // submitRequest parses again: it is the use case's own guard for callers other than this form.
  run: (input, user, context) => submitRequest(context, user, input),
  done: (result) => redirect(`/requests/${result.requestId}`),
  failed: (message, _input, errors): SubmitRequestState =>
    errors && Object.keys(errors).length ? { errors, message: "The request was not submitted. Fix what is marked below." } : { message },
  nothingDone: "Nothing was saved.",
});

/** Submits the request form: re-validates everything on the server, writes request + job, opens the request page. */
export async function submitRequestAction(previous: SubmitRequestState, form: FormData): Promise<SubmitRequestState> {
  return submit(previous, form);
}

const CancelSchema = z.object({ requestId: z.uuid(), reason: z.string().trim().max(500).optional(), confirmed: z.literal("yes").optional() });

export interface CancelRequestState extends ActionState {
  done?: boolean;
  /** Cancelling closes the pull request: the form asks once more before it does. */
  needsConfirmation?: boolean;
  reason?: string;
}

const cancel = defineAction({
  schema: CancelSchema,
  invalid: (): CancelRequestState => ({ message: "That request can't be cancelled." }),
  run: async (input, user, context) => {
    if (input.confirmed !== "yes") {
      // Asking to confirm is already an answer: only someone who may cancel gets it.
      await ensureMayCancel(context, user, input.requestId);
      return "confirm" as const;
    }
    await cancelRequest(context, user, input.requestId, input.reason);
    return "cancelled" as const;
  },
  done: (output, input): CancelRequestState => {
    if (output === "confirm") return { needsConfirmation: true, reason: input.reason };
    revalidatePath(`/requests/${input.requestId}`);
    return { done: true, message: "Request cancelled; its pull request is being closed." };
  },
  failed: (message): CancelRequestState => ({ message }),
  nothingDone: "The request was not cancelled.",
});

/** Cancels a request that has not merged (requester, team member or admin); its PR is closed with a comment. */
export async function cancelRequestAction(previous: CancelRequestState, form: FormData): Promise<CancelRequestState> {
  return cancel(previous, form);
}
