"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { cancelRequest, deleteDeploymentInAzure, ensureMayCancel, formDataToRequestInput, RequestInputSchema, retryRequest, reviseRequest, ReviseInputSchema, submitRequest } from "@/lib/requests";
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

const revise = defineAction({
  capability: "request:create",
  schema: ReviseInputSchema,
  read: formDataToRequestInput,
  invalid: (error): SubmitRequestState => {
    const errors: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = typeof issue.path[0] === "string" ? issue.path[0] : "form";
      if (issue.code === "unrecognized_keys") errors.form = `Unexpected field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
      else errors[key] ??= issue.message;
    }
    return { errors, message: "The revision was not sent. Fix what is marked below." };
  },
  // reviseRequest checks who may revise, the request's state and every rule again.
  run: (input, user, context) => reviseRequest(context, user, input),
  done: (result) => {
    revalidatePath(`/requests/${result.requestId}`);
    redirect(`/requests/${result.requestId}`);
  },
  failed: (message, _input, errors): SubmitRequestState =>
    errors && Object.keys(errors).length ? { errors, message: "The revision was not sent. Fix what is marked below." } : { message },
  nothingDone: "Nothing was saved.",
});

/** Sends a revised request (after changes were requested, or after a failure): same request, same PR while it is open. */
export async function reviseRequestAction(previous: SubmitRequestState, form: FormData): Promise<SubmitRequestState> {
  return revise(previous, form);
}

const RetrySchema = z.object({ requestId: z.uuid(), expectedVersion: z.coerce.number().int().min(0) });

export interface RetryRequestState extends ActionState {
  done?: boolean;
}

const retry = defineAction({
  schema: RetrySchema,
  invalid: (): RetryRequestState => ({ message: "That request can't be tried again." }),
  run: (input, user, context) => retryRequest(context, user, input.requestId, input.expectedVersion),
  done: (_output, input): RetryRequestState => {
    revalidatePath(`/requests/${input.requestId}`);
    return { done: true, message: "Sent again; this page follows it." };
  },
  failed: (message): RetryRequestState => ({ message }),
  onRefused: (input) => revalidatePath(`/requests/${input.requestId}`),
  nothingDone: "Nothing was sent.",
});

/** "Try again": sends a failed request again with the same values (every rule checked again). */
export async function retryRequestAction(previous: RetryRequestState, form: FormData): Promise<RetryRequestState> {
  return retry(previous, form);
}

const DeleteInAzureSchema = z.object({ requestId: z.uuid(), expectedVersion: z.coerce.number().int().min(0), confirmName: z.string().trim().max(64).default("") });

export interface DeleteInAzureState extends ActionState {
  done?: boolean;
}

const deleteInAzure = defineAction({
  capability: "settings:manage",
  schema: DeleteInAzureSchema,
  invalid: (): DeleteInAzureState => ({ message: "Nothing was deleted." }),
  run: (input, user, context) => deleteDeploymentInAzure(context, user, input),
  done: (result, input): DeleteInAzureState => {
    revalidatePath(`/requests/${input.requestId}`);
    revalidatePath("/inventory/deletions");
    return { done: true, ok: true, message: result.deleted ? "Deleted in Azure; the request succeeded." : "Azure accepted the deletion; the request succeeds once Azure no longer lists it." };
  },
  failed: (message, _input, errors): DeleteInAzureState => ({ message, errors }),
  nothingDone: "Nothing was deleted.",
});

/** Admins: deletes a removed deployment that Azure still runs (confirmed by typing its name; recorded on the timeline). */
export async function deleteInAzureAction(previous: DeleteInAzureState, form: FormData): Promise<DeleteInAzureState> {
  return deleteInAzure(previous, form);
}
