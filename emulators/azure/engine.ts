/**
 * The emulator's world, independent of HTTP: lookups with ARM's not-found errors and the deployment writes
 * (validated by deployment-rules.ts, run as long-running operations by operations.ts, counted against quota
 * by quota.ts), models, capacities and content filters.
 */
import { ArmError, PROVIDER, accountId } from "./arm";
import {
  MODEL_CATALOGUE,
  REGIONS,
  findCatalogueModel,
  findCatalogueVersion,
  offeredToKind,
  skusInRegion,
  type AccountKind,
  type CapacityBounds,
  type CatalogueModel,
  type CatalogueVersion,
} from "./catalogue";
import { readPatchBody, readPutBody, requireDeploymentName, resolveDesired, type DesiredDeployment, type RuleContext } from "./deployment-rules";
import { advanceOperations, startOperation } from "./operations";
import { currentUsage, listUsages, quotaLimit } from "./quota";
import { accountEtag, newEtag, type ArmErrorBody, type EmulatorState, type StoredAccount, type StoredDeployment, type StoredOperation, type StoredRaiPolicy } from "./state";

const TERMINAL = new Set(["Succeeded", "Failed", "Canceled", "Disabled"]);

export interface EngineOptions {
  lroStepMs: number;
  now: () => number;
  /** Called after every change, to persist the state. */
  onChange: () => void;
  /** The failure switch: an ARM error the next accepted create/update of this deployment must end with. */
  takeFailure?: (accountName: string, deploymentName: string) => ArmErrorBody | undefined;
  /** Has the subscription been granted the limited-access models? (default: no) */
  limitedAccessGranted?: () => boolean;
}

/** Something that moves along with the clock besides deployment operations (template deployments). */
export type WorldDriver = () => boolean;

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

export class AzureWorld {
  private readonly drivers: WorldDriver[] = [];
  /** While a driver replays a step that happened in the past, "now" is that moment. */
  private clockAt: number | undefined;

  constructor(
    public state: EmulatorState,
    private readonly options: EngineOptions,
  ) {}

  now(): number {
    return this.clockAt ?? this.options.now();
  }

  /** Runs `fn` as if the clock read `ms` (a step that became due between two requests). */
  at<T>(ms: number, fn: () => T): T {
    const saved = this.clockAt;
    this.clockAt = ms;
    try {
      return fn();
    } finally {
      this.clockAt = saved;
    }
  }

  /** Registers work that advance() moves along after the deployment operations (template deployments). */
  addDriver(driver: WorldDriver): void {
    this.drivers.push(driver);
  }

  /** Tells the owner to persist the state. */
  changed(): void {
    this.options.onChange();
  }

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
  putDeployment(resourceGroup: string, accountName: string, name: string, body: unknown, principal: string): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    requireDeploymentName(name);
    const { input, tags } = readPutBody(body);
    const existing = this.findDeployment(account, name);
    this.requireTerminal(existing);
    this.requireAccountIdle(account, existing);
    const desired = resolveDesired(this.ruleContext(account, existing), input);
    return this.accept(account, existing, { ...desired, name, tags: tags ?? existing?.tags }, principal);
  }

  /**
   * What a PUT would be refused for, without changing anything (ARM's preflight asks the provider this for
   * every resource of a template). Throws the ARM error; conflicts with running operations are not checked.
   */
  validateDeployment(resourceGroup: string, accountName: string, name: string, body: unknown): DesiredDeployment {
    const account = this.getAccount(resourceGroup, accountName);
    requireDeploymentName(name);
    const { input } = readPutBody(body);
    return resolveDesired(this.ruleContext(account, this.findDeployment(account, name)), input);
  }

  /** PATCH: merges sku, tags and the mutable properties into the existing deployment. */
  patchDeployment(resourceGroup: string, accountName: string, name: string, body: unknown, principal: string): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    const existing = this.getDeployment(resourceGroup, accountName, name);
    const { input, tags } = readPatchBody(body, existing);
    this.requireTerminal(existing);
    this.requireAccountIdle(account, existing);
    const desired = resolveDesired(this.ruleContext(account, existing), input);
    const write = this.accept(account, existing, { ...desired, name: existing.name, tags }, principal);
    return { ...write, status: 202 };
  }

  /**
   * A write of the account itself (what a template's account resource does): refused with RequestConflict
   * while one of its deployments is not in a terminal state, otherwise it takes effect at once.
   */
  writeAccount(resourceGroup: string, accountName: string, principal: string): StoredAccount {
    const account = this.getAccount(resourceGroup, accountName);
    this.requireAccountIdle(account, undefined);
    account.etag = accountEtag(new Date(this.now()).toISOString());
    account.systemData = { ...account.systemData, lastModifiedBy: principal, lastModifiedByType: "Application", lastModifiedAt: new Date(this.now()).toISOString() };
    this.options.onChange();
    return account;
  }

  /** DELETE: 204 when there is nothing to delete, otherwise a long-running operation through Deleting. */
  deleteDeployment(resourceGroup: string, accountName: string, name: string): DeploymentWrite {
    const account = this.getAccount(resourceGroup, accountName);
    const existing = this.findDeployment(account, name);
    if (!existing) return { status: 204 };
    this.requireTerminal(existing);
    this.requireAccountIdle(account, existing);
    existing.provisioningState = "Deleting";
    const operation = startOperation(this.state, {
      kind: "delete",
      account,
      deploymentName: existing.name,
      states: ["Deleting", "Deleted"],
      now: this.now(),
      stepMs: this.options.lroStepMs,
    });
    this.options.onChange();
    return { status: 202, deployment: existing, operation };
  }

  private ruleContext(account: StoredAccount, existing: StoredDeployment | undefined): RuleContext {
    return {
      state: this.state,
      account,
      existing,
      siblings: this.state.deployments.filter((d) => this.belongsTo(d, account) && d !== existing),
      raiPolicies: this.listRaiPoliciesOf(account),
      now: this.now(),
      limitedAccessGranted: this.options.limitedAccessGranted?.() ?? false,
    };
  }

  /** Azure refuses a change to an account while another of its deployments is being changed. */
  private requireAccountIdle(account: StoredAccount, except: StoredDeployment | undefined): void {
    const busy = this.state.deployments.find((d) => this.belongsTo(d, account) && d !== except && !TERMINAL.has(d.provisioningState));
    if (busy) {
      throw new ArmError(
        409,
        "RequestConflict",
        `Another operation is being performed on the parent resource '${accountId(this.subscriptionId, account.resourceGroup, account.name)}'. Please try again later.`,
      );
    }
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

  private accept(
    account: StoredAccount,
    existing: StoredDeployment | undefined,
    desired: DesiredDeployment & Pick<StoredDeployment, "name" | "tags">,
    principal: string,
  ): DeploymentWrite {
    // The failure switch is used up only by a request Azure accepts.
    const failWith = this.options.takeFailure?.(account.name, desired.name);
    const at = new Date(this.now()).toISOString();
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
    const operation = startOperation(this.state, {
      kind: existing ? "update" : "create",
      account,
      deploymentName: deployment.name,
      states: existing ? ["Accepted", final] : ["Accepted", "Creating", final],
      now: this.now(),
      stepMs: this.options.lroStepMs,
      previous,
      error: failWith,
    });
    this.options.onChange();
    return { status: existing ? 200 : 201, deployment: existing ?? deployment, operation };
  }

  getOperation(location: string, id: string): StoredOperation {
    const op = this.state.operations.find((o) => o.id === id && sameName(o.location, location));
    if (!op) throw new ArmError(404, "OperationNotFound", `The operation '${id}' was not found in location '${location}'.`);
    return op;
  }

  /** Moves every running operation to the state its age implies; called before each request is served. */
  advance(): void {
    let changed = false;
    // Drivers may start operations that are already due (a clock that jumped, or 0 ms steps): repeat until still.
    for (let round = 0; round < 1000; round++) {
      changed = advanceOperations(this.state, this.options.now()) || changed;
      let progressed = false;
      for (const driver of this.drivers) progressed = driver() || progressed;
      if (!progressed) break;
      changed = true;
    }
    if (changed) this.options.onChange();
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
    deployment.systemData = { ...deployment.systemData, lastModifiedBy: "portal-user@contoso.com", lastModifiedByType: "User", lastModifiedAt: new Date(this.now()).toISOString() };
    this.options.onChange();
    return deployment;
  }

  // ---- quota ---------------------------------------------------------------------------------------------

  /** Capacity the subscription's deployments in `region` hold against `usageName`. */
  currentUsage(region: string, usageName: string): number {
    return currentUsage(this.state, region, usageName);
  }

  quotaLimit(region: string, usageName: string): number {
    return quotaLimit(this.state, region, usageName);
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

  listUsages(region: string): { usageName: string; current: number; limit: number }[] {
    return listUsages(this.state, this.requireRegion(region, "locations/usages"));
  }

  // ---- models and capacities -----------------------------------------------------------------------------

  /** The models list of a region: every version offered there, once per account kind that can deploy it. */
  listModels(region: string): { model: CatalogueModel; version: CatalogueVersion; region: string; kind: AccountKind }[] {
    const known = this.requireRegion(region, "locations/models");
    return MODEL_CATALOGUE.flatMap((model) =>
      model.versions
        .filter((v) => skusInRegion(v, known).length > 0)
        .flatMap((version) => model.kinds.map((kind) => ({ model, version, region: known, kind }))),
    );
  }

  /** Capacity still deployable per region and SKU for one model version: the quota left in its usage pool. */
  listModelCapacities(ref: ModelRef, region?: string): { region: string; skuName: string; available: number; availableFinetune: number }[] {
    const regions = region === undefined ? [...REGIONS] : [this.requireRegion(region, "locations/modelCapacities")];
    const model = findCatalogueModel(ref.format, ref.name);
    const version = model ? findCatalogueVersion(model, ref.version) : undefined;
    if (!model || !version) return [];
    return regions.flatMap((r) =>
      skusInRegion(version, r).map((sku) => {
        const available = Math.max(0, this.quotaLimit(r, sku.usageName) - this.currentUsage(r, sku.usageName));
        return { region: r, skuName: sku.name, available, availableFinetune: version.fineTunable ? available : 0 };
      }),
    );
  }

  /** SKUs an existing deployment could move to (same model version, same region), with their published bounds. */
  listDeploymentSkus(resourceGroup: string, accountName: string, name: string): { skuName: string; capacity: number; bounds: CapacityBounds }[] {
    const account = this.getAccount(resourceGroup, accountName);
    const deployment = this.getDeployment(resourceGroup, accountName, name);
    const model = findCatalogueModel(deployment.model.format, deployment.model.name);
    const version = model && offeredToKind(model, account.kind) ? findCatalogueVersion(model, deployment.model.version) : undefined;
    if (!model || !version) return [];
    return skusInRegion(version, account.location).map((sku) => ({
      skuName: sku.name,
      capacity: sku.name.toLowerCase() === deployment.sku.name.toLowerCase() ? deployment.sku.capacity : sku.capacity.default,
      bounds: sku.capacity,
    }));
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
