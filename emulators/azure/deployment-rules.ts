/**
 * What Azure checks before it accepts a deployment: name, body shape, model and version offered in the
 * region, retirement (version and SKU), limited access, the Deprecating rule, SKU, capacity bounds, content
 * filter, upgrade option and quota. Pure apart from the world it reads; throws the ARM error Azure would
 * answer with.
 */
import { ArmError } from "./arm";
import { effectiveBounds, findCatalogueModel, findCatalogueVersion, findSku, offeredToKind, skusInRegion } from "./catalogue";
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
  /** The account's other deployments (a Deprecating version needs one of the same model). */
  siblings: StoredDeployment[];
  raiPolicies: StoredRaiPolicy[];
  now: number;
  /** Has the subscription been granted the limited-access models? */
  limitedAccessGranted: boolean;
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

function modelLabel(format: string, name: string, version: string): string {
  return `Format:${format},Name:${name},Version:${version}`;
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
  const offered = catalogueModel !== undefined && offeredToKind(catalogueModel, account.kind);
  const version = offered
    ? input.version !== undefined
      ? findCatalogueVersion(catalogueModel, input.version)
      : catalogueModel.versions.find((v) => v.isDefault && skusInRegion(v, region).length > 0)
    : undefined;
  if (!catalogueModel || !version || skusInRegion(version, region).length === 0) {
    throw invalid(`The model '${modelLabel(input.format, input.name, input.version ?? "default")}' is not supported in region '${region}'.`, "DeploymentModelNotSupported");
  }
  const label = modelLabel(catalogueModel.format, catalogueModel.name, version.version);
  const versionChanged = !existing || existing.model.version !== version.version;
  if (versionChanged && Date.parse(version.deprecation.inference) <= ctx.now) {
    throw invalid(`The model '${label}' has been deprecated since ${formatArmDate(version.deprecation.inference)}.`, "ServiceModelDeprecated");
  }
  if (versionChanged && version.limitedAccess && !ctx.limitedAccessGranted) {
    throw invalid(`The current subscription does not have access to this model '${label}'.`, "SpecialFeatureOrQuotaIdRequired");
  }
  // Deprecating: only customers who already run the model may create new deployments of it.
  const hasModel = ctx.siblings.some((d) => d.failedCreate !== true && sameName(d.model.format, catalogueModel.format) && d.model.name === catalogueModel.name);
  if (!existing && version.lifecycleStatus === "Deprecating" && !hasModel) {
    throw invalid(`The model '${label}' is in deprecating state and cannot be used for new deployments.`, "ServiceModelDeprecating");
  }
  const sku = findSku(version, region, input.skuName);
  if (!sku) {
    throw invalid(
      `The specified SKU '${input.skuName}' for model '${catalogueModel.name} ${version.version}' is not supported in this region '${region}'. Supported SKUs: ${skusInRegion(version, region).map((s) => s.name).join(", ")}.`,
    );
  }
  const skuChanged = versionChanged || !sameName(existing.sku.name, sku.name);
  if (skuChanged && sku.deprecationDate && Date.parse(sku.deprecationDate) <= ctx.now) {
    throw invalid(`The model '${label}' has been deprecated for SKU '${sku.name}' since ${formatArmDate(sku.deprecationDate)}.`, "ServiceModelDeprecated");
  }
  const bounds = effectiveBounds(sku.capacity);
  const capacity = input.capacity ?? bounds.default;
  if (capacity < bounds.minimum || capacity > bounds.maximum || (capacity - bounds.minimum) % bounds.step !== 0) {
    throw invalid(
      `The capacity ${capacity} is invalid for SKU '${sku.name}' of model '${catalogueModel.name}': it must be between ${bounds.minimum} and ${bounds.maximum} in steps of ${bounds.step}.`,
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
  checkQuota(ctx.state, region, existing, sku.usageName, capacity);
  return {
    model: { format: catalogueModel.format, name: catalogueModel.name, version: version.version },
    sku: { name: sku.name, capacity },
    raiPolicyName,
    versionUpgradeOption: upgrade,
  };
}
