import type { Route } from "../http-kit";
import { ok, type RouteKit } from "./kit";

/** Routes outside a repository: the caller's rate limit and, with the App path on, installation tokens. */
export function appRoutes({ deps }: RouteKit): Route[] {
  const routes: Route[] = [
    {
      method: "GET",
      path: "/rate_limit",
      operationId: "rate-limit/get",
      handler: async (req) => {
        const core = deps.rateLimitFor(req.login);
        const bucket = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
        return ok({
          resources: { core, search: bucket(30), graphql: bucket(5000), integration_manifest: bucket(5000), code_search: bucket(10) },
          rate: core,
        });
      },
    },
  ];
  if (deps.createInstallationToken) {
    routes.push({
      method: "POST",
      path: "/app/installations/{installation_id}/access_tokens",
      operationId: "apps/create-installation-access-token",
      auth: "app-jwt",
      handler: deps.createInstallationToken,
    });
  }
  return routes;
}
