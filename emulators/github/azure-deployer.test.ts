/**
 * The deploy job's side of Azure: one template deployment per parameter file, and what it reports back for
 * each way ARM can end it (success, preflight refusal, a failed resource, a refused request).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAzureEmulator, type AzureEmulator } from "../azure/server";
import { SEED_ACCOUNTS } from "../seed/world";
import { ARM_DEPLOYMENT_NAME, armRequest, submitTemplateDeployment, type AzureTarget } from "./azure-deployer";
import type { DeploymentElementInput } from "./validate-param-files";

const AUE = SEED_ACCOUNTS[0];
const account = { name: AUE.name, resourceGroup: AUE.resourceGroup, location: AUE.location };
const opts = { pollMs: 5, timeoutMs: 10_000, log: () => {} };
let azure: AzureEmulator;
let target: AzureTarget;

const seeded = (): DeploymentElementInput[] => AUE.deployments.map((d) => ({ name: d.name, model: { ...d.model }, sku: { ...d.sku } }));
const mini = (name: string, capacity = 5): DeploymentElementInput => ({ name, model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }, sku: { name: "GlobalStandard", capacity } });

beforeAll(async () => {
  azure = await startAzureEmulator({ port: 0, persist: false, lroStepMs: 0 });
  target = { url: azure.url, subscriptionId: azure.subscriptionId };
});
afterAll(async () => {
  await azure?.close();
});
beforeEach(() => azure.reset());

describe("submitTemplateDeployment", () => {
  it("submits the whole file as one Incremental deployment named deploy_ai_models and waits for it", async () => {
    const outcome = await submitTemplateDeployment(target, { account, elements: [...seeded(), mini("new-one")] }, opts);
    expect(outcome).toEqual({ ok: true, provisioningState: "Succeeded" });
    const record = await armRequest(target, "GET", `/subscriptions/${azure.subscriptionId}/providers/Microsoft.Resources/deployments/${ARM_DEPLOYMENT_NAME}?api-version=2025-04-01`, undefined);
    expect(record.body).toMatchObject({ location: "australiaeast", properties: { mode: "Incremental", provisioningState: "Succeeded", parameters: { openaiName: { value: AUE.name } } } });
    expect(azure.snapshot().deployments.some((d) => d.name === "new-one" && d.provisioningState === "Succeeded")).toBe(true);
  });

  it("reports a preflight refusal as the validation stage, naming the element, with nothing applied", async () => {
    const outcome = await submitTemplateDeployment(target, { account, elements: [...seeded(), mini("fits"), mini("too-big", 100)] }, opts);
    expect(outcome).toMatchObject({ ok: false, stage: "validation", code: "InsufficientQuota", failedDeployments: ["too-big"], error: { code: "InvalidTemplateDeployment" } });
    expect(azure.snapshot().deployments.some((d) => d.name === "fits")).toBe(false);
  });

  it("reports a failed resource as the deployment stage, naming it from the deployment's operations", async () => {
    azure.failNextDeployment({ deployment: "second", account: AUE.name, code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    const outcome = await submitTemplateDeployment(target, { account, elements: [...seeded(), mini("first"), mini("second"), mini("third")] }, opts);
    expect(outcome).toMatchObject({ ok: false, stage: "deployment", provisioningState: "Failed", code: "ModelDeploymentFailed", failedDeployments: ["second"], error: { code: "DeploymentFailed" } });
    const names = azure.snapshot().deployments.map((d) => d.name);
    expect(names).toContain("first");
    expect(names).not.toContain("third");
  });

  it("reports DeploymentActive when another run of the same name is still going", async () => {
    const slow = await startAzureEmulator({ port: 0, persist: false, lroStepMs: 60_000 });
    try {
      const slowTarget = { url: slow.url, subscriptionId: slow.subscriptionId };
      const first = submitTemplateDeployment(slowTarget, { account, elements: [...seeded(), mini("a")] }, { ...opts, timeoutMs: 200 });
      await new Promise((r) => setTimeout(r, 50));
      const second = await submitTemplateDeployment(slowTarget, { account, elements: [...seeded(), mini("b")] }, opts);
      expect(second).toMatchObject({ ok: false, stage: "submission", code: "DeploymentActive" });
      expect(await first).toMatchObject({ ok: false, code: "DeploymentTimedOut" });
    } finally {
      await slow.close();
    }
  });
});
