/** Content filters (RAI policies) of an account: list and get. */
import { renderRaiPolicy } from "../arm";
import { ACCOUNT, page, requireSub, type ArmRouter, type RouteKit } from "./context";

export function raiPolicyRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;
  router
    .on("GET", `${ACCOUNT}/raiPolicies`, (ctx) => {
      requireSub(kit, ctx);
      const list = world.listRaiPolicies(ctx.params.resourceGroupName, ctx.params.accountName);
      return page(kit, list.map((p) => renderRaiPolicy(world.subscriptionId, p)), ctx);
    })
    .on("GET", `${ACCOUNT}/raiPolicies/:raiPolicyName`, (ctx) => {
      requireSub(kit, ctx);
      const p = world.getRaiPolicy(ctx.params.resourceGroupName, ctx.params.accountName, ctx.params.raiPolicyName);
      return { status: 200, body: renderRaiPolicy(world.subscriptionId, p) };
    });
}
