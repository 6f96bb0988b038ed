import { labelClass } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { formatCapacity } from "@/lib/requests/client";
import { sendValue, type FormModeProps } from "./form-mode";

/** The team's deployment a change or decommission is about; only deployments the user may change are offered. */
export function DeploymentPicker({ draft, view, errors, dispatch, locked }: Pick<FormModeProps, "draft" | "view" | "errors" | "dispatch" | "locked">) {
  const deployments = view.changeable;
  if (locked && view.existing) {
    return (
      <div>
        <span className={labelClass}>Deployment name</span>
        <input type="hidden" name="deploymentName" value={view.existing.name} />
        <p className="mt-1 break-all font-mono text-sm">{view.existing.name}</p>
        {errors.deploymentName ? <p className="mt-1 text-sm text-red-700 dark:text-red-300">{errors.deploymentName}</p> : null}
      </div>
    );
  }
  return (
    <SelectField
      id="deploymentName"
      name="deploymentName"
      label="Deployment name"
      value={draft.deploymentName}
      onChange={sendValue(dispatch, "chooseDeployment")}
      hint={deployments.length === 0 ? "Your team owns no deployments on this account." : "Only deployments your team owns are listed."}
      // Nothing chosen yet is not a mistake worth a red line.
      error={draft.deploymentName ? errors.deploymentName : undefined}
      options={[
        { value: "", label: "Choose one of your team's deployments" },
        ...deployments.map((d) => ({ value: d.name, label: `${d.name} — ${d.modelName} ${d.modelVersion}, ${d.skuName} × ${formatCapacity(d.capacity, d.skuName)}` })),
      ]}
    />
  );
}
