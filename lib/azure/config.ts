import "server-only";
import { z } from "zod";

/** How ModelGate gets its Azure token. All but `static-token` are @azure/identity credentials. */
export const AzureCredentialConfigSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("default"),
    /** Tenant to authenticate in (DefaultAzureCredential otherwise picks it from its sources). */
    tenantId: z.string().min(1).optional(),
    /** User-assigned managed identity for the managed-identity link of the default chain. */
    managedIdentityClientId: z.string().min(1).optional(),
  }),
  z.object({ kind: z.literal("client-secret"), tenantId: z.string().min(1), clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  z.object({ kind: z.literal("managed-identity"), clientId: z.string().min(1).optional() }),
  z.object({
    kind: z.literal("workload-identity"),
    tenantId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    tokenFilePath: z.string().min(1).optional(),
  }),
  /** A fixed bearer token: for the emulator and demos only, never for real Azure. */
  z.object({ kind: z.literal("static-token"), token: z.string().min(1) }),
]);

export type AzureCredentialConfig = z.infer<typeof AzureCredentialConfigSchema>;

export const AzureConfigSchema = z.object({
  subscriptionId: z.string().min(1),
  /** ARM endpoint; https://management.azure.com by default, a sovereign cloud's or the emulator's otherwise. */
  endpoint: z.url({ protocol: /^https$/ }).optional(),
  credential: AzureCredentialConfigSchema,
  /** Entra ID authority for the credential, e.g. https://login.microsoftonline.us for Azure Government. */
  authorityHost: z.url().optional(),
  /** Overrides the token scope; defaults to `<endpoint origin>/.default`. */
  credentialScopes: z.array(z.string().min(1)).min(1).optional(),
  /** The SDK's retry policy (429 with Retry-After, 5xx and network errors). */
  retry: z
    .object({
      maxRetries: z.number().int().min(0).max(10).optional(),
      retryDelayInMs: z.number().int().min(0).optional(),
      maxRetryDelayInMs: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Polling interval for long-running operations when Azure sends no Retry-After. */
  pollIntervalMs: z.number().int().min(0).optional(),
  /** Timeout for checkAzureHealth. */
  healthTimeoutMs: z.number().int().min(1).optional(),
});

export type AzureConfig = z.infer<typeof AzureConfigSchema>;

export const PUBLIC_CLOUD_ENDPOINT = "https://management.azure.com";
