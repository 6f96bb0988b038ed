/**
 * A deployment's page at scale: its requests (any spelling of its name) and Azure's snapshots, newest
 * first, 25 at a time, each page read from the cursor on; the inventory page's view from the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInventory, seedRequestHistory, SCALE_ACCOUNTS } from "@/test/seed-scale";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { DEPLOYMENT_HISTORY_PAGE_SIZE, loadDeploymentHistory, loadInventory } from "./inventory";

const ACCOUNT = SCALE_ACCOUNTS[0];
const NAME = "dep-001-gpt-4o-mini";
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
  // Two deployment names per account: ~125 requests each.
  await seedRequestHistory(t.db.sql, { requests: 2000, deploymentsPerAccount: 2 });
  await seedInventory(t.db.sql, { deployments: 16 });
  await insertTestRequest(t, { accountName: ACCOUNT.name, deploymentName: NAME.toUpperCase(), status: "succeeded" });
  await t.db.prisma.deploymentSnapshot.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({ takenAt: new Date(Date.UTC(2026, 10, 1, 0, i)), subscriptionId: "s", accountName: ACCOUNT.name, location: ACCOUNT.location, deploymentName: NAME, modelName: "gpt-4o-mini", modelVersion: "2024-07-18", skuName: "GlobalStandard", capacity: i + 1, provisioningState: "Succeeded" })),
  });
}, 120_000);

afterAll(async () => t?.close());

describe("deployment page", () => {
  it("pages the requests of every spelling of the name, newest first, without gaps or repeats", async () => {
    const all = await t.db.prisma.request.findMany({
      where: { accountName: ACCOUNT.name, deploymentName: { equals: NAME, mode: "insensitive" } },
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      select: { number: true },
    });
    expect(all.length).toBeGreaterThan(DEPLOYMENT_HISTORY_PAGE_SIZE * 3);
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const h = await loadDeploymentHistory({ db: t.db.prisma }, t.users.sam, ACCOUNT.name, NAME, { requestsBefore: before });
      expect(h.requests.length).toBeLessThanOrEqual(DEPLOYMENT_HISTORY_PAGE_SIZE);
      seen.push(...h.requests.map((r) => r.number));
      if (h.olderRequests === null) break;
      before = h.olderRequests;
    }
    expect(seen).toEqual(all.map((r) => r.number));
  });

  it("pages Azure's snapshots newest first, keeping the requests' place", async () => {
    const first = await loadDeploymentHistory({ db: t.db.prisma }, t.users.sam, ACCOUNT.name, NAME, { requestsBefore: undefined });
    expect(first.snapshots.map((s) => s.capacity)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    const second = await loadDeploymentHistory({ db: t.db.prisma }, t.users.sam, ACCOUNT.name, NAME, { snapshotsBefore: first.olderSnapshots! });
    expect(second.snapshots.map((s) => s.capacity)).toEqual([5, 4, 3, 2, 1]);
    expect(second.olderSnapshots).toBeNull();
    expect(second.row).toMatchObject({ account: ACCOUNT.name, name: NAME });
  });

  it("the inventory view: one page, counts per status and the teams, from the table", async () => {
    const view = await loadInventory({ db: t.db.prisma }, t.users.priya, { account: ACCOUNT.name });
    expect(view.rows.map((r) => r.name)).toEqual(["dep-000-gpt-4o", "dep-001-gpt-4o-mini"]);
    expect(Object.values(view.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(2);
    expect(view.meta?.accounts).toHaveLength(SCALE_ACCOUNTS.length);
    expect(view.teams.length).toBeGreaterThan(0);
  });
});
