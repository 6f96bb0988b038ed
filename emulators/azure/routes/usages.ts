/** Quota of a region: one entry per usage name, current value against limit. */
import { renderUsage } from "../arm";
import { LOCATION, page, requireSub, type ArmRouter, type RouteKit } from "./context";

export function usageRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;
  router.on("GET", `${LOCATION}/usages`, (ctx) => {
    requireSub(kit, ctx);
    return page(kit, world.listUsages(ctx.params.location).map((u) => renderUsage(u.usageName, u.current, u.limit)), ctx);
  });
}
