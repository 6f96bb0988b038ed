/**
 * Parameter-file engine: lossless parsing, evaluation, minimal-diff edits and validation of the deployments
 * array in .bicepparam and ARM JSON parameter files. Pure: text in, text out; no I/O, safe in the browser.
 */
import { BicepDocument, applyBicepChange, elementInfoAt } from "./bicep/document";
import { checkChange, findingToError, isPlainObject, validateElements, type ElementInfo, type ParamChange, type ValidationFinding } from "./deployments";
import { isParamFileError, ParamFileError } from "./errors";
import { JsonParamDocument, applyJsonChange, jsonElementInfoAt } from "./json/document";

export { ParamFileError, isParamFileError, type ParamFileErrorCode } from "./errors";
export { unifiedDiff } from "./diff";
export { parseBicepParam, printBicepParam } from "./bicep/parser";
export { tokenize as tokenizeBicepParam, quoteBicepString } from "./bicep/lexer";
export type { ParamFileSyntax } from "./bicep/syntax";
export {
  DEPLOYMENT_NAME_RULE,
  VERSION_UPGRADE_OPTIONS,
  explainDeploymentName,
  isValidDeploymentName,
  type ParamChange,
  type ValidationFinding,
} from "./deployments";

/** The parameter ModelGate edits unless told otherwise. */
export const DEFAULT_PARAM = "openaiDeployments";

export type ParamFileKind = "bicepparam" | "json";

export interface DeploymentElement {
  name: string;
  model: { format: string; name: string; version: string };
  sku: { name: string; capacity: number };
  raiPolicyName?: string;
  versionUpgradeOption?: string;
  [k: string]: unknown;
}


export type EvaluatedParam = { resolved: true; value: unknown } | { resolved: false; reason: string; line: number; column: number };

/** Chooses the engine by file extension: .bicepparam or .json. */
export function detectParamFileKind(path: string): ParamFileKind {
  const lower = path.toLowerCase();
  if (lower.endsWith(".bicepparam")) return "bicepparam";
  if (lower.endsWith(".json")) return "json";
  throw new ParamFileError("unsupported-file", `Unsupported parameter file ${JSON.stringify(path)}: use a .bicepparam or .json file.`);
}

type Document = BicepDocument | JsonParamDocument;

function openDocument(text: string, kind: ParamFileKind): Document {
  if (typeof text !== "string") throw new ParamFileError("unsupported-file", "The parameter file content must be text.");
  if (kind === "bicepparam") return new BicepDocument(text);
  if (kind === "json") return new JsonParamDocument(text);
  throw new ParamFileError("unsupported-file", `Unsupported parameter file kind ${JSON.stringify(kind)}: use "bicepparam" or "json".`);
}

function elementsOf(doc: Document, param: string): ElementInfo[] {
  if (doc instanceof BicepDocument) return doc.elementInfos(doc.deploymentsArray(param));
  return doc.elementInfos(doc.deploymentsArray(param).array);
}

/** Every parameter's value as plain JSON where it is a literal; otherwise why not, and where. */
export function evaluateParams(text: string, kind: ParamFileKind): Record<string, EvaluatedParam> {
  return openDocument(text, kind).evaluateParams();
}

/** The deployments array as plain JSON objects; throws ParamFileError if any element isn't a literal object. */
export function readDeploymentElements(text: string, kind: ParamFileKind, param: string = DEFAULT_PARAM): Record<string, unknown>[] {
  const elements = elementsOf(openDocument(text, kind), param);
  return elements.map((element) => {
    const evaluation = element.evaluation;
    if (!evaluation.resolved) {
      const { line, column } = evaluation.location;
      const who = element.name !== undefined ? `Deployment ${JSON.stringify(element.name)}` : `Item ${element.index + 1} of '${param}'`;
      throw new ParamFileError("unresolvable", `${who} can't be read: ${evaluation.reason} (line ${line}, column ${column}).`, {
        line,
        column,
        deployment: element.name,
      });
    }
    if (!isPlainObject(evaluation.value)) {
      throw new ParamFileError("invalid-deployment", `Item ${element.index + 1} of '${param}' (line ${element.location.line}) is not an object.`, element.location);
    }
    return evaluation.value;
  });
}

/**
 * The comments written directly before each element of the deployments array (ModelGate and the seed write
 * `// team: <Name> · …` there), with the element's literal name, in any layout. JSON parameter files hold
 * no comments, so every element has none there.
 */
export function readDeploymentComments(text: string, kind: ParamFileKind, param: string = DEFAULT_PARAM): { name?: string; comments: string[] }[] {
  const doc = openDocument(text, kind);
  if (doc instanceof BicepDocument) {
    const array = doc.deploymentsArray(param);
    const names = doc.elementNames(array);
    return doc.elementComments(array).map((comments, i) => ({ ...(names[i] !== undefined ? { name: names[i] } : {}), comments }));
  }
  const { array } = doc.deploymentsArray(param);
  return doc.elementNames(array).map((name) => ({ ...(name !== undefined ? { name } : {}), comments: [] }));
}

/** Findings for the deployments array; [] when valid. Syntax and structure problems become findings too. */
export function validateParamFile(text: string, kind: ParamFileKind, param: string = DEFAULT_PARAM): ValidationFinding[] {
  let elements: ElementInfo[];
  try {
    elements = elementsOf(openDocument(text, kind), param);
  } catch (error) {
    if (isParamFileError(error) && error.code !== "unsupported-file") {
      const finding: ValidationFinding = { code: error.code, message: error.message };
      if (error.line !== undefined) finding.line = error.line;
      if (error.column !== undefined) finding.column = error.column;
      if (error.deployment !== undefined) finding.deployment = error.deployment;
      return [finding];
    }
    throw error;
  }
  return validateElements(elements, param);
}


/** Line numbers move when lines are added or removed; a finding is "the same" if only its numbers moved. */
function findingKey(finding: ValidationFinding): string {
  const message = finding.message.replace(/\b(Item|line|lines|column) \d+( and \d+)?/g, "$1 #");
  return `${finding.code}|${finding.deployment ?? ""}|${message}`;
}

/**
 * Applies one change with the smallest possible text edit and returns the whole new file. Refuses (throws
 * ParamFileError) when the file doesn't parse, the change is malformed, or the result would break a rule that
 * held before (pre-existing problems elsewhere in the file don't block unrelated edits).
 */
export function applyParamChange(text: string, kind: ParamFileKind, change: ParamChange, param: string = DEFAULT_PARAM): string {
  checkChange(change);
  const doc = openDocument(text, kind);
  return doc instanceof BicepDocument ? applyToBicep(doc, change, param) : applyToJson(doc, change, param);
}

/** Refuses a name that another element already uses (Azure compares deployment names ignoring case). */
function checkNameFree(
  names: (string | undefined)[],
  name: unknown,
  param: string,
  locate: (index: number) => { line: number; column: number },
  except?: string,
): void {
  if (typeof name !== "string") return;
  const lower = name.toLowerCase();
  const index = names.findIndex((n) => n !== undefined && n.toLowerCase() === lower && n.toLowerCase() !== except?.toLowerCase());
  if (index < 0) return;
  const at = locate(index);
  throw new ParamFileError(
    "duplicate-name",
    `Deployment name ${JSON.stringify(name)} is taken: ${JSON.stringify(names[index])} already exists in '${param}' (line ${at.line}); names must be unique, ignoring case.`,
    { ...at, deployment: name },
  );
}

/** Throws the first finding in `after` that `before` didn't already have (ignoring moved line numbers). */
function refuseNewFindings(before: ValidationFinding[], after: ValidationFinding[]): void {
  const old = new Map<string, number>();
  for (const finding of before) old.set(findingKey(finding), (old.get(findingKey(finding)) ?? 0) + 1);
  for (const finding of after) {
    const key = findingKey(finding);
    const count = old.get(key) ?? 0;
    if (count > 0) old.set(key, count - 1);
    else throw findingToError(finding);
  }
}

function checkNames(change: ParamChange, names: (string | undefined)[], param: string, locate: (index: number) => { line: number; column: number }): void {
  if (change.op === "add") checkNameFree(names, change.deployment.name, param, locate);
  if (change.op === "update" && change.set.name !== undefined) checkNameFree(names, change.set.name, param, locate, change.name);
}

function applyToBicep(doc: BicepDocument, change: ParamChange, param: string): string {
  const array = doc.deploymentsArray(param);
  checkNames(change, doc.elementNames(array), param, (i) => doc.position(array.items[i].start));
  const result = applyBicepChange(doc, change, param);
  // A removal can't make any element invalid. Otherwise only the touched element is new text: re-parse and
  // re-check just that element (names were checked above; the property tests re-parse whole results).
  if (result.text === doc.text || change.op === "remove" || !result.range) return result.text;
  const before = change.op === "update" ? validateElements([doc.elementInfo(array, result.index)], param) : [];
  refuseNewFindings(before, validateElements([elementInfoAt(result.text, result.range, result.index)], param));
  return result.text;
}

function applyToJson(doc: JsonParamDocument, change: ParamChange, param: string): string {
  const { array } = doc.deploymentsArray(param);
  checkNames(change, doc.elementNames(array), param, (i) => doc.position((array.children ?? [])[i].offset));
  const result = applyJsonChange(doc, change, param);
  if (result.text === doc.text || change.op === "remove" || !result.range) return result.text;
  const before = change.op === "update" ? validateElements([doc.elementInfo(array, result.index)], param) : [];
  refuseNewFindings(before, validateElements([jsonElementInfoAt(result.text.slice(doc.bom.length), result.range, result.index)], param));
  return result.text;
}
