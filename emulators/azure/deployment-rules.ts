/**
 * What Azure checks before it accepts a deployment: name, body shape, model and version offered in the
 * region, retirement, SKU, capacity bounds, content filter, upgrade option and quota. Pure apart from the
 * world it reads; throws the ARM error Azure would answer with.
 */
import { ArmError } from "./arm";
import { findCatalogueModel, findCatalogueVersion, skusInRegion } from "./catalogue";
import { checkQuota } from "./quota";
import { DEFAULT_RAI_POLICY, DEFAULT_VERSION_UPGRADE_OPTION, type EmulatorState, type StoredAccount, type StoredDeployment, type StoredRaiPolicy } from "./state";

const VERSION_UPGRADE_OPTIONS = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"];
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The parts of a deployment a request sets; what Azure stores after validation. */
export type DesiredDeployment = Pick<StoredDeployment, "model" | "sku" | "raiPolicyName" | "versionUpgradeOption">;

/** A deployment request as read from a PUT or PATCH body, before validation against the catalogue. */
export interface DeploymentInput {
  format: string;
  name: string;
  version: string | undefined;
  skuName: string;
  capacity: number | undefined;
  raiPolicyName: unknown;
  versionUpgradeOption: unknown;
}

export interface RuleContext {
  state: EmulatorState;
  account: StoredAccount;
  existing: StoredDeployment | undefined;
  raiPolicies: StoredRaiPolicy[];
  now: number;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function invalid(message: string, code = "InvalidResourceProperties"): ArmError {
  return new ArmError(400, code, message);
}

function formatArmDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} 00:00:00`;
}

export function requireDeploymentName(name: string): void {
  if (!DEPLOYMENT_NAME.test(name)) {
    throw invalid(
      `The deployment name '${name}' is invalid. It must be 1-64 characters of letters, digits, '-', '_' or '.', starting with a letter or digit.`,
      "InvalidResourceName",
    );
  }
}

function requireIntegerCapacity(capacity: unknown): void {
  if (capacity !== undefined && (typeof capacity !== "number" || !Number.isInteger(capacity))) {
    throw invalid("The deployment's 'sku.capacity' must be an integer.");
  }
}

/** Reads a PUT body (the whole deployment); throws on a body Azure could not deserialise. */
export function readPutBody(body: unknown): { input: DeploymentInput; tags: Record<string, string> | undefined } {
  if (!isObject(body)) throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  const properties = isObject(body.properties) ? body.properties : {};
  const model = properties.model;
  if (!isObject(model) || typeof model.name !== "string" || typeof model.format !== "string") {
    throw invalid("The deployment's 'properties.model' with 'format' and 'name' is required.");
  }
  const sku = body.sku;
  if (!isObject(sku) || typeof sku.name !== "string") throw invalid("The deployment's 'sku' with 'name' is required.");
  requireIntegerCapacity(sku.capacity);
  return {
    input: {
      format: model.format,
      name: model.name,
      version: typeof model.version === "string" && model.version !== "" ? model.version : undefined,
      skuName: sku.name,
      capacity: sku.capacity as number | undefined,
      raiPolicyName: properties.raiPolicyName,
      versionUpgradeOption: properties.versionUpgradeOption,
    },
    tags: isObject(body.tags) ? (body.tags as Record<string, string>) : undefined,
  };
}

/** Reads a PATCH body, merged into the existing deployment. */
export function readPatchBody(body: unknown, existing: StoredDeployment): { input: DeploymentInput; tags: Record<string, string> | undefined } {
  if (!isObject(body)) throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  const sku = isObject(body.sku) ? body.sku : {};
  const properties = isObject(body.properties) ? body.properties : {};
  const model = isObject(properties.model) ? properties.model : {};
  requireIntegerCapacity(sku.capacity);
  return {
    input: {
      format: existing.model.format,
      name: existing.model.name,
      version: typeof model.version === "string" ? model.version : existing.model.version,
      skuName: typeof sku.name === "string" ? sku.name : existing.sku.name,
      capacity: (sku.capacity as number | undefined) ?? existing.sku.capacity,
      raiPolicyName: properties.raiPolicyName ?? existing.raiPolicyName,
      versionUpgradeOption: properties.versionUpgradeOption ?? existing.versionUpgradeOption,
    },
    tags: isObject(body.tags) ? (body.tags as Record<string, string>) : existing.tags,
  };
}

/** Validates a desired deployment against the catalogue, the account and quota; returns what Azure stores. */
export function resolveDesired(ctx: RuleContext, input: DeploymentInput): DesiredDeployment {
  const { account, existing } = ctx;
  const region = account.location;
  if (existing && (!sameName(existing.model.name, input.name) || !sameName(existing.model.format, input.format))) {
    throw invalid(
      `The model of deployment '${existing.name}' cannot be changed from '${existing.model.name}' to '${input.name}'. Create a new deployment instead.`,
    );
  }
  const catalogueModel = findCatalogueModel(input.format, input.name);
  const version = catalogueModel
    ? input.version !== undefined
      ? findCatalogueVersion(catalogueModel, input.version)
      : catalogueModel.versions.find((v) => v.isDefault && skusInRegion(v, region).length > 0)
    : undefined;
  const modelLabel = `Format:${input.format},Name:${input.name},Version:${input.version ?? "default"}`;
  if (!catalogueModel || !version || skusInRegion(version, region).length === 0) {
    throw invalid(`The model '${modelLabel}' is not supported in region '${region}'.`, "DeploymentModelNotSupported");
  }
  const versionChanged = !existing || existing.model.version !== version.version;
  if (versionChanged && Date.parse(version.deprecation.inference) <= ctx.now) {
    throw invalid(
      `The model 'Format:${catalogueModel.format},Name:${catalogueModel.name},Version:${version.version}' has been deprecated since ${formatArmDate(version.deprecation.inference)}.`,
      "ServiceModelDeprecated",
    );
  }
  const skuName = skusInRegion(version, region).find((s) => sameName(s, input.skuName));
  if (!skuName) {
    throw invalid(
      `The specified SKU '${input.skuName}' for model '${catalogueModel.name} ${version.version}' is not supported in this region '${region}'. Supported SKUs: ${skusInRegion(version, region).join(", ")}.`,
    );
  }
  const bounds = catalogueModel.capacity[skuName] ?? { minimum: 1, maximum: 1, step: 1, default: 1 };
  const capacity = input.capacity ?? bounds.default;
  if (capacity < bounds.minimum || capacity > bounds.maximum || (capacity - bounds.minimum) % bounds.step !== 0) {
    throw invalid(
      `The capacity ${capacity} is invalid for SKU '${skuName}' of model '${catalogueModel.name}': it must be between ${bounds.minimum} and ${bounds.maximum} in steps of ${bounds.step}.`,
      "InvalidCapacity",
    );
  }
  const raiPolicyName = input.raiPolicyName === undefined || input.raiPolicyName === null ? DEFAULT_RAI_POLICY : input.raiPolicyName;
  if (typeof raiPolicyName !== "string" || !ctx.raiPolicies.some((p) => p.name === raiPolicyName)) {
    throw invalid(`The RAI policy '${String(raiPolicyName)}' was not found in account '${account.name}'.`, "RaiPolicyNotFound");
  }
  const upgrade = input.versionUpgradeOption ?? existing?.versionUpgradeOption ?? DEFAULT_VERSION_UPGRADE_OPTION;
  if (typeof upgrade !== "string" || !VERSION_UPGRADE_OPTIONS.includes(upgrade)) {
    throw invalid(`The versionUpgradeOption '${String(upgrade)}' is invalid. Allowed values: ${VERSION_UPGRADE_OPTIONS.join(", ")}.`);
  }
  checkQuota(ctx.state, region, existing, catalogueModel, skuName, capacity);
  return {
    model: { format: catalogueModel.format, name: catalogueModel.name, version: version.version },
    sku: { name: skuName, capacity },
    raiPolicyName,
    versionUpgradeOption: upgrade,
  };
}
