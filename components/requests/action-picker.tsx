import { labelClass } from "@/components/ui/field";
import type { RequestAction } from "@/lib/requests/client";

const ACTIONS: { id: RequestAction; label: string }[] = [
  { id: "create", label: "New deployment" },
  { id: "change", label: "Change capacity or version" },
  { id: "decommission", label: "Decommission" },
];

/** The three kinds of request, as radio buttons styled as pills. */
export function ActionPicker({ value, onChange }: { value: RequestAction; onChange: (action: RequestAction) => void }) {
  return (
    <fieldset>
      <legend className={labelClass}>What do you need?</legend>
      <div className="mt-2 flex flex-wrap gap-2">
        {ACTIONS.map((a) => (
          <label key={a.id} className={`cursor-pointer rounded-full px-3 py-1.5 text-sm font-medium ring-1 focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-500 ${value === a.id ? "bg-indigo-600 text-white ring-indigo-600 dark:bg-indigo-400 dark:text-slate-950" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700"}`}>
            <input type="radio" name="action" value={a.id} checked={value === a.id} onChange={() => onChange(a.id)} className="sr-only" />
            {a.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
