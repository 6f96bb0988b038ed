/**
 * Why a merged request's deploy failed, read from Azure after a real merge and deploy run (both emulators and
 * PGlite): the request's own deployment refused, ANOTHER deployment in the same file failing it, a file Azure
 * refuses whole (limited access), a forecast on a pending request, and a conflict with a concurrent run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { getMergeForecast } from "@/lib/read-models";
import { recordMerge, submitRequest, SYSTEM_ACTOR, type DomainDeps } from "@/lib/requests";
import { SEED_ACCOUNTS, submitTemplateDeployment, type AzureEmulator, type GitHubEmulator } from "@/test/emulators";
import type { TestDatabase } from "@/test/test-db";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { runSyncPass } from "./sync-pass";

const AUE = SEED_ACCOUNTS[0];

let t: TestDatabase;
let azure: AzureEmulator;
let github: GitHubEmulator;
let deps: DomainDeps;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({ lroStepMs: 40, azurePollMs: 10, azureMaxRetries: 1 });
  ({ t, azure, github, deps } = world);
}, 120_000);

afterAll(async () => world?.close());

/** Polls until `ready()` holds (within 30 s). */
async function until(ready: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the other run to start");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let seq = 0;
/** Submits through lib/requests and opens the PR; returns the request once it awaits approval. */
async function pendingRequest(overrides: Record<string, unknown>) {
  const { requestId } = await submitRequest(deps, t.users.priya, {
    action: "create",
    account: AUE.name,
    teamId: t.users.priya.teams[0].id,
    deploymentName: `search-fail-${++seq}`,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 2,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `fail-${seq}-${Math.random().toString(36).slice(2, 10)}`,
    ...overrides,
  });
  const runner = new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} });
  await runner.drain();
  await github.idle();
  const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
  expect(r.status).toBe("awaiting_approval");
  return r;
}

/** Approves and merges as an approver, then waits for the deploy run and lets the reconciler settle it. */
async function mergeAndSettle(r: { id: string; prNumber: number | null }, beforeMerge?: () => Promise<unknown>) {
  await github.submitReviewAs("alex-kim", r.prNumber!, "APPROVE");
  await t.db.prisma.request.update({ where: { id: r.id }, data: { decidedAt: new Date() } });
  const pending = beforeMerge?.();
  const sha = await github.mergeAs("alex-kim", r.prNumber!);
  await recordMerge(t.db.prisma, { requestId: r.id, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
  await github.idle();
  await pending;
  await runSyncPass(deps);
  const done = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: { orderBy: { id: "asc" } } } });
  return { request: done, failure: (done.events.at(-1)?.data as { azure?: Record<string, unknown> } | null)?.azure };
}

describe("a failed deploy, explained from Azure", () => {
  it("reads the request's own refusal from the deployment's operations", async () => {
    const r = await pendingRequest({});
    azure.failNextDeployment({ deployment: r.deploymentName, account: AUE.name, code: "ModelDeploymentFailed", message: "Capacity could not be allocated." });
    const { request, failure } = await mergeAndSettle(r);
    expect(request.status).toBe("failed");
    expect(failure).toMatchObject({ cause: "this-deployment", source: "deployment", code: "ModelDeploymentFailed", deployment: r.deploymentName, armDeploymentName: "deploy_ai_models" });
    expect(request.lastError).toMatch(new RegExp(`^Azure refused ${r.deploymentName}: ModelDeploymentFailed: Capacity could not be allocated\\..*Next step:`));
  }, 90_000);

  it("names ANOTHER deployment of the same file that failed the run", async () => {
    const r = await pendingRequest({});
    // An element before the request's in the file fails when the deploy re-applies it.
    azure.failNextDeployment({ deployment: "search-gpt-4o", account: AUE.name, code: "InternalServerError", message: "An internal error occurred." });
    const { request, failure } = await mergeAndSettle(r);
    expect(request.status).toBe("failed");
    expect(failure).toMatchObject({ cause: "other-deployment", deployment: "search-gpt-4o", code: "InternalServerError" });
    expect(request.lastError).toMatch(/^The deploy failed because of another deployment in the same file: search-gpt-4o \(InternalServerError/);
  }, 90_000);

  it("explains a file Azure refuses whole (a limited-access model): nothing applied, the next merge forecast and failed because of it", async () => {
    const o3 = await pendingRequest({ modelName: "o3", modelVersion: "2025-04-16", deploymentName: "search-o3" });
    const first = await mergeAndSettle(o3);
    expect(first.request.status).toBe("failed");
    expect(first.failure).toMatchObject({ cause: "this-deployment", source: "validation", code: "SpecialFeatureOrQuotaIdRequired", deployment: "search-o3" });
    expect(first.request.lastError).toMatch(/Nothing of the file was applied\..*o3 is a limited-access model/);
    expect(azure.snapshot().deployments.some((d) => d.name === "search-o3")).toBe(false);

    const next = await pendingRequest({});
    const forecast = await getMergeForecast(deps, next);
    expect(forecast).toMatchObject({ cause: "other-deployment", deployment: "search-o3" });
    expect(forecast!.summary).toMatch(/^A merge would fail because of another deployment in the same file: search-o3/);
    const second = await mergeAndSettle(next);
    expect(second.failure).toMatchObject({ cause: "other-deployment", source: "validation", deployment: "search-o3" });
  }, 120_000);

  it("calls a collision with another run of the workflow a conflict, with a next step", async () => {
    azure.configure({ limitedAccessGranted: true }); // the o3 element left by the test above now deploys
    const r = await pendingRequest({});
    // Long enough to still run when the merge's run reaches ARM, even on a loaded machine: the file's deployments
    // plus a large batch of new ones, applied one at a time.
    const extra = Array.from({ length: 200 }, (_, i) => ({ name: `other-run-${i}`, model: { format: "OpenAI", name: "text-embedding-3-large", version: "1" }, sku: { name: "Standard", capacity: 1 } }));
    const elements = [...AUE.deployments.map((d) => ({ name: d.name, model: { ...d.model }, sku: { ...d.sku } })), ...extra];
    // Another run of deploy_ai_models (for the same file) is already running when this merge's run reaches ARM:
    // the merge waits until Azure shows that run active, so the order never depends on timing.
    let otherRun: Promise<unknown> | undefined;
    const other = async () => {
      otherRun = submitTemplateDeployment({ url: azure.url, subscriptionId: azure.subscriptionId }, { account: { name: AUE.name, resourceGroup: AUE.resourceGroup, location: AUE.location }, elements }, { pollMs: 10, timeoutMs: 90_000, log: () => {} });
      await until(() => azure.snapshot().armDeployments.some((d) => d.scope === "subscription" && d.name === "deploy_ai_models" && (d.provisioningState === "Accepted" || d.provisioningState === "Running")));
    };
    await other();
    const { request, failure } = await mergeAndSettle(r, () => otherRun!);
    expect(request.status).toBe("failed");
    expect(failure, `${request.lastError} ${JSON.stringify(request.events.map((e) => [e.type, e.data]))}`).toMatchObject({ cause: "conflict", code: "DeploymentActive" });
    expect(request.lastError).toMatch(/The deploy failed on a conflict: another run of the deploy workflow \(deploy_ai_models\) was still going.*Next step: Re-run the deploy workflow/);
  }, 180_000);
});
