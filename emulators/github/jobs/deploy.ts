import { ARM_DEPLOYMENT_NAME, deleteDeployment, submitTemplateDeployment, type ArmDeploymentOutcome, type AzureTarget, type DeployOutcome } from "../azure-deployer";
import { TEMPLATE_DIR } from "../seed-repo";
import { readDeploymentsFromText, readParamFileTarget, type DeploymentElementInput, type ParamFileTarget } from "../validate-param-files";
import type { ChangedParamFile } from "./changed-files";
import type { JobLog } from "./job-log";

export interface DeployOptions {
  azure?: AzureTarget;
  deleteOnUnmanage: boolean;
  signal: AbortSignal;
  pollMs: number;
  timeoutMs: number;
  log: JobLog;
}

/** How `az` prints an ARM error before exiting 1. */
function printArmError(log: JobLog, code: string | undefined, message: string | undefined): void {
  log.write(`ERROR: (${code ?? "Error"}) ${message ?? ""}\nCode: ${code ?? "Error"}\nMessage: ${message ?? ""}`);
}

/**
 * The `deploy` job: `az deployment sub create` for each parameter file to deploy, through ARM, one after the other;
 * the first failing file fails the step (exit code 1). Incremental: a removed element stays deployed unless the
 * repository deploys with a deployment stack that deletes unmanaged resources. Returns whether the job succeeded.
 */
export async function runDeploy(files: ChangedParamFile[], opts: DeployOptions): Promise<boolean> {
  const { azure, log } = opts;
  for (const f of files) {
    log.run(`az bicep build-params --file "${f.path}"\naz deployment sub create --name "deploy_ai_models" --template-file "${TEMPLATE_DIR}/ai-models.bicep" --parameters "${f.path}"`);
    if (!azure) {
      log.write("ERROR: Azure is not configured for the GitHub emulator: start it with AZURE_EMULATOR_URL (or the `azure` option) so the deploy job can reach Azure Resource Manager.");
      return false;
    }
    const target = readParamFileTarget(f.path, f.text);
    let elements: DeploymentElementInput[];
    try {
      if ("findings" in target) throw new Error(target.findings.map((x) => x.message).join("; "));
      elements = readDeploymentsFromText(f.path, f.text);
    } catch (e) {
      log.write(`ERROR: ${f.path}: ${(e as Error).message}`);
      return false;
    }
    if (!(await applyFile(azure, target as ParamFileTarget, elements, opts))) return false;
    if (opts.deleteOnUnmanage && f.before && !(await deleteUnmanaged(azure, target as ParamFileTarget, f, elements, opts))) return false;
  }
  return true;
}

/**
 * The whole file as ONE subscription-scope template deployment (Incremental), as `az deployment sub create` submits
 * it; ARM runs the module's deployments one at a time (`@batchSize(1)`) and says which failed.
 */
async function applyFile(azure: AzureTarget, target: ParamFileTarget, elements: DeploymentElementInput[], opts: DeployOptions): Promise<boolean> {
  const stepOpts = { signal: opts.signal, pollMs: opts.pollMs, timeoutMs: opts.timeoutMs, log: (l: string) => opts.log.write(l.trim()) };
  let outcome: ArmDeploymentOutcome;
  try {
    outcome = await submitTemplateDeployment(azure, { account: target, elements }, stepOpts);
  } catch (e) {
    if (opts.signal.aborted) throw e;
    outcome = { ok: false, stage: "submission", code: "ConnectionError", message: `cannot reach Azure at ${azure.url}: ${(e as Error).message}` };
  }
  if (!outcome.ok) {
    printArmError(opts.log, outcome.code, outcome.message);
    return false;
  }
  opts.log.write(`${ARM_DEPLOYMENT_NAME}: ${outcome.provisioningState ?? "Succeeded"} (${elements.map((el) => `Microsoft.CognitiveServices/accounts/${target.name}/deployments/${el.name}`).join(", ")})`);
  return true;
}

/** Deployment stack with actionOnUnmanage=delete: the elements this change removed are deleted. */
async function deleteUnmanaged(azure: AzureTarget, target: ParamFileTarget, f: ChangedParamFile, elements: DeploymentElementInput[], opts: DeployOptions): Promise<boolean> {
  let beforeNames: string[] = [];
  try {
    beforeNames = readDeploymentsFromText(f.path, f.before ?? "").map((e) => e.name);
  } catch {
    // The previous file didn't evaluate; nothing was managed from it.
  }
  const keep = new Set(elements.map((e) => e.name));
  const stepOpts = { signal: opts.signal, pollMs: opts.pollMs, timeoutMs: opts.timeoutMs, log: (l: string) => opts.log.write(l.trim()) };
  for (const name of beforeNames.filter((n) => !keep.has(n))) {
    opts.log.write(`Deployment stack (actionOnUnmanage=delete): deleting Microsoft.CognitiveServices/accounts/${target.name}/deployments/${name}`);
    const outcome = await deleteDeployment(azure, target, name, stepOpts).catch((e: Error): DeployOutcome => ({ ok: false, code: "ConnectionError", message: e.message }));
    if (!outcome.ok) {
      printArmError(opts.log, outcome.code, outcome.message);
      return false;
    }
  }
  return true;
}
