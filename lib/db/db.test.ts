import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "./client";
import { applyMigrations, readMigrations, MigrationError } from "./migrate";
import { compareDatabaseWithSchema } from "./schema-check";
import type { SqlExecutor } from "./sql-executor";
import { DEMO_PERSONAS, seedDemoData } from "./seed";
import { findUserWithTeams, listUsersWithTeams } from "./users";

// Database tests run against embedded PGlite always, and against a real PostgreSQL when TEST_DATABASE_URL
// points at one (.ci/run and scripts/test-postgres.sh start it). Each PostgreSQL run uses a fresh database.
const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn("TEST_DATABASE_URL is not set: the PostgreSQL half of the database tests is skipped (PGlite still runs).");

async function freshPostgresDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `modelgate_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const backends: { name: string; enabled: boolean; open: () => Promise<{ db: Database; cleanup: () => Promise<void> }> }[] = [
  {
    name: "PGlite",
    enabled: true,
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "modelgate-pglite-"));
      const db = await openDatabase({ kind: "pglite", dir });
      return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: "PostgreSQL",
    enabled: Boolean(pgUrl),
    open: async () => {
      const fresh = await freshPostgresDatabase(pgUrl!);
      const db = await openDatabase({ kind: "postgres", url: fresh.url });
      return { db, cleanup: async () => { await db.close(); await fresh.drop(); } };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`database on ${backend.name}`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
    }, 120_000);
    afterAll(async () => cleanup?.());

    it("records every migration in Prisma's _prisma_migrations table", async () => {
      const { rows } = await db.sql.query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
        `SELECT migration_name, finished_at, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      const files = await readMigrations();
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
      expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    });

    it("matches schema.prisma exactly (tables, columns, types, nullability, defaults, enums, indexes, foreign keys)", async () => {
      expect(await compareDatabaseWithSchema(db.sql)).toEqual([]);
    });

    it("detects drift: an extra column and a dropped index are reported", async () => {
      await db.sql.exec(`ALTER TABLE "teams" ADD COLUMN "colour" TEXT; DROP INDEX "requests_status_location_usage_name_idx";`);
      try {
        const problems = await compareDatabaseWithSchema(db.sql);
        expect(problems).toContain("teams.colour is in the database but not in schema.prisma");
        expect(problems).toContain("requests: index on (status,location,usage_name) is missing");
      } finally {
        await db.sql.exec(`ALTER TABLE "teams" DROP COLUMN "colour"; CREATE INDEX "requests_status_location_usage_name_idx" ON "requests"("status", "location", "usage_name");`);
      }
      expect(await compareDatabaseWithSchema(db.sql)).toEqual([]);
    });

    it("is idempotent: applying again applies nothing", async () => {
      expect(await applyMigrations(db.sql)).toEqual([]);
    });

    it("refuses a migration that was edited after it was applied", async () => {
      const files = await readMigrations();
      const edited = files.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
      await expect(applyMigrations(db.sql, edited)).rejects.toThrow(MigrationError);
    });

    it("seeds the demo personas once, with their teams", async () => {
      await seedDemoData(db.prisma);
      await seedDemoData(db.prisma);
      const users = await listUsersWithTeams(db.prisma);
      expect(users).toHaveLength(DEMO_PERSONAS.length);
      const priya = users.find((u) => u.name === "Priya Shah")!;
      expect(priya.role).toBe("requester");
      expect((await findUserWithTeams(db.prisma, priya.id))?.teams.map((t) => t.name)).toEqual(["Search"]);
    });

    it("writes a request, its timeline and its outbox job in one transaction, or none of them", async () => {
      const priya = (await listUsersWithTeams(db.prisma)).find((u) => u.name === "Priya Shah")!;
      const base = {
        kind: "create" as const,
        status: "submitting" as const,
        requesterId: priya.id,
        teamId: priya.teams[0].id,
        subscriptionId: "sub",
        resourceGroup: "rg",
        accountName: "acct",
        location: "australiaeast",
        paramFilePath: "manage-ai-models/a.bicepparam",
        deploymentName: "search-gpt-4o-2",
        modelFormat: "OpenAI",
        modelName: "gpt-4o",
        modelVersion: "2024-11-20",
        skuName: "GlobalStandard",
        capacity: 10,
        change: { op: "add" },
        justification: "test",
      };
      await expect(
        db.prisma.$transaction(async (tx) => {
          const r = await tx.request.create({ data: base });
          await tx.requestEvent.create({ data: { requestId: r.id, type: "submitted", toStatus: "submitting" } });
          await tx.outboxJob.create({ data: { kind: "open-pr", requestId: r.id, dedupeKey: "dup" } });
          await tx.outboxJob.create({ data: { kind: "open-pr", requestId: r.id, dedupeKey: "dup" } });
        }),
      ).rejects.toThrow();
      expect(await db.prisma.request.count()).toBe(0);
      expect(await db.prisma.outboxJob.count()).toBe(0);

      const created = await db.prisma.$transaction(async (tx) => {
        const r = await tx.request.create({ data: base });
        await tx.requestEvent.create({ data: { requestId: r.id, type: "submitted", toStatus: "submitting" } });
        await tx.outboxJob.create({ data: { kind: "open-pr", requestId: r.id, dedupeKey: `open-pr:${r.id}` } });
        return r;
      });
      expect(created.number).toBeGreaterThan(0);
      const loaded = await db.prisma.request.findUnique({ where: { id: created.id }, include: { events: true, jobs: true } });
      expect(loaded?.events).toHaveLength(1);
      expect(loaded?.jobs[0].status).toBe("pending");
    });
  });
}

describe("migration runner", () => {
  it("marks a failing migration as unfinished and refuses to go on until it is resolved", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "modelgate-migrate-"));
    const migrations = path.join(dir, "migrations");
    mkdirSync(path.join(migrations, "001_ok"), { recursive: true });
    mkdirSync(path.join(migrations, "002_bad"), { recursive: true });
    writeFileSync(path.join(migrations, "001_ok", "migration.sql"), `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY);`);
    writeFileSync(path.join(migrations, "002_bad", "migration.sql"), `CREATE TABLE "b" ("id" INTEGER PRIMARY KEY); SELECT * FROM nowhere;`);
    const { PGlite } = await import("@electric-sql/pglite");
    const lite = new PGlite();
    const sql: SqlExecutor = {
      query: async (q, p) => ({ rows: (await lite.query(q, p)).rows as never[] }),
      exec: async (q) => void (await lite.exec(q)),
    };
    try {
      const list = await readMigrations(migrations);
      await expect(applyMigrations(sql, list)).rejects.toThrow(/002_bad failed/);
      // The failed migration left nothing behind: table b was rolled back with it.
      const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'b'`);
      expect(rows[0].n).toBe(0);
      await expect(applyMigrations(sql, list)).rejects.toThrow(/did not finish/);
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
