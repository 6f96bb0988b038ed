"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth";
import { wakeBackgroundWork } from "@/lib/requests/background";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { getRequestDeps } from "@/lib/requests/deps";
import { TransitionConflictError } from "@/lib/requests/lifecycle";
import { formDataToRequestInput, type FieldErrors } from "@/lib/requests/request-form";
import { RequestForbiddenError, RequestRefusedError, submitRequest } from "@/lib/requests/submit-request";

export interface SubmitRequestState {
  errors?: FieldErrors;
  message?: string;
}

/** Submits the request form: re-validates everything on the server, writes request + job, opens the request page. */
export async function submitRequestAction(_prev: SubmitRequestState, form: FormData): Promise<SubmitRequestState> {
  const user = await requireUser("/requests/new");
  let requestId: string;
  try {
    const result = await submitRequest(await getRequestDeps(), user, formDataToRequestInput(form));
    requestId = result.requestId;
  } catch (e) {
    if (e instanceof RequestRefusedError) return { errors: e.errors, message: "The request was not submitted. Fix what is marked below." };
    if (e instanceof RequestForbiddenError) return { message: e.message };
    console.error("submitting a request failed:", e);
    return { message: "The request could not be submitted because a service didn't answer. Nothing was saved; try again in a minute." };
  }
  wakeBackgroundWork();
  redirect(`/requests/${requestId}`);
}

const CancelSchema = z.object({ requestId: z.uuid(), reason: z.string().trim().max(500).optional() });

export interface CancelRequestState {
  message?: string;
  done?: boolean;
}

/** Cancels a request that has not merged (requester, team member or admin); its PR is closed with a comment. */
export async function cancelRequestAction(_prev: CancelRequestState, form: FormData): Promise<CancelRequestState> {
  const user = await requireUser();
  const parsed = CancelSchema.safeParse({ requestId: form.get("requestId"), reason: form.get("reason") || undefined });
  if (!parsed.success) return { message: "That request can't be cancelled." };
  try {
    await cancelRequest(await getRequestDeps(), user, parsed.data.requestId, parsed.data.reason);
  } catch (e) {
    if (e instanceof RequestForbiddenError || e instanceof TransitionConflictError) return { message: e.message };
    console.error("cancelling a request failed:", e);
    return { message: "The request could not be cancelled right now; try again in a minute." };
  }
  wakeBackgroundWork();
  revalidatePath(`/requests/${parsed.data.requestId}`);
  return { done: true, message: "Request cancelled; its pull request is being closed." };
}
