/** The model catalogue of a region, and the capacity still deployable per region and SKU for one model version. */
import type { HttpResult } from "../../shared/http-router";
import { ArmError, PROVIDER, renderModel, renderSkuCapacity } from "../arm";
import { LOCATION, SUB, page, requireSub, type ArmContext, type ArmRouter, type RouteKit } from "./context";

export function modelRoutes(router: ArmRouter, kit: RouteKit): void {
  const { world } = kit;

  function capacities(ctx: ArmContext, location: string | undefined): HttpResult {
    requireSub(kit, ctx);
    const format = ctx.query.get("modelFormat");
    const name = ctx.query.get("modelName");
    const version = ctx.query.get("modelVersion");
    for (const [key, value] of [["modelFormat", format], ["modelName", name], ["modelVersion", version]] as const) {
      if (!value) throw new ArmError(400, "MissingRequiredParameter", `The query parameter '${key}' is required.`);
    }
    const ref = { format: format!, name: name!, version: version! };
    const list = world.listModelCapacities(ref, location);
    return page(
      kit,
      list.map((c) => renderSkuCapacity(world.subscriptionId, c.region, ref, c.skuName, c.available, c.availableFinetune)),
      ctx,
    );
  }

  router
    .on("GET", `${LOCATION}/models`, (ctx) => {
      requireSub(kit, ctx);
      return page(kit, world.listModels(ctx.params.location).map((m) => renderModel(m.model, m.version, m.region, m.kind)), ctx);
    })
    .on("GET", `${SUB}/providers/${PROVIDER}/modelCapacities`, (ctx) => capacities(ctx, undefined))
    .on("GET", `${LOCATION}/modelCapacities`, (ctx) => capacities(ctx, ctx.params.location));
}
