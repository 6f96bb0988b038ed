/**
 * Template deployments (Microsoft.Resources/deployments) as ARM runs them, for the recognised ai-models shape:
 * preflight validation of every resource first (nothing is applied if any fails, and nothing is recorded in
 * the deployment history), one running deployment per name (`DeploymentActive`), a deployment's location
 * fixed once created (`InvalidDeploymentLocation`), then the module's account write and its deployments in
 * batches of `@batchSize`, each step a real write through the Cognitive Services engine (its conflicts, quota
 * and failures included), with ARM's nested error and per-resource operations.
 */
import { randomUUID } from "node:crypto";
import { ArmError, PROVIDER, accountId } from "../arm";
import type { AzureWorld } from "../engine";
import type { ArmErrorDetail, StoredArmDeployment, StoredArmOperation } from "../state";
import { templateHash } from "./history-seed";
import { readTemplateDeployment, type ModulePlan, type TemplatePlan } from "./template";

export const DEPLOYMENT_FAILED_MESSAGE =
  "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.";
const TERMINAL_WRITE_FAILED = "The resource write operation failed to complete successfully, because it reached terminal provisioning state 'Failed'.";
const HTTP_NAMES: Record<number, string> = { 400: "BadRequest", 404: "NotFound", 409: "Conflict", 429: "TooManyRequests", 500: "InternalServerError" };

export function subscriptionDeploymentId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/deployments/${name}`;
}

export function resourceGroupDeploymentId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Resources/deployments/${name}`;
}

/** The resource id of a stored template deployment. */
export function armDeploymentId(subscriptionId: string, d: StoredArmDeployment): string {
  return d.scope === "subscription" ? subscriptionDeploymentId(subscriptionId, d.name) : resourceGroupDeploymentId(subscriptionId, d.resourceGroup!, d.name);
}

function same(a: string | undefined, b: string | undefined): boolean {
  return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}

/** ARM's `M/D/YYYY h:mm:ss AM` (UTC), as in DeploymentActive messages. */
function armClock(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
}


export class TemplateDeployments {
  constructor(private readonly world: AzureWorld) {
    world.addDriver(() => this.advance());
  }

  private get records(): StoredArmDeployment[] {
    return this.world.state.armDeployments;
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  list(scope: "subscription" | "resourceGroup", resourceGroup?: string): StoredArmDeployment[] {
    if (scope === "resourceGroup") this.world.requireResourceGroup(resourceGroup!);
    return this.records.filter((d) => d.scope === scope && (scope === "subscription" || same(d.resourceGroup, resourceGroup)));
  }

  get(scope: "subscription" | "resourceGroup", name: string, resourceGroup?: string): StoredArmDeployment {
    const found = this.list(scope, resourceGroup).find((d) => same(d.name, name));
    if (!found) throw new ArmError(404, "DeploymentNotFound", `Deployment '${name}' could not be found.`);
    return found;
  }

  getOperation(d: StoredArmDeployment, operationId: string): StoredArmOperation {
    const op = d.operations.find((o) => o.operationId === operationId);
    if (!op) throw new ArmError(404, "DeploymentOperationNotFound", `Deployment operation '${operationId}' of deployment '${d.name}' could not be found.`);
    return op;
  }

  // ---- writes --------------------------------------------------------------------------------------------

  /**
   * Preflight: reads the template, then asks the resource provider about every resource it would write.
   * Throws InvalidTemplateDeployment with every refusal; changes nothing.
   */
  validate(name: string, body: unknown): TemplatePlan {
    const plan = readTemplateDeployment(name, body);
    const refusals: ArmErrorDetail[] = [];
    for (const mod of plan.modules) {
      this.world.requireResourceGroup(mod.resourceGroup);
      const account = this.world.state.accounts.find((a) => same(a.resourceGroup, mod.resourceGroup) && same(a.name, mod.accountName));
      if (!account) {
        // The module would create the account; creating accounts is not reproduced.
        refusals.push({
          code: "ResourceNotFound",
          target: accountId(this.world.subscriptionId, mod.resourceGroup, mod.accountName),
          message: `The Resource '${PROVIDER}/accounts/${mod.accountName}' under resource group '${mod.resourceGroup}' was not found; this emulator does not create accounts.`,
        });
        continue;
      }
      for (const el of mod.elements) {
        try {
          this.world.validateDeployment(mod.resourceGroup, mod.accountName, el.name, el.body);
        } catch (error) {
          if (!(error instanceof ArmError)) throw error;
          refusals.push({ code: error.code, target: `${accountId(this.world.subscriptionId, account.resourceGroup, account.name)}/deployments/${el.name}`, message: error.message });
        }
      }
    }
    if (refusals.length > 0) {
      throw new ArmError(
        400,
        "InvalidTemplateDeployment",
        `The template deployment '${name}' is not valid according to the validation procedure. The tracking id is '${randomUUID()}'. See inner errors for details.`,
        {},
        [{ code: "PreflightValidationCheckFailed", message: "Preflight validation failed. Please refer to the details for the specific errors.", details: refusals }],
      );
    }
    return plan;
  }

  /** PUT at subscription scope: conflicts, preflight, then a new history record that advance() carries out. */
  put(name: string, body: unknown): { status: 200 | 201; deployment: StoredArmDeployment } {
    const previous = this.records.find((d) => d.scope === "subscription" && same(d.name, name));
    const now = this.world.now();
    if (previous && (previous.provisioningState === "Accepted" || previous.provisioningState === "Running")) {
      throw new ArmError(
        409,
        "DeploymentActive",
        `Unable to edit or replace deployment '${name}': previous deployment from '${armClock(previous.startedAt)}' is still active (expiration time is '${armClock(previous.startedAt + 7 * 24 * 3600_000)}'). Please see https://aka.ms/arm-deploy for usage details.`,
      );
    }
    const location = typeof (body as { location?: unknown } | null)?.location === "string" ? (body as { location: string }).location : undefined;
    if (previous && location && !same(previous.location, location)) {
      throw new ArmError(409, "InvalidDeploymentLocation", `Invalid deployment location '${location}'. The deployment '${name}' already exists in location '${previous.location}'.`);
    }
    const plan = this.validate(name, body);
    // A new run replaces the record of the same name, and with it the nested deployments it started.
    if (previous) this.forget(previous);
    const correlationId = randomUUID();
    const top: StoredArmDeployment = {
      scope: "subscription",
      name: previous?.name ?? name,
      location: plan.location,
      mode: plan.mode,
      template: plan.template,
      parameters: plan.parameters,
      templateHash: templateHash(plan.template),
      correlationId,
      provisioningState: "Accepted",
      startedAt: now,
      operations: [],
      outputResources: [],
      asyncOperationId: randomUUID(),
      nested: [],
    };
    const topId = subscriptionDeploymentId(this.world.subscriptionId, top.name);
    for (const mod of plan.modules) {
      const nested = this.startModule(mod, topId, correlationId, now);
      top.nested!.push(resourceGroupDeploymentId(this.world.subscriptionId, mod.resourceGroup, nested.name));
      top.operations.push({
        operationId: this.operationId(),
        provisioningOperation: "Create",
        provisioningState: "Running",
        startedAt: now,
        targetResource: {
          id: resourceGroupDeploymentId(this.world.subscriptionId, mod.resourceGroup, mod.name),
          resourceType: "Microsoft.Resources/deployments",
          resourceName: mod.name,
          apiVersion: "2022-09-01",
          symbolicName: mod.symbolicName,
        },
        serviceRequestId: randomUUID(),
      });
    }
    this.records.push(top);
    this.world.changed();
    return { status: previous ? 200 : 201, deployment: top };
  }

  private startModule(mod: ModulePlan, parentId: string, correlationId: string, now: number): StoredArmDeployment {
    const stale = this.records.find((d) => d.scope === "resourceGroup" && same(d.resourceGroup, mod.resourceGroup) && same(d.name, mod.name));
    if (stale) this.forget(stale);
    const nested: StoredArmDeployment = {
      scope: "resourceGroup",
      resourceGroup: mod.resourceGroup,
      name: mod.name,
      mode: "Incremental",
      template: mod.template,
      parameters: {},
      templateHash: templateHash(mod.template),
      correlationId,
      provisioningState: "Accepted",
      startedAt: now,
      operations: [],
      outputResources: [],
      asyncOperationId: randomUUID(),
      parentId,
      work: {
        resourceGroup: mod.resourceGroup,
        accountName: mod.accountName,
        next: 0,
        batchSize: mod.batchSize,
        steps: [
          { kind: "account", symbolicName: "cognitiveService" },
          ...mod.elements.map((el) => ({ kind: "deployment" as const, name: el.name, body: el.body, symbolicName: "cognitiveService_deployments" })),
        ],
      },
    };
    this.records.push(nested);
    return nested;
  }

  private forget(record: StoredArmDeployment): void {
    const ids = new Set(record.nested ?? []);
    this.world.state.armDeployments = this.records.filter(
      (d) => d !== record && !(d.scope === "resourceGroup" && ids.has(resourceGroupDeploymentId(this.world.subscriptionId, d.resourceGroup!, d.name))),
    );
  }

  private operationId(): string {
    // ARM's operation ids are 16 hex digits.
    return randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
  }

  // ---- progress ------------------------------------------------------------------------------------------

  /** Moves running template deployments along; returns whether anything changed. */
  advance(): boolean {
    let progressed = false;
    for (const nested of this.records.filter((d) => d.scope === "resourceGroup" && d.work && !this.isTerminal(d))) {
      progressed = this.advanceModule(nested) || progressed;
    }
    for (const top of this.records.filter((d) => d.scope === "subscription" && !this.isTerminal(d))) {
      progressed = this.advanceTop(top) || progressed;
    }
    return progressed;
  }

  private isTerminal(d: StoredArmDeployment): boolean {
    return d.provisioningState === "Succeeded" || d.provisioningState === "Failed";
  }

  private advanceModule(nested: StoredArmDeployment): boolean {
    const work = nested.work!;
    const now = this.world.now();
    let progressed = false;
    if (nested.provisioningState === "Accepted") {
      nested.provisioningState = "Running";
      progressed = true;
    }
    // Settle the steps whose Cognitive Services operation has ended.
    for (const op of nested.operations.filter((o) => o.provisioningState === "Running" && o.engineOperationId)) {
      const engineOp = this.world.state.operations.find((o) => o.id === op.engineOperationId);
      if (engineOp && engineOp.status === "InProgress") continue;
      op.endedAt = engineOp?.endedAt ?? now;
      delete op.engineOperationId;
      if (!engineOp || engineOp.status === "Succeeded") {
        op.provisioningState = "Succeeded";
        nested.outputResources.push(op.targetResource.id);
      } else {
        op.provisioningState = "Failed";
        op.error = { code: "ResourceDeploymentFailure", target: op.targetResource.id, message: TERMINAL_WRITE_FAILED, details: [{ ...engineOp.error! }] };
      }
      progressed = true;
    }
    const running = nested.operations.some((o) => o.provisioningState === "Running");
    if (running) return progressed;
    const failed = nested.operations.filter((o) => o.provisioningState === "Failed");
    const lastEnd = Math.max(nested.startedAt, ...nested.operations.map((o) => o.endedAt ?? nested.startedAt));
    if (failed.length > 0 || work.next >= work.steps.length) {
      nested.provisioningState = failed.length > 0 ? "Failed" : "Succeeded";
      nested.endedAt = lastEnd;
      if (failed.length > 0) {
        nested.error = {
          code: "DeploymentFailed",
          target: armDeploymentId(this.world.subscriptionId, nested),
          message: DEPLOYMENT_FAILED_MESSAGE,
          details: failed.map((o) => o.error!),
        };
      }
      delete nested.work;
      return true;
    }
    if (lastEnd > now) return progressed;
    // The account first, then the deployments `batchSize` at a time, each batch when the one before has ended.
    const batch = work.next === 0 ? 1 : work.batchSize;
    const steps = work.steps.slice(work.next, work.next + batch);
    work.next += steps.length;
    for (const step of steps) this.world.at(lastEnd, () => this.startStep(nested, step, lastEnd));
    return true;
  }

  private startStep(nested: StoredArmDeployment, step: NonNullable<StoredArmDeployment["work"]>["steps"][number], at: number): void {
    const { resourceGroup, accountName } = nested.work!;
    const account = accountId(this.world.subscriptionId, resourceGroup, accountName);
    const target =
      step.kind === "account"
        ? { id: account, resourceType: `${PROVIDER}/accounts`, resourceName: accountName, symbolicName: step.symbolicName }
        : { id: `${account}/deployments/${step.name}`, resourceType: `${PROVIDER}/accounts/deployments`, resourceName: `${accountName}/${step.name}`, symbolicName: step.symbolicName };
    const op: StoredArmOperation = {
      operationId: this.operationId(),
      provisioningOperation: "Create",
      provisioningState: "Running",
      startedAt: at,
      targetResource: { ...target, apiVersion: "2025-04-01-preview" },
      serviceRequestId: randomUUID(),
    };
    nested.operations.push(op);
    try {
      if (step.kind === "account") {
        this.world.writeAccount(resourceGroup, accountName, "arm-template-deployment");
        op.provisioningState = "Succeeded";
        op.statusCode = "OK";
        op.endedAt = at;
        nested.outputResources.push(account);
      } else {
        const write = this.world.putDeployment(resourceGroup, accountName, step.name, step.body, "arm-template-deployment");
        op.statusCode = write.status === 201 ? "Created" : "OK";
        op.engineOperationId = write.operation?.id;
      }
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      op.provisioningState = "Failed";
      op.statusCode = HTTP_NAMES[error.status] ?? String(error.status);
      op.endedAt = at;
      op.error = { code: error.code, message: error.message };
    }
  }

  private advanceTop(top: StoredArmDeployment): boolean {
    let progressed = false;
    if (top.provisioningState === "Accepted") {
      top.provisioningState = "Running";
      progressed = true;
    }
    const children = (top.nested ?? []).map((id) => this.records.find((d) => d.scope === "resourceGroup" && same(resourceGroupDeploymentId(this.world.subscriptionId, d.resourceGroup!, d.name), id)));
    if (children.some((c) => c && !this.isTerminal(c))) return progressed;
    const topId = armDeploymentId(this.world.subscriptionId, top);
    const failures: ArmErrorDetail[] = [];
    children.forEach((child, i) => {
      const op = top.operations[i];
      if (!op || op.provisioningState !== "Running") return;
      op.endedAt = child?.endedAt ?? this.world.now();
      if (child && child.provisioningState === "Succeeded") {
        op.provisioningState = "Succeeded";
        op.statusCode = "OK";
        top.outputResources.push(...child.outputResources);
      } else {
        op.provisioningState = "Failed";
        op.statusCode = "Conflict";
        op.error = child?.error ?? { code: "DeploymentFailed", message: DEPLOYMENT_FAILED_MESSAGE };
        failures.push({ code: "ResourceDeploymentFailure", target: op.targetResource.id, message: TERMINAL_WRITE_FAILED, details: [op.error] });
      }
    });
    top.endedAt = Math.max(top.startedAt, ...top.operations.map((o) => o.endedAt ?? top.startedAt));
    top.provisioningState = failures.length > 0 ? "Failed" : "Succeeded";
    if (failures.length > 0) top.error = { code: "DeploymentFailed", target: topId, message: DEPLOYMENT_FAILED_MESSAGE, details: failures };
    return true;
  }
}
