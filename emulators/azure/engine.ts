/**
 * The emulator's behaviour, independent of HTTP: lookups with ARM's not-found errors, deployment validation
 * (model, region, SKU, capacity, content filter, quota), long-running operations that move a deployment
 * through its provisioning states, and quota usage derived from the deployments that hold it.
 */
import { randomUUID } from "node:crypto";
import { ArmError, PROVIDER } from "./arm";
import {
  MODEL_CATALOGUE,
  REGIONS,
  defaultQuotaLimit,
  findCatalogueModel,
  findCatalogueVersion,
  skusInRegion,
  usageDisplayName,
  usageNameFor,
  type CatalogueModel,
  type CatalogueVersion,
} from "./catalogue";
import {
  DEFAULT_RAI_POLICY,
  DEFAULT_VERSION_UPGRADE_OPTION,
  newEtag,
  type ArmErrorBody,
  type EmulatorState,
  type OperationKind,
  type StoredAccount,
  type StoredDeployment,
  type StoredOperation,
  type StoredRaiPolicy,
} from "./state";

const VERSION_UPGRADE_OPTIONS = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"];
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TERMINAL = new Set(["Succeeded", "Failed", "Canceled", "Disabled"]);
// Finished operations are kept for a while so late pollers still get an answer, then dropped.
const OPERATION_RETENTION_MS = 60 * 60 * 1000;
const MAX_OPERATIONS = 500;

export interface EngineOptions {
  lroStepMs: number;
  now: () => number;
  /** Called after every change, to persist the state. */
  onChange: () => void;
}

export interface DeploymentWrite {
  status: 200 | 201 | 202 | 204;
  deployment?: StoredDeployment;
  operation?: StoredOperation;
}

export interface ModelRef {
  format: string;
  name: string;
  version: string;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(message: string, code = "InvalidResourceProperties"): ArmError {
  return new ArmError(400, code, message);
}

function formatArmDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} 00:00:00`;
}

export class AzureWorld {
  constructor(
    public state: EmulatorState,
    private readonly options: EngineOptions,
  ) {}

  get subscriptionId(): string {
    return this.state.subscriptionId;
  }

  // ---- subscription, resource groups, accounts -------------------------------------------------------------

  requireSubscription(subscriptionId: string): void {
    if (!sameName(subscriptionId, this.subscriptionId)) {
      throw new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
    }
  }

  requireResourceGroup(resourceGroup: string): void {
    if (!this.state.accounts.some((a) => sameName(a.resourceGroup, resourceGroup))) {
      throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
    }
  }

  listAccounts(resourceGroup?: string): StoredAccount[] {
    if (resourceGroup !== undefined) this.requireResourceGroup(resourceGroup);
    return this.state.accounts.filter((a) => resourceGroup === undefined || sameName(a.resourceGroup, resourceGroup));
  }

  getAccount(resourceGroup: string, accountName: string): StoredAccount {
    const account = this.state.accounts.find((a) => sameName(a.resourceGroup, resourceGroup) && sameName(a.name, accountName));
    if (!account) {
      this.requireResourceGroup(resourceGroup);
      throw new ArmError(
        404,
        "ResourceNotFound",
        `The Resource '${PROVIDER}/accounts/${accountName}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    return account;
  }

  findAccountByName(accountName: string): StoredAccount | undefined {
    return this.state.accounts.find((a) => sameName(a.name, accountName));
  }

  // ---- deployments ---------------------------------------------------------------------------------------

  listDeployments(resourceGroup: string, accountName: string): StoredDeployment[] {
    const account = this.getAccount(resourceGroup, accountName);
    return this.state.deployments.filter((d) => this.belongsTo(d, account));
  }

  getDeployment(resourceGroup: string, accountName: string, name: string): StoredDeployment {
    const found = this.findDeployment(this.getAccount(resourceGroup, accountName), name);
    if (!found) {
      throw new ArmError(404, "DeploymentNotFound", `The deployment '${name}' was not found in account '${accountName}'.`);
    }
    return found;
  }

  private belongsTo(d: StoredDeployment, account: StoredAccount): boolean {
    return sameName(d.resourceGroup, account.resourceGroup) && sameName(d.accountName, account.name);
  }

  private findDeployment(account: StoredAccount, name: string): StoredDeployment | undefined {
    return this.state.deployments.find((d) => this.belongsTo(d, account) && sameName(d.name, name));
  }

  /**
   * PUT: validates the whole desired deployment, then accepts it as a long-running operation.
   * `failWith` makes the operation end Failed with that ARM error (the emulator's failure switch).
   */
  putDeployment(
    resourceGroup: string,
    accountName: string,
    name: string,
    body: unknown,
    principal: string,
    failWith?: ArmErrorBody,
  ): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    if (!DEPLOYMENT_NAME.test(name)) {
      throw invalid(
        `The deployment name '${name}' is invalid. It must be 1-64 characters of letters, digits, '-', '_' or '.', starting with a letter or digit.`,
        "InvalidResourceName",
      );
    }
    if (!isObject(body)) throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
    const properties = isObject(body.properties) ? body.properties : {};
    const model = properties.model;
    if (!isObject(model) || typeof model.name !== "string" || typeof model.format !== "string") {
      throw invalid("The deployment's 'properties.model' with 'format' and 'name' is required.");
    }
    const sku = body.sku;
    if (!isObject(sku) || typeof sku.name !== "string") throw invalid("The deployment's 'sku' with 'name' is required.");
    if (sku.capacity !== undefined && (typeof sku.capacity !== "number" || !Number.isInteger(sku.capacity))) {
      throw invalid("The deployment's 'sku.capacity' must be an integer.");
    }
    const existing = this.findDeployment(account, name);
    this.requireTerminal(existing);
    const desired = this.resolveDesired(account, existing, {
      format: model.format,
      name: model.name,
      version: typeof model.version === "string" && model.version !== "" ? model.version : undefined,
      skuName: sku.name,
      capacity: sku.capacity as number | undefined,
      raiPolicyName: properties.raiPolicyName,
      versionUpgradeOption: properties.versionUpgradeOption,
    });
    const tags = isObject(body.tags) ? (body.tags as Record<string, string>) : existing?.tags;
    return this.accept(account, existing, { ...desired, name, tags }, principal, failWith);
  }

  /** PATCH: merges sku, tags and the mutable properties into the existing deployment. */
  patchDeployment(resourceGroup: string, accountName: string, name: string, body: unknown, principal: string, failWith?: ArmErrorBody): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    const existing = this.getDeployment(resourceGroup, accountName, name);
    if (!isObject(body)) throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
    this.requireTerminal(existing);
    const sku = isObject(body.sku) ? body.sku : {};
    const properties = isObject(body.properties) ? body.properties : {};
    const model = isObject(properties.model) ? properties.model : {};
    if (sku.capacity !== undefined && (typeof sku.capacity !== "number" || !Number.isInteger(sku.capacity))) {
      throw invalid("The deployment's 'sku.capacity' must be an integer.");
    }
    const desired = this.resolveDesired(account, existing, {
      format: existing.model.format,
      name: existing.model.name,
      version: typeof model.version === "string" ? model.version : existing.model.version,
      skuName: typeof sku.name === "string" ? sku.name : existing.sku.name,
      capacity: (sku.capacity as number | undefined) ?? existing.sku.capacity,
      raiPolicyName: properties.raiPolicyName ?? existing.raiPolicyName,
      versionUpgradeOption: properties.versionUpgradeOption ?? existing.versionUpgradeOption,
    });
    const tags = isObject(body.tags) ? (body.tags as Record<string, string>) : existing.tags;
    const write = this.accept(account, existing, { ...desired, name: existing.name, tags }, principal, failWith);
    return { ...write, status: 202 };
  }

  /** DELETE: 204 when there is nothing to delete, otherwise a long-running operation through Deleting. */
  deleteDeployment(resourceGroup: string, accountName: string, name: string): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    const existing = this.findDeployment(account, name);
    if (!existing) return { status: 204 };
    this.requireTerminal(existing);
    existing.provisioningState = "Deleting";
    const operation = this.startOperation("delete", account, existing.name, ["Deleting", "Deleted"]);
    this.options.onChange();
    return { status: 202, deployment: existing, operation };
  }

  private requireTerminal(existing: StoredDeployment | undefined): void {
    if (existing && !TERMINAL.has(existing.provisioningState)) {
      throw new ArmError(
        409,
        "RequestConflict",
        `Cannot modify resource with id '${existing.name}' because the resource entity provisioning state is not terminal. Please wait for the provisioning state to become terminal and then retry the request.`,
      );
    }
  }

  private resolveDesired(
    account: StoredAccount,
    existing: StoredDeployment | undefined,
    input: {
      format: string;
      name: string;
      version: string | undefined;
      skuName: string;
      capacity: number | undefined;
      raiPolicyName: unknown;
      versionUpgradeOption: unknown;
    },
  ): Pick<StoredDeployment, "model" | "sku" | "raiPolicyName" | "versionUpgradeOption"> {
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
    if (versionChanged && Date.parse(version.deprecation.inference) <= this.options.now()) {
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
    if (typeof raiPolicyName !== "string" || !this.listRaiPoliciesOf(account).some((p) => p.name === raiPolicyName)) {
      throw invalid(`The RAI policy '${String(raiPolicyName)}' was not found in account '${account.name}'.`, "RaiPolicyNotFound");
    }
    const upgrade = input.versionUpgradeOption ?? existing?.versionUpgradeOption ?? DEFAULT_VERSION_UPGRADE_OPTION;
    if (typeof upgrade !== "string" || !VERSION_UPGRADE_OPTIONS.includes(upgrade)) {
      throw invalid(`The versionUpgradeOption '${String(upgrade)}' is invalid. Allowed values: ${VERSION_UPGRADE_OPTIONS.join(", ")}.`);
    }
    this.checkQuota(region, existing, catalogueModel, skuName, capacity);
    return {
      model: { format: catalogueModel.format, name: catalogueModel.name, version: version.version },
      sku: { name: skuName, capacity },
      raiPolicyName,
      versionUpgradeOption: upgrade,
    };
  }

  private checkQuota(region: string, existing: StoredDeployment | undefined, model: CatalogueModel, skuName: string, capacity: number): void {
    const usageName = usageNameFor(skuName, model.name);
    const held = existing && this.holdsQuota(existing) && usageNameFor(existing.sku.name, existing.model.name) === usageName ? existing.sku.capacity : 0;
    const needed = capacity - held;
    if (needed <= 0) return;
    const current = this.currentUsage(region, usageName);
    const limit = this.quotaLimit(region, usageName);
    const available = Math.max(0, limit - current);
    if (needed > available) {
      throw new ArmError(
        400,
        "InsufficientQuota",
        `This operation require ${needed} new capacity in quota ${usageDisplayName(usageName)}, which is bigger than the current available capacity ${available}. The current quota usage is ${current} and the quota limit is ${limit} for quota ${usageName}.`,
      );
    }
  }

  private accept(
    account: StoredAccount,
    existing: StoredDeployment | undefined,
    desired: Pick<StoredDeployment, "model" | "sku" | "raiPolicyName" | "versionUpgradeOption" | "name" | "tags">,
    principal: string,
    failWith: ArmErrorBody | undefined,
  ): DeploymentWrite {
    const at = new Date(this.options.now()).toISOString();
    const previous = existing ? structuredClone(existing) : undefined;
    const deployment: StoredDeployment = {
      resourceGroup: account.resourceGroup,
      accountName: account.name,
      name: desired.name,
      model: desired.model,
      sku: desired.sku,
      raiPolicyName: desired.raiPolicyName,
      versionUpgradeOption: desired.versionUpgradeOption,
      provisioningState: "Accepted",
      ...(desired.tags ? { tags: desired.tags } : {}),
      etag: newEtag(),
      systemData: {
        createdBy: existing?.systemData.createdBy ?? principal,
        createdByType: existing?.systemData.createdByType ?? "Application",
        createdAt: existing?.systemData.createdAt ?? at,
        lastModifiedBy: principal,
        lastModifiedByType: "Application",
        lastModifiedAt: at,
      },
    };
    if (existing) {
      Object.assign(existing, deployment);
      delete existing.failedCreate;
    } else this.state.deployments.push(deployment);
    const final = failWith ? "Failed" : "Succeeded";
    const states = existing ? ["Accepted", final] : ["Accepted", "Creating", final];
    const operation = this.startOperation(existing ? "update" : "create", account, deployment.name, states, previous, failWith);
    this.options.onChange();
    return { status: existing ? 200 : 201, deployment: existing ?? deployment, operation };
  }

  private startOperation(
    kind: OperationKind,
    account: StoredAccount,
    deploymentName: string,
    states: string[],
    previous?: StoredDeployment,
    error?: ArmErrorBody,
  ): StoredOperation {
    const operation: StoredOperation = {
      id: randomUUID(),
      kind,
      location: account.location,
      resourceGroup: account.resourceGroup,
      accountName: account.name,
      deploymentName,
      startedAt: this.options.now(),
      stepMs: this.options.lroStepMs,
      states,
      status: "InProgress",
      ...(previous ? { previous } : {}),
      ...(error ? { error: { code: error.code, message: error.message } } : {}),
    };
    this.state.operations.push(operation);
    return operation;
  }

  getOperation(location: string, id: string): StoredOperation {
    const op = this.state.operations.find((o) => o.id === id && sameName(o.location, location));
    if (!op) throw new ArmError(404, "OperationNotFound", `The operation '${id}' was not found in location '${location}'.`);
    return op;
  }

  /** Moves every running operation to the state its age implies; called before each request is served. */
  advance(): void {
    const now = this.options.now();
    let changed = false;
    for (const op of this.state.operations) {
      if (op.status !== "InProgress") continue;
      const last = op.states.length - 1;
      const index = op.stepMs <= 0 ? last : Math.min(last, Math.floor((now - op.startedAt) / op.stepMs));
      const deployment = this.state.deployments.find(
        (d) => sameName(d.resourceGroup, op.resourceGroup) && sameName(d.accountName, op.accountName) && sameName(d.name, op.deploymentName),
      );
      const stateName = op.states[index];
      if (index < last) {
        if (deployment && deployment.provisioningState !== stateName) {
          deployment.provisioningState = stateName;
          changed = true;
        }
        continue;
      }
      changed = true;
      op.endedAt = op.stepMs <= 0 ? now : Math.min(now, op.startedAt + last * op.stepMs);
      if (op.kind === "delete") {
        this.state.deployments = this.state.deployments.filter((d) => d !== deployment);
        op.status = "Succeeded";
      } else if (stateName === "Failed") {
        op.status = "Failed";
        if (deployment && op.previous) Object.assign(deployment, op.previous, { provisioningState: "Failed" });
        else if (deployment) Object.assign(deployment, { provisioningState: "Failed", failedCreate: true });
      } else {
        op.status = "Succeeded";
        if (deployment) deployment.provisioningState = "Succeeded";
      }
    }
    const before = this.state.operations.length;
    this.state.operations = this.state.operations
      .filter((o) => o.status === "InProgress" || (o.endedAt ?? now) > now - OPERATION_RETENTION_MS)
      .slice(-MAX_OPERATIONS);
    if (changed || before !== this.state.operations.length) this.options.onChange();
  }

  /** Changes a deployment out of band, the way someone clicking in the Azure portal would (no validation). */
  setDeploymentByHand(
    accountName: string,
    name: string,
    change: { capacity?: number; skuName?: string; version?: string; provisioningState?: string },
  ): StoredDeployment {
    const account = this.findAccountByName(accountName);
    if (!account) throw new ArmError(404, "ResourceNotFound", `Account '${accountName}' not found.`);
    const deployment = this.findDeployment(account, name);
    if (!deployment) throw new ArmError(404, "DeploymentNotFound", `The deployment '${name}' was not found in account '${accountName}'.`);
    if (change.capacity !== undefined) deployment.sku.capacity = change.capacity;
    if (change.skuName !== undefined) deployment.sku.name = change.skuName;
    if (change.version !== undefined) deployment.model.version = change.version;
    if (change.provisioningState !== undefined) deployment.provisioningState = change.provisioningState;
    deployment.etag = newEtag();
    deployment.systemData = { ...deployment.systemData, lastModifiedBy: "portal-user@contoso.com", lastModifiedByType: "User", lastModifiedAt: new Date(this.options.now()).toISOString() };
    this.options.onChange();
    return deployment;
  }

  // ---- quota ---------------------------------------------------------------------------------------------

  private holdsQuota(d: StoredDeployment): boolean {
    return d.failedCreate !== true;
  }

  /** Capacity the subscription's deployments in `region` hold against `usageName`. */
  currentUsage(region: string, usageName: string): number {
    let total = 0;
    for (const d of this.state.deployments) {
      if (!this.holdsQuota(d)) continue;
      const account = this.state.accounts.find((a) => sameName(a.resourceGroup, d.resourceGroup) && sameName(a.name, d.accountName));
      if (!account || !sameName(account.location, region)) continue;
      if (usageNameFor(d.sku.name, d.model.name) === usageName) total += d.sku.capacity;
    }
    return total;
  }

  quotaLimit(region: string, usageName: string): number {
    return this.state.quotaLimits[region]?.[usageName] ?? defaultQuotaLimit(region, usageName);
  }

  setQuotaLimit(region: string, usageName: string, limit: number): void {
    (this.state.quotaLimits[region] ??= {})[usageName] = limit;
    this.options.onChange();
  }

  requireRegion(region: string, resourceType: string): string {
    const known = REGIONS.find((r) => sameName(r, region));
    if (!known) {
      throw new ArmError(
        400,
        "LocationNotAvailableForResourceType",
        `The provided location '${region}' is not available for resource type '${PROVIDER}/${resourceType}'. List of available regions for the resource type is '${REGIONS.join(",")}'.`,
      );
    }
    return known;
  }

  /** Every quota the region has: the account count, then one per usage name the catalogue offers there. */
  listUsages(region: string): { usageName: string; current: number; limit: number }[] {
    const known = this.requireRegion(region, "locations/usages");
    const names = new Set<string>();
    for (const model of MODEL_CATALOGUE) {
      for (const version of model.versions) {
        for (const sku of skusInRegion(version, known)) names.add(usageNameFor(sku, model.name));
      }
    }
    const accountCount = this.state.accounts.filter((a) => sameName(a.location, known)).length;
    return [
      { usageName: "AccountCount", current: accountCount, limit: this.quotaLimit(known, "AccountCount") },
      ...[...names].sort().map((usageName) => ({ usageName, current: this.currentUsage(known, usageName), limit: this.quotaLimit(known, usageName) })),
    ];
  }

  // ---- models and capacities -----------------------------------------------------------------------------

  listModels(region: string): { model: CatalogueModel; version: CatalogueVersion; region: string }[] {
    const known = this.requireRegion(region, "locations/models");
    return MODEL_CATALOGUE.flatMap((model) =>
      model.versions.filter((v) => skusInRegion(v, known).length > 0).map((version) => ({ model, version, region: known })),
    );
  }

  /** Capacity still deployable per region and SKU for one model version: the quota left in its usage pool. */
  listModelCapacities(ref: ModelRef, region?: string): { region: string; skuName: string; available: number; availableFinetune: number }[] {
    const regions = region === undefined ? [...REGIONS] : [this.requireRegion(region, "locations/modelCapacities")];
    const model = findCatalogueModel(ref.format, ref.name);
    const version = model ? findCatalogueVersion(model, ref.version) : undefined;
    if (!model || !version) return [];
    return regions.flatMap((r) =>
      skusInRegion(version, r).map((skuName) => {
        const usageName = usageNameFor(skuName, model.name);
        const available = Math.max(0, this.quotaLimit(r, usageName) - this.currentUsage(r, usageName));
        return { region: r, skuName, available, availableFinetune: version.fineTunable ? available : 0 };
      }),
    );
  }

  /** SKUs an existing deployment could move to (same model version, same region). */
  listDeploymentSkus(resourceGroup: string, accountName: string, name: string): { skuName: string; capacity: number; bounds: { minimum: number; maximum: number; step: number; default: number } }[] {
    const account = this.getAccount(resourceGroup, accountName);
    const deployment = this.getDeployment(resourceGroup, accountName, name);
    const model = findCatalogueModel(deployment.model.format, deployment.model.name);
    const version = model ? findCatalogueVersion(model, deployment.model.version) : undefined;
    if (!model || !version) return [];
    return skusInRegion(version, account.location).map((skuName) => {
      const bounds = model.capacity[skuName] ?? { minimum: 1, maximum: 1, step: 1, default: 1 };
      return { skuName, capacity: skuName === deployment.sku.name ? deployment.sku.capacity : bounds.default, bounds };
    });
  }

  // ---- content filters -----------------------------------------------------------------------------------

  private listRaiPoliciesOf(account: StoredAccount): StoredRaiPolicy[] {
    return this.state.raiPolicies.filter((p) => sameName(p.resourceGroup, account.resourceGroup) && sameName(p.accountName, account.name));
  }

  listRaiPolicies(resourceGroup: string, accountName: string): StoredRaiPolicy[] {
    return this.listRaiPoliciesOf(this.getAccount(resourceGroup, accountName));
  }

  getRaiPolicy(resourceGroup: string, accountName: string, name: string): StoredRaiPolicy {
    const policy = this.listRaiPolicies(resourceGroup, accountName).find((p) => p.name === name);
    if (!policy) throw new ArmError(404, "ResourceNotFound", `The RAI policy '${name}' was not found in account '${accountName}'.`);
    return policy;
  }
}
