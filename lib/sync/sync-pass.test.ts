/**
 * The reconciler against the in-process GitHub and Azure emulators and PGlite: inventory (in sync, drift,
 * not in repository), request transitions after a real merge and deploy run (succeeded, failed as Azure reports
 * it, decommission in Incremental mode), snapshots only on change, fail-soft when Azure or GitHub is down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { recordMerge, submitRequest, SYSTEM_ACTOR, type DomainDeps } from "@/lib/requests";
import { type AzureEmulator, type GitHubEmulator } from "@/test/emulators";
import type { TestDatabase } from "@/test/test-db";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { listRetirements, readInventoryRow, readInventoryRows } from "./inventory-store";
import { runSyncPass } from "./sync-pass";

const AUE = "contoso-openai-aue";
const TODAY = Date.parse("2026-11-25T12:00:00Z");
// The emulator's clock also drives provisioning states, so it must move: pinned to today, then ticking.
const STARTED = Date.now();

let t: TestDatabase;
let azure: AzureEmulator;
let github: GitHubEmulator;
let deps: DomainDeps;
let world: TestWorld;

beforeAll(async () => {
  world = await startTestWorld({
    azureNow: () => TODAY + (Date.now() - STARTED),
    now: () => new Date(TODAY),
    lroStepMs: 10,
    azurePollMs: 10,
    azureMaxRetries: 1,
  });
  ({ t, azure, github, deps } = world);
}, 120_000);

afterAll(async () => world?.close());

async function adminAzure(pathname: string, body: unknown) {
  const res = await fetch(`${azure.url}${pathname}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok, await res.clone().text()).toBe(true);
}

let seq = 0;
/** Submits through lib/requests, opens the PR, merges it as an approver and waits for the deploy run. */
async function mergedRequest(overrides: Record<string, unknown>, requester: "priya" | "marcus" = "priya") {
  const { requestId } = await submitRequest(deps, t.users[requester], {
    action: "create",
    account: AUE,
    teamId: t.users[requester].teams[0].id,
    deploymentName: `search-mini-${++seq}`,
    modelName: "gpt-4o-mini",
    modelVersion: "2024-07-18",
    skuName: "GlobalStandard",
    capacity: 2,
    justification: "Needed for the search relevance experiments.",
    submissionKey: `sync-${seq}-${Math.random().toString(36).slice(2, 10)}`,
    ...overrides,
  });
  const runner = new JobRunner(t.db.prisma, { handlers: createJobHandlers(async () => deps), backoff: () => 5, log: () => {} });
  await runner.drain();
  const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
  expect(r.status).toBe("awaiting_approval");
  await github.idle();
  await github.submitReviewAs("alex-kim", r.prNumber!, "APPROVE");
  const sha = await github.mergeAs("alex-kim", r.prNumber!);
  await recordMerge(t.db.prisma, { requestId, mergeCommitSha: sha, actor: SYSTEM_ACTOR });
  await github.idle();
  return requestId;
}

async function timeline(id: string) {
  return t.db.prisma.requestEvent.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
}

describe("inventory", () => {
  it("starts in sync, snapshots every deployment once, then nothing while nothing changes", async () => {
    const first = await runSyncPass(deps);
    expect(first.status).toMatchObject({ ok: true, errors: [] });
    const aue = first.inventory.rows.filter((r) => r.account === AUE);
    expect(aue.map((r) => [r.name, r.status, r.team])).toEqual([
      ["search-embedding-large", "in_sync", "Search"],
      ["search-gpt-4o", "in_sync", "Search"],
      ["support-gpt-35-turbo", "in_sync", "Support"],
      ["support-gpt-4o-mini", "in_sync", "Support"],
    ]);
    expect(first.snapshotsWritten).toBe(first.inventory.rows.length);
    expect(first.quotaSnapshotsWritten).toBeGreaterThan(0);
    expect(first.inventoryRowsWritten).toBe(first.inventory.rows.length);
    expect(await readInventoryRows(t.db.prisma)).toEqual(first.inventory.rows);
    const second = await runSyncPass(deps);
    expect(second.snapshotsWritten).toBe(0);
    expect(second.quotaSnapshotsWritten).toBe(0);
    // Nothing changed, so no inventory row is rewritten.
    expect(second.inventoryRowsWritten).toBe(0);
  });

  it("shows a capacity changed by hand as drift and a deployment made only in Azure as not in the repository", async () => {
    await adminAzure(`/_emulator/accounts/${AUE}/deployments/search-gpt-4o`, { capacity: 140 });
    await deps.azure.createOrUpdateDeployment(
      { resourceGroup: "contoso-openai-rg", name: AUE },
      { name: "handmade-mini", model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }, sku: { name: "GlobalStandard", capacity: 1 } },
    );
    const pass = await runSyncPass(deps);
    const row = (name: string) => pass.inventory.rows.find((r) => r.account === AUE && r.name === name)!;
    expect(row("search-gpt-4o")).toMatchObject({ status: "drift", differences: ["capacity 150 → 140"], team: "Search" });
    expect(row("handmade-mini")).toMatchObject({ status: "unmanaged", desired: null, actual: { capacity: 1, provisioningState: "Succeeded" } });
    expect(pass.snapshotsWritten).toBe(2);
    expect(pass.inventoryRowsWritten).toBe(2);
    expect(await readInventoryRow(t.db.prisma, AUE, "search-gpt-4o")).toMatchObject({ status: "drift", differences: ["capacity 150 → 140"] });
    const history = await t.db.prisma.deploymentSnapshot.findMany({ where: { accountName: AUE, deploymentName: "search-gpt-4o" }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.capacity)).toEqual([150, 140]);
    await adminAzure(`/_emulator/accounts/${AUE}/deployments/search-gpt-4o`, { capacity: 150 });
  });

  it("lists deployments that retire within the window — on their deployment type's date when it comes first — with Azure's replacement", async () => {
    const pass = await runSyncPass(deps);
    const turbo = pass.inventory.retirements.find((r) => r.deployment === "support-gpt-35-turbo");
    // gpt-35-turbo 0125 retires on 2027-02-01, its Standard deployments on 2027-01-05.
    expect(turbo).toMatchObject({ account: AUE, modelName: "gpt-35-turbo", modelVersion: "0125", retiresOn: "2027-01-05T00:00:00.000Z", retiresBeforeVersion: true, replacement: { modelName: "gpt-4.1-mini", modelVersion: "2025-04-14" } });
    expect(turbo!.daysLeft).toBe(40);
    expect(pass.inventory.retirements.every((r) => r.daysLeft <= 90)).toBe(true);
    // The radar as pages read it, from the table.
    expect(await listRetirements(t.db.prisma, new Date(TODAY), 90)).toEqual(pass.inventory.retirements);
  });
});

describe("cost of a pass", () => {
  it("reads each region's models list once an hour, not every pass, and the radar says when it was read", async () => {
    let reads = 0;
    const azureCounted = new Proxy(deps.azure, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (prop === "listModels") reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const counted = { ...deps, azure: azureCounted };
    const first = await runSyncPass(counted);
    const regions = reads;
    expect(regions).toBeGreaterThan(0);
    expect(first.inventory.retirementsAsOf).toBe(new Date(TODAY).toISOString());
    const later = await runSyncPass({ ...counted, now: () => new Date(TODAY + 30 * 60_000) });
    expect(reads).toBe(regions);
    expect(later.inventory.retirementsAsOf).toBe(new Date(TODAY).toISOString());
    expect(later.inventory.retirements).toEqual(first.inventory.retirements);
    const hourLater = await runSyncPass({ ...counted, now: () => new Date(TODAY + 61 * 60_000) });
    expect(reads).toBe(2 * regions);
    expect(hourLater.inventory.retirementsAsOf).toBe(new Date(TODAY + 61 * 60_000).toISOString());
  }, 60_000);
});

describe("requests", () => {
  it("moves a merged request to succeeded once Azure has it as requested", async () => {
    const id = await mergedRequest({ capacity: 2 });
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id } })).status).toBe("deploying");
    const pass = await runSyncPass(deps);
    expect(pass.moved[id]).toBe("succeeded");
    const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(r.status).toBe("succeeded");
    expect((await timeline(id)).at(-1)).toMatchObject({ type: "deploy_succeeded", toStatus: "succeeded", actorName: "ModelGate" });
    expect(pass.inventory.rows.find((x) => x.name === r.deploymentName)).toMatchObject({ status: "in_sync", team: "Search" });
  }, 60_000);

  it("fails a request whose deployment Azure fails, saying so and linking the deploy run (check runs carry no reason)", async () => {
    const name = `search-mini-${seq + 1}`;
    azure.failNextDeployment({ deployment: name, code: "InsufficientQuota", message: "This operation require 2 new capacity in quota Tokens Per Minute (thousands) - gpt-4o-mini, which is bigger than the current available capacity 0." });
    const id = await mergedRequest({ deploymentName: name });
    const pass = await runSyncPass(deps);
    expect(pass.inventory.rows.find((x) => x.name === name)).toMatchObject({ status: "failed", desired: { capacity: 2 } });
    const r = await t.db.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(r.status).toBe("failed");
    const last = (await timeline(id)).at(-1)!;
    expect(last).toMatchObject({ type: "deploy_failed", toStatus: "failed" });
    // Actions writes no reason on a failed job's check run; why it failed is Azure's to say (the template
    // deployment's failed operation), followed by how the run ended and its link.
    expect(last.message).toMatch(new RegExp(`^Azure refused ${name}: InsufficientQuota: This operation require 2 new capacity.*Next step: .* The deploy workflow run failed: http`));
    expect(last.data).toMatchObject({ conclusion: "failure", azure: { cause: "this-deployment", code: "InsufficientQuota", deployment: name } });
    expect(r.lastError).toBe(last.message);

    // The next deploy of the file (another request's merge) applies it after all: the request follows Azure.
    const next = await mergedRequest({ capacity: 1 });
    const later = await runSyncPass(deps);
    expect(later.moved[next]).toBe("succeeded");
    expect(later.moved[id]).toBe("succeeded");
    expect((await timeline(id)).at(-1)).toMatchObject({ type: "applied_later", toStatus: "succeeded" });
    expect((await timeline(id)).at(-1)!.message).toMatch(/^A later deploy applied it: Azure now runs/);
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id } })).lastError).toBeNull();
  }, 90_000);

  it("keeps a decommission waiting for deletion while Azure still runs it (Incremental deploys), and succeeds once it's gone", async () => {
    const id = await mergedRequest({ action: "decommission", deploymentName: "support-gpt-35-turbo", modelName: undefined, modelVersion: undefined, skuName: undefined, capacity: undefined }, "marcus");
    const pass = await runSyncPass(deps);
    expect(pass.moved[id]).toBe("awaiting_deletion");
    const last = (await timeline(id)).at(-1)!;
    expect(last.type).toBe("decommission_still_in_azure");
    expect(last.message).toMatch(/Merged, still in Azure.*Incremental/);
    // Not an orphan of an unknown team: the row names the removal in flight and its team.
    expect(pass.inventory.rows.find((x) => x.name === "support-gpt-35-turbo")).toMatchObject({ status: "unmanaged", team: "Support", pendingRequest: { id, status: "awaiting_deletion" } });
    expect((await runSyncPass(deps)).moved[id]).toBeUndefined();
    // Deleted in Azure by someone else (the portal, the CLI): the next pass sees it gone.
    await deps.azure.deleteDeployment({ resourceGroup: "contoso-openai-rg", name: AUE }, "support-gpt-35-turbo");
    const after = await runSyncPass(deps);
    expect(after.moved[id]).toBe("succeeded");
    expect((await timeline(id)).at(-1)).toMatchObject({ type: "deleted_in_azure", toStatus: "succeeded" });

    github.setDeleteOnUnmanage(true);
    try {
      const gone = await mergedRequest({ action: "decommission", deploymentName: "search-embedding-large", modelName: undefined, modelVersion: undefined, skuName: undefined, capacity: undefined });
      const p2 = await runSyncPass(deps);
      expect(p2.moved[gone]).toBe("succeeded");
      expect((await timeline(gone)).at(-1)).toMatchObject({ type: "deploy_succeeded" });
      expect(p2.inventory.rows.find((x) => x.name === "search-embedding-large")).toBeUndefined();
      const snaps = await t.db.prisma.deploymentSnapshot.findMany({ where: { deploymentName: "search-embedding-large" }, orderBy: { id: "asc" } });
      expect(snaps.at(-1)!.provisioningState).toBe("Deleted");
    } finally {
      github.setDeleteOnUnmanage(false);
    }
  }, 90_000);
});

describe("fail soft", () => {
  it("keeps the last known state when Azure is down, says so, and catches up when it is back", async () => {
    const ok = await runSyncPass(deps);
    expect(ok.status.ok).toBe(true);
    const id = await mergedRequest({ capacity: 1 });
    azure.configure({ errorRate: 1 });
    let down;
    try {
      down = await runSyncPass({ ...deps, now: () => new Date(TODAY + 60_000) });
    } finally {
      azure.configure({ errorRate: 0 });
    }
    expect(down.status.ok).toBe(false);
    expect(down.status.lastSuccessAt).toBe(ok.status.lastSuccessAt);
    expect(down.status.errors.some((e) => e.source === "azure" && e.account === AUE)).toBe(true);
    expect(down.inventory.accounts.find((a) => a.name === AUE)).toMatchObject({ actualAsOf: ok.status.lastSuccessAt });
    expect(down.inventory.rows.find((r) => r.name === "search-gpt-4o")?.actual).toMatchObject({ capacity: 150 });
    expect(down.snapshotsWritten).toBe(0);
    expect(down.inventory.retirements.map((r) => r.deployment)).toEqual(ok.inventory.retirements.map((r) => r.deployment));
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id } })).status).toBe("deploying");

    const back = await runSyncPass({ ...deps, now: () => new Date(TODAY + 120_000) });
    expect(back.status).toMatchObject({ ok: true, lastSuccessAt: new Date(TODAY + 120_000).toISOString() });
    expect((await t.db.prisma.request.findUniqueOrThrow({ where: { id } })).status).toBe("succeeded");
  }, 90_000);

  it("keeps the desired state when GitHub is down", async () => {
    github.setFaults({ errorRate: 1 });
    let pass;
    try {
      pass = await runSyncPass(deps);
    } finally {
      github.setFaults({});
    }
    expect(pass.status.ok).toBe(false);
    expect(pass.status.errors[0]).toMatchObject({ source: "github" });
    expect(pass.inventory.rows.find((r) => r.name === "search-gpt-4o")).toMatchObject({ status: "in_sync", desired: { capacity: 150 } });
  }, 60_000);
});
