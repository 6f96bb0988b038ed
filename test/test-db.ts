/**
 * A fresh, migrated, seeded database for a test file: embedded PGlite in a temp folder, or a new database
 * on TEST_DATABASE_URL's server when `postgres: true` and it is set.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "@/lib/db/client";
import { DEMO_PERSONAS, seedDemoData } from "@/lib/db/seed";
import { findUserWithTeams, type UserWithTeams } from "@/lib/db/users";
import type { Prisma } from "@/lib/db/generated/client";

export interface TestDatabase {
  db: Database;
  /** Connection URL when the database is on PostgreSQL (for tests that start other processes). */
  url?: string;
  /** Demo personas by first name in lower case: priya, marcus, alex, jordan, dana, sam. */
  users: Record<string, UserWithTeams>;
  close(): Promise<void>;
}

/**
 * Opens a throw-away database with the demo personas; `postgresUrl` names the PostgreSQL server to create it on
 * (default TEST_DATABASE_URL's, when `postgres` is set).
 */
export async function openTestDatabase(options: { postgres?: boolean; postgresUrl?: string } = {}): Promise<TestDatabase> {
  let db: Database;
  let cleanup: () => Promise<void>;
  let dbUrl: string | undefined;
  const base = options.postgresUrl ?? process.env.TEST_DATABASE_URL;
  if (options.postgresUrl) options = { ...options, postgres: true };
  if (options.postgres && base) {
    const name = `modelgate_t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    dbUrl = url.toString();
    db = await openDatabase({ kind: "postgres", url: dbUrl });
    cleanup = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "modelgate-test-db-"));
    db = await openDatabase({ kind: "pglite", dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  await seedDemoData(db.prisma);
  const users: Record<string, UserWithTeams> = {};
  for (const p of DEMO_PERSONAS) {
    const u = await db.prisma.user.findUniqueOrThrow({ where: { email: p.email } });
    users[p.name.split(" ")[0].toLowerCase()] = (await findUserWithTeams(db.prisma, u.id))!;
  }
  return {
    db,
    url: dbUrl,
    users,
    close: async () => {
      await db.close();
      await cleanup();
    },
  };
}

/** Inserts a request directly (for tests of later lifecycle stages); defaults describe a gpt-4o request. */
export async function insertTestRequest(
  t: TestDatabase,
  overrides: Partial<Prisma.RequestUncheckedCreateInput> & { requester?: string } = {},
) {
  const { requester = "priya", ...rest } = overrides;
  const user = t.users[requester];
  const kind = rest.kind ?? "create";
  const sku = rest.skuName ?? "GlobalStandard";
  const model = rest.modelName ?? "gpt-4o";
  const capacity = rest.capacity ?? 10;
  const previousCapacity = (rest.previous as { sku?: { capacity?: number } } | undefined)?.sku?.capacity ?? 0;
  return t.db.prisma.request.create({
    data: {
      kind: "create",
      status: "awaiting_approval",
      requesterId: user.id,
      teamId: user.teams[0]?.id ?? t.users.priya.teams[0].id,
      subscriptionId: "6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f",
      resourceGroup: "contoso-openai-rg",
      accountName: "contoso-openai-aue",
      location: "australiaeast",
      paramFilePath: "manage-ai-models/contoso-openai-aue.bicepparam",
      deploymentName: `test-${Math.random().toString(36).slice(2, 8)}`,
      modelFormat: "OpenAI",
      modelName: "gpt-4o",
      modelVersion: "2024-11-20",
      skuName: "GlobalStandard",
      capacity: 10,
      // As submission records them: the pool as the demo's Azure names it, and what the request holds.
      usageName: kind === "decommission" ? "" : /provisioned/i.test(sku) ? `OpenAI.${sku}` : `OpenAI.${sku}.${model}`,
      quotaHold: kind === "decommission" ? 0 : kind === "change" ? Math.max(0, capacity - previousCapacity) : capacity,
      change: { op: "add" },
      justification: "Test request",
      ...rest,
    },
  });
}
