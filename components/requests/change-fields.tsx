import { labelClass } from "@/components/ui/field";
import { CapacityField } from "./capacity-field";
import { DeploymentPicker } from "./deployment-picker";
import type { FormModeProps } from "./form-mode";
import { VersionSelect } from "./version-select";

/** A change of one of the team's deployments: its version and capacity (model and type stay). */
export function ChangeFields(props: FormModeProps) {
  const { existing } = props.view;
  return (
    <>
      <DeploymentPicker {...props} />
      {existing ? (
        <>
          <div>
            <span className={labelClass}>Model</span>
            <p className="mt-1 text-sm">{existing.modelName} · {existing.skuName}</p>
          </div>
          <VersionSelect {...props} versions={props.view.effectiveModel?.versions ?? []} value={props.draft.changeVersion} current={existing.modelVersion} />
        </>
      ) : null}
      <CapacityField {...props} />
    </>
  );
}
