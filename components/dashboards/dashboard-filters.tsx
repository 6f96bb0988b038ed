import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { filterOptions, SelectField, type SelectOption } from "@/components/ui/select-field";

export interface FilterSelect {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  /** The "any" first choice (empty value); without it the select always has a value. */
  any?: string;
  options: readonly (string | SelectOption)[];
}

/** A dashboard's filters: a plain GET form, so every view is a link that can be shared or bookmarked. */
export function DashboardFilters({
  action,
  selects,
  checkbox,
  clearHref,
}: {
  action: string;
  selects: FilterSelect[];
  checkbox?: { id: string; name: string; label: string; checked: boolean };
  clearHref?: string;
}) {
  return (
    <form method="get" action={action} aria-label="Filters" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-6 lg:items-end">
      {selects.map((s) => (
        <SelectField
          key={s.id}
          id={s.id}
          name={s.name}
          label={s.label}
          defaultValue={s.value ?? ""}
          options={s.any !== undefined ? filterOptions(s.any, s.options) : s.options.map((o) => (typeof o === "string" ? { value: o, label: o } : o))}
        />
      ))}
      {checkbox ? (
        <div className="flex items-center gap-2 sm:pb-2">
          <input id={checkbox.id} name={checkbox.name} type="checkbox" value="1" defaultChecked={checkbox.checked} className="h-4 w-4 rounded border-slate-300 dark:border-slate-600" />
          <label htmlFor={checkbox.id} className="text-sm">
            {checkbox.label}
          </label>
        </div>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("secondary")}>
          Apply
        </button>
        {clearHref ? (
          <Link href={clearHref} className={buttonClass("ghost")}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
