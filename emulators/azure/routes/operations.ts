/**
 * The targets of a Cognitive Services long-running operation: `Azure-AsyncOperation` (status body) and
 * `Location` (202 while running, then the resource or the error).
 */
import { ArmError, renderDeployment, renderOperationStatus } from "../arm";
import { LOCATION, requireSub, retryAfterHeader, type ArmRouter, type RouteKit } from "./context";

export function operationRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;
  router
    .on("GET", `${LOCATION}/operationStatuses/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const op = world.getOperation(ctx.params.location, ctx.params.operationId);
      // Like ARM, tell pollers when to come back while the operation runs.
      const headers = op.status === "InProgress" ? retryAfterHeader(op.stepMs) : {};
      return { status: 200, headers, body: renderOperationStatus(world.subscriptionId, op) };
    })
    .on("GET", `${LOCATION}/operationResults/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const op = world.getOperation(ctx.params.location, ctx.params.operationId);
      if (op.status === "InProgress") {
        return {
          status: 202,
          headers: { Location: ctx.url.toString().replace(ctx.url.origin, kit.baseUrl()), "Retry-After": String(Math.max(1, Math.round(op.stepMs / 1000))) },
        };
      }
      if (op.status === "Failed") throw new ArmError(400, op.error?.code ?? "OperationFailed", op.error?.message ?? "The operation failed.");
      if (op.kind === "delete") return { status: 204 };
      const d = world.getDeployment(op.resourceGroup, op.accountName, op.deploymentName);
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    });
}
