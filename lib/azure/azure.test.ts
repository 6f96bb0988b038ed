/**
 * The real @azure/arm-cognitiveservices and @azure/arm-resources SDKs against the ARM emulator, over HTTPS trusted through
 * NODE_EXTRA_CA_CERTS (set by test/global-setup.ts before this worker started).
 */
import fs from "node:fs";
import https from "node:https";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID, aiModelsParameters, aiModelsTemplate, startAzureEmulator, submitTemplateDeployment, type AzureEmulator } from "@/test/emulators";
import { AzureError, checkAzureHealth, createAzureClient, type AccountRef, type AzureClient, type AzureConfig } from "./index";

const AUE: AccountRef = { resourceGroup: SEED_ACCOUNTS[0].resourceGroup, name: SEED_ACCOUNTS[0].name };
const SWC: AccountRef = { resourceGroup: SEED_ACCOUNTS[1].resourceGroup, name: SEED_ACCOUNTS[1].name };

let emulator: AzureEmulator;
let azure: AzureClient;

function clientFor(overrides: Partial<AzureConfig> = {}): AzureClient {
  return createAzureClient({
    subscriptionId: emulator.subscriptionId,
    endpoint: emulator.url,
    credential: { kind: "static-token", token: "demo-token" },
    retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    pollIntervalMs: 5,
    ...overrides,
  });
}

async function expectAzureError(promise: Promise<unknown>): Promise<AzureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AzureError);
  return error as AzureError;
}

beforeAll(async () => {
  emulator = await startAzureEmulator({ port: 0, persist: false, lroStepMs: 0 });
  azure = clientFor();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => emulator.reset());

describe("TLS and configuration", () => {
  it("trusts the emulator through NODE_EXTRA_CA_CERTS, set before this worker started", async () => {
    const trusted = fs.readFileSync(process.env.NODE_EXTRA_CA_CERTS!, "utf8");
    expect(trusted).toContain(fs.readFileSync(emulator.caPath, "utf8").trim());
    // A plain request with Node's default trust store succeeds only if the variable was read at start-up.
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${emulator.url}/_emulator/health`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
    expect(status).toBe(200);
  });

  it("rejects a plain-http endpoint and an incomplete credential", () => {
    expect(() => clientFor({ endpoint: "http://127.0.0.1:1" })).toThrow();
    expect(() => clientFor({ credential: { kind: "client-secret", tenantId: "t", clientId: "c" } as never })).toThrow();
  });
});

describe("accounts", () => {
  it("lists the subscription's accounts and those of one resource group", async () => {
    const all = await azure.listAccounts();
    expect(all.map((a) => [a.name, a.resourceGroup, a.location])).toEqual(SEED_ACCOUNTS.map((a) => [a.name, a.resourceGroup, a.location]));
    const inRg = await azure.listAccounts("contoso-ai-eus2-rg");
    expect(inRg.map((a) => a.name)).toEqual(["contoso-openai-eus2"]);
  });

  it("gets one account with every field", async () => {
    const account = await azure.getAccount(AUE);
    expect(account).toEqual({
      id: `/subscriptions/${SEED_SUBSCRIPTION_ID}/resourceGroups/contoso-openai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai-aue`,
      name: "contoso-openai-aue",
      resourceGroup: "contoso-openai-rg",
      location: "australiaeast",
      kind: "AIServices",
      skuName: "S0",
      endpoint: "https://contoso-openai-aue.cognitiveservices.azure.com/",
      customSubDomainName: "contoso-openai-aue",
      provisioningState: "Succeeded",
      publicNetworkAccess: "Disabled",
      tags: { owner: "platform-team", "managed-by": "contoso/platform-ai-models" },
      createdAt: expect.stringMatching(/^2025-03-04T01:12:45/),
    });
  });
});

describe("deployments", () => {
  it("lists an account's deployments with model, SKU, state, upgrade option, content filter and rate limits", async () => {
    const deployments = await azure.listDeployments(AUE);
    expect(deployments.map((d) => d.name)).toEqual(SEED_ACCOUNTS[0].deployments.map((d) => d.name));
    const d = deployments[0];
    expect(d).toEqual({
      id: `/subscriptions/${SEED_SUBSCRIPTION_ID}/resourceGroups/contoso-openai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-openai-aue/deployments/search-gpt-4o`,
      name: "search-gpt-4o",
      resourceGroup: "contoso-openai-rg",
      accountName: "contoso-openai-aue",
      model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
      sku: { name: "GlobalStandard", capacity: 150 },
      provisioningState: "Succeeded",
      versionUpgradeOption: "OnceCurrentVersionExpired",
      raiPolicyName: "Microsoft.DefaultV2",
      rateLimits: [
        { key: "request", renewalPeriodSeconds: 10, count: 150 },
        { key: "token", renewalPeriodSeconds: 60, count: 150000 },
      ],
      capabilities: expect.objectContaining({ chatCompletion: "true" }),
      currentCapacity: 150,
      etag: expect.any(String),
      createdAt: "2026-09-14T03:21:09.441Z",
      createdBy: expect.any(String),
      lastModifiedAt: "2026-09-14T03:21:09.441Z",
      lastModifiedBy: expect.any(String),
    });
    const ptu = (await azure.listDeployments({ resourceGroup: "contoso-ai-eus2-rg", name: "contoso-openai-eus2" })).find((x) => x.name === "support-gpt-4o-ptu");
    expect(ptu).toMatchObject({ sku: { name: "ProvisionedManaged", capacity: 50 }, rateLimits: [] });
  });

  it("creates, updates and deletes a deployment through the SDK's long-running operations", async () => {
    const created = await azure.createOrUpdateDeployment(SWC, {
      name: "search-gpt-41-mini",
      model: { format: "OpenAI", name: "gpt-4.1-mini", version: "2025-04-14" },
      sku: { name: "GlobalStandard", capacity: 30 },
      raiPolicyName: "Microsoft.Default",
      versionUpgradeOption: "NoAutoUpgrade",
    });
    expect(created).toMatchObject({
      name: "search-gpt-41-mini",
      provisioningState: "Succeeded",
      sku: { name: "GlobalStandard", capacity: 30 },
      raiPolicyName: "Microsoft.Default",
      versionUpgradeOption: "NoAutoUpgrade",
      lastModifiedBy: "modelgate-demo",
    });
    expect((await azure.getDeployment(SWC, "search-gpt-41-mini")).model).toEqual({ format: "OpenAI", name: "gpt-4.1-mini", version: "2025-04-14" });
    const usage = (await azure.listUsages("swedencentral")).find((u) => u.name === "OpenAI.GlobalStandard.gpt4.1-mini");
    expect(usage).toMatchObject({ current: 30, limit: 2000 });

    const updated = await azure.createOrUpdateDeployment(SWC, {
      name: "search-gpt-41-mini",
      model: { format: "OpenAI", name: "gpt-4.1-mini", version: "2025-04-14" },
      sku: { name: "GlobalStandard", capacity: 45 },
    });
    expect(updated).toMatchObject({ provisioningState: "Succeeded", sku: { capacity: 45 } });

    await azure.deleteDeployment(SWC, "search-gpt-41-mini");
    expect((await azure.listDeployments(SWC)).map((d) => d.name)).not.toContain("search-gpt-41-mini");
    await azure.deleteDeployment(SWC, "search-gpt-41-mini"); // nothing left to delete: still fine
    expect((await expectAzureError(azure.getDeployment(SWC, "search-gpt-41-mini"))).kind).toBe("not-found");
  });

  it("surfaces a deployment that ends Failed as an AzureError with Azure's code", async () => {
    emulator.failNextDeployment({ deployment: "doomed", code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    const error = await expectAzureError(
      azure.createOrUpdateDeployment(SWC, { name: "doomed", model: { format: "OpenAI", name: "o4-mini", version: "2025-04-16" }, sku: { name: "GlobalStandard", capacity: 1 } }),
    );
    expect(error).toMatchObject({ kind: "unknown", code: "ModelDeploymentFailed", azureMessage: "Capacity could not be allocated." });
    expect((await azure.getDeployment(SWC, "doomed")).provisioningState).toBe("Failed");
  });
});

describe("models, usages, capacities, content filters", () => {
  it("lists models per region: versions newest first, default, lifecycle, retirement, replacement, SKUs", async () => {
    const models = await azure.listModels("australiaeast");
    const gpt4o = models.find((m) => m.name === "gpt-4o")!;
    expect(gpt4o.format).toBe("OpenAI");
    expect(gpt4o.defaultVersion).toBe("2024-11-20");
    expect(gpt4o.versions.map((v) => [v.version, v.lifecycleStatus, v.deprecation.inference])).toEqual([
      ["2024-11-20", "GenerallyAvailable", "2027-09-30T00:00:00Z"],
      ["2024-08-06", "Deprecating", "2027-02-15T00:00:00Z"],
      ["2024-05-13", "Deprecated", "2026-06-30T00:00:00Z"],
    ]);
    const aug = gpt4o.versions[1];
    expect(aug).toMatchObject({
      isDefault: false,
      fineTunable: true,
      maxCapacity: 30000,
      deprecation: { fineTune: "2027-02-15T00:00:00Z", status: "Planned" },
      replacement: { modelName: "gpt-4.1", modelVersion: "2025-04-14", autoUpgradeStartDate: "2027-01-15T00:00:00.000Z", upgradeOnExpiryLeadTimeDays: 7 },
      releasedAt: "2024-08-06T00:00:00.000Z",
    });
    expect(aug.skus).toEqual([
      {
        name: "GlobalStandard",
        usageName: "OpenAI.GlobalStandard.gpt-4o",
        capacity: { minimum: 1, maximum: 30000, step: 1, default: 10 },
        unit: "thousand-tpm",
        deprecationDate: "2027-02-15T00:00:00.000Z",
      },
      {
        name: "ProvisionedManaged",
        usageName: "OpenAI.ProvisionedManaged",
        capacity: { minimum: 50, maximum: 2000, step: 50, default: 50 },
        unit: "ptu",
        // Each SKU retires on its own date, here before the version does.
        deprecationDate: "2027-01-20T00:00:00.000Z",
      },
    ]);
    // Azure lists OpenAI models once per account kind; they are one model here, with both kinds.
    expect(gpt4o.kinds.sort()).toEqual(["AIServices", "OpenAI"]);
    const turbo = models.find((m) => m.name === "gpt-35-turbo")!;
    expect(turbo.versions.map((v) => v.version)).toEqual(["0125", "1106", "0613"]);
    expect(turbo.versions[0].replacement).toMatchObject({ modelName: "gpt-4.1-mini", modelVersion: "2025-04-14" });
  });

  it("lists usages with name, display name, current, limit and unit", async () => {
    const usages = await azure.listUsages("australiaeast");
    expect(usages.find((u) => u.name === "OpenAI.GlobalStandard.gpt-4o")).toEqual({
      name: "OpenAI.GlobalStandard.gpt-4o",
      displayName: "Tokens Per Minute (thousands) - gpt-4o - GlobalStandard",
      current: 150,
      limit: 160,
      unit: "Count",
    });
    expect(usages.find((u) => u.name === "OpenAI.ProvisionedManaged")).toMatchObject({ current: 0, limit: 0 });
  });

  it("lists model capacities for every region or for one", async () => {
    const model = { name: "gpt-4o", version: "2024-08-06" };
    const everywhere = await azure.listModelCapacities({ model });
    expect(everywhere.find((c) => c.location === "australiaeast" && c.skuName === "GlobalStandard")).toEqual({
      location: "australiaeast",
      skuName: "GlobalStandard",
      model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" },
      availableCapacity: 10,
      availableFinetuneCapacity: 10,
    });
    expect(new Set(everywhere.map((c) => c.location))).toEqual(new Set(["australiaeast", "eastus2", "swedencentral"]));
    const eastus2 = await azure.listModelCapacities({ model, location: "eastus2" });
    expect(eastus2.every((c) => c.location === "eastus2")).toBe(true);
    expect(eastus2.find((c) => c.skuName === "ProvisionedManaged")?.availableCapacity).toBe(50);
  });

  it("lists an account's content filters (RAI policies)", async () => {
    const policies = await azure.listRaiPolicies(AUE);
    expect(policies.map((p) => [p.name, p.type])).toEqual([
      ["Microsoft.Default", "SystemManaged"],
      ["Microsoft.DefaultV2", "SystemManaged"],
      ["contoso-strict", "UserManaged"],
    ]);
    expect(policies[2]).toMatchObject({ basePolicyName: "Microsoft.DefaultV2", mode: "Blocking" });
    expect(policies[2].contentFilters).toContainEqual({ name: "hate", enabled: true, blocking: true, severityThreshold: "Low", source: "Prompt" });
  });
});

describe("errors", () => {
  it("quota-exceeded keeps Azure's InsufficientQuota message", async () => {
    const error = await expectAzureError(
      azure.createOrUpdateDeployment(AUE, { name: "more-gpt-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, sku: { name: "GlobalStandard", capacity: 20 } }),
    );
    expect(error.kind).toBe("quota-exceeded");
    expect(error.code).toBe("InsufficientQuota");
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      "This operation require 20 new capacity in quota Tokens Per Minute (thousands) - gpt-4o - GlobalStandard, which is bigger than the current available capacity 10. The current quota usage is 150 and the quota limit is 160 for quota Tokens Per Minute (thousands) - gpt-4o - GlobalStandard.",
    );
  });

  it("not-found for a missing account or deployment, with an actionable message", async () => {
    const account = await expectAzureError(azure.getAccount({ resourceGroup: AUE.resourceGroup, name: "nope" }));
    expect(account).toMatchObject({ kind: "not-found", code: "ResourceNotFound", statusCode: 404 });
    expect(account.message).toMatch(/Check the subscription, resource group, account and deployment names/);
    expect(await expectAzureError(azure.getDeployment(AUE, "nope"))).toMatchObject({ kind: "not-found", code: "DeploymentNotFound" });
  });

  it("invalid for a request Azure rejects, e.g. a SKU the region does not offer", async () => {
    const error = await expectAzureError(
      azure.createOrUpdateDeployment(AUE, { name: "dz", model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" }, sku: { name: "DataZoneStandard", capacity: 1 } }),
    );
    expect(error).toMatchObject({ kind: "invalid", code: "InvalidResourceProperties" });
  });

  it("throttled: the SDK's retry policy honours Retry-After and succeeds", async () => {
    emulator.configure({ throttleNext: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const accounts = await azure.listAccounts();
    expect(accounts).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(emulator.configure({}).throttleNext).toBe(0);
  });

  it("throttled: surfaced with retryAfterSeconds once retries are used up", async () => {
    emulator.configure({ throttleNext: 5, retryAfterSeconds: 0 });
    const error = await expectAzureError(clientFor({ retry: { maxRetries: 1 } }).listAccounts());
    expect(error).toMatchObject({ kind: "throttled", statusCode: 429, retryAfterSeconds: 0, code: "TooManyRequests" });
    expect(emulator.configure({}).throttleNext).toBe(3);
  });

  it("unavailable: 5xx answers are retried, and surfaced when they persist", async () => {
    emulator.configure({ errorNext: 2 });
    expect(await azure.listUsages("eastus2")).not.toHaveLength(0);
    emulator.configure({ errorNext: 10 });
    const error = await expectAzureError(clientFor({ retry: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 2 } }).listUsages("eastus2"));
    expect(error).toMatchObject({ kind: "unavailable", statusCode: 500 });
  });

  it("conflict while another operation on the deployment is running; an abort stops waiting", async () => {
    const slow = await startAzureEmulator({ port: 0, persist: false, lroStepMs: 60_000 });
    try {
      const client = clientFor({ endpoint: slow.url });
      const input = { name: "busy", model: { format: "OpenAI", name: "o4-mini", version: "2025-04-16" }, sku: { name: "GlobalStandard", capacity: 1 } };
      const controller = new AbortController();
      const first = client.createOrUpdateDeployment(SWC, input, { signal: controller.signal }).catch((e: unknown) => e);
      await expect.poll(() => slow.snapshot().deployments.some((d) => d.name === "busy")).toBe(true);
      const error = await expectAzureError(client.createOrUpdateDeployment(SWC, input));
      expect(error).toMatchObject({ kind: "conflict", code: "RequestConflict", statusCode: 409 });
      const abortedAt = Date.now();
      controller.abort();
      expect(await first).toMatchObject({ kind: "unavailable" });
      expect(Date.now() - abortedAt).toBeLessThan(1000); // the abort cuts the poller's wait short
    } finally {
      await slow.close();
    }
  });
});

describe("paging", () => {
  it("follows nextLink through the SDK", async () => {
    const paged = await startAzureEmulator({ port: 0, persist: false, pageSize: 2 });
    try {
      const client = clientFor({ endpoint: paged.url });
      expect((await client.listDeployments(AUE)).map((d) => d.name)).toEqual(SEED_ACCOUNTS[0].deployments.map((d) => d.name));
      expect(await client.listModels("eastus2")).toEqual(await azure.listModels("eastus2"));
      expect(await client.listUsages("eastus2")).toEqual(await azure.listUsages("eastus2"));
    } finally {
      await paged.close();
    }
  });
});

describe("health", () => {
  it("reports ok with latency against the emulator", async () => {
    const health = await checkAzureHealth(azure);
    expect(health).toMatchObject({ ok: true, detail: expect.stringContaining(emulator.url) });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the failure, without throwing, when Azure cannot be reached", async () => {
    const gone = await startAzureEmulator({ port: 0, persist: false });
    const url = gone.url;
    await gone.close();
    const client = clientFor({ endpoint: url, retry: { maxRetries: 3, retryDelayInMs: 2000 } });
    const started = Date.now();
    const health = await checkAzureHealth(client, { timeoutMs: 2000 });
    expect(Date.now() - started).toBeLessThan(1500); // no retries for the probe
    expect(health).toMatchObject({ ok: false, errorKind: "unavailable" });
    expect(health.error).toMatch(/could not be reached/);
  });
});

describe("template deployments (what the deploy workflow ran)", () => {
  const seed = SEED_ACCOUNTS[0];
  const account = { name: seed.name, resourceGroup: seed.resourceGroup, location: seed.location };
  type Element = { name: string; model: { format: string; name: string; version: string }; sku: { name: string; capacity: number } };
  const elements = (): Element[] => seed.deployments.map((d) => ({ name: d.name, model: { ...d.model }, sku: { ...d.sku } }));
  const extra = (name: string, capacity = 5): Element => ({ name, model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }, sku: { name: "GlobalStandard", capacity } });
  const run = (list: Element[]) =>
    submitTemplateDeployment({ url: emulator.url, subscriptionId: emulator.subscriptionId }, { account, elements: list }, { pollMs: 5, timeoutMs: 10_000, log: () => {} });

  it("reads a failed deployment's nested error and the operations that say which resource failed", async () => {
    expect(await azure.getTemplateDeployment("no-such-run")).toBeNull();
    // The seeded history: the workflow's last run before ModelGate (the last seeded file).
    expect(await azure.getTemplateDeployment("deploy_ai_models")).toMatchObject({ provisioningState: "Succeeded", parameters: { openaiName: SEED_ACCOUNTS.at(-1)!.name } });
    emulator.failNextDeployment({ deployment: "second", account: seed.name, code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    await run([...elements(), extra("first"), extra("second")]);
    const record = (await azure.getTemplateDeployment("deploy_ai_models"))!;
    expect(record).toMatchObject({ name: "deploy_ai_models", location: "australiaeast", provisioningState: "Failed", parameters: { openaiName: seed.name }, error: { code: "DeploymentFailed" } });
    expect(Date.parse(record.startedAt!)).toBeLessThanOrEqual(Date.parse(record.timestamp!));
    const top = await azure.listTemplateDeploymentOperations({ name: "deploy_ai_models" });
    expect(top).toEqual([expect.objectContaining({ resourceType: "Microsoft.Resources/deployments", resourceName: `ai-models-${seed.name}`, provisioningState: "Failed" })]);
    const nested = await azure.listTemplateDeploymentOperations({ name: `ai-models-${seed.name}`, resourceGroup: seed.resourceGroup });
    const failed = nested.filter((o) => o.provisioningState === "Failed");
    expect(failed).toEqual([
      expect.objectContaining({ resourceName: `${seed.name}/second`, error: expect.objectContaining({ details: [expect.objectContaining({ code: "ModelDeploymentFailed" })] }) }),
    ]);
    expect(await azure.exportDeploymentTemplate("deploy_ai_models")).toMatchObject({ resources: [expect.objectContaining({ type: "Microsoft.Resources/deployments" })] });
  });

  it("validates a template: accepted, or refused with the resource Azure would refuse", async () => {
    const template = aiModelsTemplate();
    const ok = await azure.validateTemplateDeployment("deploy_ai_models", { location: "australiaeast", template, parameters: paramValues(elements()) });
    expect(ok).toEqual({ ok: true });
    const refused = await azure.validateTemplateDeployment("deploy_ai_models", { location: "australiaeast", template, parameters: paramValues([...elements(), extra("too-big", 500)]) });
    expect(refused).toMatchObject({ ok: false, error: { code: "InvalidTemplateDeployment", details: [{ code: "PreflightValidationCheckFailed", details: [{ code: "InsufficientQuota", target: expect.stringMatching(/\/deployments\/too-big$/) }] }] } });
  });

  function paramValues(list: Element[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(aiModelsParameters(account, list)).map(([k, v]) => [k, v.value]));
  }
});
