import { describe, expect, it } from "vitest";
import { sdkOptionsFor } from "./client";
import { AzureError, createAzureClient, isAzureError, toAzureError } from "./index";

function restError(statusCode: number | undefined, code: string | undefined, message: string, headers: Record<string, string> = {}) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.assign(new Error(message), { name: "RestError", statusCode, code, response: { headers: { get: (n: string) => lower[n.toLowerCase()] } } });
}

describe("toAzureError", () => {
  it.each([
    [404, "ResourceNotFound", "not-found"],
    [404, undefined, "not-found"],
    [401, "AuthenticationFailed", "forbidden"],
    [403, "AuthorizationFailed", "forbidden"],
    [409, "RequestConflict", "conflict"],
    [400, "InsufficientQuota", "quota-exceeded"],
    [400, "InvalidResourceProperties", "invalid"],
    [429, "TooManyRequests", "throttled"],
    [500, "InternalServerError", "unavailable"],
    [503, "ServiceUnavailable", "unavailable"],
    [418, "Teapot", "unknown"],
  ])("HTTP %s %s → %s", (status, code, kind) => {
    const error = toAzureError(restError(status, code, "Azure said no."));
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ kind, statusCode: status, code, azureMessage: "Azure said no." });
    expect(error.message).toContain("Azure said no.");
  });

  it("keeps Azure's InsufficientQuota text as the message", () => {
    const text = "This operation require 5 new capacity in quota Tokens Per Minute (thousands) - gpt-4o, which is bigger than the current available capacity 0.";
    expect(toAzureError(restError(400, "InsufficientQuota", text)).message).toBe(text);
  });

  it("reads Retry-After (seconds or HTTP date) for throttling", () => {
    expect(toAzureError(restError(429, "TooManyRequests", "slow down", { "Retry-After": "17" })).retryAfterSeconds).toBe(17);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const fromDate = toAzureError(restError(429, undefined, "slow down", { "retry-after": date })).retryAfterSeconds!;
    expect(fromDate).toBeGreaterThanOrEqual(28);
    expect(fromDate).toBeLessThanOrEqual(31);
    expect(toAzureError(restError(429, undefined, "slow down")).message).toMatch(/throttling/);
  });

  it("classifies network, TLS, abort and credential failures", () => {
    expect(toAzureError(restError(undefined, "ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:4020"))).toMatchObject({ kind: "unavailable" });
    const tls = toAzureError(restError(undefined, "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"));
    expect(tls.kind).toBe("unavailable");
    expect(tls.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(toAzureError(Object.assign(new Error("The operation was aborted."), { name: "AbortError" })).kind).toBe("unavailable");
    const credential = toAzureError(Object.assign(new Error("ManagedIdentityCredential: no endpoint"), { name: "CredentialUnavailableError" }));
    expect(credential).toMatchObject({ kind: "forbidden", code: "CredentialUnavailableError" });
  });

  it("parses the LRO poller's failure into Azure's code and message", () => {
    const error = toAzureError(new Error("The long-running operation has failed. InsufficientQuota. This operation require 5 new capacity."));
    expect(error).toMatchObject({ kind: "quota-exceeded", code: "InsufficientQuota", message: "This operation require 5 new capacity." });
    expect(toAzureError(new Error("The long-running operation has failed. ModelDeploymentFailed. Nope."))).toMatchObject({ kind: "unknown", code: "ModelDeploymentFailed" });
  });

  it("passes AzureErrors through and wraps anything else as unknown", () => {
    const original = new AzureError("conflict", "busy");
    expect(toAzureError(original)).toBe(original);
    expect(isAzureError(toAzureError("boom"))).toBe(true);
    expect(toAzureError("boom").kind).toBe("unknown");
  });
});

describe("client configuration", () => {
  it("uses public Azure by default and the endpoint's own audience elsewhere", () => {
    const base = { subscriptionId: "s", credential: { kind: "static-token" as const, token: "t" } };
    expect(sdkOptionsFor(base)).toMatchObject({ endpoint: "https://management.azure.com", credentialScopes: ["https://management.azure.com/.default"] });
    expect(sdkOptionsFor({ ...base, endpoint: "https://management.chinacloudapi.cn/" })).toMatchObject({
      endpoint: "https://management.chinacloudapi.cn",
      $host: "https://management.chinacloudapi.cn",
      credentialScopes: ["https://management.chinacloudapi.cn/.default"],
    });
    expect(sdkOptionsFor({ ...base, retry: { maxRetries: 7 } }).retryOptions).toMatchObject({ maxRetries: 7 });
  });

  it("builds every credential kind without touching the network", () => {
    const make = (credential: Parameters<typeof createAzureClient>[0]["credential"]) =>
      createAzureClient({ subscriptionId: "s", credential, authorityHost: "https://login.microsoftonline.us" });
    expect(make({ kind: "default" }).endpoint).toBe("https://management.azure.com");
    expect(make({ kind: "client-secret", tenantId: "t", clientId: "c", clientSecret: "x" }).subscriptionId).toBe("s");
    expect(make({ kind: "managed-identity", clientId: "c" })).toBeTruthy();
    expect(make({ kind: "workload-identity", tenantId: "t", clientId: "c", tokenFilePath: "/var/run/token" })).toBeTruthy();
  });
});
