"use server";
import { revalidatePath } from "next/cache";
import { forbidden, redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser, hasCapability } from "@/lib/auth";
import type { UserWithTeams } from "@/lib/db";
import { isGitOpsError } from "@/lib/gitops";
import { wakeBackgroundWork } from "@/lib/requests/background";
import { approveRequest, DecisionForbiddenError, DecisionRefusedError, rejectRequest, requestChanges } from "@/lib/requests/decisions";
import { getQueueDeps } from "@/lib/requests/queue-deps";

export interface DecisionState {
  ok?: boolean;
  message?: string;
  /** Which request the message is about (one form per queue row). */
  requestId?: string;
}

const BaseSchema = z.object({
  requestId: z.uuid(),
  expectedVersion: z.coerce.number().int().min(0),
});

const ApproveSchema = BaseSchema.extend({
  expectedHeadSha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  overrideFailedChecks: z.literal("on").optional(),
  overrideReason: z.string().trim().max(1000).optional(),
});

const CommentSchema = BaseSchema.extend({ comment: z.string().trim().min(1, "Write a comment for the pull request.").max(5000) });

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Only approvers and admins reach a decision; anyone else gets the 403 page, whatever they post. */
async function requireDecider(): Promise<UserWithTeams> {
  const user = await getCurrentUser();
  if (!user || !hasCapability(user.role, "queue:decide")) forbidden();
  return user;
}

/** What the queue page says after a decision (a fixed set, so a crafted link can't put words on the page). */
export type DecisionOutcome = "merged" | "approved" | "changes" | "rejected";

async function runDecision(requestId: string, form: FormData, work: () => Promise<DecisionOutcome>): Promise<DecisionState> {
  let outcome: DecisionOutcome;
  try {
    outcome = await work();
  } catch (e) {
    if (e instanceof DecisionForbiddenError) forbidden();
    if (e instanceof DecisionRefusedError) {
      revalidatePath("/queue");
      return { ok: false, message: e.message, requestId };
    }
    if (isGitOpsError(e)) return { ok: false, message: `GitHub didn't answer as expected (${e.message}). Nothing was merged; try again in a minute.`, requestId };
    console.error("queue decision failed:", e);
    return { ok: false, message: "The decision could not be made because a service didn't answer. Nothing was merged; try again in a minute.", requestId };
  }
  wakeBackgroundWork();
  revalidatePath("/queue");
  revalidatePath(`/requests/${requestId}`);
  // The decided row leaves the queue, so the confirmation lives on the queue page itself.
  const number = Number(field(form, "number"));
  const params = new URLSearchParams({ decided: Number.isInteger(number) && number > 0 ? String(number) : "", outcome });
  redirect(`/queue?${params.toString()}`);
}

/** Approve: review on GitHub and merge (or only approve when merging is left to GitHub). */
export async function approveRequestAction(_prev: DecisionState, form: FormData): Promise<DecisionState> {
  const user = await requireDecider();
  const parsed = ApproveSchema.safeParse({
    requestId: field(form, "requestId"),
    expectedVersion: field(form, "expectedVersion"),
    expectedHeadSha: field(form, "expectedHeadSha"),
    overrideFailedChecks: field(form, "overrideFailedChecks"),
    overrideReason: field(form, "overrideReason"),
  });
  if (!parsed.success) return { ok: false, message: "This decision form is out of date; reload the queue." };
  const input = parsed.data;
  return runDecision(input.requestId, form, async () => {
    const deps = await getQueueDeps();
    const { outcome } = await approveRequest(deps, user, { ...input, overrideFailedChecks: input.overrideFailedChecks === "on" });
    return outcome;
  });
}

async function commented(form: FormData, kind: "changes" | "reject"): Promise<DecisionState> {
  const user = await requireDecider();
  const parsed = CommentSchema.safeParse({ requestId: field(form, "requestId"), expectedVersion: field(form, "expectedVersion"), comment: field(form, "comment") ?? "" });
  if (!parsed.success) {
    const requestId = field(form, "requestId");
    const needsComment = parsed.error.issues.some((i) => i.path[0] === "comment");
    return {
      ok: false,
      requestId,
      message: needsComment ? (kind === "reject" ? "Say why you reject it: the comment goes to the pull request." : "Say what should change: the comment goes to the pull request.") : "This decision form is out of date; reload the queue.",
    };
  }
  const input = parsed.data;
  return runDecision(input.requestId, form, async () => {
    const deps = await getQueueDeps();
    if (kind === "reject") {
      await rejectRequest(deps, user, input);
      return "rejected";
    }
    await requestChanges(deps, user, input);
    return "changes";
  });
}

/** Request changes: a comment is required and goes to the PR as a review. */
export async function requestChangesAction(prev: DecisionState, form: FormData): Promise<DecisionState> {
  return commented(form, "changes");
}

/** Reject: a comment is required; the PR is closed with it. */
export async function rejectRequestAction(prev: DecisionState, form: FormData): Promise<DecisionState> {
  return commented(form, "reject");
}
