import { Field } from "@/components/ui/field";
import { capacityUnitLabel, formatCapacity } from "@/lib/requests/client";
import { sendValue, type FormModeProps } from "./form-mode";

/**
 * Capacity as a number box and a slider, with the deployment type's range and the quota left in the region;
 * nothing until there is a deployment type. The slider spans the type's minimum to what is free (or the type's
 * maximum when nothing is), so it stays put while the user types; clearing the box leaves it empty.
 */
export function CapacityField({ view, errors, dispatch }: Pick<FormModeProps, "view" | "errors" | "dispatch">) {
  const { sku, quota, capacity, range } = view;
  if (!sku || !range) return null;
  const onChange = sendValue(dispatch, "typeCapacity");
  const location = view.account?.location;
  const hint = (
    <>
      In {capacityUnitLabel(sku.unit)}; {sku.min}–{sku.max}
      {sku.step > 1 ? ` in steps of ${sku.step}` : ""}.{" "}
      <strong className="font-medium text-slate-800 dark:text-slate-200">
        {quota && quota.free > 0
          ? `${quota.free} of ${quota.limit} free in ${location}`
          : `No quota is free for this model in ${location}${quota ? ` (${formatCapacity(quota.limit, sku.unit)} limit, all in use)` : ` (no quota for ${sku.usageName})`}`}
      </strong>
      {quota && quota.heldByPending > 0 ? ` (${quota.heldByPending} held by pending requests)` : ""}
      {/* Azure's own name for the quota pool, as the models list publishes it (not derived from the model). */}
      {quota ? <> in quota <span className="font-mono text-xs" data-testid="quota-usage-name">{sku.usageName}</span></> : null}.
    </>
  );
  const sliderValue = Number.isFinite(capacity) ? Math.min(Math.max(capacity, range.min), range.max) : range.min;
  return (
    <Field id="capacity" label="Capacity" hint={hint} error={errors.capacity}>
      {(a11y) => (
        <div className="mt-1 flex items-center gap-3">
          <input
            id="capacity"
            name="capacity"
            type="number"
            inputMode="numeric"
            min={sku.min}
            max={sku.max}
            step={sku.step}
            value={view.capacityText}
            onChange={onChange}
            className="block w-28 shrink-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
            {...a11y}
          />
          <input
            type="range"
            aria-label={`Capacity, ${range.min} to ${range.max}`}
            min={range.min}
            max={range.max}
            step={range.step}
            value={sliderValue}
            onChange={onChange}
            className="h-2 min-w-0 flex-1 cursor-pointer accent-indigo-600 dark:accent-indigo-400"
          />
        </div>
      )}
    </Field>
  );
}
