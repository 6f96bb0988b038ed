import { Notice } from "@/components/ui/notice";
import type { DeployFailure } from "@/lib/requests/client";

const FAILED_TITLES: Record<DeployFailure["cause"], string> = {
  "this-deployment": "Azure refused this deployment",
  "other-deployment": "The deploy failed because of another deployment in the file",
  conflict: "The deploy failed on a conflict",
  other: "The deploy failed",
};

const FORECAST_TITLES: Record<DeployFailure["cause"], string> = {
  "this-deployment": "Azure would refuse this deployment",
  "other-deployment": "A merge would fail because of another deployment in the file",
  conflict: "Azure would refuse this file",
  other: "Azure would refuse this file",
};

/**
 * Why a deploy failed — or, as a forecast, why Azure would refuse the file as the pull request leaves it —
 * with the next step and where ModelGate read it in Azure.
 */
export function DeployFailureNotice({ failure, forecast = false, children }: { failure: DeployFailure; forecast?: boolean; children?: React.ReactNode }) {
  const where =
    failure.source === "validation"
      ? `Azure Resource Manager's validation of the parameter file (${failure.armDeploymentName})`
      : `the Azure deployment ${failure.armDeploymentName} and its operations`;
  return (
    <div data-testid={forecast ? "merge-forecast" : "deploy-failure"}>
      <Notice tone={forecast ? "warning" : "error"} title={(forecast ? FORECAST_TITLES : FAILED_TITLES)[failure.cause]}>
        <p className="break-words">{failure.summary}</p>
        <p className="mt-2 break-words">
          <span className="font-semibold">Next step:</span> {failure.nextStep}
        </p>
        <p className="mt-2 text-xs opacity-80">Read from {where}.</p>
        {children}
      </Notice>
    </div>
  );
}
