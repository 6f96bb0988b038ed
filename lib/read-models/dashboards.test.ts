/**
 * The quota and delivery dashboards against a real world: the reconciler reads the Azure emulator (quota and
 * deployment snapshots), requests are in PGlite. The dashboard's used and limit must be Azure's for every quota.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backfillRequestMilestones, submitRequest, SYSTEM_ACTOR, transitionRequest } from "@/lib/requests";
import { runSyncPass } from "@/lib/sync";
import { SEED_ACCOUNTS } from "@/test/emulators";
import { insertTestRequest } from "@/test/test-db";
import { startTestWorld, type TestWorld } from "@/test/test-world";
import { parse } from "csv-parse/sync";
import { exportDeliveryTable, exportQuotaTable, loadQuotaPage } from "./dashboard-exports";
import { parseQuotaFilters } from "./dashboard-filters";
import { loadDeliveryDashboard } from "./delivery-dashboard";
import { loadQuotaDashboard } from "./quota-dashboard";
import { loadQuotaHistory } from "./quota-history";
import { loadQuotaIncreaseList } from "./quota-increase";

let world: TestWorld;
const NOW = new Date("2026-11-25T12:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  world = await startTestWorld({ now: () => NOW });
  const pass = await runSyncPass(world.deps);
  expect(pass.status.errors).toEqual([]);
}, 120_000);

afterAll(async () => world?.close());

const forbidden = (e: unknown) => (e as { digest?: string }).digest;

describe("the quota dashboard", () => {
  it("shows Azure's used and limit for every quota of every region the accounts are in", async () => {
    const { deps, t } = world;
    const dashboard = await loadQuotaDashboard(deps, t.users.dana, { all: true });
    const regions = [...new Set(SEED_ACCOUNTS.map((a) => a.location))];
    let compared = 0;
    for (const region of regions) {
      const usages = await deps.azure.listUsages(region);
      expect(usages.length).toBeGreaterThan(0);
      for (const u of usages) {
        const pool = dashboard.pools.find((p) => p.location === region && p.usageName === u.name);
        expect(pool, `${region} ${u.name}`).toBeDefined();
        expect({ used: pool!.used, limit: pool!.limit }, `${region} ${u.name}`).toEqual({ used: Math.round(u.current), limit: Math.round(u.limit) });
        compared++;
      }
      expect(dashboard.pools.filter((p) => p.location === region).length).toBe(usages.length);
    }
    expect(compared).toBeGreaterThan(10);
  });

  it("splits what is used by owning team, keeps PTUs apart from tokens per minute, and shows pending by stage", async () => {
    const { deps, t } = world;
    await insertTestRequest(t, { requester: "marcus", modelName: "gpt-4o-mini", capacity: 20, status: "awaiting_approval", accountName: "contoso-openai-aue", usageName: "OpenAI.GlobalStandard.gpt-4o-mini", quotaHold: 20 });
    await insertTestRequest(t, { requester: "priya", modelName: "gpt-4o-mini", capacity: 5, status: "deploying", usageName: "OpenAI.GlobalStandard.gpt-4o-mini", quotaHold: 5 });
    const d = await loadQuotaDashboard(deps, t.users.alex, {});
    const mini = d.pools.find((p) => p.location === "australiaeast" && p.usageName === "OpenAI.GlobalStandard.gpt-4o-mini")!;
    expect(mini.heldByTeam).toEqual([{ team: "Support", held: 200, deployments: 1 }]);
    expect(mini.notAttributed).toBe(0);
    expect(mini.pending).toMatchObject({ awaitingApproval: 20, deploying: 5, approved: 0, total: 25, requests: 2 });
    expect(mini.free).toBe(Math.max(0, mini.limit - mini.used - 25));
    expect(mini.models).toContain("gpt-4o-mini");
    expect(mini.skus).toEqual(["GlobalStandard"]);

    const ptu = d.pools.find((p) => p.location === "eastus2" && p.unitKind === "ptu")!;
    expect(ptu.heldByTeam).toEqual([{ team: "Support", held: 50, deployments: 1 }]);
    const support = d.teamSummary.find((s) => s.team === "Support")!;
    expect(support.ptuHeld).toBe(50);
    // 200 + 60 (aue) + 50 o4-mini (swc): the PTUs are not in it.
    expect(support.tpmHeld).toBe(310);
    expect(support.tpmPending).toBe(20);

    // Idle pools are left out unless asked for; sorting by utilisation puts the fullest first.
    expect(d.pools.every((p) => p.used > 0 || p.pending.total > 0)).toBe(true);
    expect(d.idlePools).toBeGreaterThan(0);
    const sorted = await loadQuotaDashboard(deps, t.users.alex, { sort: "utilisation" });
    const utils = sorted.pools.map((p) => p.utilisation ?? -1);
    expect(utils).toEqual([...utils].sort((a, b) => b - a));
  });

  it("filters by region, model, deployment type and team; a team's view lists what it holds everywhere", async () => {
    const { deps, t } = world;
    const swc = await loadQuotaDashboard(deps, t.users.dana, { region: "swedencentral" });
    expect(swc.pools.length).toBeGreaterThan(0);
    expect(swc.pools.every((p) => p.location === "swedencentral")).toBe(true);
    const byModel = await loadQuotaDashboard(deps, t.users.dana, { model: "gpt-4o" });
    expect(byModel.pools.map((p) => p.usageName)).toEqual(expect.arrayContaining(["OpenAI.GlobalStandard.gpt-4o"]));
    expect(byModel.pools.every((p) => p.models.includes("gpt-4o"))).toBe(true);
    const byType = await loadQuotaDashboard(deps, t.users.dana, { skuName: "ProvisionedManaged" });
    expect(byType.pools.every((p) => p.unitKind === "ptu")).toBe(true);
    const search = await loadQuotaDashboard(deps, t.users.dana, { team: "search" });
    expect(search.pools.every((p) => p.heldByTeam.some((h) => h.team === "Search") || p.pendingByTeam.some((h) => h.team === "Search"))).toBe(true);
    expect(search.teamPools!.map((r) => `${r.location} ${r.held}`)).toEqual(
      expect.arrayContaining(["australiaeast 150", "australiaeast 120", "eastus2 350", "swedencentral 100"]),
    );
  });

  it("refuses Requesters", async () => {
    const { deps, t } = world;
    expect(forbidden(await loadQuotaDashboard(deps, t.users.priya).catch((e) => e))).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(forbidden(await loadQuotaHistory(deps, t.users.priya, { range: 30, pools: [] }).catch((e) => e))).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(forbidden(await loadQuotaIncreaseList(deps, t.users.marcus, { days: 30, pools: [] }).catch((e) => e))).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(forbidden(await loadDeliveryDashboard(deps, t.users.priya).catch((e) => e))).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
  });

  it("draws history from the snapshots and projects when a growing pool runs out", async () => {
    const { deps, t } = world;
    const db = t.db.prisma;
    const sub = deps.settings.subscriptionId;
    // A pool that grew from 100 to 200 over 20 days (5 a day), limit 300: 100 free → 20 days left.
    for (let i = 20; i >= 1; i--) {
      await db.quotaSnapshot.create({ data: { takenAt: new Date(NOW.getTime() - i * DAY), subscriptionId: sub, location: "westus", usageName: "OpenAI.Standard.test-growth", currentValue: 200 - 5 * i, limit: 300, unit: "Count" } });
    }
    await db.quotaSnapshot.create({ data: { takenAt: new Date(NOW.getTime() - 3600_000), subscriptionId: sub, location: "westus", usageName: "OpenAI.Standard.test-growth", currentValue: 200, limit: 300, unit: "Count" } });
    const pool = { key: `${sub}/westus/openai.standard.test-growth`, subscriptionId: sub, location: "westus", usageName: "OpenAI.Standard.test-growth", limit: 300, used: 200, free: 100, unitLabel: "thousand tokens per minute" };
    const h = await loadQuotaHistory(deps, t.users.dana, { range: 30, pools: [pool] });
    expect(h.step).toBe("day");
    expect(h.points).toHaveLength(31);
    expect(h.points[0].values[pool.key]).toBeUndefined(); // before the first snapshot
    expect(h.points.at(-1)!.values[pool.key]).toEqual({ used: 200, limit: 300, percent: 66.7 });
    expect(h.points.at(-2)!.values[pool.key]).toEqual({ used: 195, limit: 300, percent: 65 });
    expect(h.projections[0].perDay).toBeCloseTo(5, 1);
    expect(h.projections[0].daysLeft).toBe(20);
    expect(h.projections[0].runsOutOn).toBe("2026-12-15");
    const weekly = await loadQuotaHistory(deps, t.users.dana, { range: 90, pools: [pool] });
    expect(weekly.step).toBe("week");
    expect(weekly.points.length).toBe(13);
    expect(weekly.points.at(-1)!.date).toBe("2026-11-25");
  });
});

describe("the quota increase list", () => {
  it("counts refusals for lack of quota once per ask, trimmed requests by the capacity cut, and pending beyond the limit", async () => {
    const { deps, t } = world;
    const base = {
      action: "create",
      account: "contoso-openai-aue",
      modelName: "gpt-4o",
      modelVersion: "2024-11-20",
      skuName: "GlobalStandard",
      justification: "Search ranking needs more throughput for the launch.",
    };
    // australiaeast gpt-4o GlobalStandard is nearly full: asking for 100 is refused (twice: counted once).
    for (const key of ["r1", "r2"]) {
      await expect(submitRequest(deps, t.users.priya, { ...base, teamId: t.users.priya.teams[0].id, deploymentName: "search-gpt-4o-big", capacity: 100, submissionKey: `${key}-${Math.random().toString(36).slice(2, 12)}` })).rejects.toThrow(/Not enough quota/);
    }
    // Another refusal, by Marcus, never submitted again.
    await expect(submitRequest(deps, t.users.marcus, { ...base, teamId: t.users.marcus.teams[0].id, deploymentName: "support-gpt-4o", capacity: 50, submissionKey: `m-${Math.random().toString(36).slice(2, 12)}` })).rejects.toThrow(/Not enough quota/);
    const refusals = await t.db.prisma.quotaRefusal.findMany({ orderBy: { id: "asc" } });
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toMatchObject({ usageName: "OpenAI.GlobalStandard.gpt-4o", location: "australiaeast", requested: 100, trimmedRequestId: null });
    const free = refusals[0].available;
    expect(free).toBeGreaterThan(0);
    // Priya trims her ask to what is free: her refusals now say what it was trimmed to.
    const { requestId } = await submitRequest(deps, t.users.priya, { ...base, teamId: t.users.priya.teams[0].id, deploymentName: "search-gpt-4o-big", capacity: free, submissionKey: `ok-${Math.random().toString(36).slice(2, 12)}` });
    expect((await t.db.prisma.quotaRefusal.findMany({ where: { trimmedRequestId: requestId } })).map((r) => r.trimmedTo)).toEqual([free, free]);

    const page = await loadQuotaPage(deps, t.users.dana, parseQuotaFilters({}));
    const row = page.increase.rows.find((r) => r.usageName === "OpenAI.GlobalStandard.gpt-4o" && r.location === "australiaeast")!;
    expect(row).toMatchObject({ refused: 1, refusedCapacity: 50, trimmed: 1, trimmedCapacity: 100 - free });
    expect(row.askFor).toBe(50 + (100 - free) + row.pendingShortfall + row.failedCapacity);
    expect(row.suggestedLimit).toBe(row.limit + row.askFor);

    // The CSV export has the same figures.
    const csv = await exportQuotaTable(deps, t.users.dana, "increase", parseQuotaFilters({}));
    const parsed = parse(csv.csv) as string[][];
    expect(parsed[0]).toContain("Ask Azure for");
    const line = parsed.find((r) => r[2] === "OpenAI.GlobalStandard.gpt-4o" && r[1] === "australiaeast")!;
    expect(Number(line[parsed[0].indexOf("Ask Azure for")])).toBe(row.askFor);
  });

  it("exports the pools table with the columns Limit, Used, Pending and Free and Azure's figures", async () => {
    const { deps, t } = world;
    const csv = await exportQuotaTable(deps, t.users.dana, "pools", parseQuotaFilters({ all: "1" }));
    const [header, ...rows] = parse(csv.csv) as string[][];
    expect(header).toEqual(expect.arrayContaining(["Limit", "Used", "Pending", "Free"]));
    const usages = await deps.azure.listUsages("swedencentral");
    for (const u of usages) {
      const r = rows.find((x) => x[1] === "swedencentral" && x[2] === u.name)!;
      expect([Number(r[header.indexOf("Used")]), Number(r[header.indexOf("Limit")])]).toEqual([u.current, u.limit]);
    }
  });
});

describe("the delivery dashboard", () => {
  it("counts requests per week by team and kind, lead times per stage from the timeline, rates and the oldest pending", async () => {
    const { deps, t } = world;
    const db = t.db.prisma;
    await db.requestEvent.deleteMany({});
    await db.request.deleteMany({});
    const at = (daysAgo: number, hours = 0) => new Date(NOW.getTime() - daysAgo * DAY + hours * 3600_000);
    const timeline = async (id: string, steps: [string | null, string, Date][]) => {
      for (const [from, to, when] of steps) await db.requestEvent.create({ data: { requestId: id, type: to, fromStatus: from as never, toStatus: to as never, createdAt: when } });
    };
    // Three succeeded requests with known stage times (hours after submission: PR 1, decision 3/5/9, merged +1, deployed +1).
    for (const [i, decideAfter] of [2, 4, 8].entries()) {
      const s = at(10 + i);
      const r = await insertTestRequest(t, { requester: i === 2 ? "marcus" : "priya", status: "succeeded", submittedAt: s, completedAt: new Date(s.getTime() + (3 + decideAfter) * 3600_000) });
      await timeline(r.id, [
        [null, "submitting", s],
        ["submitting", "awaiting_approval", new Date(s.getTime() + 1 * 3600_000)],
        ["awaiting_approval", "approved", new Date(s.getTime() + (1 + decideAfter) * 3600_000)],
        ["approved", "merged", new Date(s.getTime() + (2 + decideAfter) * 3600_000)],
        ["merged", "deploying", new Date(s.getTime() + (2 + decideAfter) * 3600_000 + 60_000)],
        ["deploying", "succeeded", new Date(s.getTime() + (3 + decideAfter) * 3600_000)],
      ]);
    }
    // Changes requested, then approved: waiting counts only the time awaiting approval (2 h + 1 h).
    const revised = await insertTestRequest(t, { requester: "priya", status: "approved", kind: "change", submittedAt: at(3) });
    await timeline(revised.id, [
      [null, "submitting", at(3)],
      ["submitting", "awaiting_approval", at(3, 1)],
      ["awaiting_approval", "changes_requested", at(3, 3)],
      ["changes_requested", "awaiting_approval", at(3, 10)],
      ["awaiting_approval", "approved", at(3, 11)],
    ]);
    const failed = await insertTestRequest(t, { requester: "marcus", status: "failed", submittedAt: at(20) });
    await timeline(failed.id, [[null, "submitting", at(20)], ["submitting", "awaiting_approval", at(20, 1)], ["awaiting_approval", "approved", at(20, 2)], ["approved", "merged", at(20, 3)], ["merged", "failed", at(20, 4)]]);
    await insertTestRequest(t, { requester: "marcus", status: "rejected", submittedAt: at(30) });
    await insertTestRequest(t, { requester: "priya", status: "cancelled", kind: "decommission", submittedAt: at(40) });
    const old = await insertTestRequest(t, { requester: "priya", status: "awaiting_approval", submittedAt: at(6) });
    await insertTestRequest(t, { requester: "marcus", status: "awaiting_approval", submittedAt: at(1) });
    await insertTestRequest(t, { requester: "marcus", status: "succeeded", submittedAt: at(200) }); // outside the range

    // The history above was written with past dates, as a seed would: its milestones come from the timelines.
    await backfillRequestMilestones(db);
    const d = await loadDeliveryDashboard(deps, t.users.dana, { range: 90 });
    expect(d.weekly.reduce((n, w) => n + w.requests, 0)).toBe(9);
    expect(d.weeks.length).toBeGreaterThanOrEqual(13);
    expect(d.weekly.filter((w) => w.kind === "change").map((w) => w.requests)).toEqual([1]);
    const stage = (id: string) => d.stages.find((s) => s.stage === id)!;
    expect(stage("pr_open")).toMatchObject({ measured: 5, p50: 3600, p90: 3600 });
    // Decision after PR open: 2, 4, 8 h (succeeded), 2 h (changes requested first), 1 h (failed) → p50 2 h.
    expect(stage("decision")).toMatchObject({ measured: 5, p50: 2 * 3600 });
    expect(stage("end_to_end")).toMatchObject({ measured: 3, p50: 7 * 3600 });
    expect(stage("end_to_end").p90).toBe(Math.round((7 + 0.8 * 4) * 3600));
    expect(stage("deploy")).toMatchObject({ measured: 3, p50: 3600 });
    // Waiting: 2, 4, 8, (2 + 1), 1 hours.
    expect(stage("waiting")).toMatchObject({ measured: 5, p50: 3 * 3600 });
    expect(d.total).toMatchObject({ submitted: 9, finished: 6, succeeded: 3, failed: 1, rejected: 1, cancelled: 1 });
    expect(d.total.failureRate).toBe(16.7);
    expect(d.oldestPending.map((r) => r.id)[0]).toBe(old.id);
    expect(d.oldestPending[0].ageSeconds).toBe(6 * 86400);
    expect(d.pendingCount).toBe(3);

    const support = await loadDeliveryDashboard(deps, t.users.dana, { range: 90, team: "support" });
    expect(support.total.submitted).toBe(4);
    expect(support.teams).toEqual(["Support"]);
    const changes = await loadDeliveryDashboard(deps, t.users.dana, { range: 90, kind: "change" });
    expect(changes.total.submitted).toBe(1);

    const csv = parse((await exportDeliveryTable(deps, t.users.dana, "oldest", {}, "https://modelgate.test")).csv) as string[][];
    expect(csv[1][1]).toBe(`https://modelgate.test/requests/${old.id}`);
    const weekly = parse((await exportDeliveryTable(deps, t.users.dana, "weekly-team", {}, "https://modelgate.test")).csv) as string[][];
    expect(weekly[0]).toEqual(["Week of", "Platform", "Search", "Support", "Total"]);
    expect(weekly.slice(1).reduce((n, r) => n + Number(r[4]), 0)).toBe(9);
  });

  it("takes each request's milestones as its timeline moves, the same as reading them back from the timeline", async () => {
    const { t } = world;
    const db = t.db.prisma;
    const r = await insertTestRequest(t, { requester: "priya", status: "submitting", submittedAt: new Date() });
    const move = (to: "awaiting_approval" | "changes_requested" | "approved" | "merged" | "deploying" | "succeeded") => transitionRequest(db, { requestId: r.id, to, actor: SYSTEM_ACTOR, event: to });
    await move("awaiting_approval");
    await new Promise((f) => setTimeout(f, 1100));
    await move("changes_requested");
    await move("awaiting_approval");
    await new Promise((f) => setTimeout(f, 1100));
    await move("approved");
    await move("merged");
    await move("deploying");
    await move("succeeded");
    const pick = ({ prOpenedAt, firstDecisionAt, mergedAt, awaitingSince, awaitingApprovalSeconds }: Awaited<ReturnType<typeof db.request.findUniqueOrThrow>>) => ({ prOpenedAt, firstDecisionAt, mergedAt, awaitingSince, awaitingApprovalSeconds });
    const live = pick(await db.request.findUniqueOrThrow({ where: { id: r.id } }));
    expect(live.prOpenedAt).not.toBeNull();
    expect(live.firstDecisionAt!.getTime()).toBeGreaterThan(live.prOpenedAt!.getTime());
    expect(live.awaitingSince).toBeNull();
    expect(live.awaitingApprovalSeconds).toBeGreaterThanOrEqual(2);
    await backfillRequestMilestones(db, [r.id]);
    const again = pick(await db.request.findUniqueOrThrow({ where: { id: r.id } }));
    // The events' times come from the database clock, the milestones' from the process: the same to the second.
    expect(Math.abs(again.prOpenedAt!.getTime() - live.prOpenedAt!.getTime())).toBeLessThan(1000);
    expect(Math.abs(again.mergedAt!.getTime() - live.mergedAt!.getTime())).toBeLessThan(1000);
    expect(Math.abs(again.awaitingApprovalSeconds - live.awaitingApprovalSeconds)).toBeLessThanOrEqual(1);
  });
});
