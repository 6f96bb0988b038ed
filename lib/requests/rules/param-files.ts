/**
 * What the domain reads from a parameter file, always through lib/paramfile (the only reader of parameter
 * files): the account it targets, its deployments, and the team comment above each one.
 */
import {
  detectParamFileKind,
  evaluateParams,
  readDeploymentComments,
  readDeploymentElements,
  type DeploymentElement,
} from "@/lib/paramfile";
import { teamFromComments } from "./ownership";

/** The Azure OpenAI account a parameter file deploys to. */
export interface AccountTarget {
  name: string;
  resourceGroup: string;
  location: string;
  subscriptionId?: string;
}

/** Account fields set where a file's params are expressions rather than literals (keyed by file path). */
export type AccountOverrides = Record<string, Partial<AccountTarget>>;

/** The params of the platform template that name the target account. */
export const TARGET_PARAMS = { name: "openaiName", resourceGroup: "openaiResourceGroupName", location: "location" } as const;

/** A parameter file as read from the repository. */
export interface ParamFileText {
  path: string;
  /** Blob sha of the file on the base branch. */
  sha: string;
  /** Commit of the base branch the file was read at. */
  commitSha: string;
  content: string;
}

/** A parameter file with its target account (null when a target param isn't a literal and no override supplies it). */
export interface AccountFile extends ParamFileText {
  account: AccountTarget | null;
  unresolved?: { param: string; reason: string }[];
}

/** A file whose account is known. */
export type KnownAccountFile = AccountFile & { account: AccountTarget };

/** A parameter file's target account: its literal params, overridden by configuration. */
export function resolveAccountFile(file: ParamFileText, overrides: AccountOverrides = {}): AccountFile {
  let params: ReturnType<typeof evaluateParams> = {};
  let unreadable: string | null = null;
  try {
    params = evaluateParams(file.content, detectParamFileKind(file.path));
  } catch (e) {
    unreadable = e instanceof Error ? e.message : String(e);
  }
  const override = overrides[file.path] ?? {};
  const account: Partial<AccountTarget> = {};
  const unresolved: { param: string; reason: string }[] = [];
  for (const [key, param] of Object.entries(TARGET_PARAMS) as [keyof typeof TARGET_PARAMS, string][]) {
    const set = override[key];
    const p = params[param];
    if (set) account[key] = set;
    else if (p?.resolved && typeof p.value === "string" && p.value) account[key] = p.value;
    else {
      const reason = unreadable
        ? `the file can't be read (${unreadable})`
        : !p
          ? `param ${param} is not set in the file`
          : p.resolved
            ? `param ${param} is not a non-empty string`
            : `param ${param} is an expression (${p.reason}), not a literal`;
      unresolved.push({ param, reason: `${reason}; give the account's ${key} in the configuration` });
    }
  }
  if (override.subscriptionId) account.subscriptionId = override.subscriptionId;
  return unresolved.length ? { ...file, account: null, unresolved } : { ...file, account: account as AccountTarget };
}

/**
 * The deployments of a file and the owning team its comments name (keyed by lower-cased deployment name).
 * Throws lib/paramfile's ParamFileError when the deployments can't be read.
 */
export function readFileDeployments(file: Pick<ParamFileText, "path" | "content">, param: string): { elements: DeploymentElement[]; owners: Map<string, string> } {
  const kind = detectParamFileKind(file.path);
  const elements = readDeploymentElements(file.content, kind, param) as DeploymentElement[];
  const owners = new Map<string, string>();
  for (const { name, comments } of readDeploymentComments(file.content, kind, param)) {
    const team = teamFromComments(comments);
    if (name !== undefined && team) owners.set(name.toLowerCase(), team);
  }
  return { elements, owners };
}

/**
 * Every parameter's value, as `az bicep build-params` would hand them to the deployment (the values ARM
 * validates). Throws when the file can't be read or a parameter is not a literal ModelGate can evaluate.
 */
export function readParameterValues(file: Pick<ParamFileText, "path" | "content">): Record<string, unknown> {
  const params = evaluateParams(file.content, detectParamFileKind(file.path));
  const values: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(params)) {
    if (!p.resolved) throw new Error(`param ${name} is an expression ModelGate can't evaluate (${p.reason})`);
    values[name] = p.value;
  }
  return values;
}
