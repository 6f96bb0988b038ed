/**
 * The emulator behaves like Azure where a client's assumptions would differ, checked through the real ARM
 * SDKs (@azure/arm-cognitiveservices and @azure/arm-resources, as the portal uses them): usage names as
 * published, lifecycle rules, conflicts, whole-file template deployments, the untidy models list, limited
 * access, and unsupported api-versions.
 */
import { CognitiveServicesManagementClient, type Deployment } from "@azure/arm-cognitiveservices";
import { ResourceManagementClient, type DeploymentOperation } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/core-auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aiModelsParameters, aiModelsTemplate } from "../github/azure-deployer";
import { SEED_ACCOUNTS } from "../seed/world";
import { startAzureEmulator, type AzureEmulator } from "./server";
import { rootCauses, type ArmErrorTree } from "./wire-check";

const [AUE, SWC, EUS2] = SEED_ACCOUNTS;
const STEP = 1000;
const credential: TokenCredential = { getToken: async () => ({ token: "fidelity-test", expiresOnTimestamp: Date.now() + 3_600_000 }) };
const poll = { updateIntervalInMs: 5 };

let clock = Date.parse("2026-11-25T10:00:00Z");
let emulator: AzureEmulator;
let cognitive: CognitiveServicesManagementClient;
let resources: ResourceManagementClient;

function deployment(model: string, version: string, sku: string, capacity: number, format = "OpenAI"): Deployment {
  return { sku: { name: sku, capacity }, properties: { model: { format, name: model, version } } };
}

type Element = { name: string; model: { format: string; name: string; version: string }; sku: { name: string; capacity: number } };
const element = (name: string, model: string, version: string, sku: string, capacity: number): Element => ({ name, model: { format: "OpenAI", name: model, version }, sku: { name: sku, capacity } });
const seeded = (account: (typeof SEED_ACCOUNTS)[number]): Element[] => account.deployments.map((d) => ({ name: d.name, model: { ...d.model }, sku: { ...d.sku } }));
const templateDeployment = (account: (typeof SEED_ACCOUNTS)[number], elements: Element[]) => ({
  location: "australiaeast",
  properties: { mode: "Incremental" as const, template: aiModelsTemplate(), parameters: aiModelsParameters({ name: account.name, resourceGroup: account.resourceGroup, location: account.location }, elements) },
});

/** Lets the clock run while a poller waits, so long-running operations finish. */
async function withRunningClock<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => (clock += STEP), 5);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

async function failure(promise: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string; details?: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(Error);
  return error as { statusCode?: number; code?: string; message: string };
}

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

beforeAll(async () => {
  emulator = await startAzureEmulator({ port: 0, persist: false, lroStepMs: STEP, now: () => clock });
  cognitive = new CognitiveServicesManagementClient(credential, emulator.subscriptionId, { endpoint: emulator.url });
  resources = new ResourceManagementClient(credential, emulator.subscriptionId, { endpoint: emulator.url });
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.reset();
  clock = Date.parse("2026-11-25T10:00:00Z");
});

describe("1: quota usage names are published in the models list, not derivable from the model name", () => {
  it("lists the usage names of Microsoft's example and the gpt-4.1 family without the hyphen", async () => {
    const models = await all(cognitive.models.list("eastus2"));
    const usageNames = new Set(models.flatMap((m) => (m.model?.skus ?? []).map((s) => s.usageName)));
    for (const name of ["OpenAI.Standard.GPT4o", "OpenAI.Provisioned.GPT4o", "OpenAI.Provisioned.Class1", "AIServices.GlobalStandard.MaaS", "OpenAI.GlobalStandard.gpt4.1", "OpenAI.GlobalStandard.gpt4.1-mini"]) {
      expect(usageNames).toContain(name);
    }
    const gpt41 = models.find((m) => m.kind === "AIServices" && m.model?.name === "gpt-4.1")!;
    expect(gpt41.model!.skus!.find((s) => s.name === "GlobalStandard")!.usageName).toBe("OpenAI.GlobalStandard.gpt4.1");
  });

  it("counts a gpt-4.1 deployment under OpenAI.GlobalStandard.gpt4.1 in the usages list and enforces that pool", async () => {
    const before = (await all(cognitive.usages.list("australiaeast"))).find((u) => u.name?.value === "OpenAI.GlobalStandard.gpt4.1")!;
    await withRunningClock(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "team-41", deployment("gpt-4.1", "2025-04-14", "GlobalStandard", 25), poll));
    const usages = await all(cognitive.usages.list("australiaeast"));
    expect(usages.find((u) => u.name?.value === "OpenAI.GlobalStandard.gpt4.1")!.currentValue).toBe(before.currentValue! + 25);
    expect(usages.some((u) => u.name?.value === "OpenAI.GlobalStandard.gpt-4.1")).toBe(false);
    const err = await failure(
      cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "huge-41", deployment("gpt-4.1", "2025-04-14", "GlobalStandard", before.limit! - 10), poll),
    );
    expect(err.code).toBe("InsufficientQuota");
    // Azure's message ends with the quota's label, not its usage name.
    expect(err.message).toMatch(/for quota Tokens Per Minute \(thousands\) - 4\.1 - GlobalStandard\.$/);
  });
});

describe("2: lifecycle — Deprecating versions, per-SKU retirement dates, Legacy", () => {
  it("refuses a Deprecating version for an account that does not run the model, with ServiceModelDeprecating", async () => {
    const err = await failure(cognitive.deployments.beginCreateOrUpdateAndWait(SWC.resourceGroup, SWC.name, "old-4o", deployment("gpt-4o", "2024-08-06", "GlobalStandard", 5), poll));
    expect(err.code).toBe("ServiceModelDeprecating");
    expect(err.message).toBe("The model 'Format:OpenAI,Name:gpt-4o,Version:2024-08-06' is in deprecating state and cannot be used for new deployments.");
    const ok = await withRunningClock(cognitive.deployments.beginCreateOrUpdateAndWait(EUS2.resourceGroup, EUS2.name, "old-4o", deployment("gpt-4o", "2024-08-06", "GlobalStandard", 5), poll));
    expect(ok.properties?.provisioningState).toBe("Succeeded");
  });

  it("publishes per-SKU deprecation dates that come before the version's, and refuses a SKU once its date has passed", async () => {
    const models = await all(cognitive.models.list("eastus2"));
    const aug = models.find((m) => m.kind === "AIServices" && m.model?.name === "gpt-4o" && m.model.version === "2024-08-06")!.model!;
    expect(aug.lifecycleStatus).toBe("Deprecating");
    const standard = aug.skus!.find((s) => s.name === "Standard")!;
    expect(standard.deprecationDate!.toISOString()).toBe("2026-12-20T00:00:00.000Z");
    expect(aug.deprecation!.inference).toBe("2027-02-15T00:00:00Z");
    clock = Date.parse("2026-12-27T10:00:00Z");
    const err = await failure(cognitive.deployments.beginCreateOrUpdateAndWait(EUS2.resourceGroup, EUS2.name, "std-4o", deployment("gpt-4o", "2024-08-06", "Standard", 5), poll));
    expect(err.code).toBe("ServiceModelDeprecated");
    const global = await withRunningClock(cognitive.deployments.beginCreateOrUpdateAndWait(EUS2.resourceGroup, EUS2.name, "glb-4o", deployment("gpt-4o", "2024-08-06", "GlobalStandard", 5), poll));
    expect(global.properties?.provisioningState).toBe("Succeeded");
  });

  it("lists Legacy versions with their replacement, and still deploys them", async () => {
    const models = await all(cognitive.models.list("australiaeast"));
    const ada = models.find((m) => m.model?.name === "text-embedding-ada-002" && m.model.version === "2")!.model!;
    expect(ada.lifecycleStatus).toBe("Legacy");
    expect(ada.replacementConfig).toMatchObject({ targetModelName: "text-embedding-3-small", targetModelVersion: "1" });
    const ok = await withRunningClock(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "ada", deployment("text-embedding-ada-002", "2", "Standard", 10), poll));
    expect(ok.properties?.provisioningState).toBe("Succeeded");
  });
});

describe("4: conflicts — one change per account, one running template deployment per name", () => {
  it("answers RequestConflict for a change to an account while another of its deployments is being created", async () => {
    const poller = await cognitive.deployments.beginCreateOrUpdate(AUE.resourceGroup, AUE.name, "first", deployment("gpt-4o-mini", "2024-07-18", "GlobalStandard", 5), poll);
    const err = await failure(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "second", deployment("gpt-4o-mini", "2024-07-18", "GlobalStandard", 5), poll));
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe("RequestConflict");
    expect(err.message).toMatch(/^Another operation is being performed on the parent resource '\/subscriptions\/.+\/accounts\/contoso-openai-aue'\. Please try again later\.$/);
    await withRunningClock(poller.pollUntilDone());
  });

  it("answers DeploymentActive for a second deployment of the same name while the first runs", async () => {
    const first = await resources.deployments.beginCreateOrUpdateAtSubscriptionScope("deploy_ai_models", templateDeployment(AUE, seeded(AUE)), poll);
    const err = await failure(resources.deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait("deploy_ai_models", templateDeployment(AUE, seeded(AUE)), poll));
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe("DeploymentActive");
    const done = await withRunningClock(first.pollUntilDone());
    expect(done.properties?.provisioningState).toBe("Succeeded");
  });
});

describe("5 + 6: a parameter file is one template deployment — validated whole, applied one at a time, its failure readable from ARM", () => {
  const mini = (name: string, capacity = 5) => element(name, "gpt-4o-mini", "2024-07-18", "GlobalStandard", capacity);

  it("applies nothing when any element fails preflight, and names that element", async () => {
    const tooBig = element("search-gpt-4o", "gpt-4o", "2024-11-20", "GlobalStandard", 200);
    const elements = [...seeded(AUE).filter((e) => e.name !== "search-gpt-4o"), mini("new-mini"), tooBig];
    const err = await failure(resources.deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait("deploy_ai_models", templateDeployment(AUE, elements), poll));
    expect(err.code).toBe("InvalidTemplateDeployment");
    const tree = (err as unknown as { details: ArmErrorTree }).details;
    const causes = rootCauses({ code: err.code!, message: err.message, details: Array.isArray(tree) ? tree : (tree as { error?: ArmErrorTree })?.error?.details });
    expect(causes.map((c) => [c.code, c.target?.split("/").pop()])).toEqual([["InsufficientQuota", "search-gpt-4o"]]);
    const validate = await failure(resources.deployments.beginValidateAtSubscriptionScopeAndWait("deploy_ai_models", templateDeployment(AUE, elements), poll));
    expect(validate.code).toBe("InvalidTemplateDeployment");
    clock += 60 * STEP;
    const names = (await all(cognitive.deployments.list(AUE.resourceGroup, AUE.name))).map((d) => d.name);
    expect(names).not.toContain("new-mini");
    // Preflight failures are not recorded in the deployment history: it still holds the seeded run (another file).
    const history = await resources.deployments.getAtSubscriptionScope("deploy_ai_models");
    expect(history.properties?.parameters).toMatchObject({ openaiName: { value: EUS2.name } });
  });

  it("applies the account, then each deployment after the previous one ended; a failure stops the rest and is read back with its operations", async () => {
    emulator.failNextDeployment({ deployment: "b", account: AUE.name, code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    const elements = [...seeded(AUE), mini("a"), mini("b"), mini("c")];
    const err = await failure(withRunningClock(resources.deployments.beginCreateOrUpdateAtSubscriptionScopeAndWait("deploy_ai_models", templateDeployment(AUE, elements), poll)));
    // The SDK's poller only says the operation failed; the reason is read from the deployment record.
    expect(err.message).toMatch(/^The long-running operation has failed\. DeploymentFailed\./);
    const record = await resources.deployments.getAtSubscriptionScope("deploy_ai_models");
    expect(record.properties?.provisioningState).toBe("Failed");
    expect(rootCauses(record.properties!.error as ArmErrorTree)).toEqual([{ code: "ModelDeploymentFailed", message: "Capacity could not be allocated." }]);
    const top = await all(resources.deploymentOperations.listAtSubscriptionScope("deploy_ai_models"));
    expect(top.map((o) => [o.properties?.targetResource?.resourceType, o.properties?.targetResource?.resourceName, o.properties?.provisioningState])).toEqual([
      ["Microsoft.Resources/deployments", `ai-models-${AUE.name}`, "Failed"],
    ]);
    const nested: DeploymentOperation[] = await all(resources.deploymentOperations.list(AUE.resourceGroup, `ai-models-${AUE.name}`));
    expect(nested.map((o) => [o.properties?.targetResource?.resourceName, o.properties?.provisioningState])).toEqual([
      [AUE.name, "Succeeded"],
      ...AUE.deployments.map((d) => [`${AUE.name}/${d.name}`, "Succeeded"]),
      [`${AUE.name}/a`, "Succeeded"],
      [`${AUE.name}/b`, "Failed"],
    ]);
    const failed = nested.find((o) => o.properties?.provisioningState === "Failed")!;
    expect(failed.properties?.statusMessage?.error).toMatchObject({ code: "ResourceDeploymentFailure", details: [{ code: "ModelDeploymentFailed" }] });
    // One at a time: each operation starts when the one before has ended.
    for (let i = 1; i < nested.length; i++) {
      const started = nested[i].properties!.timestamp!.getTime() - durationMs(nested[i].properties!.duration!);
      expect(started).toBeGreaterThanOrEqual(nested[i - 1].properties!.timestamp!.getTime());
    }
    expect((await all(cognitive.deployments.list(AUE.resourceGroup, AUE.name))).map((d) => d.name)).not.toContain("c");
  });

  it("reports an apply-time RequestConflict when someone else changes the account mid-file", async () => {
    const poller = await resources.deployments.beginCreateOrUpdateAtSubscriptionScope("deploy_ai_models", templateDeployment(AUE, [...seeded(AUE), mini("mine")]), poll);
    // While the template deployment runs, a change outside it (another pipeline, the portal) starts on the account.
    clock += 100;
    const outside = await failure(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "outside", deployment("gpt-4o-mini", "2024-07-18", "GlobalStandard", 5), poll));
    expect(outside.code).toBe("RequestConflict");
    const done = await withRunningClock(poller.pollUntilDone());
    expect(done.properties?.provisioningState).toBe("Succeeded");
  });
});

function durationMs(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
  return m ? ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 : 0;
}

describe("8: the models list is untidy, as Azure's is", () => {
  it("repeats OpenAI models per account kind, lists partner models with AIServices quotas, and SKUs without minimum or step", async () => {
    const models = await all(cognitive.models.list("eastus2"));
    expect(models.filter((m) => m.model?.name === "gpt-4o-mini").map((m) => m.kind).sort()).toEqual(["AIServices", "OpenAI"]);
    const llama = models.find((m) => m.model?.format === "Meta")!;
    expect(llama.kind).toBe("AIServices");
    expect(llama.model!.skus![0]).toMatchObject({ name: "GlobalStandard", usageName: "AIServices.GlobalStandard.MaaS", capacity: { maximum: 1, default: 1 } });
    expect(llama.model!.skus![0].capacity!.minimum).toBeUndefined();
    const small = models.find((m) => m.model?.name === "text-embedding-3-small")!.model!.skus!.find((s) => s.name === "Standard")!;
    expect(small.capacity).toEqual({ maximum: 1000, default: 120 });
  });
});

describe("9: limited-access models", () => {
  it("answers SpecialFeatureOrQuotaIdRequired until the subscription is granted access", async () => {
    const err = await failure(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "o3", deployment("o3", "2025-04-16", "GlobalStandard", 5), poll));
    expect(err.code).toBe("SpecialFeatureOrQuotaIdRequired");
    expect(err.message).toBe("The current subscription does not have access to this model 'Format:OpenAI,Name:o3,Version:2025-04-16'.");
    const preflight = await failure(resources.deployments.beginValidateAtSubscriptionScopeAndWait("deploy_ai_models", templateDeployment(AUE, [...seeded(AUE), element("o3", "o3", "2025-04-16", "GlobalStandard", 5)]), poll));
    expect(preflight.code).toBe("InvalidTemplateDeployment");
    emulator.configure({ limitedAccessGranted: true });
    const ok = await withRunningClock(cognitive.deployments.beginCreateOrUpdateAndWait(AUE.resourceGroup, AUE.name, "o3", deployment("o3", "2025-04-16", "GlobalStandard", 5), poll));
    expect(ok.properties?.provisioningState).toBe("Succeeded");
  });
});

describe("10: unsupported api-versions are ARM errors", () => {
  it("answers NoRegisteredProviderFound for a version Microsoft.CognitiveServices has not registered", async () => {
    const old = new CognitiveServicesManagementClient(credential, emulator.subscriptionId, { endpoint: emulator.url, apiVersion: "2099-01-01" });
    const err = await failure(old.deployments.get(AUE.resourceGroup, AUE.name, "search-gpt-4o"));
    expect(err.code).toBe("NoRegisteredProviderFound");
    expect(err.message).toMatch(/^No registered resource provider found for location 'australiaeast' and API version '2099-01-01' for type 'accounts\/deployments'\. The supported api-versions are '.*2025-09-01'\./);
  });

  it("answers InvalidApiVersionParameter for a Microsoft.Resources version ARM does not serve", async () => {
    const old = new ResourceManagementClient(credential, emulator.subscriptionId, { endpoint: emulator.url, apiVersion: "2099-01-01" });
    const err = await failure(all(old.deployments.listAtSubscriptionScope()));
    expect(err.code).toBe("InvalidApiVersionParameter");
  });
});
