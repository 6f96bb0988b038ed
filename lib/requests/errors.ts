/**
 * The domain's refusals. Server actions map them in one place (lib/actions/chain.ts): ForbiddenError → the
 * 403 page, RefusedError → its message (and per-field messages) on the form. Anything else is a service that
 * didn't answer and becomes a "try again" message.
 */

/** Per-field messages of a refused form, plus `form` for the form as a whole. */
export type FieldErrors = Partial<Record<string, string>>;

/** The user may not do this at all (role, ownership, separation of duties): a 403. */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** The action can't be done now or as asked; the message says why and what to do. Nothing was written. */
export class RefusedError extends Error {
  readonly status: number = 409;
  constructor(
    message: string,
    /** Messages per form field, when the refusal is about what was entered. */
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
    this.name = "RefusedError";
  }

  /** A refusal of a form's fields: the message joins them. */
  static forFields(errors: FieldErrors): RefusedError {
    return new RefusedError(Object.values(errors).filter(Boolean).join(" ") || "The request was refused.", errors);
  }
}
