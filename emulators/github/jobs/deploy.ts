import { applyDeployment, deleteDeployment, type AzureTarget } from "../azure-deployer";
import { WORKFLOW_PATH } from "../seed-repo";
import type { AnnotationState } from "../state";
import { findDeploymentLine, readDeploymentsFromText, readParamFileTarget, type DeploymentElementInput } from "../validate-param-files";
import type { ChangedParamFile } from "./changed-files";

export interface DeployResult {
  /** Why the job failed, or null. */
  failed: string | null;
  applied: number;
  annotations: AnnotationState[];
}

export interface DeployOptions {
  azure?: AzureTarget;
  deleteOnUnmanage: boolean;
  signal: AbortSignal;
  pollMs: number;
  timeoutMs: number;
  say: (line: string) => void;
}

/**
 * The `deploy` job: applies each changed parameter file to Azure through ARM, one deployment at a time, stopping at
 * the first failure (the AVM module's `@batchSize(1)`). Incremental: a removed element stays deployed unless the
 * repository deploys with a deployment stack that deletes unmanaged resources.
 */
export async function runDeploy(files: ChangedParamFile[], opts: DeployOptions): Promise<DeployResult> {
  const { azure, say } = opts;
  const annotations: AnnotationState[] = [];
  let applied = 0;
  const fail = (message: string, annotation: Omit<AnnotationState, "level" | "message" | "startLine" | "endLine"> & { line?: number; message?: string }): DeployResult => {
    const line = annotation.line ?? 1;
    annotations.push({ path: annotation.path, startLine: line, endLine: line, level: "failure", title: annotation.title, message: annotation.message ?? message });
    return { failed: message, applied, annotations };
  };
  if (!azure) {
    const message = "Azure is not configured for the GitHub emulator: start it with AZURE_EMULATOR_URL (or the `azure` option) so the deploy job can reach Azure Resource Manager.";
    say(message);
    return fail(message, { path: WORKFLOW_PATH, title: "Azure not configured" });
  }
  const stepOpts = { signal: opts.signal, pollMs: opts.pollMs, timeoutMs: opts.timeoutMs, log: say };
  for (const f of files) {
    const target = readParamFileTarget(f.path, f.text);
    if ("findings" in target) {
      const message = `${f.path}: ${target.findings.map((x) => x.message).join("; ")}`;
      say(message);
      return fail(message, { path: f.path, title: "Cannot resolve target account" });
    }
    let elements: DeploymentElementInput[];
    try {
      elements = readDeploymentsFromText(f.path, f.text);
    } catch (e) {
      const message = `${f.path}: ${(e as Error).message}`;
      say(message);
      return fail(message, { path: f.path, title: "Cannot read openaiDeployments" });
    }
    say(`az deployment sub create --name deploy_ai_models --location ${target.location} --parameters ${f.path} (${elements.length} deployment(s) on ${target.name})`);
    for (const el of elements) {
      say(`  ${target.name}/${el.name}: ${el.model.name} ${el.model.version} ${el.sku?.name ?? "Standard"} x${el.sku?.capacity ?? 1}`);
      let outcome;
      try {
        outcome = await applyDeployment(azure, target, el, stepOpts);
      } catch (e) {
        if (opts.signal.aborted) throw e;
        outcome = { ok: false, code: "ConnectionError", message: `cannot reach Azure at ${azure.url}: ${(e as Error).message}` };
      }
      if (!outcome.ok) {
        const message = `Deployment ${el.name} on ${target.name} failed: ${outcome.code}: ${outcome.message}`;
        say(`  ✗ ${message}`);
        return fail(message, { path: f.path, line: findDeploymentLine(f.text, el.name), title: `${outcome.code}: deployment ${el.name}`, message: outcome.message ?? String(outcome.code) });
      }
      applied++;
      say(`  ✓ ${el.name}: Succeeded`);
    }
    if (!opts.deleteOnUnmanage || !f.before) continue;
    let beforeNames: string[] = [];
    try {
      beforeNames = readDeploymentsFromText(f.path, f.before).map((e) => e.name);
    } catch {
      // The previous file didn't evaluate; nothing was managed from it.
    }
    const keep = new Set(elements.map((e) => e.name));
    for (const name of beforeNames.filter((n) => !keep.has(n))) {
      say(`  deployment stack (actionOnUnmanage=delete): deleting ${target.name}/${name}`);
      const outcome = await deleteDeployment(azure, target, name, stepOpts).catch((e: Error) => ({ ok: false, code: "ConnectionError", message: e.message }));
      if (!outcome.ok) {
        const message = `Deleting deployment ${name} on ${target.name} failed: ${outcome.code}: ${outcome.message}`;
        say(`  ✗ ${message}`);
        return fail(message, { path: f.path, title: `${outcome.code}: delete ${name}`, message: outcome.message ?? "" });
      }
      say(`  ✓ ${name}: deleted`);
    }
  }
  return { failed: null, applied, annotations };
}
