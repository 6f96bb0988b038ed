import type { ReactNode, SelectHTMLAttributes } from "react";
import { controlClass, Field, type FieldProps } from "./field";

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "className" | "aria-describedby" | "aria-invalid" | "children">;

/**
 * A select with its visible label, hint and error, tied together for screen readers. Stacked by default
 * (label, full-width select, hint, error); `inline` puts the label beside a compact select, for menus.
 */
export function SelectField({ id, label, hint, error, className, inline = false, children, ...select }: FieldProps & SelectProps & { inline?: boolean; children: ReactNode }) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className} inline={inline}>
      {(a11y) => (
        <select id={id} className={inline ? INLINE_SELECT : controlClass} {...a11y} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}

const INLINE_SELECT = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800";
