/**
 * Microsoft.Resources/deployments: template deployments at subscription scope (PUT as a long-running
 * operation, GET, list, validate, exportTemplate, operations, async status) and the resource-group-scope
 * nested deployments their modules start (GET, list, operations).
 */
import { randomUUID } from "node:crypto";
import { PROVIDER, accountId } from "../arm";
import { templateHash } from "../template-deployments/history-seed";
import { renderArmDeployment, renderArmDeploymentStatus, renderArmOperation } from "../template-deployments/render";
import type { StoredArmDeployment } from "../state";
import { SUB, page, requireSub, retryAfterHeader, type ArmContext, type ArmRouter, type RouteKit } from "./context";

const SUB_DEPLOYMENTS = `${SUB}/providers/Microsoft.Resources/deployments`;
const RG_DEPLOYMENTS = `${SUB}/resourcegroups/:resourceGroupName/providers/Microsoft.Resources/deployments`;
/** Resource-group deployment operations live at this older path (no `providers/`), which the SDK uses. */
const RG_DEPLOYMENT_OPERATIONS = `${SUB}/resourcegroups/:resourceGroupName/deployments/:deploymentName/operations`;

/** `$filter=provisioningState eq 'Failed'` and `$top`, the two list options the API documents. */
function filtered(list: StoredArmDeployment[], ctx: ArmContext): StoredArmDeployment[] {
  const filter = /provisioningState\s+eq\s+'([^']+)'/i.exec(ctx.query.get("$filter") ?? "");
  const top = Number.parseInt(ctx.query.get("$top") ?? "", 10);
  const matching = filter ? list.filter((d) => d.provisioningState.toLowerCase() === filter[1].toLowerCase()) : list;
  // Newest first, as the deployment history is shown.
  const sorted = [...matching].sort((a, b) => b.startedAt - a.startedAt);
  return Number.isInteger(top) && top > 0 ? sorted.slice(0, top) : sorted;
}

export function armDeploymentRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world, templates } = kit;
  const render = (d: StoredArmDeployment) => renderArmDeployment(world.subscriptionId, d, world.now());
  const sub = (ctx: ArmContext) => templates.get("subscription", ctx.params.deploymentName);
  const rg = (ctx: ArmContext) => templates.get("resourceGroup", ctx.params.deploymentName, ctx.params.resourceGroupName);
  const operations = (d: StoredArmDeployment, ctx: ArmContext) => page(kit, d.operations.map((op) => renderArmOperation(world.subscriptionId, d, op, world.now())), ctx);

  router
    .on("GET", SUB_DEPLOYMENTS, (ctx) => {
      requireSub(kit, ctx);
      return page(kit, filtered(templates.list("subscription"), ctx).map(render), ctx);
    })
    .on("GET", `${SUB_DEPLOYMENTS}/:deploymentName`, (ctx) => {
      requireSub(kit, ctx);
      return { status: 200, body: render(sub(ctx)) };
    })
    .on("PUT", `${SUB_DEPLOYMENTS}/:deploymentName`, (ctx) => {
      requireSub(kit, ctx);
      const { status, deployment } = templates.put(ctx.params.deploymentName, ctx.body);
      const statusUrl = `${kit.baseUrl()}/subscriptions/${world.subscriptionId}/providers/Microsoft.Resources/deployments/${deployment.name}/operationStatuses/${deployment.asyncOperationId}?api-version=${ctx.apiVersion}`;
      return { status, headers: { "Azure-AsyncOperation": statusUrl, ...retryAfterHeader(1000) }, body: render(deployment) };
    })
    .on("POST", `${SUB_DEPLOYMENTS}/:deploymentName/validate`, (ctx) => {
      requireSub(kit, ctx);
      const plan = templates.validate(ctx.params.deploymentName, ctx.body);
      const now = world.now();
      return {
        status: 200,
        body: {
          id: `/subscriptions/${world.subscriptionId}/providers/Microsoft.Resources/deployments/${ctx.params.deploymentName}`,
          name: ctx.params.deploymentName,
          type: "Microsoft.Resources/deployments",
          properties: {
            templateHash: templateHash(plan.template),
            parameters: plan.parameters,
            mode: plan.mode,
            provisioningState: "Succeeded",
            timestamp: new Date(now).toISOString(),
            duration: "PT0S",
            correlationId: randomUUID(),
            providers: [
              { namespace: "Microsoft.Resources", resourceTypes: [{ resourceType: "deployments", locations: [plan.location] }] },
              { namespace: PROVIDER, resourceTypes: [{ resourceType: "accounts", locations: [] }, { resourceType: "accounts/deployments", locations: [] }] },
            ],
            dependencies: [],
            validatedResources: plan.modules.flatMap((m) => {
              const account = accountId(world.subscriptionId, m.resourceGroup, m.accountName);
              return [
                { id: `/subscriptions/${world.subscriptionId}/resourceGroups/${m.resourceGroup}/providers/Microsoft.Resources/deployments/${m.name}` },
                { id: account },
                ...m.elements.map((el) => ({ id: `${account}/deployments/${el.name}` })),
              ];
            }),
          },
        },
      };
    })
    .on("POST", `${SUB_DEPLOYMENTS}/:deploymentName/exportTemplate`, (ctx) => {
      requireSub(kit, ctx);
      return { status: 200, body: { template: structuredClone(sub(ctx).template) } };
    })
    .on("GET", `${SUB_DEPLOYMENTS}/:deploymentName/operations`, (ctx) => {
      requireSub(kit, ctx);
      return operations(sub(ctx), ctx);
    })
    .on("GET", `${SUB_DEPLOYMENTS}/:deploymentName/operations/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const d = sub(ctx);
      return { status: 200, body: renderArmOperation(world.subscriptionId, d, templates.getOperation(d, ctx.params.operationId), world.now()) };
    })
    .on("GET", `${SUB_DEPLOYMENTS}/:deploymentName/operationStatuses/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const d = sub(ctx);
      const running = d.provisioningState === "Accepted" || d.provisioningState === "Running";
      return { status: 200, headers: running ? retryAfterHeader(1000) : {}, body: renderArmDeploymentStatus(d) };
    })
    .on("GET", RG_DEPLOYMENTS, (ctx) => {
      requireSub(kit, ctx);
      return page(kit, filtered(templates.list("resourceGroup", ctx.params.resourceGroupName), ctx).map(render), ctx);
    })
    .on("GET", `${RG_DEPLOYMENTS}/:deploymentName`, (ctx) => {
      requireSub(kit, ctx);
      return { status: 200, body: render(rg(ctx)) };
    })
    .on("POST", `${RG_DEPLOYMENTS}/:deploymentName/exportTemplate`, (ctx) => {
      requireSub(kit, ctx);
      return { status: 200, body: { template: structuredClone(rg(ctx).template) } };
    })
    .on("GET", `${RG_DEPLOYMENTS}/:deploymentName/operations`, (ctx) => {
      requireSub(kit, ctx);
      return operations(rg(ctx), ctx);
    })
    .on("GET", RG_DEPLOYMENT_OPERATIONS, (ctx) => {
      requireSub(kit, ctx);
      return operations(rg(ctx), ctx);
    })
    .on("GET", `${RG_DEPLOYMENT_OPERATIONS}/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const d = rg(ctx);
      return { status: 200, body: renderArmOperation(world.subscriptionId, d, templates.getOperation(d, ctx.params.operationId), world.now()) };
    })
    .on("GET", `${RG_DEPLOYMENTS}/:deploymentName/operations/:operationId`, (ctx) => {
      requireSub(kit, ctx);
      const d = rg(ctx);
      return { status: 200, body: renderArmOperation(world.subscriptionId, d, templates.getOperation(d, ctx.params.operationId), world.now()) };
    });
}
