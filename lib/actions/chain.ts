import "server-only";
import { forbidden } from "next/navigation";
import { ZodError, type z } from "zod";
import { hasCapability, requireUser, type Capability, type UserWithTeams } from "@/lib/auth";
import { explainUnavailable, ForbiddenError, RefusedError, type FieldErrors } from "@/lib/requests";
import { getServerContext, type ServerContext } from "@/lib/server";
import { readAuditOrigin } from "@/lib/audit";
import { RateLimitedError } from "@/lib/rate-limit";

/** What every server action answers with (useActionState keeps it); actions may add fields. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  /** Messages per form field. */
  errors?: FieldErrors;
}

/** The posted fields as a plain object: strings only, empty ones left out, framework fields ($ACTION…) dropped. */
export function readForm(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$") || typeof value !== "string" || value === "") continue;
    out[key] = value;
  }
  return out;
}

export interface ActionSpec<Schema extends z.ZodType, Output, State extends ActionState> {
  /** Where a signed-out user returns after signing in. */
  returnTo?: string;
  /** The role capability the action needs; anyone else gets the 403 page, whatever they post. */
  capability?: Capability;
  schema: Schema;
  /** The raw input for the schema (default: readForm). */
  read?: (form: FormData) => unknown;
  /** The answer when the schema refuses the input. */
  invalid: (error: z.ZodError, form: FormData) => State;
  /** The use case; ownership and every other rule are checked there. */
  run: (input: z.infer<Schema>, user: UserWithTeams, context: ServerContext) => Promise<Output>;
  /** After success: revalidate and answer, or redirect. */
  done: (output: Output, input: z.infer<Schema>) => State | Promise<State>;
  /** The answer when the domain refused or a service didn't answer (message already says what to do). */
  failed: (message: string, input: z.infer<Schema>, errors?: FieldErrors) => State;
  /** Called when the domain refused (e.g. to revalidate the page the user decided from). */
  onRefused?: (input: z.infer<Schema>) => void;
  /** What "nothing was done" means for this action, for the unavailable message. */
  nothingDone: string;
}

/**
 * The one chain every server action goes through: authenticate → authorise the role → zod-parse → the use
 * case → map domain errors (ForbiddenError → 403 page, RefusedError → its message, anything else → "try
 * again", logged) → wake the job runner → done (revalidate, redirect).
 */
export function defineAction<Schema extends z.ZodType, Output, State extends ActionState>(spec: ActionSpec<Schema, Output, State>) {
  return async (_previous: State, form: FormData): Promise<State> => {
    const user = await requireUser(spec.returnTo);
    if (spec.capability && !hasCapability(user.role, spec.capability)) forbidden();
    // PostgreSQL can't store NUL in text, and no person types one: refuse it here, as a field error.
    const withNul = [...form.entries()].find(([key, value]) => !key.startsWith("$") && typeof value === "string" && value.includes("\u0000"));
    if (withNul) {
      return spec.invalid(new ZodError([{ code: "custom", path: [withNul[0]], message: "This field contains a NUL character (\\0). Remove it and submit again.", input: withNul[1] }]), form);
    }
    const parsed = spec.schema.safeParse((spec.read ?? readForm)(form));
    if (!parsed.success) return spec.invalid(parsed.error, form);
    const input = parsed.data as z.infer<Schema>;
    // The use cases record this request (id, address, browser) with what they write to the audit log.
    const context = { ...(await getServerContext()), auditOrigin: await readAuditOrigin() };
    let output: Output;
    try {
      output = await spec.run(input, user, context);
    } catch (e) {
      if (e instanceof ForbiddenError) forbidden();
      if (e instanceof RateLimitedError) return spec.failed(e.message, input);
      if (e instanceof RefusedError) {
        spec.onRefused?.(input);
        return spec.failed(e.message, input, e.fieldErrors);
      }
      console.error("server action failed:", e);
      return spec.failed(explainUnavailable(e, spec.nothingDone), input);
    }
    context.wakeJobs();
    return spec.done(output, input);
  };
}
