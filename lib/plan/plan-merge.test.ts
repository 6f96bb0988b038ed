/** The plan of a merge on the seeded cases: what the deploy does with the whole file against Azure now. */
import { describe, expect, it } from "vitest";
import { mergeFileDeployments } from "./merge-files";
import { planMerge } from "./plan-merge";
import type { AzureDeploymentState, PlanDeployment, PlanInput, PlanModel } from "./types";
import { describeChange, describeLifecycle, describePool, describeUnrelated, summaryLine } from "./words";

const NOW = new Date("2026-11-29T12:00:00Z");

const gpt41 = (name: string, capacity: number, extra: Partial<PlanDeployment> = {}): PlanDeployment => ({
  name,
  model: { format: "OpenAI", name: "gpt-4.1", version: "2025-04-14" },
  sku: { name: "DataZoneStandard", capacity },
  ...extra,
});
const o4mini = (name: string, capacity: number): PlanDeployment => ({ name, model: { format: "OpenAI", name: "o4-mini", version: "2025-04-16" }, sku: { name: "GlobalStandard", capacity } });
const inAzure = (d: PlanDeployment, extra: Partial<AzureDeploymentState> = {}): AzureDeploymentState => ({ ...d, provisioningState: "Succeeded", ...extra });

// As Azure publishes them: usage names don't follow the model name (gpt-4.1 → gpt4.1).
const MODELS: PlanModel[] = [
  {
    name: "gpt-4.1",
    format: "OpenAI",
    versions: [{ version: "2025-04-14", lifecycleStatus: "GenerallyAvailable", deprecation: { inference: "2027-10-14T00:00:00Z" }, skus: [{ name: "DataZoneStandard", usageName: "OpenAI.DataZoneStandard.gpt4.1" }, { name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt4.1" }] }],
  },
  {
    name: "o4-mini",
    format: "OpenAI",
    versions: [{ version: "2025-04-16", deprecation: { inference: "2027-04-16T00:00:00Z" }, skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.o4-mini" }] }],
  },
  {
    name: "gpt-4o",
    format: "OpenAI",
    versions: [
      { version: "2024-11-20", deprecation: { inference: "2027-06-01T00:00:00Z" }, skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o" }] },
      // Retiring within the radar window, with a replacement.
      { version: "2024-08-06", lifecycleStatus: "Deprecating", deprecation: { inference: "2026-12-29T00:00:00Z" }, replacement: { modelName: "gpt-4o", modelVersion: "2024-11-20" }, skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o" }, { name: "Standard", usageName: "OpenAI.Standard.gpt-4o", deprecationDate: "2026-12-10T00:00:00Z" }] },
      { version: "2024-05-13", deprecation: { inference: "2026-06-30T00:00:00Z" }, skus: [{ name: "GlobalStandard", usageName: "OpenAI.GlobalStandard.gpt-4o" }] },
    ],
  },
];

const SEEDED = [gpt41("search-gpt-41", 100), o4mini("support-o4-mini", 50)];

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    account: "contoso-openai-swc",
    location: "swedencentral",
    requested: [],
    before: SEEDED,
    after: SEEDED,
    azure: { readAt: "2026-11-29T11:58:00Z", deployments: SEEDED.map((d) => inAzure(d)) },
    usages: [
      { name: "OpenAI.DataZoneStandard.gpt4.1", current: 100, limit: 300, unit: "Count" },
      { name: "OpenAI.GlobalStandard.o4-mini", current: 50, limit: 200, unit: "Count" },
      { name: "OpenAI.GlobalStandard.gpt-4o", current: 0, limit: 100, unit: "Count" },
    ],
    models: MODELS,
    unmanaged: "keep",
    retirementWindowDays: 90,
    now: NOW,
    ...over,
  };
}

describe("planMerge", () => {
  it("create: the request's new deployment, everything else unchanged, quota fits", () => {
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 10)] }));
    expect(plan.changes.map((c) => [c.name, c.action, c.requested, c.unrelated])).toEqual([
      ["search-new", "create", true, false],
      ["search-gpt-41", "no-change", false, false],
      ["support-o4-mini", "no-change", false, false],
    ]);
    expect(plan.quota).toEqual([expect.objectContaining({ usageName: "OpenAI.DataZoneStandard.gpt4.1", needs: 10, usedNow: 100, free: 200, usedAfter: 110, fits: true })]);
    expect(summaryLine(plan)).toBe("1 create, quota fits");
    expect(plan.needsConfirmation).toEqual([]);
    expect(plan.azureReadAt).toBe("2026-11-29T11:58:00Z");
  });

  it("modify: each field that changes, from Azure's value to the file's", () => {
    const after = [gpt41("search-gpt-41", 120, { versionUpgradeOption: "NoAutoUpgrade", raiPolicyName: "strict" }), SEEDED[1]];
    const plan = planMerge(input({ requested: ["SEARCH-gpt-41"], after }));
    const c = plan.changes[0];
    expect(c).toMatchObject({ name: "search-gpt-41", action: "modify", requested: true, unrelated: false });
    expect(c.fields).toEqual([
      { field: "capacity", from: 100, to: 120 },
      { field: "versionUpgradeOption", from: null, to: "NoAutoUpgrade" },
      { field: "raiPolicyName", from: null, to: "strict" },
    ]);
    expect(describeChange(c)).toBe("search-gpt-41: capacity 100 → 120, upgrade option (not set) → NoAutoUpgrade, content filter (not set) → strict");
    expect(summaryLine(plan)).toBe("1 modify, quota fits");
  });

  it("drift revert: a capacity changed by hand in Azure is set back, called out first and needing confirmation", () => {
    const azure = [inAzure(gpt41("search-gpt-41", 90), { lastModifiedAt: "2026-11-28T09:15:00Z", lastModifiedBy: "ops@contoso.com" }), inAzure(SEEDED[1])];
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 10)], azure: { readAt: "2026-11-29T11:58:00Z", deployments: azure }, usages: [{ name: "OpenAI.DataZoneStandard.gpt4.1", current: 90, limit: 300 }, { name: "OpenAI.GlobalStandard.o4-mini", current: 50, limit: 200 }] }));
    const first = plan.changes[0];
    expect(first).toMatchObject({ name: "search-gpt-41", action: "modify", unrelated: true, reason: "drift", changedInAzureAt: "2026-11-28T09:15:00Z" });
    expect(first.fields).toEqual([{ field: "capacity", from: 90, to: 100 }]);
    expect(describeUnrelated(first)).toBe("set search-gpt-41's capacity back from 90 to 100 (changed by hand in Azure on 2026-11-28 09:15 UTC by ops@contoso.com)");
    expect(summaryLine(plan)).toBe("1 create, 1 unrelated change, quota fits");
    expect(plan.needsConfirmation).toEqual(["unrelated-changes"]);
    // The drift's +10 and the request's +10 both count against the pool.
    expect(plan.quota[0]).toMatchObject({ needs: 20, usedAfter: 110, fits: true });
  });

  it("a deployment only Azure has: kept (incremental), and also kept by a deployment stack that never managed it", () => {
    const azure = [...SEEDED.map((d) => inAzure(d)), inAzure(o4mini("handmade-mini", 1))];
    for (const unmanaged of ["keep", "delete"] as const) {
      const plan = planMerge(input({ unmanaged, azure: { readAt: NOW.toISOString(), deployments: azure } }));
      expect(plan.changes.find((c) => c.name === "handmade-mini")).toMatchObject({ action: "keep", unrelated: false, keptBecause: "not-in-file" });
      expect(plan.summary.untouched).toBe(1);
      expect(plan.needsConfirmation).toEqual([]);
    }
  });

  it("a deployment the file drops: kept by an incremental deploy, deleted by a deployment stack (the setting)", () => {
    const after = [SEEDED[0]];
    const keep = planMerge(input({ requested: ["support-o4-mini"], after }));
    expect(keep.changes.find((c) => c.name === "support-o4-mini")).toMatchObject({ action: "keep", requested: true, keptBecause: "removed-incremental" });
    expect(summaryLine(keep)).toBe("1 kept in Azure, quota fits");
    const del = planMerge(input({ requested: ["support-o4-mini"], after, unmanaged: "delete" }));
    expect(del.changes.find((c) => c.name === "support-o4-mini")).toMatchObject({ action: "delete", requested: true, unrelated: false });
    expect(del.quota[0]).toMatchObject({ usageName: "OpenAI.GlobalStandard.o4-mini", needs: 0, frees: 50, usedAfter: 0 });
    expect(summaryLine(del)).toBe("1 delete, quota fits");
    // Removed by someone else's commit on the branch: an unrelated deletion.
    const other = planMerge(input({ requested: ["search-gpt-41"], after: [gpt41("search-gpt-41", 110)], unmanaged: "delete" }));
    expect(other.changes[0]).toMatchObject({ name: "support-o4-mini", action: "delete", unrelated: true, reason: "removed-from-file" });
  });

  it("deleted in Azure: the merge re-creates it, as an unrelated change", () => {
    const plan = planMerge(input({ requested: ["search-gpt-41"], after: [gpt41("search-gpt-41", 110), SEEDED[1]], azure: { readAt: NOW.toISOString(), deployments: [inAzure(SEEDED[0])] }, usages: [{ name: "OpenAI.DataZoneStandard.gpt4.1", current: 100, limit: 300 }, { name: "OpenAI.GlobalStandard.o4-mini", current: 0, limit: 200 }] }));
    expect(plan.changes[0]).toMatchObject({ name: "support-o4-mini", action: "create", unrelated: true, reason: "missing-in-azure" });
    expect(summaryLine(plan)).toBe("1 modify, 1 unrelated change, quota fits");
    expect(describeUnrelated(plan.changes[0])).toMatch(/^create support-o4-mini \(o4-mini 2025-04-16, GlobalStandard × 50\): in the file on main but not in Azure/);
  });

  it("quota overflow through another element: the request alone fits, the drift revert tips the pool over", () => {
    // Someone lowered search-gpt-41 to 60 by hand; the pool has 130. The revert takes +40 first (file order), then
    // the request's +50 no longer fits: the deploy fails at the request's element, because of search-gpt-41.
    const azure = [inAzure(gpt41("search-gpt-41", 60), { lastModifiedAt: "2026-11-28T09:15:00Z" }), inAzure(SEEDED[1])];
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 50)], azure: { readAt: NOW.toISOString(), deployments: azure }, usages: [{ name: "OpenAI.DataZoneStandard.gpt4.1", current: 60, limit: 130, unit: "Count" }, { name: "OpenAI.GlobalStandard.o4-mini", current: 50, limit: 200 }] }));
    const pool = plan.quota[0];
    expect(pool).toMatchObject({ usageName: "OpenAI.DataZoneStandard.gpt4.1", needs: 90, free: 70, fits: false, failsAt: "search-new", tippedBy: "search-gpt-41" });
    expect(pool.contributions).toEqual([
      { name: "search-gpt-41", delta: 40, requested: false },
      { name: "search-new", delta: 50, requested: true },
    ]);
    expect(plan.deployFailsAt).toBe("search-new");
    expect(summaryLine(plan)).toBe("1 create, 1 unrelated change, quota won't fit");
    expect(plan.needsConfirmation).toEqual(["unrelated-changes", "quota"]);
    expect(describePool(pool)).toBe("OpenAI.DataZoneStandard.gpt4.1: the deploy needs 90; 60 of 130 Count in use, 70 free: won't fit — search-gpt-41 tips it over; the deploy fails at search-new");

    // An element later in the file fails on its own (re-created after a delete in Azure): it is the one named.
    const later = planMerge(input({ requested: ["search-gpt-41"], after: [gpt41("search-gpt-41", 90), o4mini("support-o4-mini", 50)], azure: { readAt: NOW.toISOString(), deployments: [inAzure(SEEDED[0])] }, usages: [{ name: "OpenAI.DataZoneStandard.gpt4.1", current: 100, limit: 300 }, { name: "OpenAI.GlobalStandard.o4-mini", current: 180, limit: 200 }] }));
    const full = later.quota.find((p) => !p.fits)!;
    expect(full).toMatchObject({ failsAt: "support-o4-mini", tippedBy: "support-o4-mini" });
    expect(describePool(full)).toMatch(/won't fit — support-o4-mini tips it over, and the deploy fails there$/);
    // Lowering the request's own capacity frees quota for the writes after it.
    expect(later.quota.find((p) => p.usageName.includes("gpt4.1"))).toMatchObject({ needs: 0, frees: 10, fits: true });
  });

  it("a request too big on its own is the element that tips the pool over", () => {
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 250)] }));
    expect(plan.quota[0]).toMatchObject({ fits: false, failsAt: "search-new", tippedBy: "search-new" });
    expect(plan.needsConfirmation).toEqual(["quota"]);
  });

  it("retired versions: a write onto one fails the deploy; one that keeps running unchanged is only reported", () => {
    const retired = { name: "old-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-05-13" }, sku: { name: "GlobalStandard", capacity: 5 } };
    const created = planMerge(input({ requested: ["old-4o"], after: [...SEEDED, retired] }));
    expect(created.lifecycle).toEqual([expect.objectContaining({ name: "old-4o", kind: "retired", blocking: true, retiresOn: "2026-06-30T00:00:00Z" })]);
    expect(created.deployFailsAt).toBe("old-4o");
    expect(describeLifecycle(created.lifecycle[0])).toBe("old-4o: gpt-4o 2024-05-13 is retired (since 2026-06-30); Azure refuses the write and the deploy fails");
    const running = planMerge(input({ after: [...SEEDED, retired], before: [...SEEDED, retired], azure: { readAt: NOW.toISOString(), deployments: [...SEEDED, retired].map((d) => inAzure(d)) } }));
    expect(running.lifecycle).toEqual([expect.objectContaining({ kind: "retired", blocking: false })]);
    expect(running.deployFailsAt).toBeNull();
  });

  it("Deprecating: a new deployment on an account without the model is refused; with the model it is a warning", () => {
    const dep = { name: "new-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" }, sku: { name: "GlobalStandard", capacity: 5 } };
    const refused = planMerge(input({ requested: ["new-4o"], after: [...SEEDED, dep] }));
    expect(refused.lifecycle[0]).toMatchObject({ kind: "deprecating-blocked", blocking: true });
    expect(refused.deployFailsAt).toBe("new-4o");
    const existing = { ...dep, name: "old-4o", model: { ...dep.model, version: "2024-11-20" } };
    const allowed = planMerge(input({ requested: ["new-4o"], before: [...SEEDED, existing], after: [...SEEDED, existing, dep], azure: { readAt: NOW.toISOString(), deployments: [...SEEDED, existing].map((d) => inAzure(d)) } }));
    expect(allowed.lifecycle).toEqual([expect.objectContaining({ name: "new-4o", kind: "deprecating", blocking: false, retiresOn: "2026-12-29T00:00:00Z" })]);
  });

  it("NoAutoUpgrade on a version that retires within the radar window: flagged with the day it stops working (per-SKU date first)", () => {
    const pinned = { name: "pinned-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" }, sku: { name: "Standard", capacity: 5 }, versionUpgradeOption: "NoAutoUpgrade" };
    const all = [...SEEDED, pinned];
    const plan = planMerge(input({ before: all, after: all, azure: { readAt: NOW.toISOString(), deployments: all.map((d) => inAzure(d)) }, retirementWindowDays: 30 }));
    const finding = plan.lifecycle.find((f) => f.kind === "no-auto-upgrade");
    expect(finding).toMatchObject({ name: "pinned-4o", retiresOn: "2026-12-10T00:00:00Z", daysLeft: 10, blocking: false, replacement: { modelName: "gpt-4o", modelVersion: "2024-11-20" } });
    expect(describeLifecycle(finding!)).toBe("pinned-4o: NoAutoUpgrade on gpt-4o 2024-08-06, which retires on 2026-12-10 (in 10 days): it stops working that day unless upgraded; Azure names gpt-4o 2024-11-20 as its replacement");
    // Outside the window: no flag.
    expect(planMerge(input({ before: all, after: all, azure: { readAt: NOW.toISOString(), deployments: all.map((d) => inAzure(d)) }, retirementWindowDays: 5 })).lifecycle.some((f) => f.kind === "no-auto-upgrade")).toBe(false);
  });

  it("a change someone else pushed to the branch is unrelated to the request", () => {
    const plan = planMerge(input({ requested: ["search-new"], after: [gpt41("search-gpt-41", 5), SEEDED[1], gpt41("search-new", 10)] }));
    expect(plan.changes[0]).toMatchObject({ name: "search-gpt-41", unrelated: true, reason: "pull-request-edit", fields: [{ field: "capacity", from: 100, to: 5 }] });
  });

  it("before Azure is read, the plan says so and compares the files only", () => {
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 10)], azure: null }));
    expect(plan.azureReadAt).toBeNull();
    expect(summaryLine(plan)).toBe("1 create, Azure not read yet");
    expect(plan.needsConfirmation).toEqual([]);
  });

  it("without the models list or usages, quota is unknown rather than guessed", () => {
    const plan = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 10)], models: null }));
    expect(plan.summary.quota).toBe("unknown");
    expect(summaryLine(plan)).toBe("1 create, quota unknown");
    const noPool = planMerge(input({ requested: ["search-new"], after: [...SEEDED, gpt41("search-new", 10)], usages: [] }));
    expect(noPool.quota[0]).toMatchObject({ limit: null, fits: null });
    expect(noPool.summary.quota).toBe("unknown");
  });
});

describe("mergeFileDeployments", () => {
  const a = gpt41("a", 1);
  const b = gpt41("b", 2);
  const c = gpt41("c", 3);
  it("is the head's file when the branch starts at main's tip", () => {
    expect(mergeFileDeployments([a, b], [a, b], [a, gpt41("b", 5), c])).toEqual([a, gpt41("b", 5), c]);
  });
  it("keeps what main gained since the branch was made, and applies the pull request's own changes on top", () => {
    const d = gpt41("d", 4);
    // main added d and changed a since; the PR changed b, removed nothing, added c.
    expect(mergeFileDeployments([a, b], [gpt41("a", 9), b, d], [a, gpt41("b", 5), c])).toEqual([gpt41("a", 9), gpt41("b", 5), d, c]);
    // The PR removes a: gone from the merge too.
    expect(mergeFileDeployments([a, b], [a, b, d], [b])).toEqual([b, d]);
  });
});
