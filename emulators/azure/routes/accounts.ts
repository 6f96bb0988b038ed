/** Cognitive Services accounts: list per subscription, per resource group, and one. */
import { PROVIDER, renderAccount } from "../arm";
import { ACCOUNT, RG, SUB, page, requireSub, type ArmRouter, type RouteKit } from "./context";

export function accountRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;
  router
    .on("GET", `${SUB}/providers/${PROVIDER}/accounts`, (ctx) => {
      requireSub(kit, ctx);
      return page(kit, world.listAccounts().map((a) => renderAccount(world.subscriptionId, a)), ctx);
    })
    .on("GET", `${RG}/accounts`, (ctx) => {
      requireSub(kit, ctx);
      return page(kit, world.listAccounts(ctx.params.resourceGroupName).map((a) => renderAccount(world.subscriptionId, a)), ctx);
    })
    .on("GET", ACCOUNT, (ctx) => {
      requireSub(kit, ctx);
      return { status: 200, body: renderAccount(world.subscriptionId, world.getAccount(ctx.params.resourceGroupName, ctx.params.accountName)) };
    });
}
