/**
 * Wire format of Microsoft.Resources/deployments (api-version 2025-03-01): DeploymentExtended, its operations
 * and the async operation status, in the shapes of Microsoft's examples and the SDK's models.
 */
import { PROVIDER } from "../arm";
import type { StoredArmDeployment, StoredArmOperation } from "../state";
import { armDeploymentId } from "./deployments";

/** ISO 8601 duration as ARM writes it (`PT1M2.5S`). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = Math.round((total % 60) * 1000) / 1000;
  return `PT${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds || (!hours && !minutes) ? `${seconds}S` : ""}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function providers(d: StoredArmDeployment): unknown[] {
  if (d.scope === "subscription") return [{ namespace: "Microsoft.Resources", resourceTypes: [{ resourceType: "deployments", locations: [null] }] }];
  return [{ namespace: PROVIDER, resourceTypes: [{ resourceType: "accounts", locations: [] }, { resourceType: "accounts/deployments", locations: [] }] }];
}

function dependencies(subscriptionId: string, d: StoredArmDeployment): unknown[] {
  if (d.scope === "subscription") return [];
  const accountOp = d.operations.find((o) => o.targetResource.resourceType === `${PROVIDER}/accounts`);
  if (!accountOp) return [];
  return d.operations
    .filter((o) => o !== accountOp)
    .map((o) => ({
      dependsOn: [{ id: accountOp.targetResource.id, resourceType: accountOp.targetResource.resourceType, resourceName: accountOp.targetResource.resourceName }],
      id: o.targetResource.id,
      resourceType: o.targetResource.resourceType,
      resourceName: o.targetResource.resourceName,
    }));
}

/** A template deployment as GET, PUT and list return it (`DeploymentExtended`). */
export function renderArmDeployment(subscriptionId: string, d: StoredArmDeployment, now: number): Record<string, unknown> {
  const end = d.endedAt ?? now;
  return {
    id: armDeploymentId(subscriptionId, d),
    name: d.name,
    type: "Microsoft.Resources/deployments",
    ...(d.location ? { location: d.location } : {}),
    properties: {
      templateHash: d.templateHash,
      parameters: structuredClone(d.parameters),
      mode: d.mode,
      provisioningState: d.provisioningState,
      timestamp: iso(end),
      duration: isoDuration(end - d.startedAt),
      correlationId: d.correlationId,
      providers: providers(d),
      dependencies: dependencies(subscriptionId, d),
      ...(d.provisioningState === "Succeeded" ? { outputs: {}, outputResources: d.outputResources.map((id) => ({ id })) } : {}),
      ...(d.error ? { error: structuredClone(d.error) } : {}),
    },
  };
}

/** One resource operation of a template deployment (`DeploymentOperation`). */
export function renderArmOperation(subscriptionId: string, d: StoredArmDeployment, op: StoredArmOperation, now: number): Record<string, unknown> {
  const end = op.endedAt ?? now;
  return {
    id: `${armDeploymentId(subscriptionId, d)}/operations/${op.operationId}`,
    operationId: op.operationId,
    properties: {
      provisioningOperation: op.provisioningOperation,
      provisioningState: op.provisioningState,
      timestamp: iso(end),
      duration: isoDuration(end - op.startedAt),
      serviceRequestId: op.serviceRequestId,
      ...(op.statusCode ? { statusCode: op.statusCode } : {}),
      ...(op.error ? { statusMessage: { status: "Failed", error: structuredClone(op.error) } } : {}),
      targetResource: { ...op.targetResource },
    },
  };
}

/** The `Azure-AsyncOperation` status of a template deployment. */
export function renderArmDeploymentStatus(d: StoredArmDeployment): Record<string, unknown> {
  const status = d.provisioningState === "Accepted" ? "Running" : d.provisioningState;
  return { status, ...(d.error ? { error: structuredClone(d.error) } : {}) };
}
