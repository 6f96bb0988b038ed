/**
 * The emulated workflow's view of a parameter file, through lib/paramfile (as the real pipeline runs Bicep).
 * The one import below is the whole integration with the parameter-file engine.
 */
import * as paramfile from "../../lib/paramfile";

export interface ParamFileFinding {
  code: string;
  message: string;
  deployment?: string;
  line?: number;
  column?: number;
}

/** The account a parameter file deploys to, from its own params. */
export interface ParamFileTarget {
  name: string;
  resourceGroup: string;
  location: string;
}

/** A deployment element as the AVM module receives it. */
export interface DeploymentElementInput {
  name: string;
  model: { format: string; name: string; version: string };
  sku?: { name?: string; capacity?: number };
  raiPolicyName?: string;
  versionUpgradeOption?: string;
  [key: string]: unknown;
}

const TARGET_PARAMS = { name: "openaiName", resourceGroup: "openaiResourceGroupName", location: "location" } as const;

/** Findings for one parameter file (syntax, invalid deployments, unresolvable target params); [] when valid. */
export function validateParamFileText(path: string, text: string): ParamFileFinding[] {
  let kind: paramfile.ParamFileKind;
  try {
    kind = paramfile.detectParamFileKind(path);
  } catch (e) {
    return [{ code: "unsupported-file", message: (e as Error).message }];
  }
  const findings: ParamFileFinding[] = [...paramfile.validateParamFile(text, kind)];
  if (findings.some((f) => f.code === "syntax")) return findings;
  const target = readParamFileTarget(path, text);
  if ("findings" in target) findings.push(...target.findings);
  return findings;
}

/** The target account, or findings saying which of openaiName/openaiResourceGroupName/location isn't a literal. */
export function readParamFileTarget(path: string, text: string): ParamFileTarget | { findings: ParamFileFinding[] } {
  let params: Record<string, paramfile.EvaluatedParam>;
  try {
    params = paramfile.evaluateParams(text, paramfile.detectParamFileKind(path));
  } catch (e) {
    const err = e as { message: string; line?: number; column?: number };
    return { findings: [{ code: "syntax", message: err.message, line: err.line, column: err.column }] };
  }
  const findings: ParamFileFinding[] = [];
  const out: Partial<ParamFileTarget> = {};
  for (const [key, param] of Object.entries(TARGET_PARAMS) as [keyof ParamFileTarget, string][]) {
    const p = params[param];
    if (!p) findings.push({ code: "param-not-found", message: `param ${param} is missing` });
    else if (!p.resolved) findings.push({ code: "unresolvable", message: `param ${param}: ${p.reason}`, line: p.line, column: p.column });
    else if (typeof p.value !== "string" || !p.value) findings.push({ code: "invalid-param", message: `param ${param} must be a non-empty string` });
    else out[key] = p.value;
  }
  return findings.length ? { findings } : (out as ParamFileTarget);
}

/** The openaiDeployments elements as plain JSON; throws when the file can't be evaluated. */
export function readDeploymentsFromText(path: string, text: string): DeploymentElementInput[] {
  return paramfile.readDeploymentElements(text, paramfile.detectParamFileKind(path)) as DeploymentElementInput[];
}

/** 1-based line of the element whose name is `name` (for annotations on deploy failures). */
export function findDeploymentLine(text: string, name: string): number | undefined {
  const lines = text.split("\n");
  const quoted = [`'${name}'`, `"${name}"`];
  const i = lines.findIndex((l) => /^\s*"?name"?\s*:/.test(l) && quoted.some((q) => l.includes(q)));
  return i >= 0 ? i + 1 : undefined;
}
