import "server-only";
import { createAzureClient, type AzureClient, type AzureConfig } from "@/lib/azure";
import { getConfig, type AppConfig } from "@/lib/env";
import { createGitOpsClient, type GitOpsClient, type GitOpsConfig } from "@/lib/gitops";

/** The Azure settings of lib/azure from ModelGate's configuration. */
export function toAzureConfig(config: AppConfig): AzureConfig {
  const a = config.azure;
  const credential: AzureConfig["credential"] =
    a.credential === "static-token"
      ? // The emulator accepts any bearer token; real Azure never gets this path (lib/env only picks it in demo mode).
        { kind: "static-token", token: "modelgate-demo" }
      : a.credential === "client-secret"
        ? { kind: "client-secret", tenantId: a.tenantId!, clientId: a.clientId!, clientSecret: a.clientSecret! }
        : a.credential === "managed-identity"
          ? { kind: "managed-identity", clientId: a.clientId }
          : a.credential === "workload-identity"
            ? { kind: "workload-identity", tenantId: a.tenantId, clientId: a.clientId }
            : { kind: "default", tenantId: a.tenantId, managedIdentityClientId: a.clientId };
  return { subscriptionId: a.subscriptionId, endpoint: a.endpoint, credential };
}

/** The GitHub settings of lib/gitops from ModelGate's configuration. */
export function toGitOpsConfig(config: AppConfig): GitOpsConfig {
  const g = config.github;
  return {
    baseUrl: g.apiUrl,
    owner: g.owner,
    repo: g.repo,
    baseBranch: g.baseBranch,
    auth: g.auth,
    reviewerAuth: g.reviewerToken ? { kind: "token", token: g.reviewerToken } : undefined,
    paramFileGlob: g.paramFileGlob,
    mergeMethod: g.mergeMethod === "none" ? undefined : g.mergeMethod,
    userAgent: "ModelGate",
  };
}

// One client each per process: the GitOps client's ETag cache is what makes unchanged polls free.
const holder = globalThis as unknown as { __modelgateAzure?: AzureClient; __modelgateGitOps?: GitOpsClient };

/** The process's Azure client. */
export function getAzureClient(): AzureClient {
  holder.__modelgateAzure ??= createAzureClient(toAzureConfig(getConfig()));
  return holder.__modelgateAzure;
}

/** The process's GitHub client. */
export function getGitOpsClient(): GitOpsClient {
  holder.__modelgateGitOps ??= createGitOpsClient(toGitOpsConfig(getConfig()));
  return holder.__modelgateGitOps;
}
