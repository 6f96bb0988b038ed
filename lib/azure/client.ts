import "server-only";
import { CognitiveServicesManagementClient } from "@azure/arm-cognitiveservices";
import { ResourceManagementClient } from "@azure/arm-resources";
import {
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from "@azure/identity";
import { AzureConfigSchema, PUBLIC_CLOUD_ENDPOINT, type AzureConfig, type AzureCredentialConfig } from "./config";
import { AzureError, toAzureError } from "./errors";
import {
  groupModels,
  toAccount,
  toArmError,
  toDeployment,
  toModelCapacity,
  toRaiPolicy,
  toTemplateDeployment,
  toTemplateOperation,
  toUsage,
} from "./mappers";
import type {
  AccountRef,
  AzureAccount,
  AzureDeployment,
  AzureHealth,
  AzureModel,
  AzureModelCapacity,
  AzureRaiPolicy,
  AzureTemplateDeployment,
  AzureTemplateOperation,
  AzureTemplateValidation,
  AzureUsage,
  DeploymentInput,
} from "./types";

export interface OperationOptions {
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
}

export interface LongRunningOptions extends OperationOptions {
  /** Poll interval when Azure sends no Retry-After; defaults to the client's pollIntervalMs. */
  pollIntervalMs?: number;
}

/** Read and write access to one subscription's Azure OpenAI accounts, returning plain objects. */
export interface AzureClient {
  readonly subscriptionId: string;
  readonly endpoint: string;
  getAccount(account: AccountRef, options?: OperationOptions): Promise<AzureAccount>;
  /** All Cognitive Services accounts of the subscription (or of one resource group). */
  listAccounts(resourceGroup?: string, options?: OperationOptions): Promise<AzureAccount[]>;
  listDeployments(account: AccountRef, options?: OperationOptions): Promise<AzureDeployment[]>;
  getDeployment(account: AccountRef, name: string, options?: OperationOptions): Promise<AzureDeployment>;
  /** Creates or updates a deployment and waits until Azure reports Succeeded (throws AzureError on Failed). */
  createOrUpdateDeployment(account: AccountRef, input: DeploymentInput, options?: LongRunningOptions): Promise<AzureDeployment>;
  /** Deletes a deployment and waits until it is gone; deleting a missing deployment succeeds. */
  deleteDeployment(account: AccountRef, name: string, options?: LongRunningOptions): Promise<void>;
  /** Models offered in a region, one entry per model with its versions and SKUs. */
  listModels(location: string, options?: OperationOptions): Promise<AzureModel[]>;
  /** Quota per usage name in a region (the subscription's, shared by all its accounts there). */
  listUsages(location: string, options?: OperationOptions): Promise<AzureUsage[]>;
  /** Capacity still deployable for one model version, per region (or in one region) and SKU. */
  listModelCapacities(query: { model: { format?: string; name: string; version: string }; location?: string }, options?: OperationOptions): Promise<AzureModelCapacity[]>;
  listRaiPolicies(account: AccountRef, options?: OperationOptions): Promise<AzureRaiPolicy[]>;
  /** One cheap ARM call (first page of accounts), with a timeout; never throws. */
  checkHealth(options?: { timeoutMs?: number }): Promise<AzureHealth>;
  /** A subscription-scope template deployment from the deployment history; null when there is none of that name. */
  getTemplateDeployment(name: string, options?: OperationOptions): Promise<AzureTemplateDeployment | null>;
  /** The resource operations of a template deployment: at subscription scope, or a resource group's (nested) one. */
  listTemplateDeploymentOperations(deployment: { name: string; resourceGroup?: string }, options?: OperationOptions): Promise<AzureTemplateOperation[]>;
  /** The template a subscription-scope deployment ran; null when there is no such deployment. */
  exportDeploymentTemplate(name: string, options?: OperationOptions): Promise<Record<string, unknown> | null>;
  /** ARM's preflight of a subscription-scope template deployment: what Azure would refuse, without applying anything. */
  validateTemplateDeployment(
    name: string,
    input: { location: string; template: Record<string, unknown>; parameters: Record<string, unknown> },
    options?: LongRunningOptions,
  ): Promise<AzureTemplateValidation>;
}

/** A 404 from ARM (the deployment does not exist): null instead of an error. */
async function orNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

const DEFAULT_HEALTH_TIMEOUT_MS = 5000;

function createCredential(config: AzureCredentialConfig, authorityHost: string | undefined): TokenCredential {
  const authority = authorityHost ? { authorityHost } : {};
  switch (config.kind) {
    case "default":
      return new DefaultAzureCredential({
        ...authority,
        ...(config.tenantId ? { tenantId: config.tenantId } : {}),
        ...(config.managedIdentityClientId ? { managedIdentityClientId: config.managedIdentityClientId } : {}),
      });
    case "client-secret":
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, authority);
    case "managed-identity":
      return config.clientId ? new ManagedIdentityCredential({ clientId: config.clientId }) : new ManagedIdentityCredential();
    case "workload-identity":
      return new WorkloadIdentityCredential({
        ...authority,
        ...(config.tenantId ? { tenantId: config.tenantId } : {}),
        ...(config.clientId ? { clientId: config.clientId } : {}),
        ...(config.tokenFilePath ? { tokenFilePath: config.tokenFilePath } : {}),
      });
    case "static-token": {
      const token = config.token;
      return {
        getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
      };
    }
  }
}

async function collect<T, R>(iterable: AsyncIterable<T>, map: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  for await (const item of iterable) out.push(map(item));
  return out;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAzureError(error);
  }
}

/** The SDK options for a configuration: endpoint, token scope and the SDK's own retry policy. */
export function sdkOptionsFor(config: AzureConfig) {
  const endpoint = (config.endpoint ?? PUBLIC_CLOUD_ENDPOINT).replace(/\/+$/, "");
  return {
    endpoint,
    // The generated client builds URLs from `endpoint`; `$host` is set too so no path falls back to public Azure.
    $host: endpoint,
    // Tokens are requested for the endpoint's audience, so sovereign clouds and the emulator get their own.
    credentialScopes: config.credentialScopes ?? [`${new URL(endpoint).origin}/.default`],
    retryOptions: {
      maxRetries: config.retry?.maxRetries ?? 3,
      retryDelayInMs: config.retry?.retryDelayInMs ?? 800,
      maxRetryDelayInMs: config.retry?.maxRetryDelayInMs ?? 30_000,
    },
    userAgentOptions: { userAgentPrefix: "modelgate" },
  };
}

/**
 * Builds the Azure client from explicit configuration (the composition root, lib/server.ts, builds it from lib/env).
 *
 * TLS: the SDK always verifies certificates. To use the local emulator (https://127.0.0.1:4020), start the
 * process with NODE_EXTRA_CA_CERTS pointing at the emulator's CA (`.data/certs/ca.pem`, made by
 * emulators/tls.ts); the demo launcher and the vitest globalSetup do this. Nothing here relaxes TLS.
 */
export function createAzureClient(input: AzureConfig): AzureClient {
  const config = AzureConfigSchema.parse(input);
  const options = sdkOptionsFor(config);
  const endpoint = options.endpoint;
  const credential = createCredential(config.credential, config.authorityHost);
  const sdk = new CognitiveServicesManagementClient(credential, config.subscriptionId, options);
  const resources = new ResourceManagementClient(credential, config.subscriptionId, options);
  // The health probe answers within its timeout instead of waiting through retries of a dead endpoint.
  let healthSdk: CognitiveServicesManagementClient | undefined;
  const probe = () =>
    (healthSdk ??= new CognitiveServicesManagementClient(credential, config.subscriptionId, {
      ...options,
      retryOptions: { ...options.retryOptions, maxRetries: 0 },
    }));
  const pollIntervalMs = config.pollIntervalMs ?? 2000;
  const abort = (options?: OperationOptions) => (options?.signal ? { abortSignal: options.signal } : {});

  const client: AzureClient = {
    subscriptionId: config.subscriptionId,
    endpoint,

    getAccount: (account, options) => call(async () => toAccount(await sdk.accounts.get(account.resourceGroup, account.name, abort(options)))),

    listAccounts: (resourceGroup, options) =>
      call(() =>
        collect(
          resourceGroup ? sdk.accounts.listByResourceGroup(resourceGroup, abort(options)) : sdk.accounts.list(abort(options)),
          toAccount,
        ),
      ),

    listDeployments: (account, options) =>
      call(() => collect(sdk.deployments.list(account.resourceGroup, account.name, abort(options)), toDeployment)),

    getDeployment: (account, name, options) =>
      call(async () => toDeployment(await sdk.deployments.get(account.resourceGroup, account.name, name, abort(options)))),

    createOrUpdateDeployment: (account, input, options) =>
      call(async () => {
        const poller = await sdk.deployments.beginCreateOrUpdate(
          account.resourceGroup,
          account.name,
          input.name,
          {
            sku: { name: input.sku.name, capacity: input.sku.capacity },
            properties: {
              model: { format: input.model.format, name: input.model.name, version: input.model.version },
              ...(input.raiPolicyName ? { raiPolicyName: input.raiPolicyName } : {}),
              ...(input.versionUpgradeOption ? { versionUpgradeOption: input.versionUpgradeOption } : {}),
            },
          },
          { updateIntervalInMs: options?.pollIntervalMs ?? pollIntervalMs, ...abort(options) },
        );
        // The SDK's *AndWait helpers poll without the abort signal; passing it here also cuts the waits short.
        const result = await poller.pollUntilDone(abort(options));
        const deployment = toDeployment(result);
        if (deployment.provisioningState === "Failed") {
          throw new AzureError("unknown", `Azure reports deployment '${input.name}' as Failed.`, { code: "DeploymentFailed" });
        }
        return deployment;
      }),

    deleteDeployment: (account, name, options) =>
      call(async () => {
        const poller = await sdk.deployments.beginDelete(account.resourceGroup, account.name, name, {
          updateIntervalInMs: options?.pollIntervalMs ?? pollIntervalMs,
          ...abort(options),
        });
        await poller.pollUntilDone(abort(options));
      }),

    listModels: (location, options) => call(async () => groupModels(await collect(sdk.models.list(location, abort(options)), (m) => m))),

    listUsages: (location, options) => call(() => collect(sdk.usages.list(location, abort(options)), toUsage)),

    listModelCapacities: (query, options) =>
      call(() => {
        const format = query.model.format ?? "OpenAI";
        const iterable = query.location
          ? sdk.locationBasedModelCapacities.list(query.location, format, query.model.name, query.model.version, abort(options))
          : sdk.modelCapacities.list(format, query.model.name, query.model.version, abort(options));
        return collect(iterable, toModelCapacity);
      }),

    listRaiPolicies: (account, options) =>
      call(() => collect(sdk.raiPolicies.list(account.resourceGroup, account.name, abort(options)), toRaiPolicy)),

    getTemplateDeployment: (name, options) =>
      call(() => orNull(async () => toTemplateDeployment(await resources.deployments.getAtSubscriptionScope(name, abort(options))))),

    listTemplateDeploymentOperations: (deployment, options) =>
      call(() =>
        collect(
          deployment.resourceGroup
            ? resources.deploymentOperations.list(deployment.resourceGroup, deployment.name, abort(options))
            : resources.deploymentOperations.listAtSubscriptionScope(deployment.name, abort(options)),
          toTemplateOperation,
        ),
      ),

    exportDeploymentTemplate: (name, options) =>
      call(() => orNull(async () => ((await resources.deployments.exportTemplateAtSubscriptionScope(name, abort(options))).template ?? null) as Record<string, unknown> | null)),

    validateTemplateDeployment: (name, input, options) =>
      call(async () => {
        const parameters = Object.fromEntries(Object.entries(input.parameters).map(([k, value]) => [k, { value }]));
        try {
          const poller = await resources.deployments.beginValidateAtSubscriptionScope(
            name,
            { location: input.location, properties: { mode: "Incremental", template: input.template, parameters } },
            { updateIntervalInMs: options?.pollIntervalMs ?? pollIntervalMs, ...abort(options) },
          );
          const result = await poller.pollUntilDone(abort(options));
          return result.error ? { ok: false as const, error: toArmError(result.error) } : { ok: true as const };
        } catch (error) {
          // ARM answers a refused template with 400 and the refusal in the body: that is the result, not a failure.
          const e = error as { statusCode?: number; details?: { error?: Parameters<typeof toArmError>[0] } };
          if (e.statusCode === 400 && e.details?.error) return { ok: false as const, error: toArmError(e.details.error) };
          throw error;
        }
      }),

    checkHealth: async (options) => {
      const timeoutMs = options?.timeoutMs ?? config.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
      const started = performance.now();
      try {
        const first = await probe().accounts.list({ abortSignal: AbortSignal.timeout(timeoutMs) }).byPage().next();
        const count = first.done ? 0 : first.value.length;
        return { ok: true, latencyMs: Math.round(performance.now() - started), detail: `${endpoint} (${count} account${count === 1 ? "" : "s"} on the first page)` };
      } catch (error) {
        const mapped = toAzureError(error);
        return { ok: false, latencyMs: Math.round(performance.now() - started), error: mapped.message, errorKind: mapped.kind };
      }
    },
  };
  return client;
}

/** Health of the Azure connection for /api/health: {ok, latencyMs, error?}. Never throws. */
export function checkAzureHealth(client: AzureClient, options?: { timeoutMs?: number }): Promise<AzureHealth> {
  return client.checkHealth(options);
}
