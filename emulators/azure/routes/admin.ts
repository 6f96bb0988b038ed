/**
 * Admin endpoints under `/_emulator/` (no token; loopback only): switches, failures, quota limits, changes by
 * hand (drift), reset and state.
 */
import { z } from "zod";
import { Router, type HttpResult } from "../../shared/http-router";
import { renderDeployment } from "../arm";
import { FailureSchema, SwitchesSchema } from "../switches";
import type { RouteKit } from "./context";

export type AdminHandler = (ctx: { params: Record<string, string>; body: unknown }) => HttpResult;

const ConfigBodySchema = SwitchesSchema.extend({ failDeployments: z.array(FailureSchema).optional() }).strict();

const HandChangeSchema = z
  .object({
    capacity: z.number().int().min(0).optional(),
    skuName: z.string().min(1).optional(),
    version: z.string().min(1).optional(),
    provisioningState: z.string().min(1).optional(),
  })
  .strict();

const QuotaSchema = z.object({ location: z.string().min(1), usageName: z.string().min(1), limit: z.number().int().min(0) }).strict();

export function adminRoutes(kit: RouteKit, reset: () => void): Router<AdminHandler> {
  const { world, faults } = kit;
  return new Router<AdminHandler>()
    .on("GET", "/_emulator/health", () => ({ status: 200, body: { ok: true, subscriptionId: world.subscriptionId } }))
    .on("GET", "/_emulator/config", () => ({ status: 200, body: faults.view() }))
    .on("POST", "/_emulator/config", ({ body }) => {
      const { failDeployments, ...rest } = ConfigBodySchema.parse(body ?? {});
      faults.configure(rest);
      for (const f of failDeployments ?? []) faults.addFailure(f);
      return { status: 200, body: faults.view() };
    })
    .on("POST", "/_emulator/fail-deployment", ({ body }) => {
      faults.addFailure(FailureSchema.parse(body));
      return { status: 200, body: faults.view() };
    })
    .on("POST", "/_emulator/reset", () => {
      reset();
      return { status: 200, body: { ok: true } };
    })
    .on("POST", "/_emulator/quota", ({ body }) => {
      const q = QuotaSchema.parse(body);
      const region = world.requireRegion(q.location, "locations/usages");
      world.setQuotaLimit(region, q.usageName, q.limit);
      return { status: 200, body: { location: region, usageName: q.usageName, limit: q.limit, currentValue: world.currentUsage(region, q.usageName) } };
    })
    .on("POST", "/_emulator/accounts/:accountName/deployments/:deploymentName", ({ params, body }) => {
      world.advance();
      const d = world.setDeploymentByHand(params.accountName, params.deploymentName, HandChangeSchema.parse(body));
      return { status: 200, body: renderDeployment(world.subscriptionId, d) };
    })
    .on("GET", "/_emulator/state", () => {
      world.advance();
      return { status: 200, body: world.state };
    });
}
