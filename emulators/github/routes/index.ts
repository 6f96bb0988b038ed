import type { Route } from "../http-kit";
import { actionsRoutes } from "./actions";
import { appRoutes } from "./app";
import { checkRoutes } from "./checks";
import { contentRoutes } from "./contents";
import { gitObjectRoutes } from "./git-objects";
import { gitRefRoutes } from "./git-refs";
import { issueRoutes } from "./issues";
import { createRouteKit, type RouteDeps } from "./kit";
import { pullRoutes } from "./pulls";
import { reviewRoutes } from "./reviews";

export type { RouteDeps } from "./kit";

/** The REST routes the emulator serves: exactly what lib/gitops uses, at GitHub's paths. */
export function createRoutes(deps: RouteDeps): Route[] {
  const kit = createRouteKit(deps);
  return [appRoutes, contentRoutes, gitRefRoutes, gitObjectRoutes, pullRoutes, reviewRoutes, issueRoutes, checkRoutes, actionsRoutes].flatMap((routes) => routes(kit));
}
