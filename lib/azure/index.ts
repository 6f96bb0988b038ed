import "server-only";

// Public surface of lib/azure. Everything returned is plain data; no @azure/* types leak out.
export { createAzureClient, checkAzureHealth } from "./client";
export type { AzureClient, OperationOptions, LongRunningOptions } from "./client";
export { AzureConfigSchema, AzureCredentialConfigSchema, PUBLIC_CLOUD_ENDPOINT } from "./config";
export type { AzureConfig, AzureCredentialConfig } from "./config";
export { AzureError, isAzureError, toAzureError } from "./errors";
export type { AzureErrorKind } from "./errors";
export type * from "./types";
