import "server-only";
import type { AzureArmError, AzureTemplateDeployment } from "@/lib/azure";
import type { DomainDeps } from "./deps";
import { explainDeployFailure, type DeployFailure } from "./rules/deploy-failure";
import { readParameterValues, TARGET_PARAMS } from "./rules/param-files";
import { rememberFor } from "./ttl-cache";

type AzureDeps = Pick<DomainDeps, "azure" | "gitops" | "settings">;

/** The request fields these readers need. */
export interface DeployTarget {
  accountName: string;
  deploymentName: string;
  modelName: string;
  paramFilePath: string;
}

/** Azure accepts the file as it is (its validation passes): whatever failed, it wasn't the file's content. */
export type FileAccepted = { accepted: true };

const FORECAST_TTL = 60_000;

/** The deployment's error with failed operations read down to the resources (through nested deployments). */
async function failedOperations(deps: AzureDeps, record: AzureTemplateDeployment): Promise<{ deployment: string | null; code: string; message: string }[]> {
  const out: { deployment: string | null; code: string; message: string }[] = [];
  const top = await deps.azure.listTemplateDeploymentOperations({ name: record.name });
  for (const op of top.filter((o) => o.provisioningState === "Failed")) {
    const nestedGroup = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i.exec(op.resourceId ?? "");
    if (nestedGroup) {
      const inner = await deps.azure.listTemplateDeploymentOperations({ name: nestedGroup[2], resourceGroup: nestedGroup[1] });
      for (const o of inner.filter((x) => x.provisioningState === "Failed")) out.push(describeOperation(o.resourceName, o.error));
    } else out.push(describeOperation(op.resourceName, op.error));
  }
  return out;
}

function describeOperation(resourceName: string | undefined, error: AzureArmError | undefined): { deployment: string | null; code: string; message: string } {
  // Child resources are named `account/deployment`.
  const deployment = resourceName?.includes("/") ? resourceName.split("/").pop()! : null;
  let e = error;
  while (e && e.details.length) e = e.details[0];
  return { deployment, code: e?.code ?? "DeploymentFailed", message: e?.message ?? "The resource operation failed." };
}

/** When the recorded deployment ran during the run's window, its start and end (ISO). */
function overlapping(record: AzureTemplateDeployment, run: { startedAt: string; endedAt: string }): { from: string; to: string } | null {
  const from = Date.parse(record.startedAt ?? "");
  const to = Date.parse(record.timestamp ?? "");
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  // GitHub's run times are whole seconds (truncated): the run may have ended up to a second after `endedAt`.
  return from < Date.parse(run.endedAt) + 1000 && to >= Date.parse(run.startedAt) ? { from: record.startedAt!, to: record.timestamp! } : null;
}

/** ARM's validation of the file at `ref` with the template the workflow last deployed; null when there is none to validate with. */
async function validateFileAt(deps: AzureDeps, path: string, ref: string): Promise<{ ok: true } | { ok: false; error: AzureArmError } | null> {
  const name = deps.settings.armDeploymentName;
  const [record, template] = await Promise.all([deps.azure.getTemplateDeployment(name), deps.azure.exportDeploymentTemplate(name)]);
  if (!record?.location || !template) return null;
  const file = await deps.gitops.readFile(path, ref);
  return deps.azure.validateTemplateDeployment(name, { location: record.location, template, parameters: readParameterValues({ path, content: file.content }) });
}

/**
 * Why the deploy of a merge failed, read from Azure: the workflow's template deployment when it is this
 * file's run (its nested error and failed operations), else ARM's validation of the merged file (a file
 * refused whole is not recorded in the deployment history). `{ accepted: true }` when Azure accepts the file
 * now and holds no failed run of it; null when Azure can't tell (no deployment to compare with).
 */
export async function readDeployFailure(
  deps: AzureDeps,
  r: DeployTarget & { mergeCommitSha: string | null; since: Date | null; run?: { startedAt: string; endedAt: string } | null },
): Promise<DeployFailure | FileAccepted | null> {
  const name = deps.settings.armDeploymentName;
  const record = await deps.azure.getTemplateDeployment(name);
  const started = record ? Date.parse(record.startedAt ?? record.timestamp ?? "") : NaN;
  const thisFile = record && record.parameters[TARGET_PARAMS.name] === r.accountName && (!r.since || !(started < r.since.getTime()));
  if (record && thisFile && record.provisioningState === "Failed" && record.error) {
    return explainDeployFailure(
      { source: "deployment", armDeploymentName: name, error: record.error, failedOperations: await failedOperations(deps, record) },
      { deploymentName: r.deploymentName, accountName: r.accountName, model: r.modelName },
    );
  }
  if (!r.mergeCommitSha) return null;
  const verdict = await validateFileAt(deps, r.paramFilePath, r.mergeCommitSha);
  if (!verdict) return null;
  if (verdict.ok) {
    // A run refused outright (DeploymentActive) leaves no record: what Azure shows is the run it collided with.
    const other = record && r.run ? overlapping(record, r.run) : null;
    if (other) {
      return explainDeployFailure(
        { source: "deployment", armDeploymentName: name, error: { code: "DeploymentActive", message: `Another run of ${name} (for ${String(record!.parameters[TARGET_PARAMS.name] ?? "another file")}) was running from ${other.from} to ${other.to}, while this run's deploy job ran; ARM refuses a second deployment of the same name while one runs.` } },
        { deploymentName: r.deploymentName, accountName: r.accountName, model: r.modelName },
      );
    }
    return { accepted: true };
  }
  return explainDeployFailure({ source: "validation", armDeploymentName: name, error: verdict.error }, { deploymentName: r.deploymentName, accountName: r.accountName, model: r.modelName });
}

/**
 * Would Azure accept the file as the pull request leaves it? ARM's validation of the PR head's file (what
 * `az deployment sub create` validates first). Remembered for a minute per head commit; null when Azure
 * can't tell (no earlier deployment of the workflow to validate with) or can't be reached.
 */
export function forecastMerge(deps: AzureDeps, r: DeployTarget & { headSha: string | null }): Promise<DeployFailure | FileAccepted | null> {
  if (!r.headSha) return Promise.resolve(null);
  return rememberFor(deps.azure, `forecast:${r.paramFilePath}@${r.headSha}:${r.deploymentName}`, FORECAST_TTL, async () => {
    try {
      const verdict = await validateFileAt(deps, r.paramFilePath, r.headSha!);
      if (!verdict) return null;
      if (verdict.ok) return { accepted: true as const };
      return explainDeployFailure(
        { source: "validation", armDeploymentName: deps.settings.armDeploymentName, error: verdict.error },
        { deploymentName: r.deploymentName, accountName: r.accountName, model: r.modelName },
        "forecast",
      );
    } catch {
      return null;
    }
  });
}
