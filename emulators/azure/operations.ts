/**
 * Long-running operations on deployments: each moves its deployment through a list of provisioning states,
 * one step per `stepMs`, driven by the clock (`advanceOperations` runs before every request is served).
 */
import { randomUUID } from "node:crypto";
import type { ArmErrorBody, EmulatorState, OperationKind, StoredAccount, StoredDeployment, StoredOperation } from "./state";

// Finished operations are kept for a while so late pollers still get an answer, then dropped.
const OPERATION_RETENTION_MS = 60 * 60 * 1000;
const MAX_OPERATIONS = 500;

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Records a new operation on a deployment of `account`, starting now. */
export function startOperation(
  state: EmulatorState,
  input: { kind: OperationKind; account: StoredAccount; deploymentName: string; states: string[]; now: number; stepMs: number; previous?: StoredDeployment; error?: ArmErrorBody },
): StoredOperation {
  const operation: StoredOperation = {
    id: randomUUID(),
    kind: input.kind,
    location: input.account.location,
    resourceGroup: input.account.resourceGroup,
    accountName: input.account.name,
    deploymentName: input.deploymentName,
    startedAt: input.now,
    stepMs: input.stepMs,
    states: input.states,
    status: "InProgress",
    ...(input.previous ? { previous: input.previous } : {}),
    ...(input.error ? { error: { code: input.error.code, message: input.error.message } } : {}),
  };
  state.operations.push(operation);
  return operation;
}

/** Moves every running operation to the state its age implies; returns whether anything changed. */
export function advanceOperations(state: EmulatorState, now: number): boolean {
  let changed = false;
  for (const op of state.operations) {
    if (op.status !== "InProgress") continue;
    const last = op.states.length - 1;
    const index = op.stepMs <= 0 ? last : Math.min(last, Math.floor((now - op.startedAt) / op.stepMs));
    const deployment = state.deployments.find(
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
      state.deployments = state.deployments.filter((d) => d !== deployment);
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
  const before = state.operations.length;
  state.operations = state.operations.filter((o) => o.status === "InProgress" || (o.endedAt ?? now) > now - OPERATION_RETENTION_MS).slice(-MAX_OPERATIONS);
  return changed || before !== state.operations.length;
}
