import type { ReactNode } from "react";

/** Classes of a text input, textarea or select (full width, light and dark). */
export const controlClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 disabled:bg-slate-100 disabled:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";
/** Classes of a field's visible label. */
export const labelClass = "block text-sm font-medium text-slate-800 dark:text-slate-200";
/** Classes of the line of help under a control. */
export const hintClass = "mt-1 text-xs text-slate-600 dark:text-slate-400";

/** The ids a control is described by: its hint and its error, when shown (undefined when neither). */
export function describedBy(id: string, shown: { hint?: boolean; error?: boolean }): string | undefined {
  return [shown.hint ? `${id}-hint` : "", shown.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** A field's error message, tied to its control by `${id}-error`; nothing when there is no message. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
      {message}
    </p>
  );
}

/** What a control needs to announce its hint and error. */
export interface FieldA11y {
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export interface FieldProps {
  /** The control's id; the hint and the error get `${id}-hint` and `${id}-error`. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
}

/**
 * A labelled control with its hint and error under it. `children` gets the attributes that tie the hint and
 * error to the control, so a screen reader announces them with it. `inline` puts the label beside the control.
 */
export function Field({ id, label, hint, error, className, inline = false, children }: FieldProps & { inline?: boolean; children: (a11y: FieldA11y) => ReactNode }) {
  const hasHint = hint !== undefined && hint !== null;
  const labelled = (
    <>
      <label htmlFor={id} className={inline ? undefined : labelClass}>
        {label}
      </label>
      {children({ "aria-describedby": describedBy(id, { hint: hasHint, error: !!error }), "aria-invalid": error ? true : undefined })}
    </>
  );
  return (
    <div className={className}>
      {inline ? <div className="flex items-center justify-between gap-3">{labelled}</div> : labelled}
      {hasHint ? (
        <p id={`${id}-hint`} className={hintClass}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
