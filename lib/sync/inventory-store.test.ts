/**
 * The inventory table: pages of 50 filtered in SQL, counts per status under the other filters, the radar
 * from retirement dates, writes only of rows that changed, and the carry-over of an inventory stored by an
 * earlier version (one JSON value in sync_state) by the migration.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedInventory } from "@/test/seed-scale";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { INVENTORY_PAGE_SIZE, type InventoryRow } from "./inventory-model";
import {
  countInventoryByStatus,
  countRetiringSoon,
  listInventoryPage,
  listInventoryTeams,
  listRetirements,
  readInventoryMeta,
  readInventoryRow,
  readInventoryRows,
  writeInventoryRows,
} from "./inventory-store";

const NOW = new Date("2026-11-25T12:00:00Z");
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase({ postgres: true });
  await seedInventory(t.db.sql, { deployments: 500, now: NOW });
}, 120_000);

afterAll(async () => t?.close());

describe("inventory table", () => {
  it("pages 500 deployments 50 at a time in account and name order", async () => {
    const first = await listInventoryPage(t.db.prisma, {}, 1);
    expect(first).toMatchObject({ total: 500, page: 1, pageCount: 10 });
    expect(first.rows).toHaveLength(INVENTORY_PAGE_SIZE);
    const all: InventoryRow[] = [];
    for (let p = 1; p <= first.pageCount; p++) all.push(...(await listInventoryPage(t.db.prisma, {}, p)).rows);
    const keys = all.map((r) => `${r.account}/${r.name}`);
    expect(new Set(keys).size).toBe(500);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b, "en")));
    // Past the end: the last page.
    expect((await listInventoryPage(t.db.prisma, {}, 99)).page).toBe(10);
  });

  it("filters by account, status, team (or unknown team) and text, and counts per status under the other filters", async () => {
    const all = await readInventoryRows(t.db.prisma);
    const account = "contoso-openai-swc";
    const drift = await listInventoryPage(t.db.prisma, { account, status: "drift" }, 1);
    expect(drift.total).toBe(all.filter((r) => r.account === account && r.status === "drift").length);
    expect(drift.rows.every((r) => r.account === account && r.status === "drift" && r.differences.length > 0)).toBe(true);
    const unknown = await listInventoryPage(t.db.prisma, { team: "-" }, 1);
    expect(unknown.total).toBe(all.filter((r) => r.team === null).length);
    const support = await listInventoryPage(t.db.prisma, { team: "Support", q: "GPT-4O-MINI" }, 1);
    expect(support.total).toBe(all.filter((r) => r.team === "Support" && (r.actual ?? r.desired)!.modelName.includes("gpt-4o-mini")).length);
    expect(support.total).toBeGreaterThan(0);

    const counts = await countInventoryByStatus(t.db.prisma, { account, status: "drift" });
    const expected: Record<string, number> = {};
    for (const r of all.filter((x) => x.account === account)) expected[r.status] = (expected[r.status] ?? 0) + 1;
    expect(counts).toEqual(expected);
    expect(await listInventoryTeams(t.db.prisma)).toEqual(["Platform", "Search", "Support"]);
  });

  it("reads the radar and the soon-retiring count from retirement dates, days left counted from now", async () => {
    const radar = await listRetirements(t.db.prisma, NOW, 30);
    expect(radar.length).toBeGreaterThan(0);
    expect(radar.every((r) => r.daysLeft >= 0 && r.daysLeft <= 30 && r.replacement?.modelName === "gpt-4.1-mini")).toBe(true);
    expect(radar.map((r) => r.daysLeft)).toEqual([...radar.map((r) => r.daysLeft)].sort((a, b) => a - b));
    expect(await countRetiringSoon(t.db.prisma, NOW, 30)).toBe(radar.length);
    const later = new Date(NOW.getTime() + 10 * 86_400_000);
    expect((await listRetirements(t.db.prisma, later, 30)).some((r) => r.daysLeft < 0)).toBe(true);
    expect(await countRetiringSoon(t.db.prisma, later, 30)).toBe((await listRetirements(t.db.prisma, later, 30)).filter((r) => r.daysLeft >= 0).length);
  });

  it("writes only the rows that changed, inserts new ones and deletes those gone", async () => {
    const before = await readInventoryRows(t.db.prisma);
    const stamps = async () => new Map((await t.db.prisma.inventoryDeployment.findMany({ select: { accountName: true, deploymentName: true, updatedAt: true } })).map((r) => [`${r.accountName}/${r.deploymentName}`, r.updatedAt.getTime()]));
    const stampsBefore = await stamps();
    expect(await writeInventoryRows(t.db.prisma, before.map((r) => ({ ...r })), before)).toEqual({ inserted: 0, updated: 0, deleted: 0 });

    const next = before.slice(1).map((r) => ({ ...r }));
    next[0] = { ...next[0], team: "Platform", status: "drift", differences: ["capacity 50 → 45"] };
    const added: InventoryRow = { ...next[1], name: "brand-new", pendingRequest: null, retirement: null };
    next.push(added);
    expect(await writeInventoryRows(t.db.prisma, next, before)).toEqual({ inserted: 1, updated: 1, deleted: 1 });
    expect(await readInventoryRow(t.db.prisma, before[0].account, before[0].name)).toBeNull();
    expect(await readInventoryRow(t.db.prisma, next[0].account, next[0].name)).toMatchObject({ team: "Platform", differences: ["capacity 50 → 45"] });
    expect(await readInventoryRow(t.db.prisma, added.account, "brand-new")).toMatchObject({ status: added.status });
    const stampsAfter = await stamps();
    const touched = [...stampsAfter].filter(([k, v]) => stampsBefore.get(k) !== v).map(([k]) => k);
    expect(touched.sort()).toEqual([`${next[0].account}/${next[0].name}`, `${added.account}/brand-new`].sort());
    // The round trip through the table is lossless: the stored rows compare equal to what was written.
    expect(await writeInventoryRows(t.db.prisma, next, await readInventoryRows(t.db.prisma))).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it("the migration carries an inventory stored as one JSON value over into the table", async () => {
    const dir = path.join(process.cwd(), "prisma", "migrations");
    const name = readdirSync(dir).find((d) => d.endsWith("_inventory_table"))!;
    const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    const old = {
      desiredAsOf: "2026-11-25T11:00:00.000Z",
      actualAsOf: "2026-11-25T11:00:00.000Z",
      accounts: [{ name: "acc-1", location: "eastus", resourceGroup: "rg", paramFile: "p.bicepparam", actualAsOf: "2026-11-25T11:00:00.000Z" }],
      rows: [
        {
          account: "acc-1", location: "eastus", resourceGroup: "rg", paramFile: "p.bicepparam", name: "chat", team: "Search",
          desired: { modelName: "gpt-35-turbo", modelVersion: "0125", skuName: "Standard", capacity: 10 },
          actual: { modelName: "gpt-35-turbo", modelVersion: "0125", skuName: "Standard", capacity: 10, provisioningState: "Succeeded" },
          status: "in_sync", differences: [], pendingRequest: null,
        },
        { account: "acc-1", location: "eastus", resourceGroup: "rg", paramFile: null, name: "handmade", team: null, desired: null, actual: { modelName: "gpt-4o", modelVersion: "2024-11-20", skuName: "GlobalStandard", capacity: 1, provisioningState: "Succeeded" }, status: "unmanaged", differences: [] },
      ],
      retirements: [{ account: "acc-1", location: "eastus", deployment: "chat", team: "Search", modelName: "gpt-35-turbo", modelVersion: "0125", retiresOn: "2027-02-01T00:00:00Z", daysLeft: 67, replacement: { modelName: "gpt-4.1-mini", modelVersion: "2025-04-14" } }],
      retirementWindowDays: 90,
      retirementsAsOf: "2026-11-25T11:00:00.000Z",
    };
    await t.db.sql.exec(`DROP TABLE inventory_deployments; DELETE FROM sync_state WHERE key = 'sync:inventory-meta';`);
    await t.db.sql.query(`INSERT INTO sync_state (key, value, updated_at) VALUES ('sync:inventory', $1::jsonb, now())`, [JSON.stringify(old)]);
    await t.db.sql.exec(sql);
    expect(await readInventoryRows(t.db.prisma)).toEqual([
      { ...old.rows[0], retirement: { retiresOn: "2027-02-01T00:00:00Z", replacement: { modelName: "gpt-4.1-mini", modelVersion: "2025-04-14" } } },
      { ...old.rows[1], pendingRequest: null, retirement: null },
    ]);
    const meta = await readInventoryMeta(t.db.prisma);
    expect(meta).toEqual({ desiredAsOf: old.desiredAsOf, actualAsOf: old.actualAsOf, accounts: old.accounts, retirementWindowDays: 90, retirementsAsOf: old.retirementsAsOf });
    expect(await t.db.prisma.syncState.findUnique({ where: { key: "sync:inventory" } })).toBeNull();
    expect((await listRetirements(t.db.prisma, NOW, 90)).map((r) => [r.deployment, r.daysLeft])).toEqual([["chat", 67]]);
  });
});
