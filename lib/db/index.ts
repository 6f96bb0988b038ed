import "server-only";
import { getConfig } from "@/lib/env";
import { openDatabase, type Database } from "./client";
import { seedDemoData } from "./seed";

export type { Database, DatabaseConfig } from "./client";
export { openDatabase } from "./client";
export { isDatabaseUnavailable } from "./errors";
export { applyMigrations, readMigrations, MigrationError } from "./migrate";
export { DEMO_PERSONAS, DEMO_TEAMS, seedDemoData } from "./seed";
export * from "./users";
export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";
export { explainQuery, nodesOnTable, rowsRead, type PlanNode, type QueryPlan } from "./query-plan";

// One database per process, kept on globalThis so Next's dev reloads don't open a second PGlite on the
// same folder (PGlite allows one process, one connection).
const holder = globalThis as unknown as { __modelgateDb?: Promise<Database> };

/** The process's database: opened, migrated (and in demo mode seeded) on first use. */
export function getDb(): Promise<Database> {
  holder.__modelgateDb ??= (async () => {
    const config = getConfig();
    const db = await openDatabase(config.database);
    if (config.mode === "demo") await seedDemoData(db.prisma);
    return db;
  })().catch((err) => {
    holder.__modelgateDb = undefined;
    throw err;
  });
  return holder.__modelgateDb;
}

/** Shorthand for the Prisma client of the process's database. */
export async function prisma() {
  return (await getDb()).prisma;
}
