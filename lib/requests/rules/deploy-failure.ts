/**
 * Why a deploy of a parameter file failed (or would fail), from what Azure says: the template deployment's
 * nested error and failed operations, or ARM's validation of the file. One rule for the request page, the
 * queue and the reconciler: which deployment Azure blames, whether it is this request's or ANOTHER one in
 * the same file, whether it was a conflict with a concurrent change, and what to do next. Pure.
 */

/** An ARM error as lib/azure returns it (nested details, each possibly naming its target). */
export interface ArmErrorLike {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorLike[];
}

export interface DeployFailureEvidence {
  /** Where the answer came from: the deployment history (it ran) or ARM's validation of the file (it was refused whole). */
  source: "deployment" | "validation";
  /** The name of the template deployment Azure holds. */
  armDeploymentName: string;
  error: ArmErrorLike;
  /** Resource operations that failed (deployment history), with the element they wrote. */
  failedOperations?: { deployment: string | null; code: string; message: string }[];
}

export type DeployFailureCause = "this-deployment" | "other-deployment" | "conflict" | "other";

/** The explanation stored with a failed request and shown on its page. */
export interface DeployFailure {
  cause: DeployFailureCause;
  source: DeployFailureEvidence["source"];
  armDeploymentName: string;
  /** Azure's innermost error. */
  code: string;
  message: string;
  /** The deployment (element name) Azure names, if it names one. */
  deployment: string | null;
  /** One sentence: what happened. */
  summary: string;
  /** What to do next. */
  nextStep: string;
}

/** Conflicts with a concurrent change: nothing is wrong with the file, the deploy should run again. */
const CONFLICT_CODES = new Set(["RequestConflict", "DeploymentActive", "Conflict", "AnotherOperationInProgress", "OperationNotAllowed"]);

/** A message without its final full stop, for use inside a sentence. */
function bare(message: string): string {
  return message.replace(/\.\s*$/, "");
}

/** The innermost errors of a nested ARM error. */
export function innermostErrors(error: ArmErrorLike): ArmErrorLike[] {
  return error.details?.length ? error.details.flatMap(innermostErrors) : [error];
}

/** The deployment name in a Cognitive Services deployment's resource id, if it is one. */
export function deploymentNameInId(id: string | undefined): string | null {
  return id ? (/\/accounts\/[^/]+\/deployments\/([^/]+)$/i.exec(id)?.[1] ?? null) : null;
}

function advice(code: string, model: string): string {
  switch (code) {
    case "InsufficientQuota":
      return "Ask for less capacity (a change request) or ask the platform team for more quota in that region, then re-run the deploy.";
    case "SpecialFeatureOrQuotaIdRequired":
      return `${model} is a limited-access model: the subscription must be registered for it (Microsoft's access request) before anyone can deploy it. Until then, decommission it from the file or request another model.`;
    case "ServiceModelDeprecating":
      return "That version is being retired and only accounts that already run the model may add it: request the model's current version instead.";
    case "ServiceModelDeprecated":
      return "That version (or deployment type) is retired: request a newer version.";
    default:
      return "Fix what Azure names, then re-run the deploy workflow.";
  }
}

/**
 * Explains a failed deploy of a file (or, `forecast`, one Azure would refuse if merged) for the request that
 * changed `deploymentName` in it. `model` names the request's model in advice.
 */
export function explainDeployFailure(
  evidence: DeployFailureEvidence,
  request: { deploymentName: string; accountName: string; model: string },
  tense: "failed" | "forecast" = "failed",
): DeployFailure {
  const causes = innermostErrors(evidence.error);
  const failedOps = evidence.failedOperations ?? [];
  // Whom Azure blames: the failed operation's element (it ran), or the refused resource (validation).
  const blamed = failedOps.find((o) => o.deployment) ?? null;
  const targeted = causes.map((c) => ({ cause: c, deployment: deploymentNameInId(c.target) })).find((c) => c.deployment);
  const mine = (name: string | null) => name !== null && name.toLowerCase() === request.deploymentName.toLowerCase();
  const named = blamed?.deployment ?? targeted?.deployment ?? null;
  // Prefer this request's own refusal when Azure names several.
  const own = failedOps.find((o) => mine(o.deployment)) ?? causes.find((c) => mine(deploymentNameInId(c.target)));
  const root = own ? ("deployment" in own ? { code: own.code, message: own.message } : own) : blamed ? { code: blamed.code, message: blamed.message } : (targeted?.cause ?? causes[0]);
  const deployment = own ? request.deploymentName : named;
  const base = { source: evidence.source, armDeploymentName: evidence.armDeploymentName, code: root.code, message: root.message, deployment };
  const forecast = tense === "forecast";
  const what = forecast
    ? "Azure validates the whole file before applying any of it"
    : evidence.source === "validation"
      ? "Azure refused the whole file before applying any of it"
      : `Azure's deployment ${evidence.armDeploymentName} failed`;

  if (CONFLICT_CODES.has(root.code)) {
    const concurrent =
      root.code === "DeploymentActive"
        ? `another run of the deploy workflow (${evidence.armDeploymentName}) was still going`
        : `another change to ${request.accountName} was in progress at the same moment`;
    return {
      ...base,
      cause: "conflict",
      summary: `The deploy failed on a conflict: ${concurrent}, so Azure refused this one (${root.code}). The change itself is fine.`,
      nextStep: `Re-run the deploy workflow of the merge once the other change has finished (the platform team, or the next merge to ${request.accountName}'s file, applies the whole file again).`,
    };
  }
  if (deployment && !mine(deployment)) {
    return {
      ...base,
      cause: "other-deployment",
      summary: forecast
        ? `A merge would fail because of another deployment in the same file: ${deployment} (${root.code}: ${bare(root.message)}). ${what}, so ${request.deploymentName} would not be applied either.`
        : `The deploy failed because of another deployment in the same file: ${deployment} (${root.code}: ${bare(root.message)}). ${what}, so ${request.deploymentName} was not applied.`,
      nextStep: forecast
        ? `Fix or remove ${deployment} in the parameter file first (its owners or the platform team), then merge this one.`
        : `The owners of ${deployment} (or the platform team) fix or remove ${deployment} in the parameter file; then re-run the deploy workflow.`,
    };
  }
  if (mine(deployment)) {
    return {
      ...base,
      cause: "this-deployment",
      summary: forecast
        ? `Azure would refuse ${request.deploymentName}: ${root.code}: ${root.message}`
        : `Azure refused ${request.deploymentName}: ${root.code}: ${root.message}${evidence.source === "validation" ? " Nothing of the file was applied." : ""}`,
      nextStep: forecast ? `${advice(root.code, request.model).replace(/,? then re-run the deploy\.?$/, ".")} Merging as it is would only fail the deploy.` : advice(root.code, request.model),
    };
  }
  return {
    ...base,
    cause: "other",
    summary: forecast ? `Azure would refuse the file: ${root.code}: ${root.message}` : `${what}: ${root.code}: ${root.message}`,
    nextStep: "Fix what Azure names (the platform team can see the deployment's operations in the Azure portal), then re-run the deploy workflow.",
  };
}

/** The words a timeline or notice shows for a failure: what happened, then the next step. */
export function describeDeployFailure(f: DeployFailure): string {
  return `${f.summary} Next step: ${f.nextStep}`;
}
