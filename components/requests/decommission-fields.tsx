import { Notice } from "@/components/ui/notice";
import { DeploymentPicker } from "./deployment-picker";
import type { FormModeProps } from "./form-mode";

/** A decommission: which deployment, and what removing it from the file does (and doesn't) do. */
export function DecommissionFields(props: FormModeProps) {
  const { existing } = props.view;
  return (
    <>
      <DeploymentPicker {...props} />
      {existing ? (
        <Notice tone="info">
          The pull request removes {existing.name} from the parameter file. The platform deploys incrementally, so Azure keeps
          the deployment until the platform team deletes it after the merge; move apps off it first.
        </Notice>
      ) : null}
    </>
  );
}
