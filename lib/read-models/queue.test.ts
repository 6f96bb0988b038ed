/**
 * The approval queue's listing: quota impact, filters, sorting, pagination and who may decide; its queries run on
 * indexes and read the pending requests only (EXPLAIN on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set),
 * so the page doesn't grow with all-time history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AzureClient, AzureUsage } from "@/lib/azure";
import { explainQuery, rowsRead } from "@/lib/db";
import { OPEN_PR_STATUSES } from "@/lib/requests";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { countPendingDecisions, describeDecidedRequest, listQueue, QUEUE_PAGE_SIZE, queueQueries } from "./queue";

const USAGES: AzureUsage[] = [
  { name: "OpenAI.GlobalStandard.gpt-4o", displayName: "gpt-4o", current: 62, limit: 100, unit: "Count" },
  { name: "OpenAI.Standard.gpt-4o-mini", displayName: "gpt-4o-mini", current: 0, limit: 50, unit: "Count" },
];
const azure = { listUsages: async () => USAGES } as unknown as AzureClient;
const settings = { forbidSameTeam: true };

describe("listQueue", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  }, 60_000);
  afterAll(async () => t?.close());

  it("shows quota impact (others' pending holds included, red when it won't fit), filters, sorts and says who may decide", async () => {
    // Limit 100, 62 used in Azure; a deploying request holds 10 more; a and b are pending on the same pool.
    await insertTestRequest(t, { requester: "marcus", capacity: 10, accountName: "contoso-openai-swc", status: "deploying" });
    const a = await insertTestRequest(t, { requester: "priya", capacity: 19, submittedAt: new Date(Date.now() - 3_600_000) });
    const b = await insertTestRequest(t, { requester: "marcus", capacity: 40, submittedAt: new Date(Date.now() - 60_000), accountName: "contoso-openai-swc" });
    const c = await insertTestRequest(t, { requester: "priya", modelName: "gpt-4o-mini", skuName: "Standard", capacity: 5, status: "changes_requested", submittedAt: new Date(Date.now() - 30_000) });
    await insertTestRequest(t, { requester: "priya", status: "rejected" });

    const all = await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, {});
    expect(all.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    const ia = all.items[0].impact!;
    // a: 62 + 10 (deploying) + 40 (b) = 112 before → 131 after; b: 62 + 10 + 19 = 91 → 131.
    expect(ia).toMatchObject({ beforePercent: 112, afterPercent: 131, fits: false, requested: 19 });
    expect(all.items[1].impact).toMatchObject({ beforePercent: 91, afterPercent: 131, fits: false });
    expect(all.items[2].impact).toMatchObject({ beforePercent: 0, afterPercent: 10, fits: true });
    expect(all.items.every((i) => i.cannotDecide === null)).toBe(true);
    // The queue itself says a doesn't fit: approving it asks for a confirmation.
    expect(all.items[0].confirmations).toEqual(["quota"]);
    expect(all.items[2].confirmations).toEqual([]);
    expect(all.facets.accounts).toEqual(["contoso-openai-aue", "contoso-openai-swc"]);
    expect(all.facets.models).toEqual(["gpt-4o", "gpt-4o-mini"]);

    const byImpact = await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { sort: "impact" });
    expect(byImpact.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { account: "contoso-openai-swc" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { team: "search" })).items.map((i) => i.id)).toEqual([a.id, c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { model: "gpt-4o-mini" })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { status: "changes_requested" })).items.map((i) => i.id)).toEqual([c.id]);
    // The query itself refuses a Requester (403), whatever page asks.
    const asPriya = await listQueue({ db: t.db.prisma, azure, settings }, t.users.priya, {}).catch((e: { digest?: string }) => e);
    expect((asPriya as { digest?: string }).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    // The navigation badge counts exactly what the queue lists.
    expect(await countPendingDecisions({ db: t.db.prisma })).toBe(all.total);
    expect(all.total).toBe(3);
  });

  it("says when the branch holds someone else's commits, and shows the review stored for the current head only", async () => {
    const r = await insertTestRequest(t, { requester: "marcus", headSha: "b".repeat(40), authoredSha: "a".repeat(40), checkStatus: "failure", modelName: "gpt-4o-mini", skuName: "Standard", capacity: 1 });
    await t.db.prisma.requestReview.create({
      data: { requestId: r.id, headSha: "a".repeat(40), diff: "old", plan: { needsConfirmation: ["unrelated-changes"] }, planSummary: "1 create, 1 unrelated change, quota fits" },
    });
    let item = (await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { team: "support", model: "gpt-4o-mini" })).items.find((i) => i.id === r.id)!;
    expect(item.foreignCommits).toBe(true);
    expect(item.review).toMatchObject({ current: false });
    expect(item.diff).toBeNull();
    expect(item.confirmations).toEqual(["failed-checks", "foreign-commits"]);
    await t.db.prisma.requestReview.update({ where: { requestId: r.id }, data: { headSha: "b".repeat(40), diff: "+ new" } });
    item = (await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { team: "support", model: "gpt-4o-mini" })).items.find((i) => i.id === r.id)!;
    expect(item.diff).toBe("+ new");
    expect(item.confirmations).toEqual(["failed-checks", "foreign-commits", "unrelated-changes"]);
    await t.db.prisma.request.update({ where: { id: r.id }, data: { status: "cancelled" } });
  });

  it("without Azure's quota it still lists, saying so", async () => {
    const down = { listUsages: async () => Promise.reject(new Error("down")) } as unknown as AzureClient;
    const page = await listQueue({ db: t.db.prisma, azure: down, settings }, t.users.alex, { model: "gpt-4o-mini" });
    expect(page.quotaUnavailable).toBe(true);
    expect(page.items[0].impact).toBeNull();
  });

  it("names who decided a request someone else decided first", async () => {
    const r = await insertTestRequest(t, { requester: "priya", status: "rejected" });
    await t.db.prisma.requestEvent.create({ data: { requestId: r.id, type: "rejected", fromStatus: "awaiting_approval", toStatus: "rejected", actorName: "Sam Rivera", message: "Use the shared one." } });
    expect(await describeDecidedRequest({ db: t.db.prisma }, t.users.alex, r.id)).toMatchObject({ number: r.number, statusLabel: "Rejected", by: "Sam Rivera", comment: "Use the shared one." });
    expect(await describeDecidedRequest({ db: t.db.prisma }, t.users.alex, "not-a-uuid")).toBeNull();
  });

  it("pages through thousands of pending requests in either order", { timeout: 120_000 }, async () => {
    const base = await t.db.prisma.request.findFirstOrThrow({ where: { status: "awaiting_approval" } });
    const { id: _id, number: _n, createdAt: _c, updatedAt: _u, ...template } = base;
    const rows = Array.from({ length: 3000 }, (_, i) => ({ ...template, previous: undefined, change: { op: "add" }, deploymentName: `bulk-${i}`, capacity: 1 + (i % 7), quotaHold: 1 + (i % 7), submittedAt: new Date(Date.now() - 86_400_000 - i * 1000) }));
    await t.db.prisma.request.createMany({ data: rows });
    const page = await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { sort: "impact", page: 3 });
    expect(page.items).toHaveLength(QUEUE_PAGE_SIZE);
    expect(page.page).toBe(3);
    expect(page.total).toBeGreaterThan(3000);
    // Sorted by how full each request's pool would be, fullest first.
    const after = page.items.map((i) => i.impact?.afterPercent ?? -1);
    expect([...after].sort((x, y) => y - x)).toEqual(after);
    // Oldest first: consecutive pages continue each other without gaps or repeats.
    const p1 = await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { page: 1 });
    const p2 = await listQueue({ db: t.db.prisma, azure, settings }, t.users.alex, { page: 2 });
    const waits = [...p1.items, ...p2.items].map((i) => i.waitingSince.getTime());
    expect(waits).toEqual([...waits].sort((x, y) => x - y));
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(2 * QUEUE_PAGE_SIZE);
    expect(p1.items[0].deploymentName).toBe("bulk-2999");
  });
});

for (const engine of ["PGlite", "PostgreSQL"] as const) {
  const skip = engine === "PostgreSQL" && !process.env.TEST_DATABASE_URL;
  describe.skipIf(skip)(`the queue's queries on ${engine}`, { timeout: 180_000 }, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase({ postgres: engine === "PostgreSQL" });
    }, 120_000);
    afterAll(async () => t?.close());

    /** `n` more finished requests (all-time history), then fresh planner statistics. */
    async function addHistory(n: number) {
      const base = await insertTestRequest(t, { status: "succeeded" });
      const { id: _id, number: _n, createdAt: _c, updatedAt: _u, ...template } = base;
      for (let done = 0; done < n; done += 5000) {
        const batch = Array.from({ length: Math.min(5000, n - done) }, (_, i) => ({ ...template, previous: undefined, change: { op: "add" }, status: (["succeeded", "rejected", "cancelled", "failed"] as const)[i % 4], deploymentName: `old-${done + i}`, submittedAt: new Date(Date.now() - 86_400_000 * 30 - (done + i) * 1000) }));
        await t.db.prisma.request.createMany({ data: batch });
      }
      await t.db.prisma.$executeRawUnsafe("ANALYZE requests");
    }

    it("use indexes, never scan all requests, and read no more when history grows", async () => {
      for (let i = 0; i < 30; i++) {
        await insertTestRequest(t, { requester: i % 2 ? "priya" : "marcus", status: OPEN_PR_STATUSES[i % 3], submittedAt: new Date(Date.now() - i * 60_000), accountName: i % 4 ? "contoso-openai-aue" : "contoso-openai-swc" });
      }
      const pools = [{ location: "australiaeast", usageName: "OpenAI.GlobalStandard.gpt-4o", afterPercent: 90 }];
      const queries = (sort: "age" | "impact", page: number) => queueQueries([...OPEN_PR_STATUSES], { sort, team: "search" }, (page - 1) * QUEUE_PAGE_SIZE, pools);
      const measure = async () => {
        const out: Record<string, number> = {};
        for (const [name, sql] of Object.entries({
          "age page 1": queries("age", 1).pageIds,
          "age page 2": queries("age", 2).pageIds,
          "impact page 1": queries("impact", 1).pageIds,
          count: queries("age", 1).count,
          facets: queries("age", 1).facets,
          locations: queries("age", 1).locations,
        })) {
          const { nodes } = await explainQuery(t.db.prisma, sql);
          expect(nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "requests").map(() => name), `${name} scans the whole requests table`).toEqual([]);
          expect(nodes.some((n) => /Index/.test(n["Node Type"]) && /^requests_/.test(n["Index Name"] ?? "")), `${name} uses an index on requests`).toBe(true);
          out[name] = rowsRead(nodes, "requests");
        }
        return out;
      };
      await addHistory(1_000);
      const small = await measure();
      await addHistory(9_000);
      const large = await measure();
      console.log(`[queue EXPLAIN ${engine}] rows of requests read with 1,000 vs 10,000 finished requests: ${JSON.stringify({ small, large })}`);
      // The same pending requests → the same reads, whatever the history.
      expect(large).toEqual(small);
      // The default order reads at most one page per status, however many are pending.
      expect(small["age page 1"]).toBeLessThanOrEqual(30 + QUEUE_PAGE_SIZE);
    });
  });
}
