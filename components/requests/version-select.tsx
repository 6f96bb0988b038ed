import { SelectField } from "@/components/ui/select-field";
import { daysUntilRetirement, isRetired, type FormVersion } from "@/lib/requests/client";
import { sendValue, type FormModeProps } from "./form-mode";

/** What an option says about a version: default, lifecycle, retirement, and whether the deployment runs it now. */
function describeVersion(v: FormVersion, today: string, current?: string): string {
  const retired = isRetired(v, today);
  const retires = retired ? `retired ${v.retiresOn?.slice(0, 10)}` : v.retiresOn ? `retires ${v.retiresOn.slice(0, 10)}` : "";
  return [v.version, v.isDefault ? "default" : "", v.lifecycleStatus ?? "", retires, v.version === current ? "current" : ""].filter(Boolean).join(" · ");
}

/**
 * The model version, with retirement dates in the options and a warning when the chosen one retires within
 * the window. Retired versions can't be chosen (unless already chosen, so a forged choice stays visible).
 */
export function VersionSelect({
  versions,
  value,
  current,
  dispatch,
  errors,
  today,
  retirementWindowDays,
}: Pick<FormModeProps, "dispatch" | "errors" | "today" | "retirementWindowDays"> & {
  versions: FormVersion[];
  value: string;
  /** The version the deployment runs now, for a change. */
  current?: string;
}) {
  const selected = versions.find((v) => v.version === value);
  const soon = selected ? daysUntilRetirement(selected, today, retirementWindowDays) : null;
  return (
    <SelectField
      id="modelVersion"
      name="modelVersion"
      label="Version"
      value={value}
      onChange={sendValue(dispatch, "chooseVersion")}
      error={errors.modelVersion}
      hint={
        <>
          {selected?.retiresOn ? `Retires on ${selected.retiresOn.slice(0, 10)}.` : "No retirement date announced."}
          {soon !== null ? <strong className="ml-1 font-medium text-amber-800 dark:text-amber-300">Retires in {soon} days — consider a newer version.</strong> : null}
        </>
      }
      options={versions.map((v) => ({ value: v.version, label: describeVersion(v, today, current), disabled: isRetired(v, today) && v.version !== value }))}
    />
  );
}
