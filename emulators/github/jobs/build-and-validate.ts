import { readAccount, type AzureTarget } from "../azure-deployer";
import type { AnnotationState } from "../state";
import { readParamFileTarget, validateParamFileText } from "../validate-param-files";
import type { ChangedParamFile } from "./changed-files";

export interface BuildResult {
  annotations: AnnotationState[];
  /** Log lines, one or two per file. */
  lines: string[];
}

/** The `build_and_validate` job: what Bicep lint/build-params/what-if would catch in each changed parameter file. */
export async function runBuildAndValidate(files: ChangedParamFile[], opts: { azure?: AzureTarget; signal: AbortSignal }): Promise<BuildResult> {
  const annotations: AnnotationState[] = [];
  const lines: string[] = [];
  for (const f of files) {
    const findings = validateParamFileText(f.path, f.text);
    for (const finding of findings) {
      annotations.push({
        path: f.path,
        startLine: finding.line ?? 1,
        endLine: finding.line ?? 1,
        ...(finding.column !== undefined ? { startColumn: finding.column, endColumn: finding.column } : {}),
        level: "failure",
        title: finding.deployment ? `${finding.code}: deployment ${finding.deployment}` : finding.code,
        message: finding.message,
      });
    }
    lines.push(findings.length ? `✗ ${f.path}: ${findings.length} finding(s)` : `✓ ${f.path}: valid`);
    if (findings.length || !opts.azure) continue;
    const target = readParamFileTarget(f.path, f.text);
    if ("findings" in target) continue;
    try {
      const acct = await readAccount(opts.azure, target, opts.signal);
      if (acct.status === 404) {
        annotations.push({ path: f.path, startLine: 1, endLine: 1, level: "failure", title: "what-if: ResourceNotFound", message: `Account ${target.name} was not found in resource group ${target.resourceGroup}.` });
        lines.push(`✗ ${f.path}: what-if: account ${target.name} not found`);
      } else lines.push(`  what-if: account ${target.name} (${target.location}) found; deployments will be created or updated`);
    } catch (e) {
      if (opts.signal.aborted) throw e;
      lines.push(`  what-if skipped: ${(e as Error).message}`);
    }
  }
  return { annotations, lines };
}
