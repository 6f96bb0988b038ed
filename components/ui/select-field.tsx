import type { SelectHTMLAttributes } from "react";
import { controlClass, Field, type FieldProps } from "./field";

/** One choice of a {@link SelectField}. */
export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "className" | "aria-describedby" | "aria-invalid" | "children">;

/**
 * A select with its visible label, hint and error, tied together for screen readers. Stacked by default
 * (label, full-width select, hint, error); `inline` puts the label beside a compact select, for menus.
 */
export function SelectField({ id, label, hint, error, className, inline = false, options, ...select }: FieldProps & SelectProps & { inline?: boolean; options: SelectOption[] }) {
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className} inline={inline}>
      {(a11y) => (
        <select id={id} className={inline ? INLINE_SELECT : controlClass} {...a11y} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The options of a filter: "any" first (the empty value), then one per value. */
export function filterOptions(anyLabel: string, values: readonly (string | SelectOption)[]): SelectOption[] {
  return [{ value: "", label: anyLabel }, ...values.map((v) => (typeof v === "string" ? { value: v, label: v } : v))];
}

const INLINE_SELECT = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800";
