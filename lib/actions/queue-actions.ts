"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { approveRequest, rejectRequest, requestChanges } from "@/lib/requests";
import { defineAction, type ActionState } from "./chain";

export interface DecisionState extends ActionState {
  /** Which request the message is about (one form per queue row). */
  requestId?: string;
}

/** What the queue page says after a decision (a fixed set, so a crafted link can't put words on the page). */
export type DecisionOutcome = "merged" | "approved" | "changes" | "rejected";

// Not exported: a "use server" file exports only its actions.
const DECISION_COMMENT_MAX = 5000;
const OVERRIDE_REASON_MAX = 1000;

const BaseSchema = z.object({
  requestId: z.uuid(),
  expectedVersion: z.coerce.number().int().min(0),
  /** The request's number, for the confirmation shown after the card leaves the queue. */
  number: z.coerce.number().int().positive().optional(),
});

const ApproveSchema = BaseSchema.extend({
  expectedHeadSha: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  overrideFailedChecks: z.literal("on").optional(),
  overrideReason: z.string().trim().max(OVERRIDE_REASON_MAX).optional(),
});

const CommentSchema = BaseSchema.extend({ comment: z.string().trim().min(1).max(DECISION_COMMENT_MAX) });

/** The decided row leaves the queue, so the confirmation lives on the queue page itself. */
function confirm(input: z.infer<typeof BaseSchema>, outcome: DecisionOutcome): never {
  revalidatePath("/queue");
  revalidatePath(`/requests/${input.requestId}`);
  redirect(`/queue?${new URLSearchParams({ decided: input.number ? String(input.number) : "", outcome }).toString()}`);
}

const decision = {
  capability: "queue:decide" as const,
  failed: (message: string, input: { requestId: string }): DecisionState => ({ ok: false, message, requestId: input.requestId }),
  onRefused: () => revalidatePath("/queue"),
  nothingDone: "Nothing was merged.",
};

const approve = defineAction({
  ...decision,
  schema: ApproveSchema,
  invalid: (error, form): DecisionState => ({
    ok: false,
    message: error.issues.some((i) => i.path[0] === "overrideReason" && i.code === "too_big")
      ? `The override reason is too long: at most ${OVERRIDE_REASON_MAX} characters.`
      : error.issues.find((i) => i.code === "custom")?.message ?? "This decision form is out of date; reload the queue.",
    requestId: String(form.get("requestId") ?? ""),
  }),
  run: async (input, user, context) =>
    (await approveRequest(context, user, { ...input, overrideFailedChecks: input.overrideFailedChecks === "on" })).outcome,
  done: (outcome, input) => confirm(input, outcome),
});

/** Approve: review on GitHub and merge (or only approve when merging is left to GitHub). */
export async function approveRequestAction(previous: DecisionState, form: FormData): Promise<DecisionState> {
  return approve(previous, form);
}

function commented(kind: "changes" | "reject") {
  return defineAction({
    ...decision,
    schema: CommentSchema,
    invalid: (error, form): DecisionState => {
      const issue = error.issues.find((i) => i.path[0] === "comment");
      const length = String(form.get("comment") ?? "").trim().length;
      return {
        ok: false,
        requestId: String(form.get("requestId") ?? ""),
        message:
          issue?.code === "custom"
            ? issue.message
            : issue?.code === "too_big"
              ? `The comment is too long: ${length.toLocaleString("en-US")} characters, at most ${DECISION_COMMENT_MAX.toLocaleString("en-US")}. Shorten it; the comment goes to the pull request.`
              : issue
                ? kind === "reject"
                  ? "Say why you reject it: the comment goes to the pull request."
                  : "Say what should change: the comment goes to the pull request."
                : "This decision form is out of date; reload the queue.",
      };
    },
    run: (input, user, context) => (kind === "reject" ? rejectRequest(context, user, input) : requestChanges(context, user, input)),
    done: (_output, input) => confirm(input, kind === "reject" ? "rejected" : "changes"),
  });
}

const changes = commented("changes");
const reject = commented("reject");

/** Request changes: a comment is required and goes to the PR as a review. */
export async function requestChangesAction(previous: DecisionState, form: FormData): Promise<DecisionState> {
  return changes(previous, form);
}

/** Reject: a comment is required; the PR is closed with it. */
export async function rejectRequestAction(previous: DecisionState, form: FormData): Promise<DecisionState> {
  return reject(previous, form);
}
