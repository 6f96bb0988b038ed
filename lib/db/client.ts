import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { applyMigrations } from "./migrate";
import type { SqlExecutor } from "./sql-executor";

export type DatabaseConfig = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string };

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseConfig["kind"];
  /** Raw SQL access for the health check and migrations. */
  sql: SqlExecutor;
  close(): Promise<void>;
}

/**
 * PGlite runs PostgreSQL inside the process's WebAssembly memory, which never shrinks. PostgreSQL's default
 * 128 MB buffer pool is allocated and touched at start-up, so it alone was ~115 MB of an idle portal's
 * resident memory; the data files stay in the OS page cache, so a 32 MB pool costs little speed.
 */
const PGLITE_SETTINGS = ["shared_buffers=32MB"];

/** Wraps PGlite as a SqlExecutor. */
function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    query: async (sql, params) => ({ rows: (await db.query(sql, params)).rows as never[] }),
    exec: async (sql) => {
      await db.exec(sql);
    },
  };
}

/** Wraps a node-postgres pool as a SqlExecutor; exec keeps one connection for the whole script. */
function poolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    query: async (sql, params) => ({ rows: (await pool.query(sql, params)).rows }),
    exec: async (sql) => {
      await pool.query(sql);
    },
  };
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "pglite") {
    mkdirSync(config.dir, { recursive: true });
    const lite = new PGlite(config.dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])] });
    await lite.waitReady;
    const sql = pgliteExecutor(lite);
    await applyMigrations(sql);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
    return {
      prisma,
      kind: "pglite",
      sql,
      close: async () => {
        await prisma.$disconnect();
        await lite.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // PostgreSQL ends idle connections when it restarts or fails over. Unheard, the pool's "error" event would end
  // the process; the pool drops the dead connection and opens a new one on the next query.
  pool.on("error", (err) => console.warn(`PostgreSQL closed an idle connection (${err.message}); the next query opens a new one.`));
  // The migration runner's advisory lock is per connection: run it on one dedicated client.
  const client = await pool.connect();
  try {
    await applyMigrations({
      query: async (q, params) => ({ rows: (await client.query(q, params)).rows }),
      exec: async (q) => {
        await client.query(q);
      },
    });
  } finally {
    client.release();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: "postgres",
    sql: poolExecutor(pool),
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
