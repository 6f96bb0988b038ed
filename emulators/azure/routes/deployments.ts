/**
 * Model deployments of an account: list, get, and the long-running PUT / PATCH / DELETE, plus the SKUs an
 * existing deployment could move to.
 */
import { PROVIDER, renderBounds, renderDeployment } from "../arm";
import { effectiveBounds, isProvisionedSku, type CapacityBounds } from "../catalogue";
import { ACCOUNT, DEPLOYMENT, operationHeaders, page, requireSub, type ArmRouter, type RouteKit } from "./context";

function allowedValues(published: CapacityBounds): number[] {
  const bounds = effectiveBounds(published);
  const values: number[] = [];
  for (let v = bounds.minimum; v <= bounds.maximum; v += bounds.step) values.push(v);
  return values;
}

export function deploymentRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;
  router
    .on("GET", `${ACCOUNT}/deployments`, (ctx) => {
      requireSub(kit, ctx);
      const list = world.listDeployments(ctx.params.resourceGroupName, ctx.params.accountName);
      return page(kit, list.map((d) => renderDeployment(world.subscriptionId, d)), ctx);
    })
    .on("GET", DEPLOYMENT, (ctx) => {
      requireSub(kit, ctx);
      const d = world.getDeployment(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    })
    .on("PUT", DEPLOYMENT, (ctx) => {
      requireSub(kit, ctx);
      const { resourceGroupName, accountName, deploymentName } = ctx.params;
      world.getAccount(resourceGroupName, accountName);
      const write = world.putDeployment(resourceGroupName, accountName, deploymentName, ctx.body, ctx.principal);
      return { status: write.status, headers: operationHeaders(kit, write.operation!, ctx.apiVersion), body: renderDeployment(world.subscriptionId, write.deployment!) };
    })
    .on("PATCH", DEPLOYMENT, (ctx) => {
      requireSub(kit, ctx);
      const { resourceGroupName, accountName, deploymentName } = ctx.params;
      world.getDeployment(resourceGroupName, accountName, deploymentName);
      const write = world.patchDeployment(resourceGroupName, accountName, deploymentName, ctx.body, ctx.principal);
      return { status: 202, headers: operationHeaders(kit, write.operation!, ctx.apiVersion) };
    })
    .on("DELETE", DEPLOYMENT, (ctx) => {
      requireSub(kit, ctx);
      const write = world.deleteDeployment(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      if (write.status === 204) return { status: 204 };
      return { status: 202, headers: operationHeaders(kit, write.operation!, ctx.apiVersion) };
    })
    .on("GET", `${DEPLOYMENT}/skus`, (ctx) => {
      requireSub(kit, ctx);
      const skus = world.listDeploymentSkus(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.deploymentName);
      return page(
        kit,
        skus.map((s) => ({
          resourceType: `${PROVIDER}/accounts/deployments`,
          sku: { name: s.skuName, capacity: s.capacity },
          capacity: {
            ...renderBounds(s.bounds),
            // Provisioned capacity comes in discrete blocks, which Azure also lists explicitly.
            ...(isProvisionedSku(s.skuName) ? { allowedValues: allowedValues(s.bounds) } : {}),
          },
        })),
        ctx,
      );
    });
}
