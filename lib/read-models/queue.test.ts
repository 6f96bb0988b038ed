/** The approval queue's listing: quota impact, filters, sorting, pagination and who may decide; with a bulk of rows. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AzureClient, AzureUsage } from "@/lib/azure";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { countPendingDecisions, listQueue, QUEUE_PAGE_SIZE } from "./queue";

const USAGES: AzureUsage[] = [
  { name: "OpenAI.GlobalStandard.gpt-4o", displayName: "gpt-4o", current: 62, limit: 100, unit: "Count" },
  { name: "OpenAI.Standard.gpt-4o-mini", displayName: "gpt-4o-mini", current: 0, limit: 50, unit: "Count" },
];
const azure = { listUsages: async () => USAGES } as unknown as AzureClient;

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
    const c = await insertTestRequest(t, { requester: "priya", modelName: "gpt-4o-mini", skuName: "Standard", capacity: 5, status: "changes_requested" });
    await insertTestRequest(t, { requester: "priya", status: "rejected" });

    const all = await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, {});
    expect(all.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    const ia = all.items[0].impact!;
    // a: 62 + 10 (deploying) + 40 (b) = 112 before → 131 after; b: 62 + 10 + 19 = 91 → 131.
    expect(ia).toMatchObject({ beforePercent: 112, afterPercent: 131, fits: false, requested: 19 });
    expect(all.items[1].impact).toMatchObject({ beforePercent: 91, afterPercent: 131, fits: false });
    expect(all.items[2].impact).toMatchObject({ beforePercent: 0, afterPercent: 10, fits: true });
    expect(all.items.every((i) => i.cannotDecide === null)).toBe(true);
    expect(all.facets.accounts).toEqual(["contoso-openai-aue", "contoso-openai-swc"]);

    const byImpact = await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { sort: "impact" });
    expect(byImpact.items.map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { account: "contoso-openai-swc" })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { team: "search" })).items.map((i) => i.id)).toEqual([a.id, c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { model: "gpt-4o-mini" })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { status: "changes_requested" })).items.map((i) => i.id)).toEqual([c.id]);
    // The query itself refuses a Requester (403), whatever page asks.
    const asPriya = await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.priya, {}).catch((e: { digest?: string }) => e);
    expect((asPriya as { digest?: string }).digest).toBe("NEXT_HTTP_ERROR_FALLBACK;403");
    expect(await countPendingDecisions({ db: t.db.prisma })).toBe(2);
  });

  it("without Azure's quota it still lists, saying so", async () => {
    const down = { listUsages: async () => Promise.reject(new Error("down")) } as unknown as AzureClient;
    const page = await listQueue({ db: t.db.prisma, azure: down, settings: { forbidSameTeam: true } }, t.users.alex, { model: "gpt-4o-mini" });
    expect(page.quotaUnavailable).toBe(true);
    expect(page.items[0].impact).toBeNull();
  });

  it("pages through thousands of pending requests", async () => {
    const base = await t.db.prisma.request.findFirstOrThrow({ where: { status: "awaiting_approval" } });
    const { id: _id, number: _n, createdAt: _c, updatedAt: _u, ...template } = base;
    const rows = Array.from({ length: 3000 }, (_, i) => ({ ...template, previous: undefined, change: { op: "add" }, deploymentName: `bulk-${i}`, capacity: 1 + (i % 7), quotaHold: 1 + (i % 7), submittedAt: new Date(Date.now() - i * 1000) }));
    await t.db.prisma.request.createMany({ data: rows });
    const page = await listQueue({ db: t.db.prisma, azure, settings: { forbidSameTeam: true } }, t.users.alex, { sort: "impact", page: 3 });
    expect(page.items).toHaveLength(QUEUE_PAGE_SIZE);
    expect(page.page).toBe(3);
    expect(page.total).toBeGreaterThan(3000);
    // Sorted by how full each request's pool would be, fullest first.
    const after = page.items.map((i) => i.impact?.afterPercent ?? -1);
    expect([...after].sort((x, y) => y - x)).toEqual(after);
  });
});
