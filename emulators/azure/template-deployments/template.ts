/**
 * Reads a template deployment request the way ARM would, for the one template shape this emulator
 * recognises: a subscription-scope template whose resources are modules (`Microsoft.Resources/deployments`
 * into a resource group) that write one Cognitive Services account and a copy loop of its `deployments`
 * (what `bicep build` makes of manage-ai-models/ai-models.bicep and the AVM cognitive-services/account
 * module). It is not a general template engine: only string literals and the functions `parameters()` and
 * `format()` are evaluated; anything else is refused with an InvalidTemplate error that says so.
 */
import { ArmError } from "../arm";

export interface DeploymentElement {
  name: string;
  /** The PUT body the module sends for this element (sku, model, content filter, upgrade option). */
  body: Record<string, unknown>;
}

/** One module call: a nested deployment into a resource group that writes an account and its deployments. */
export interface ModulePlan {
  /** The nested deployment's name (its `name:` in Bicep). */
  name: string;
  symbolicName: string;
  resourceGroup: string;
  accountName: string;
  accountKind: string | undefined;
  elements: DeploymentElement[];
  /** Deployments written at a time (`@batchSize`); without it ARM writes them all at once. */
  batchSize: number;
  /** The api-version the template writes deployments with. */
  deploymentsApiVersion: string;
  accountApiVersion: string;
  template: Record<string, unknown>;
}

export interface TemplatePlan {
  mode: "Incremental";
  location: string;
  template: Record<string, unknown>;
  /** Parameters as ARM echoes them. */
  parameters: Record<string, { type: string; value: unknown }>;
  modules: ModulePlan[];
}

const DOCS = "Please see https://aka.ms/arm-syntax for usage details.";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalidTemplate(message: string): ArmError {
  return new ArmError(400, "InvalidTemplate", `Deployment template validation failed: '${message}'.`);
}

/** Evaluates the template expressions the recognised shape uses: literals, parameters('x'), format('{0}', …). */
export function evaluate(value: unknown, params: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, params));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, params)]));
  if (typeof value !== "string" || !value.startsWith("[") || value.startsWith("[[")) return value;
  if (!value.endsWith("]")) throw invalidTemplate(`The template language expression '${value}' is not valid: the string must end with ']'. ${DOCS}`);
  return evaluateExpression(value.slice(1, -1).trim(), params, value);
}

function evaluateExpression(expr: string, params: Record<string, unknown>, whole: string): unknown {
  const literal = /^'((?:[^']|'')*)'$/.exec(expr);
  if (literal) return literal[1].replace(/''/g, "'");
  const call = /^([A-Za-z]+)\((.*)\)$/s.exec(expr);
  if (!call) throw invalidTemplate(`The template language expression '${whole}' is not valid. ${DOCS}`);
  const [, fn, rawArgs] = call;
  const args = splitArgs(rawArgs).map((a) => evaluateExpression(a, params, whole));
  switch (fn.toLowerCase()) {
    case "parameters": {
      const name = String(args[0]);
      if (!(name in params)) throw invalidTemplate(`The template parameter '${name}' is not found. ${DOCS}`);
      return params[name];
    }
    case "format": {
      const [pattern, ...rest] = args;
      return String(pattern).replace(/\{(\d+)\}/g, (_, i: string) => String(rest[Number(i)]));
    }
    default:
      throw invalidTemplate(`The template function '${fn}' is not reproduced by this emulator (it evaluates parameters() and format() only). ${DOCS}`);
  }
}

function splitArgs(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of raw) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === "(") depth++;
    if (!quoted && ch === ")") depth--;
    if (!quoted && depth === 0 && ch === ",") {
      out.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

const TYPE_NAMES: Record<string, string> = { string: "String", securestring: "SecureString", int: "Int", bool: "Bool", object: "Object", secureobject: "SecureObject", array: "Array" };

/**
 * Binds the deployment's parameter values to the template's parameter definitions, as ARM's template
 * validation does: every parameter without a default needs a value, and no value may name an unknown one.
 */
export function bindParameters(template: Record<string, unknown>, supplied: unknown): Record<string, { type: string; value: unknown }> {
  const definitions = isObject(template.parameters) ? template.parameters : {};
  const values = isObject(supplied) ? supplied : {};
  const unknown = Object.keys(values).filter((k) => !(k in definitions));
  if (unknown.length > 0) {
    throw invalidTemplate(
      `The template parameters '${unknown.join(", ")}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${Object.keys(definitions).join(", ")}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`,
    );
  }
  const bound: Record<string, { type: string; value: unknown }> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const def = isObject(definition) ? definition : {};
    const given = values[name];
    const value = isObject(given) && "value" in given ? given.value : def.defaultValue;
    if ((value === undefined || value === null) && def.nullable === true) {
      bound[name] = { type: TYPE_NAMES[String(def.type).toLowerCase()] ?? String(def.type), value: null };
      continue;
    }
    if (value === undefined) {
      throw invalidTemplate(`The value for the template parameter '${name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`);
    }
    const type = typeof def.type === "string" ? def.type.toLowerCase() : "object";
    const ok =
      (type.endsWith("string") && typeof value === "string") ||
      (type === "int" && Number.isInteger(value)) ||
      (type === "bool" && typeof value === "boolean") ||
      (type === "array" && Array.isArray(value)) ||
      (type.endsWith("object") && isObject(value));
    if (!ok) {
      throw invalidTemplate(`Template parameter '${name}' was provided an invalid value. Expected a value of type '${TYPE_NAMES[type] ?? type}', but received a value of type '${Array.isArray(value) ? "Array" : typeof value}'. ${DOCS}`);
    }
    bound[name] = { type: TYPE_NAMES[type] ?? String(def.type), value };
  }
  return bound;
}

/** The deployments element as the AVM cognitive-services/account module turns it into a PUT body. */
function elementFromModuleInput(raw: unknown, accountName: string): DeploymentElement {
  const el = isObject(raw) ? raw : {};
  const name = typeof el.name === "string" && el.name !== "" ? el.name : `${accountName}-deployments`;
  const properties: Record<string, unknown> = { model: el.model };
  if (el.raiPolicyName !== undefined) properties.raiPolicyName = el.raiPolicyName;
  if (el.versionUpgradeOption !== undefined) properties.versionUpgradeOption = el.versionUpgradeOption;
  const sku = isObject(el.sku) ? { name: el.sku.name ?? "Standard", capacity: el.sku.capacity ?? 1 } : { name: "Standard", capacity: 1 };
  return { name, body: { sku, properties } };
}

function readModule(resource: Record<string, unknown>, outerParams: Record<string, unknown>, index: number): ModulePlan {
  const properties = isObject(resource.properties) ? resource.properties : {};
  const name = evaluate(resource.name, outerParams);
  const resourceGroup = evaluate(resource.resourceGroup, outerParams);
  if (typeof name !== "string" || !name) throw invalidTemplate(`The resource 'Microsoft.Resources/deployments' at index '${index}' has no name. ${DOCS}`);
  if (typeof resourceGroup !== "string" || !resourceGroup) {
    throw invalidTemplate(`The nested deployment '${name}' does not name a resource group; this emulator reproduces module deployments into a resource group only. ${DOCS}`);
  }
  const inner = properties.template;
  if (!isObject(inner)) throw invalidTemplate(`The nested deployment '${name}' has no inline template (templateLink is not reproduced by this emulator). ${DOCS}`);
  const scope = isObject(properties.expressionEvaluationOptions) ? properties.expressionEvaluationOptions.scope : undefined;
  if (typeof scope !== "string" || scope.toLowerCase() !== "inner") {
    throw invalidTemplate(`The nested deployment '${name}' must evaluate its expressions in the inner scope, as Bicep modules do. ${DOCS}`);
  }
  const innerParams = Object.fromEntries(Object.entries(bindParameters(inner, evaluate(properties.parameters ?? {}, outerParams))).map(([k, v]) => [k, v.value]));
  const resources = Array.isArray(inner.resources) ? (inner.resources as unknown[]) : [];
  const account = resources.find((r) => isObject(r) && r.type === "Microsoft.CognitiveServices/accounts") as Record<string, unknown> | undefined;
  const loop = resources.find((r) => isObject(r) && r.type === "Microsoft.CognitiveServices/accounts/deployments") as Record<string, unknown> | undefined;
  const others = resources.filter((r) => r !== account && r !== loop);
  if (!account || !loop || others.length > 0) {
    throw invalidTemplate(
      `The nested deployment '${name}' is not the shape this emulator reproduces: one 'Microsoft.CognitiveServices/accounts' resource and one copy loop of 'Microsoft.CognitiveServices/accounts/deployments' over parameters('deployments'). ${DOCS}`,
    );
  }
  const accountName = evaluate(account.name, innerParams);
  if (typeof accountName !== "string" || !accountName) throw invalidTemplate(`The account resource of '${name}' has no name. ${DOCS}`);
  const copy = isObject(loop.copy) ? loop.copy : {};
  if (typeof copy.count !== "string" || !/parameters\('deployments'\)/.test(copy.count)) {
    throw invalidTemplate(`The deployments loop of '${name}' must iterate over parameters('deployments'). ${DOCS}`);
  }
  const list = innerParams.deployments ?? [];
  if (!Array.isArray(list)) throw invalidTemplate(`Template parameter 'deployments' of '${name}' must be an array. ${DOCS}`);
  const elements = list.map((el) => elementFromModuleInput(el, accountName));
  const seen = new Set<string>();
  for (const el of elements) {
    const key = el.name.toLowerCase();
    if (seen.has(key)) {
      throw invalidTemplate(`The resource 'Microsoft.CognitiveServices/accounts/${accountName}/deployments/${el.name}' at line '1' and column '1' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.`);
    }
    seen.add(key);
  }
  const serial = typeof copy.mode === "string" && copy.mode.toLowerCase() === "serial";
  const batchSize = serial && Number.isInteger(copy.batchSize) && (copy.batchSize as number) > 0 ? (copy.batchSize as number) : Math.max(1, elements.length);
  const kind = evaluate(account.kind, innerParams);
  return {
    name,
    symbolicName: typeof resource.symbolicName === "string" ? resource.symbolicName : name,
    resourceGroup,
    accountName,
    accountKind: typeof kind === "string" ? kind : undefined,
    elements,
    batchSize,
    deploymentsApiVersion: typeof loop.apiVersion === "string" ? loop.apiVersion : "2025-04-01-preview",
    accountApiVersion: typeof account.apiVersion === "string" ? account.apiVersion : "2025-04-01-preview",
    template: inner,
  };
}

/** Reads a subscription-scope deployment request into the work it describes; throws ARM's errors for bad ones. */
export function readTemplateDeployment(deploymentName: string, body: unknown): TemplatePlan {
  if (!isObject(body) || !isObject(body.properties)) {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Required property 'properties' not found in JSON.'.");
  }
  const properties = body.properties;
  if (typeof body.location !== "string" || body.location === "") {
    throw new ArmError(400, "InvalidDeployment", `The 'location' property must be specified for the deployment '${deploymentName}'. Please see https://aka.ms/deploy-to-subscription for usage details.`);
  }
  if (properties.mode !== "Incremental") {
    throw new ArmError(400, "InvalidDeploymentMode", `The deployment mode '${String(properties.mode)}' is not supported for a subscription-scope deployment; use 'Incremental'.`);
  }
  if (!isObject(properties.template)) {
    throw invalidTemplate(`The deployment '${deploymentName}' has no inline template (templateLink and template specs are not reproduced by this emulator). ${DOCS}`);
  }
  const template = properties.template;
  const parameters = bindParameters(template, properties.parameters);
  const values = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.value]));
  const resources = Array.isArray(template.resources) ? template.resources : [];
  const modules = resources.map((r, i) => {
    if (!isObject(r) || r.type !== "Microsoft.Resources/deployments") {
      throw invalidTemplate(`The resource at index '${i}' is of type '${isObject(r) ? String(r.type) : "?"}'; this emulator reproduces module deployments ('Microsoft.Resources/deployments') only. ${DOCS}`);
    }
    return readModule(r, values, i);
  });
  return { mode: "Incremental", location: body.location, template, parameters, modules };
}
