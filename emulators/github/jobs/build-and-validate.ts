import { armRequest, readAccount, type AzureTarget } from "../azure-deployer";
import { TEMPLATE_DIR } from "../seed-repo";
import { readDeploymentsFromText, readParamFileTarget, validateParamFileText, type ParamFileTarget } from "../validate-param-files";
import type { ChangedParamFile } from "./changed-files";
import type { JobLog } from "./job-log";

const TEMPLATE = `${TEMPLATE_DIR}/ai-models.bicep`;

/**
 * The `build_and_validate` job: for each changed parameter file, what `az bicep build-params` (the file evaluates,
 * its deployments are well-formed) and `az deployment sub what-if` (the resource group exists; which deployments
 * would be created or modified) would report. Findings go to the job's log in Bicep's diagnostic format; the step
 * then fails with exit code 1. Returns whether the job succeeded.
 */
export async function runBuildAndValidate(files: ChangedParamFile[], opts: { azure?: AzureTarget; signal: AbortSignal; log: JobLog }): Promise<boolean> {
  const { log } = opts;
  log.run(`az bicep lint --file "${TEMPLATE}" --diagnostics-format sarif\naz bicep build --file "${TEMPLATE}"`);
  log.run(`for file in ${files.map((f) => f.path).join(" ")}; do\n  az bicep build-params --file "$file"\n  az deployment sub what-if --name "deploy_ai_models" --template-file "${TEMPLATE}" --parameters "$file"\ndone`);
  for (const f of files) {
    const findings = validateParamFileText(f.path, f.text);
    for (const x of findings) log.write(`/home/runner/work/${f.path}(${x.line ?? 1},${x.column ?? 1}) : Error ${x.code}: ${x.message}${x.deployment ? ` (deployment ${x.deployment})` : ""}`);
    if (findings.length) return false;
    if (!opts.azure) continue;
    const target = readParamFileTarget(f.path, f.text);
    if ("findings" in target) return false;
    if (!(await whatIf(opts.azure, target, f, opts))) return false;
  }
  return true;
}

/** The what-if of one file: a missing resource group is an error; a missing account or deployment would be created. */
async function whatIf(azure: AzureTarget, target: ParamFileTarget, f: ChangedParamFile, opts: { signal: AbortSignal; log: JobLog }): Promise<boolean> {
  const { log } = opts;
  let account;
  try {
    account = await readAccount(azure, target, opts.signal);
  } catch (e) {
    if (opts.signal.aborted) throw e;
    log.write(`ERROR: ${(e as Error).message}`);
    return false;
  }
  const error = (account.body as { error?: { code?: string; message?: string } } | null)?.error;
  if (account.status === 404 && error?.code === "ResourceGroupNotFound") {
    log.write(`ERROR: (ResourceGroupNotFound) ${error.message ?? `Resource group '${target.resourceGroup}' could not be found.`}`);
    log.write(`Code: ResourceGroupNotFound\nMessage: ${error.message ?? ""}`);
    return false;
  }
  type ArmDeployment = { name: string; sku?: { name?: string; capacity?: number }; properties?: { model?: { name?: string; version?: string } } };
  const existing = new Map<string, ArmDeployment>();
  if (account.status === 200) {
    const accountPath = `/subscriptions/${azure.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${target.name}`;
    const list = await armRequest(azure, "GET", `${accountPath}/deployments`, undefined, opts.signal);
    for (const d of (list.body as { value?: ArmDeployment[] } | null)?.value ?? []) existing.set(d.name, d);
  }
  const counts = { create: 0, modify: 0, same: 0 };
  log.write("Resource and property changes are indicated with these symbols:\n  + Create\n  ~ Modify\n  = NoChange\n");
  log.write(`Scope: /subscriptions/${azure.subscriptionId}/resourceGroups/${target.resourceGroup}\n`);
  if (account.status !== 200) {
    counts.create++;
    log.write(`  + Microsoft.CognitiveServices/accounts/${target.name}`);
  }
  for (const el of readDeploymentsFromText(f.path, f.text)) {
    const now = existing.get(el.name);
    const same = now && now.sku?.name === (el.sku?.name ?? "Standard") && now.sku?.capacity === (el.sku?.capacity ?? 1) && now.properties?.model?.name === el.model.name && now.properties?.model?.version === el.model.version;
    const symbol = !now ? "+" : same ? "=" : "~";
    counts[!now ? "create" : same ? "same" : "modify"]++;
    log.write(`  ${symbol} Microsoft.CognitiveServices/accounts/${target.name}/deployments/${el.name}`);
  }
  log.write(`\nResource changes: ${counts.create} to create, ${counts.modify} to modify, ${counts.same} no change.`);
  return true;
}
