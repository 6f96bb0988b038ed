import { ParamFileError, type ParamFileErrorCode } from "./errors";

/**
 * Rules a deployment element must satisfy before ModelGate writes it, shared by the .bicepparam and JSON engines.
 *
 * Deployment names (Microsoft.CognitiveServices/accounts/deployments): 2–64 characters; ASCII letters, digits,
 * '_', '-' and '.'; first character a letter or digit; last character not '.'. Compare case-insensitively.
 * Sources, since Microsoft's naming-rules page lists only the parent `accounts` resource:
 * - "Naming rules and restrictions for Azure resources" (learn.microsoft.com/azure/azure-resource-manager/management/
 *   resource-name-rules), Microsoft.CognitiveServices: accounts 2-64, alphanumerics and hyphens, start and end with
 *   alphanumeric; the same page: resource names are case-insensitive, and '#' must never be used in a name.
 * - The service's own refusal, "The resource name is invalid. Resource name can only include alphanumeric
 *   characters, underscores and hyphens" (quoted in github.com/8monkey-ai/hebo-platform/issues/489), plus periods,
 *   which Azure accepts in deployment names named after models such as `gpt-4.1` (github.com/microsoft/aspire/
 *   issues/17495 asks Aspire to allow exactly that).
 * - The sibling name parameter in the 2025-09-01 ARM swagger (raiPolicyName) uses ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$;
 *   ARM limits resource name segments to 64 characters and names may not end with a period.
 */
export const DEPLOYMENT_NAME_RULE =
  "2–64 characters: letters, digits, '_', '-' and '.'; start with a letter or digit; don't end with '.'";

const DEPLOYMENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;

/** Whether Azure accepts `name` as a deployment name (see DEPLOYMENT_NAME_RULE). */
export function isValidDeploymentName(name: string): boolean {
  return DEPLOYMENT_NAME_PATTERN.test(name) && !name.endsWith(".");
}

/** Why `name` is not a valid deployment name, or undefined when it is. */
export function explainDeploymentName(name: string): string | undefined {
  if (isValidDeploymentName(name)) return undefined;
  const shown = JSON.stringify(name);
  if (name.length < 2) return `Deployment name ${shown} is too short: use ${DEPLOYMENT_NAME_RULE}.`;
  if (name.length > 64) return `Deployment name ${shown.slice(0, 40)}…" is ${name.length} characters long: use ${DEPLOYMENT_NAME_RULE}.`;
  const bad = [...name].find((ch) => !/[A-Za-z0-9_.-]/.test(ch));
  if (bad !== undefined) return `Deployment name ${shown} contains ${JSON.stringify(bad)}: use ${DEPLOYMENT_NAME_RULE}.`;
  return `Deployment name ${shown} is not allowed: use ${DEPLOYMENT_NAME_RULE}.`;
}

export const VERSION_UPGRADE_OPTIONS = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"] as const;

export interface ValidationFinding {
  code: string;
  message: string;
  deployment?: string;
  line?: number;
  column?: number;
}

/**
 * One edit of the deployments array. `update.set` is a deep merge (JSON merge-patch: a null removes the property).
 * `add.comment` becomes a `// comment` line above the new element in .bicepparam files (a block comment in
 * single-line arrays); JSON parameter files have no place for comments, so it is ignored there.
 */
export type ParamChange =
  | { op: "add"; deployment: Record<string, unknown>; comment?: string }
  | { op: "update"; name: string; set: Record<string, unknown> }
  | { op: "remove"; name: string };

/** Result of one change: the new text, and which element it touched (and where that element now is). */
export interface ChangeResult {
  text: string;
  index: number;
  /** Offsets of the added or updated element in `text` (absent for removals). */
  range?: { start: number; end: number };
}

export interface Location {
  line: number;
  column: number;
}

/** One array element as the engines see it, independent of file format. */
export interface ElementInfo {
  index: number;
  location: Location;
  /** Literal name when the element has one, even if other parts are unresolvable. */
  name?: string;
  evaluation: { resolved: true; value: unknown } | { resolved: false; reason: string; location: Location };
  /** Location of a property path inside the element, when it exists in the file. */
  locate(path: string[]): Location | undefined;
}

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/** Checks every element of the deployments array; returns findings sorted by position. */
export function validateElements(elements: ElementInfo[], param: string): ValidationFinding[] {
  const findings: ValidationFinding[] = [];
  const seen = new Map<string, ElementInfo>();

  const add = (code: ParamFileErrorCode, message: string, at: Location, deployment?: string) => {
    const finding: ValidationFinding = { code, message, line: at.line, column: at.column };
    if (deployment !== undefined) finding.deployment = deployment;
    findings.push(finding);
  };

  for (const element of elements) {
    let labelText: string | undefined;
    const label = () => (labelText ??= `Item ${element.index + 1} of '${param}' (line ${element.location.line})`);
    const name = element.name;
    if (name !== undefined) {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first) {
        add(
          "duplicate-name",
          `Deployment name ${JSON.stringify(name)} is used twice (lines ${first.location.line} and ${element.location.line}); names must be unique within the account, ignoring case.`,
          element.locate(["name"]) ?? element.location,
          name,
        );
      } else seen.set(key, element);
      const problem = explainDeploymentName(name);
      if (problem) add("invalid-name", problem, element.locate(["name"]) ?? element.location, name);
    }

    if (!element.evaluation.resolved) {
      const at = element.evaluation.location;
      add(
        "unresolvable",
        `${name !== undefined ? `Deployment ${JSON.stringify(name)}` : label()} can't be checked: ${element.evaluation.reason} (line ${at.line}, column ${at.column}).`,
        at,
        name,
      );
      continue;
    }

    const value = element.evaluation.value;
    if (!isPlainObject(value)) {
      add("invalid-deployment", `${label()} is ${describeValue(value)}, not a deployment object.`, element.location);
      continue;
    }
    const who = isNonEmptyString(value.name) ? `Deployment ${JSON.stringify(value.name)}` : label();
    const at = (path: string[]) => element.locate(path) ?? element.location;
    const deployment = typeof value.name === "string" ? value.name : undefined;

    if (!isNonEmptyString(value.name)) {
      add("invalid-deployment", `${label()} has no 'name': every deployment needs one (${DEPLOYMENT_NAME_RULE}).`, at(["name"]));
    }

    const model = value.model;
    if (!isPlainObject(model)) {
      add(
        "invalid-deployment",
        `${who}: 'model' is required, with format, name and version (for example { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }).`,
        at(["model"]),
        deployment,
      );
    } else {
      for (const field of ["format", "name", "version"] as const) {
        if (!isNonEmptyString(model[field])) {
          add("invalid-deployment", `${who}: model.${field} must be a non-empty string (it is ${describeValue(model[field])}).`, at(["model", field]), deployment);
        }
      }
    }

    const sku = value.sku;
    if (!isPlainObject(sku)) {
      add(
        "invalid-deployment",
        `${who}: 'sku' is required, with name (the deployment type, e.g. 'GlobalStandard') and capacity (a whole number of units).`,
        at(["sku"]),
        deployment,
      );
    } else {
      if (!isNonEmptyString(sku.name)) {
        add("invalid-deployment", `${who}: sku.name must be the deployment type, e.g. 'Standard' or 'GlobalStandard' (it is ${describeValue(sku.name)}).`, at(["sku", "name"]), deployment);
      }
      const capacity = sku.capacity;
      if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity <= 0) {
        add("invalid-deployment", `${who}: sku.capacity must be a positive whole number of capacity units (it is ${describeValue(capacity)}).`, at(["sku", "capacity"]), deployment);
      }
    }

    if (value.raiPolicyName !== undefined && !isNonEmptyString(value.raiPolicyName)) {
      add("invalid-deployment", `${who}: raiPolicyName must be the name of a content filter, e.g. 'Microsoft.DefaultV2' (it is ${describeValue(value.raiPolicyName)}).`, at(["raiPolicyName"]), deployment);
    }
    if (value.versionUpgradeOption !== undefined && !(VERSION_UPGRADE_OPTIONS as readonly unknown[]).includes(value.versionUpgradeOption)) {
      add(
        "invalid-deployment",
        `${who}: versionUpgradeOption must be one of ${VERSION_UPGRADE_OPTIONS.join(", ")} (it is ${describeValue(value.versionUpgradeOption)}).`,
        at(["versionUpgradeOption"]),
        deployment,
      );
    }
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** Turns a finding into the typed error `applyParamChange` throws. */
export function findingToError(finding: ValidationFinding): ParamFileError {
  return new ParamFileError(finding.code as ParamFileErrorCode, finding.message, {
    line: finding.line,
    column: finding.column,
    deployment: finding.deployment,
  });
}

/**
 * Checks the shape of a change before any text is touched, so a malformed request is refused as "invalid-change"
 * rather than surfacing later as a confusing file error.
 */
export function checkChange(change: unknown): asserts change is ParamChange {
  if (!isPlainObject(change)) throw new ParamFileError("invalid-change", "The change must be an object with an 'op' of add, update or remove.");
  const op = change.op;
  if (op === "add") {
    if (!isPlainObject(change.deployment)) throw new ParamFileError("invalid-change", "An 'add' change needs a 'deployment' object.");
    if (change.comment !== undefined && typeof change.comment !== "string") throw new ParamFileError("invalid-change", "The 'comment' of an 'add' change must be a string.");
    checkWritable(change.deployment, "deployment");
  } else if (op === "update") {
    if (typeof change.name !== "string" || change.name === "") throw new ParamFileError("invalid-change", "An 'update' change needs the 'name' of the deployment to change.");
    if (!isPlainObject(change.set)) throw new ParamFileError("invalid-change", "An 'update' change needs a 'set' object with the fields to change.", { deployment: change.name });
    checkWritable(change.set, "set");
  } else if (op === "remove") {
    if (typeof change.name !== "string" || change.name === "") throw new ParamFileError("invalid-change", "A 'remove' change needs the 'name' of the deployment to remove.");
  } else {
    throw new ParamFileError("invalid-change", `Unknown change op ${describeValue(op)}: use add, update or remove.`);
  }
}

/** Values the writers can express: JSON data with whole numbers only (Bicep has no decimal literals). */
function checkWritable(value: unknown, path: string, depth = 0): void {
  if (depth > 50) throw new ParamFileError("invalid-change", `The value at ${path} is nested too deeply.`);
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new ParamFileError("invalid-change", `The value at ${path} (${value}) must be a whole number; parameter files hold no decimals.`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkWritable(item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) checkWritable(v, `${path}.${k}`, depth + 1);
    }
    return;
  }
  throw new ParamFileError("invalid-change", `The value at ${path} is a ${typeof value}, which a parameter file can't hold.`);
}

/** Canonical property order for a new deployment when no sibling shows the file's own order. */
export const KNOWN_KEY_ORDER: Record<string, string[]> = {
  "": ["model", "name", "raiPolicyName", "sku", "versionUpgradeOption"],
  model: ["format", "name", "version"],
  sku: ["capacity", "name"],
};

/** Deep structural equality for plain JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Orders the keys of a new object: keys the template (a sibling) has keep the template's order; others go where
 * an alphabetically sorted template would put them, or after it in the canonical order (known keys first).
 */
export function orderKeys(keys: string[], templateOrder: string[] | undefined, scope: string): string[] {
  const known = KNOWN_KEY_ORDER[scope] ?? [];
  const rank = (k: string) => {
    const i = known.indexOf(k);
    return i >= 0 ? i : known.length + keys.indexOf(k);
  };
  const canonical = [...keys].sort((a, b) => rank(a) - rank(b));
  if (!templateOrder || templateOrder.length === 0) return canonical;
  const present = new Set(keys);
  const base = templateOrder.filter((k, i) => present.has(k) && templateOrder.indexOf(k) === i);
  const inBase = new Set(base);
  const rest = canonical.filter((k) => !inBase.has(k));
  if (isSortedKeys(templateOrder)) {
    const out = [...base];
    for (const k of rest) {
      const at = out.findIndex((existing) => compareKeys(existing, k) > 0);
      if (at < 0) out.push(k);
      else out.splice(at, 0, k);
    }
    return out;
  }
  return [...base, ...rest];
}

function compareKeys(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a file lists these keys alphabetically (as the seed's files and the Bicep docs do). */
export function isSortedKeys(keys: string[]): boolean {
  if (keys.length < 2) return false;
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i - 1], keys[i]) > 0) return false;
  return true;
}

/** Where a new key goes among existing ones: its sorted position when they are sorted, otherwise the end. */
export function insertionIndex(existing: string[], key: string): number {
  if (!isSortedKeys(existing)) return existing.length;
  const at = existing.findIndex((k) => compareKeys(k, key) > 0);
  return at < 0 ? existing.length : at;
}
