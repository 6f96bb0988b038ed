import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED_ACCOUNTS, SEED_SUBSCRIPTION_ID } from "../seed/world";
import { ensureLocalCertificates } from "../tls";
import { startAzureEmulator, type AzureEmulator } from "./server";
import { aiModelsParameters, aiModelsTemplate } from "../github/azure-deployer";
import {
  missingFromExample,
  rawRequest,
  readExample,
  readResourcesDefinitions,
  readSwaggerDefinitions,
  rootCauses,
  undeclaredFields,
  underivableUsageNames,
  unpublishedUsageNames,
  type ArmErrorTree,
  type RawResponse,
} from "./wire-check";

const API = "api-version=2025-09-01";
const SUB = `/subscriptions/${SEED_SUBSCRIPTION_ID}`;
const PROVIDER = "providers/Microsoft.CognitiveServices";
const AUE = SEED_ACCOUNTS[0];
const AUE_PATH = `${SUB}/resourceGroups/${AUE.resourceGroup}/${PROVIDER}/accounts/${AUE.name}`;
const EUS2 = SEED_ACCOUNTS[2];
const EUS2_PATH = `${SUB}/resourceGroups/${EUS2.resourceGroup}/${PROVIDER}/accounts/${EUS2.name}`;
const STEP = 1000;

const ca = ensureLocalCertificates().ca;
const defs = readSwaggerDefinitions();
const resourcesDefs = readResourcesDefinitions();
const RESOURCES_API = "api-version=2025-03-01";
const SUB_DEPLOYMENTS = `${SUB}/providers/Microsoft.Resources/deployments`;

type Element = { name: string; model: { format: string; name: string; version: string }; sku: { name: string; capacity: number } };

/** What the deploy job sends for one parameter file (`az deployment sub create`). */
function templateBody(account: (typeof SEED_ACCOUNTS)[number], elements: Element[], location = "australiaeast") {
  return {
    location,
    properties: { mode: "Incremental", template: aiModelsTemplate(), parameters: aiModelsParameters({ name: account.name, resourceGroup: account.resourceGroup, location: account.location }, elements) },
  };
}

function seededElements(account: (typeof SEED_ACCOUNTS)[number]): Element[] {
  return account.deployments.map((d) => ({ name: d.name, model: { ...d.model }, sku: { ...d.sku } }));
}

let clock = Date.parse("2026-11-25T10:00:00Z");
let emulator: AzureEmulator;

function request(pathAndQuery: string, options: { method?: string; body?: unknown; token?: string | null } = {}): Promise<RawResponse> {
  const url = pathAndQuery.startsWith("https://") ? pathAndQuery : `${emulator.url}${pathAndQuery}`;
  return rawRequest(url, { ...options, ca });
}

function withApi(p: string): string {
  return p.includes("?") ? `${p}&${API}` : `${p}?${API}`;
}

beforeAll(async () => {
  emulator = await startAzureEmulator({ port: 0, persist: false, lroStepMs: STEP, now: () => clock });
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.reset();
});

describe("wire checks catch differences", () => {
  it("reports fields an example has that a response lacks or types differently", () => {
    const example = { value: [{ name: "a", sku: { name: "S", capacity: 1 } }, { name: "b", extra: true }] };
    expect(missingFromExample(example, { value: [{ name: "x", sku: { name: "S", capacity: "1" } }] })).toEqual([
      "$.value[].sku.capacity: example has number, emulator sends string",
      "$.value[].extra: missing",
    ]);
  });

  it("reports fields the Swagger does not declare", () => {
    const deployment = { id: "i", name: "n", type: "t", properties: { provisioningstate: "Succeeded", model: { name: "m", colour: "red" } } };
    expect(undeclaredFields(deployment, "Deployment", defs)).toEqual(["$.properties.provisioningstate", "$.properties.model.colour"]);
  });
});

describe("wire format matches Microsoft's examples and the 2025-09-01 Swagger", () => {
  const cases: { example: string; status: string; path: string; definition: string }[] = [
    { example: "GetAccount", status: "200", path: AUE_PATH, definition: "Account" },
    { example: "ListAccountsByResourceGroup", status: "200", path: `${SUB}/resourceGroups/${AUE.resourceGroup}/${PROVIDER}/accounts`, definition: "AccountListResult" },
    { example: "GetDeployment", status: "200", path: `${AUE_PATH}/deployments/search-gpt-4o`, definition: "Deployment" },
    { example: "ListDeployments", status: "200", path: `${AUE_PATH}/deployments`, definition: "DeploymentListResult" },
    { example: "ListLocationModels", status: "200", path: `${SUB}/${PROVIDER}/locations/eastus2/models`, definition: "ModelListResult" },
    { example: "ListUsages", status: "200", path: `${SUB}/${PROVIDER}/locations/australiaeast/usages`, definition: "UsageListResult" },
    {
      example: "ListModelCapacities",
      status: "200",
      path: `${SUB}/${PROVIDER}/modelCapacities?modelFormat=OpenAI&modelName=gpt-4o&modelVersion=2024-08-06`,
      definition: "ModelCapacityListResult",
    },
    {
      example: "ListLocationBasedModelCapacities",
      status: "200",
      path: `${SUB}/${PROVIDER}/locations/eastus2/modelCapacities?modelFormat=OpenAI&modelName=gpt-4o&modelVersion=2024-08-06`,
      definition: "ModelCapacityListResult",
    },
    { example: "ListDeploymentSkus", status: "200", path: `${AUE_PATH}/deployments/search-gpt-4o/skus`, definition: "DeploymentSkuListResult" },
    { example: "ListRaiPolicies", status: "200", path: `${AUE_PATH}/raiPolicies`, definition: "RaiPolicyListResult" },
  ];

  it.each(cases)("$example", async ({ example, status, path: p, definition }) => {
    const res = await request(withApi(p));
    expect(res.status).toBe(Number(status));
    expect(missingFromExample(readExample(example).responses[status].body, res.body)).toEqual([]);
    expect(undeclaredFields(res.body, definition, defs)).toEqual([]);
  });

  it("PutDeployment: 201 Accepted for a new deployment, 200 for an update, both as long-running operations", async () => {
    const example = readExample("PutDeployment");
    const body = { sku: { name: "GlobalStandard", capacity: 5 }, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } } };
    const created = await request(withApi(`${AUE_PATH}/deployments/new-one`), { method: "PUT", body });
    expect(created.status).toBe(201);
    expect(missingFromExample(example.responses["201"].body, created.body)).toEqual([]);
    expect(undeclaredFields(created.body, "Deployment", defs)).toEqual([]);
    expect((created.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Accepted");
    expect(created.headers["azure-asyncoperation"]).toMatch(/\/locations\/australiaeast\/operationStatuses\/[0-9a-f-]+\?api-version=2025-09-01$/);
    expect(created.headers.location).toMatch(/\/operationResults\//);

    clock += 3 * STEP;
    const updated = await request(withApi(`${AUE_PATH}/deployments/new-one`), { method: "PUT", body: { ...body, sku: { name: "GlobalStandard", capacity: 6 } } });
    expect(updated.status).toBe(200);
    expect(missingFromExample(example.responses["200"].body, updated.body)).toEqual([]);
    expect(updated.headers["azure-asyncoperation"]).toBeTruthy();
  });

  it("UpdateDeployment: PATCH answers 202 with Azure-AsyncOperation, then GET shows the example's fields", async () => {
    const example = readExample("UpdateDeployment");
    const res = await request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`), { method: "PATCH", body: { sku: { name: "GlobalStandard", capacity: 155 } } });
    expect(res.status).toBe(202);
    expect(res.headers["azure-asyncoperation"]).toBeTruthy();
    clock += 2 * STEP;
    const after = await request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`));
    expect(missingFromExample(example.responses["200"].body, after.body)).toEqual([]);
    expect(after.body).toMatchObject({ sku: { capacity: 155 }, properties: { provisioningState: "Succeeded" } });
  });

  it("DeleteDeployment: 202 with Azure-AsyncOperation, 204 when nothing is there", async () => {
    const res = await request(withApi(`${AUE_PATH}/deployments/support-gpt-35-turbo`), { method: "DELETE" });
    expect(res.status).toBe(202);
    expect(Object.keys(readExample("DeleteDeployment").responses)).toContain("202");
    expect(res.headers["azure-asyncoperation"]).toBeTruthy();
    const missing = await request(withApi(`${AUE_PATH}/deployments/never-existed`), { method: "DELETE" });
    expect(missing.status).toBe(204);
  });
});

describe("seeded world", () => {
  it("has exactly the accounts and deployments of emulators/seed/world.ts", async () => {
    const accounts = await request(withApi(`${SUB}/${PROVIDER}/accounts`));
    const value = (accounts.body as { value: { name: string; location: string; id: string; kind: string }[] }).value;
    expect(value.map((a) => [a.name, a.location])).toEqual(SEED_ACCOUNTS.map((a) => [a.name, a.location]));
    for (const seed of SEED_ACCOUNTS) {
      const res = await request(withApi(`${SUB}/resourceGroups/${seed.resourceGroup}/${PROVIDER}/accounts/${seed.name}/deployments`));
      const deployments = (res.body as { value: { name: string; sku: unknown; properties: Record<string, unknown> }[] }).value;
      expect(deployments.map((d) => ({ name: d.name, model: d.properties.model, sku: d.sku, state: d.properties.provisioningState }))).toEqual(
        seed.deployments.map((d) => ({ name: d.name, model: d.model, sku: d.sku, state: "Succeeded" })),
      );
      for (const d of deployments) {
        expect(d.properties.raiPolicyName).toBe("Microsoft.DefaultV2");
        expect(d.properties.versionUpgradeOption).toBe("OnceCurrentVersionExpired");
      }
    }
  });

  it("derives usage from the deployments holding quota, with some pools nearly full", async () => {
    const res = await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/usages`));
    const usages = (res.body as { value: { name: { value: string; localizedValue: string }; currentValue: number; limit: number; unit: string }[] }).value;
    const byName = Object.fromEntries(usages.map((u) => [u.name.value, u]));
    expect(byName["AccountCount"]).toMatchObject({ currentValue: 1, limit: 200, unit: "Count" });
    expect(byName["OpenAI.GlobalStandard.gpt-4o"]).toMatchObject({
      currentValue: 150,
      limit: 160,
      name: { localizedValue: "Tokens Per Minute (thousands) - gpt-4o - GlobalStandard" },
    });
    expect(byName["OpenAI.Standard.gpt-35-turbo"]).toMatchObject({ currentValue: 60, limit: 60 });
    expect(byName["OpenAI.Standard.text-embedding-3-large"]).toMatchObject({ currentValue: 120, limit: 350 });
    expect(byName["OpenAI.ProvisionedManaged"]).toMatchObject({ currentValue: 0, limit: 0, name: { localizedValue: "Provisioned Managed Throughput Unit" } });
    for (const region of ["australiaeast", "eastus2", "swedencentral"]) {
      const r = await request(withApi(`${SUB}/${PROVIDER}/locations/${region}/usages`));
      for (const u of (r.body as { value: { name: { value: string }; currentValue: number; limit: number }[] }).value) {
        expect(u.currentValue, `${region} ${u.name.value}`).toBeLessThanOrEqual(u.limit);
      }
    }
    const eus2 = await request(withApi(`${SUB}/${PROVIDER}/locations/eastus2/usages`));
    const ptu = (eus2.body as { value: { name: { value: string }; currentValue: number; limit: number }[] }).value.find((u) => u.name.value === "OpenAI.ProvisionedManaged");
    expect(ptu).toMatchObject({ currentValue: 50, limit: 100 });
  });

  it("lists models per region with lifecycle, retirement dates and SKUs", async () => {
    const res = await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/models`));
    const all = (res.body as { value: { kind: string; model: Record<string, unknown> & { name: string; version: string; skus: { name: string }[] } }[] }).value;
    // Azure lists OpenAI models once per account kind.
    expect(all.filter((m) => m.model.name === "gpt-4o" && m.model.version === "2024-11-20").map((m) => m.kind)).toEqual(["OpenAI", "AIServices"]);
    const models = all.filter((m) => m.kind === "AIServices");
    const gpt4o = models.filter((m) => m.model.name === "gpt-4o").map((m) => m.model.version);
    expect(gpt4o).toEqual(["2024-05-13", "2024-08-06", "2024-11-20"]);
    const turbo = models.find((m) => m.model.name === "gpt-35-turbo" && m.model.version === "0125")!.model;
    expect(turbo).toMatchObject({
      isDefaultVersion: true,
      lifecycleStatus: "Deprecating",
      deprecation: { inference: "2027-02-01T00:00:00Z", deprecationStatus: "Planned" },
      replacementConfig: { targetModelName: "gpt-4.1-mini", targetModelVersion: "2025-04-14" },
    });
    // Data zones exist only in the US and the EU.
    expect(models.some((m) => m.model.skus.some((s) => s.name === "DataZoneStandard"))).toBe(false);
    const ptu = models.find((m) => m.model.name === "gpt-4o" && m.model.version === "2024-11-20")!.model.skus.find((s) => s.name === "ProvisionedManaged");
    expect(ptu).toEqual({ name: "ProvisionedManaged", usageName: "OpenAI.ProvisionedManaged", capacity: { minimum: 50, maximum: 2000, step: 50, default: 50 } });
  });
});

describe("deployments as long-running operations", () => {
  const body = { sku: { name: "GlobalStandard", capacity: 10 }, properties: { model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" } } };

  async function state(name: string, base = AUE_PATH): Promise<string | number> {
    const res = await request(withApi(`${base}/deployments/${name}`));
    return res.status === 200 ? (res.body as { properties: { provisioningState: string } }).properties.provisioningState : res.status;
  }

  it("moves Accepted → Creating → Succeeded, with the operation status to match", async () => {
    const put = await request(withApi(`${AUE_PATH}/deployments/lro-ok`), { method: "PUT", body });
    const statusUrl = put.headers["azure-asyncoperation"] as string;
    expect(await state("lro-ok")).toBe("Accepted");
    expect((await request(statusUrl)).body).toMatchObject({ status: "Running" });
    clock += STEP;
    expect(await state("lro-ok")).toBe("Creating");
    clock += STEP;
    expect(await state("lro-ok")).toBe("Succeeded");
    const status = await request(statusUrl);
    expect(status.body).toMatchObject({ status: "Succeeded", endTime: expect.any(String) });
    const result = await request(put.headers.location as string);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ name: "lro-ok", properties: { provisioningState: "Succeeded" } });
  });

  it("holds quota while creating and rejects overlapping operations with RequestConflict", async () => {
    await request(withApi(`${AUE_PATH}/deployments/lro-busy`), { method: "PUT", body });
    const usages = await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/usages`));
    const mini = (usages.body as { value: { name: { value: string }; currentValue: number }[] }).value.find((u) => u.name.value === "OpenAI.GlobalStandard.gpt-4o-mini");
    expect(mini?.currentValue).toBe(210);
    const again = await request(withApi(`${AUE_PATH}/deployments/lro-busy`), { method: "PUT", body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "RequestConflict" } });
  });

  it("ends Failed with an ARM error when the failure switch is set, and then holds no quota", async () => {
    const cfg = await request("/_emulator/fail-deployment", { method: "POST", token: null, body: { deployment: "lro-fail", code: "ModelDeploymentFailed", message: "Capacity could not be allocated." } });
    expect(cfg.status).toBe(200);
    const put = await request(withApi(`${AUE_PATH}/deployments/lro-fail`), { method: "PUT", body });
    expect(put.status).toBe(201);
    clock += 2 * STEP;
    expect(await state("lro-fail")).toBe("Failed");
    const status = await request(put.headers["azure-asyncoperation"] as string);
    expect(status.body).toMatchObject({ status: "Failed", error: { code: "ModelDeploymentFailed", message: "Capacity could not be allocated." } });
    const usages = await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/usages`));
    const mini = (usages.body as { value: { name: { value: string }; currentValue: number }[] }).value.find((u) => u.name.value === "OpenAI.GlobalStandard.gpt-4o-mini");
    expect(mini?.currentValue).toBe(200);
    // The switch fires once: the retry succeeds.
    await request(withApi(`${AUE_PATH}/deployments/lro-fail`), { method: "PUT", body });
    clock += 2 * STEP;
    expect(await state("lro-fail")).toBe("Succeeded");
  });

  it("a failed update restores the previous configuration, marked Failed", async () => {
    emulator.failNextDeployment({ deployment: "search-gpt-4o", account: AUE.name });
    await request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`), { method: "PATCH", body: { sku: { capacity: 160 } } });
    clock += STEP;
    const res = await request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`));
    expect(res.body).toMatchObject({ sku: { capacity: 150 }, properties: { provisioningState: "Failed" } });
  });

  it("deletes through Deleting and answers 404 DeploymentNotFound afterwards", async () => {
    const del = await request(withApi(`${EUS2_PATH}/deployments/support-gpt-4o-ptu`), { method: "DELETE" });
    expect(del.status).toBe(202);
    expect(await state("support-gpt-4o-ptu", EUS2_PATH)).toBe("Deleting");
    clock += STEP;
    expect(await state("support-gpt-4o-ptu", EUS2_PATH)).toBe(404);
    const missing = await request(withApi(`${EUS2_PATH}/deployments/support-gpt-4o-ptu`));
    expect(missing.body).toMatchObject({ error: { code: "DeploymentNotFound" } });
    expect((await request(del.headers.location as string)).status).toBe(204);
  });
});

describe("ARM errors", () => {
  it("InsufficientQuota in Azure's wording when a deployment would exceed the region's limit", async () => {
    const res = await request(withApi(`${AUE_PATH}/deployments/too-big`), {
      method: "PUT",
      body: { sku: { name: "GlobalStandard", capacity: 20 }, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: "InsufficientQuota",
        message:
          "This operation require 20 new capacity in quota Tokens Per Minute (thousands) - gpt-4o - GlobalStandard, which is bigger than the current available capacity 10. The current quota usage is 150 and the quota limit is 160 for quota Tokens Per Minute (thousands) - gpt-4o - GlobalStandard.",
      },
    });
  });

  it("counts only the increase when an existing deployment grows", async () => {
    const grow = (capacity: number) =>
      request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`), {
        method: "PUT",
        body: { sku: { name: "GlobalStandard", capacity }, properties: { model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" } } },
      });
    expect((await grow(161)).body).toMatchObject({ error: { code: "InsufficientQuota", message: expect.stringContaining("require 11 new capacity") } });
    expect((await grow(160)).status).toBe(200);
  });

  it("model, SKU, capacity, content filter and retirement are validated", async () => {
    const put = (name: string, body: unknown) => request(withApi(`${AUE_PATH}/deployments/${name}`), { method: "PUT", body });
    const model = (name: string, version: string) => ({ format: "OpenAI", name, version });
    expect((await put("x1", { sku: { name: "GlobalStandard", capacity: 1 }, properties: { model: model("gpt-9", "1") } })).body).toMatchObject({
      error: { code: "DeploymentModelNotSupported" },
    });
    expect((await put("x2", { sku: { name: "DataZoneStandard", capacity: 1 }, properties: { model: model("gpt-4.1", "2025-04-14") } })).body).toMatchObject({
      error: { code: "InvalidResourceProperties", message: expect.stringContaining("not supported in this region 'australiaeast'") },
    });
    expect((await put("x3", { sku: { name: "ProvisionedManaged", capacity: 60 }, properties: { model: model("gpt-4o", "2024-11-20") } })).body).toMatchObject({
      error: { code: "InvalidCapacity" },
    });
    expect((await put("x4", { sku: { name: "GlobalStandard", capacity: 1 }, properties: { model: model("gpt-4o", "2024-05-13") } })).body).toMatchObject({
      error: { code: "ServiceModelDeprecated", message: expect.stringContaining("deprecated since 06/30/2026") },
    });
    expect(
      (await put("x5", { sku: { name: "GlobalStandard", capacity: 1 }, properties: { model: model("gpt-4o-mini", "2024-07-18"), raiPolicyName: "nope" } })).body,
    ).toMatchObject({ error: { code: "RaiPolicyNotFound" } });
    expect((await put("bad name!", { sku: { name: "GlobalStandard" }, properties: { model: model("gpt-4o-mini", "2024-07-18") } })).body).toMatchObject({
      error: { code: "InvalidResourceName" },
    });
    const raw = await rawRequest(`${emulator.url}${withApi(`${AUE_PATH}/deployments/x6`)}`, { method: "PUT", ca, headers: { "Content-Type": "application/json" }, body: undefined });
    expect(raw.body).toMatchObject({ error: { code: "InvalidRequestContent" } });
  });

  it("not found: subscription, resource group, account, deployment", async () => {
    expect((await request(withApi(`/subscriptions/00000000-0000-0000-0000-000000000000/${PROVIDER}/accounts`))).body).toMatchObject({ error: { code: "SubscriptionNotFound" } });
    expect((await request(withApi(`${SUB}/resourceGroups/nope/${PROVIDER}/accounts`))).body).toMatchObject({ error: { code: "ResourceGroupNotFound" } });
    const account = await request(withApi(`${SUB}/resourceGroups/${AUE.resourceGroup}/${PROVIDER}/accounts/nope`));
    expect(account.status).toBe(404);
    expect(account.body).toMatchObject({ error: { code: "ResourceNotFound" } });
    const deployment = await request(withApi(`${AUE_PATH}/deployments/nope`));
    expect(deployment.status).toBe(404);
    expect(deployment.body).toMatchObject({ error: { code: "DeploymentNotFound" } });
    expect((await request(withApi(`${SUB}/${PROVIDER}/locations/mars/models`))).body).toMatchObject({ error: { code: "LocationNotAvailableForResourceType" } });
  });

  it("requires a bearer token (any token) and an api-version", async () => {
    const none = await request(withApi(`${SUB}/${PROVIDER}/accounts`), { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." } });
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect((await request(withApi(`${SUB}/${PROVIDER}/accounts`), { token: "anything-goes" })).status).toBe(200);
    const noVersion = await request(`${SUB}/${PROVIDER}/accounts`);
    expect(noVersion.body).toMatchObject({ error: { code: "MissingApiVersionParameter" } });
  });

  it("throttles with 429 TooManyRequests and Retry-After, and answers 500 on demand", async () => {
    emulator.configure({ throttleNext: 1, retryAfterSeconds: 7, errorNext: 1 });
    const throttled = await request(withApi(`${SUB}/${PROVIDER}/accounts`));
    expect(throttled.status).toBe(429);
    expect(throttled.headers["retry-after"]).toBe("7");
    expect(throttled.body).toMatchObject({ error: { code: "TooManyRequests" } });
    const failed = await request(withApi(`${SUB}/${PROVIDER}/accounts`));
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error: { code: "InternalServerError" } });
    expect((await request(withApi(`${SUB}/${PROVIDER}/accounts`))).status).toBe(200);
    emulator.configure({ throttleRate: 1 });
    expect((await request(withApi(`${SUB}/${PROVIDER}/accounts`))).status).toBe(429);
  });
});

describe("paging", () => {
  let small: AzureEmulator;
  beforeAll(async () => {
    small = await startAzureEmulator({ port: 0, persist: false, pageSize: 2 });
  });
  afterAll(async () => {
    await small?.close();
  });

  it("follows nextLink until every item is seen", async () => {
    let next: string | undefined = `${small.url}${withApi(`${SUB}/${PROVIDER}/locations/eastus2/models`)}`;
    const names: string[] = [];
    let pages = 0;
    while (next) {
      const res = await rawRequest(next, { ca });
      const body = res.body as { value: { kind: string; model: { name: string; version: string } }[]; nextLink?: string };
      expect(body.value.length).toBeLessThanOrEqual(2);
      names.push(...body.value.map((m) => `${m.kind}:${m.model.name}@${m.model.version}`));
      next = body.nextLink;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(5);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("AIServices:gpt-4o@2024-11-20");
  });
});

describe("admin endpoints", () => {
  it("validates and reports switches", async () => {
    const bad = await request("/_emulator/config", { method: "POST", token: null, body: { errorRate: 2 } });
    expect(bad.status).toBe(400);
    const ok = await request("/_emulator/config", { method: "POST", token: null, body: { latencyMs: 0, errorRate: 0.25 } });
    expect(ok.body).toMatchObject({ errorRate: 0.25, latencyMs: 0, failDeployments: [] });
    expect((await request("/_emulator/config", { token: null })).body).toMatchObject({ errorRate: 0.25 });
    expect((await request("/_emulator/reset", { method: "POST", token: null })).status).toBe(200);
    expect((await request("/_emulator/config", { token: null })).body).toMatchObject({ errorRate: 0 });
  });

  it("changes quota limits and deployments by hand", async () => {
    const quota = await request("/_emulator/quota", { method: "POST", token: null, body: { location: "australiaeast", usageName: "OpenAI.GlobalStandard.gpt-4o", limit: 500 } });
    expect(quota.body).toMatchObject({ limit: 500, currentValue: 150 });
    const changed = await request(`/_emulator/accounts/${AUE.name}/deployments/search-gpt-4o`, { method: "POST", token: null, body: { capacity: 175 } });
    expect(changed.body).toMatchObject({ sku: { capacity: 175 }, systemData: { lastModifiedByType: "User" } });
    const usages = await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/usages`));
    const gpt4o = (usages.body as { value: { name: { value: string }; currentValue: number; limit: number }[] }).value.find((u) => u.name.value === "OpenAI.GlobalStandard.gpt-4o");
    expect(gpt4o).toMatchObject({ currentValue: 175, limit: 500 });
  });
});

describe("persistence", () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("survives a restart, and seed: true (--reset) restores the seed", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-emulator-"));
    const body = { sku: { name: "GlobalStandard", capacity: 5 }, properties: { model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" } } };
    const first = await startAzureEmulator({ port: 0, dataDir: dir, lroStepMs: 0 });
    const put = await rawRequest(`${first.url}${withApi(`${AUE_PATH}/deployments/persisted`)}`, { method: "PUT", body, ca });
    expect(put.status).toBe(201);
    await first.close();
    expect(JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8")).deployments.some((d: { name: string }) => d.name === "persisted")).toBe(true);

    const second = await startAzureEmulator({ port: 0, dataDir: dir, lroStepMs: 0 });
    const got = await rawRequest(`${second.url}${withApi(`${AUE_PATH}/deployments/persisted`)}`, { ca });
    await second.close();
    expect(got.body).toMatchObject({ name: "persisted", properties: { provisioningState: "Succeeded" } });

    const third = await startAzureEmulator({ port: 0, dataDir: dir, seed: true });
    const gone = await rawRequest(`${third.url}${withApi(`${AUE_PATH}/deployments/persisted`)}`, { ca });
    await third.close();
    expect(gone.status).toBe(404);
  });

  it("starts from the seed when the state file is unreadable", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-emulator-"));
    fs.writeFileSync(path.join(dir, "state.json"), "{ not json");
    const emu = await startAzureEmulator({ port: 0, dataDir: dir });
    const snapshot = emu.snapshot();
    await emu.close();
    expect(snapshot.deployments).toHaveLength(SEED_ACCOUNTS.flatMap((a) => a.deployments).length);
  });
});

describe("wire format of template deployments (Microsoft.Resources/deployments 2025-03-01)", () => {
  it("PUT answers 201 Accepted then 200 on a re-run, with Azure-AsyncOperation, in the example's shape", async () => {
    const example = readExample("PutDeploymentSubscriptionTemplateSpecsWithId");
    // The example links a template spec; a request with an inline template gets no templateLink back.
    const withoutLink = (body: unknown) => {
      const copy = structuredClone(body) as { properties: Record<string, unknown> };
      delete copy.properties.templateLink;
      return copy;
    };
    // The seeded history holds the workflow's last run (of the last seeded file).
    const seeded = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`);
    expect(seeded.body).toMatchObject({ properties: { provisioningState: "Succeeded", parameters: { openaiName: { value: SEED_ACCOUNTS.at(-1)!.name } } } });
    expect(undeclaredFields(seeded.body, "DeploymentExtended", resourcesDefs)).toEqual([]);
    const first = await request(`${SUB_DEPLOYMENTS}/first-run?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, seededElements(AUE)) });
    expect(first.status).toBe(201);
    expect(missingFromExample(withoutLink(example.responses["201"].body), first.body)).toEqual([]);
    expect(undeclaredFields(first.body, "DeploymentExtended", resourcesDefs)).toEqual([]);
    expect(first.headers["azure-asyncoperation"]).toMatch(/\/providers\/Microsoft\.Resources\/deployments\/first-run\/operationStatuses\/[0-9a-f-]+\?api-version=2025-03-01$/);
    clock += 20 * STEP;
    const done = await request(`${SUB_DEPLOYMENTS}/first-run?${RESOURCES_API}`);
    expect(missingFromExample(withoutLink(example.responses["200"].body), done.body)).toEqual([]);
    expect(undeclaredFields(done.body, "DeploymentExtended", resourcesDefs)).toEqual([]);
    expect(done.body).toMatchObject({ properties: { provisioningState: "Succeeded", mode: "Incremental", parameters: { openaiName: { type: "String", value: AUE.name } } } });
    const again = await request(`${SUB_DEPLOYMENTS}/first-run?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, seededElements(AUE)) });
    expect(again.status).toBe(200);
    for (const path of [`${SUB_DEPLOYMENTS}/first-run/operations`, `${SUB}/resourcegroups/${AUE.resourceGroup}/providers/Microsoft.Resources/deployments/ai-models-${AUE.name}/operations`]) {
      clock += 20 * STEP;
      const ops = await request(`${path}?${RESOURCES_API}`);
      expect(ops.status).toBe(200);
      expect(undeclaredFields(ops.body, "DeploymentOperationsListResult", resourcesDefs)).toEqual([]);
    }
    const list = await request(`${SUB_DEPLOYMENTS}?${RESOURCES_API}`);
    expect(undeclaredFields(list.body, "DeploymentListResult", resourcesDefs)).toEqual([]);
  });

  it("validate answers 400 InvalidTemplateDeployment with the example's nested shape, naming the refused resource", async () => {
    const example = readExample("PostDeploymentValidateOnSubscription");
    const tooBig: Element = { name: "too-big", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, sku: { name: "GlobalStandard", capacity: 20 } };
    const res = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models/validate?${RESOURCES_API}`, { method: "POST", body: templateBody(AUE, [...seededElements(AUE), tooBig]) });
    expect(res.status).toBe(400);
    expect(missingFromExample(example.responses["400"].body, res.body)).toEqual([]);
    expect(undeclaredFields(res.body, "CloudError", resourcesDefs)).toEqual([]);
    const [cause] = rootCauses((res.body as { error: ArmErrorTree }).error);
    expect(cause).toMatchObject({ code: "InsufficientQuota", target: expect.stringMatching(/\/accounts\/contoso-openai-aue\/deployments\/too-big$/) });
    const ok = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models/validate?${RESOURCES_API}`, { method: "POST", body: templateBody(AUE, seededElements(AUE)) });
    expect(ok.status).toBe(200);
    expect(missingFromExample(example.responses["200"].body, ok.body).filter((p) => !/templateLink|diagnostics/.test(p))).toEqual([]);
  });
});

describe("behaviour: usage names as Azure publishes them", () => {
  it("publishes usage names that are not derivable from the model name, and the usages list carries each of them", async () => {
    for (const region of ["australiaeast", "eastus2", "swedencentral"]) {
      const models = await request(withApi(`${SUB}/${PROVIDER}/locations/${region}/models`));
      const usages = await request(withApi(`${SUB}/${PROVIDER}/locations/${region}/usages`));
      expect(unpublishedUsageNames(models.body as never, usages.body as never), region).toEqual([]);
    }
    const eus2 = await request(withApi(`${SUB}/${PROVIDER}/locations/eastus2/models`));
    expect(underivableUsageNames(eus2.body as never)).toEqual(
      expect.arrayContaining(["OpenAI.Standard.GPT4o", "OpenAI.Provisioned.GPT4o", "OpenAI.Provisioned.Class1", "AIServices.GlobalStandard.MaaS", "OpenAI.GlobalStandard.gpt4.1", "OpenAI.GlobalStandard.gpt4.1-mini"]),
    );
  });

  it("counts and enforces quota under the published name (gpt-4.1 → OpenAI.GlobalStandard.gpt4.1)", async () => {
    const put = await request(withApi(`${AUE_PATH}/deployments/new-41`), {
      method: "PUT",
      body: { sku: { name: "GlobalStandard", capacity: 10 }, properties: { model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" } } },
    });
    expect(put.status).toBe(201);
    const usages = (await request(withApi(`${SUB}/${PROVIDER}/locations/australiaeast/usages`))).body as { value: { name: { value: string }; currentValue: number }[] };
    expect(usages.value.find((u) => u.name.value === "OpenAI.GlobalStandard.gpt4.1")?.currentValue).toBe(10);
    expect(usages.value.some((u) => u.name.value === "OpenAI.GlobalStandard.gpt-4.1")).toBe(false);
    await request("/_emulator/quota", { method: "POST", token: null, body: { location: "australiaeast", usageName: "OpenAI.GlobalStandard.gpt4.1", limit: 12 } });
    clock += 3 * STEP;
    const more = await request(withApi(`${AUE_PATH}/deployments/new-41`), {
      method: "PUT",
      body: { sku: { name: "GlobalStandard", capacity: 15 }, properties: { model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" } } },
    });
    expect(more.body).toEqual({
      error: {
        code: "InsufficientQuota",
        message:
          "This operation require 5 new capacity in quota Tokens Per Minute (thousands) - 4.1 - GlobalStandard, which is bigger than the current available capacity 2. The current quota usage is 10 and the quota limit is 12 for quota Tokens Per Minute (thousands) - 4.1 - GlobalStandard.",
      },
    });
  });
});

describe("behaviour: lifecycle", () => {
  const put = (base: string, name: string, model: string, version: string, sku: string, capacity: number) =>
    request(withApi(`${base}/deployments/${name}`), { method: "PUT", body: { sku: { name: sku, capacity }, properties: { model: { format: "OpenAI", name: model, version } } } });
  const SWC_PATH = `${SUB}/resourceGroups/${SEED_ACCOUNTS[1].resourceGroup}/${PROVIDER}/accounts/${SEED_ACCOUNTS[1].name}`;

  it("refuses a new deployment of a Deprecating version on an account without that model, accepts it where the model runs", async () => {
    expect((await put(SWC_PATH, "old-4o", "gpt-4o", "2024-08-06", "GlobalStandard", 5)).body).toEqual({
      error: { code: "ServiceModelDeprecating", message: "The model 'Format:OpenAI,Name:gpt-4o,Version:2024-08-06' is in deprecating state and cannot be used for new deployments." },
    });
    expect((await put(EUS2_PATH, "old-4o", "gpt-4o", "2024-08-06", "GlobalStandard", 5)).status).toBe(201);
    expect((await put(AUE_PATH, "more-turbo", "gpt-35-turbo", "0125", "Standard", 0)).body).toMatchObject({ error: { code: "InvalidCapacity" } });
    expect((await put(SWC_PATH, "mini-o3", "o3-mini", "2025-01-31", "GlobalStandard", 5)).body).toMatchObject({ error: { code: "ServiceModelDeprecating" } });
  });

  it("serves per-SKU retirement dates and Legacy versions with their replacement", async () => {
    const models = (await request(withApi(`${SUB}/${PROVIDER}/locations/eastus2/models`))).body as {
      value: { kind: string; model: { name: string; version: string; lifecycleStatus: string; deprecation: { inference: string }; replacementConfig?: unknown; skus: { name: string; deprecationDate?: string }[] } }[];
    };
    const turbo = models.value.find((m) => m.kind === "AIServices" && m.model.name === "gpt-35-turbo" && m.model.version === "0125")!.model;
    expect(turbo.deprecation.inference).toBe("2027-02-01T00:00:00Z");
    expect(turbo.skus).toEqual([expect.objectContaining({ name: "Standard", deprecationDate: "2027-01-05T00:00:00Z" })]);
    const gpt4o = models.value.find((m) => m.kind === "AIServices" && m.model.name === "gpt-4o" && m.model.version === "2024-08-06")!.model;
    expect(new Set(gpt4o.skus.map((s) => s.deprecationDate)).size).toBeGreaterThan(1);
    const ada = models.value.find((m) => m.model.name === "text-embedding-ada-002" && m.model.version === "2")!.model;
    expect(ada).toMatchObject({ lifecycleStatus: "Legacy", replacementConfig: { targetModelName: "text-embedding-3-small", targetModelVersion: "1" } });
  });
});

describe("behaviour: conflicts", () => {
  it("refuses a change to an account while another of its deployments is not terminal (RequestConflict)", async () => {
    const body = (capacity: number) => ({ sku: { name: "GlobalStandard", capacity }, properties: { model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" } } });
    expect((await request(withApi(`${AUE_PATH}/deployments/first`), { method: "PUT", body: body(5) })).status).toBe(201);
    const second = await request(withApi(`${AUE_PATH}/deployments/second`), { method: "PUT", body: body(5) });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({
      error: { code: "RequestConflict", message: `Another operation is being performed on the parent resource '${AUE_PATH}'. Please try again later.` },
    });
    expect((await request(withApi(`${AUE_PATH}/deployments/search-gpt-4o`), { method: "DELETE" })).status).toBe(409);
    // Another account is not affected; once the first is done, the account takes changes again.
    expect((await request(withApi(`${EUS2_PATH}/deployments/third`), { method: "PUT", body: body(5) })).status).toBe(201);
    clock += 2 * STEP;
    expect((await request(withApi(`${AUE_PATH}/deployments/second`), { method: "PUT", body: body(5) })).status).toBe(201);
  });

  it("refuses a second template deployment of the same name while one runs (DeploymentActive), and a move to another location", async () => {
    const first = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, seededElements(AUE)) });
    expect(first.status).toBe(200); // it replaces the seeded history's run
    const second = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, seededElements(AUE)) });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: { code: "DeploymentActive", message: expect.stringMatching(/^Unable to edit or replace deployment 'deploy_ai_models': previous deployment from '11\/25\/2026 \d+:\d\d:\d\d (AM|PM)' is still active \(expiration time is '12\/2\/2026 /) },
    });
    clock += 20 * STEP;
    const moved = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, seededElements(AUE), "swedencentral") });
    expect(moved.body).toEqual({
      error: { code: "InvalidDeploymentLocation", message: "Invalid deployment location 'swedencentral'. The deployment 'deploy_ai_models' already exists in location 'australiaeast'." },
    });
  });
});

describe("behaviour: a template deployment validates the whole file, then applies one deployment at a time", () => {
  const mini = (name: string, capacity: number): Element => ({ name, model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }, sku: { name: "GlobalStandard", capacity } });
  const deploymentNames = async () => ((await request(withApi(`${AUE_PATH}/deployments`))).body as { value: { name: string }[] }).value.map((d) => d.name);

  it("applies nothing and records nothing when any element fails preflight", async () => {
    const gpt4o: Element = { name: "search-gpt-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, sku: { name: "GlobalStandard", capacity: 170 } };
    const elements = [...seededElements(AUE).filter((e) => e.name !== "search-gpt-4o"), mini("new-mini", 10), gpt4o];
    const res = await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, elements) });
    expect(res.status).toBe(400);
    expect(rootCauses((res.body as { error: ArmErrorTree }).error)).toEqual([
      expect.objectContaining({ code: "InsufficientQuota", target: expect.stringMatching(/\/deployments\/search-gpt-4o$/) }),
    ]);
    clock += 20 * STEP;
    expect(await deploymentNames()).not.toContain("new-mini");
    // Refused at preflight: not in the deployment history, which still holds the seeded run.
    expect((await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`)).body).toMatchObject({ properties: { parameters: { openaiName: { value: SEED_ACCOUNTS.at(-1)!.name } } } });
  });

  it("writes the account, then each deployment after the one before has ended, and stops at the first failure", async () => {
    emulator.failNextDeployment({ deployment: "b", account: AUE.name, code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    const elements = [...seededElements(AUE), mini("a", 5), mini("b", 5), mini("c", 5)];
    expect((await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`, { method: "PUT", body: templateBody(AUE, elements) })).status).toBe(200);
    clock += 60 * STEP;
    const top = (await request(`${SUB_DEPLOYMENTS}/deploy_ai_models?${RESOURCES_API}`)).body as { properties: { provisioningState: string; error: ArmErrorTree } };
    expect(top.properties.provisioningState).toBe("Failed");
    expect(top.properties.error).toMatchObject({
      code: "DeploymentFailed",
      details: [{ code: "ResourceDeploymentFailure", target: expect.stringMatching(/resourceGroups\/contoso-openai-rg\/providers\/Microsoft\.Resources\/deployments\/ai-models-contoso-openai-aue$/) }],
    });
    expect(rootCauses(top.properties.error)).toEqual([{ code: "ModelDeploymentFailed", message: "Capacity could not be allocated." }]);
    const nested = (await request(`${SUB}/resourcegroups/${AUE.resourceGroup}/providers/Microsoft.Resources/deployments/ai-models-${AUE.name}/operations?${RESOURCES_API}`)).body as {
      value: { properties: { provisioningState: string; timestamp: string; duration: string; targetResource: { resourceName: string } } }[];
    };
    expect(nested.value.map((o) => [o.properties.targetResource.resourceName, o.properties.provisioningState])).toEqual([
      [AUE.name, "Succeeded"],
      ...AUE.deployments.map((d) => [`${AUE.name}/${d.name}`, "Succeeded"]),
      [`${AUE.name}/a`, "Succeeded"],
      [`${AUE.name}/b`, "Failed"],
    ]);
    expect(await deploymentNames()).not.toContain("c");
  });
});
