/**
 * Which api-versions ARM accepts here, and the errors it answers for the others: a version the resource
 * provider has not registered is `NoRegisteredProviderFound` (Microsoft.CognitiveServices), one ARM itself does
 * not serve is `InvalidApiVersionParameter` (Microsoft.Resources). Every accepted version gets the shapes of the
 * newest one (2025-09-01 / 2025-03-01); older shapes are not reproduced.
 */
import { ArmError, PROVIDER } from "./arm";
import { REGIONS } from "./catalogue";

/** Stable and preview versions Microsoft.CognitiveServices registers (accounts and their children). */
export const COGNITIVE_SERVICES_API_VERSIONS = [
  "2016-02-01-preview",
  "2017-04-18",
  "2021-04-30",
  "2021-10-01",
  "2022-03-01",
  "2022-10-01",
  "2022-12-01",
  "2023-05-01",
  "2023-10-01-preview",
  "2024-04-01-preview",
  "2024-06-01-preview",
  "2024-10-01",
  "2025-04-01-preview",
  "2025-06-01",
  "2025-07-01-preview",
  "2025-09-01",
];

/** Versions of Microsoft.Resources/deployments ARM serves (the SDK sends 2025-03-01, az CLI a recent one). */
export const RESOURCES_API_VERSIONS = [
  "2019-10-01",
  "2020-06-01",
  "2020-10-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-03-01",
  "2025-04-01",
];

/** The resource type a Cognitive Services path addresses, as ARM names it (`accounts/deployments`, `locations/models`). */
function resourceTypeOf(pathname: string): { type: string; location?: string } {
  const marker = `/providers/${PROVIDER.toLowerCase()}/`;
  const at = pathname.toLowerCase().indexOf(marker);
  const parts = pathname.slice(at + marker.length).split("/").filter(Boolean);
  const types = parts.filter((_, i) => i % 2 === 0);
  const location = parts[0]?.toLowerCase() === "locations" ? parts[1] : undefined;
  return { type: types.join("/"), ...(location ? { location } : {}) };
}

/**
 * Throws the ARM error for an api-version this provider does not serve. `accountLocation` names the region
 * in the message when the path is under an account (ARM routes by the resource's location).
 */
export function requireSupportedApiVersion(pathname: string, apiVersion: string, accountLocation?: (pathname: string) => string | undefined): void {
  const lower = pathname.toLowerCase();
  if (lower.includes("/providers/microsoft.resources/") || /\/resourcegroups\/[^/]+\/deployments\//.test(lower)) {
    if (!RESOURCES_API_VERSIONS.includes(apiVersion)) {
      throw new ArmError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions are '${[...RESOURCES_API_VERSIONS].reverse().join(",")}'.`);
    }
    return;
  }
  if (!lower.includes(`/providers/${PROVIDER.toLowerCase()}/`)) return;
  if (COGNITIVE_SERVICES_API_VERSIONS.includes(apiVersion)) return;
  const { type, location } = resourceTypeOf(pathname);
  const where = location ?? accountLocation?.(pathname) ?? "global";
  throw new ArmError(
    400,
    "NoRegisteredProviderFound",
    `No registered resource provider found for location '${where}' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${COGNITIVE_SERVICES_API_VERSIONS.join(", ")}'. The supported locations are '${REGIONS.join(", ")}'.`,
  );
}
