import "server-only";
import type { Database } from "@/lib/db";
import type { AppConfig } from "@/lib/env";
import { DEPLOYING_STATUSES, type DomainDeps } from "@/lib/requests";
import { createAdvisoryLeaderLock, createLocalLeaderLock, SYNC_CHANNEL } from "./leader-lock";
import { Reconciler } from "./reconciler";
import { runSyncPass } from "./sync-pass";

const holder = globalThis as unknown as { __modelgateReconciler?: Reconciler; __modelgateSyncDb?: Database };

/**
 * Starts this process's reconciler (once): passes every config.syncIntervalSeconds while it leads. On
 * PostgreSQL the leadership is an advisory lock, so of several portals/workers exactly one reconciles.
 */
export async function startReconciler(options: {
  workerId?: string;
  log?: (m: string) => void;
  database: Database;
  config: AppConfig;
  getDeps: () => Promise<DomainDeps>;
}): Promise<Reconciler> {
  if (holder.__modelgateReconciler) return holder.__modelgateReconciler;
  const { config, database } = options;
  const log = options.log ?? ((m: string) => console.warn(`[sync] ${m}`));
  const lock = config.database.kind === "postgres" ? createAdvisoryLeaderLock(config.database.url, log) : createLocalLeaderLock();
  const reconciler = new Reconciler({
    lock,
    intervalMs: config.syncIntervalSeconds * 1000,
    log,
    runPass: async () => runSyncPass(await options.getDeps(), { worker: options.workerId }),
    // A merge recorded by any process (queue, webhook, poll) leaves a request deploying: notice it within seconds.
    hasActiveWork: async () => (await database.prisma.request.count({ where: { status: { in: [...DEPLOYING_STATUSES] } } })) > 0,
  });
  holder.__modelgateReconciler = reconciler;
  holder.__modelgateSyncDb = database;
  reconciler.start();
  return reconciler;
}

/** Stops this process's reconciler and gives up its leadership. */
export async function stopReconciler(): Promise<void> {
  const r = holder.__modelgateReconciler;
  holder.__modelgateReconciler = undefined;
  await r?.stop();
}

/**
 * Asks for a reconciler pass at once (after a webhook or a merge): wakes this process's reconciler, and on
 * PostgreSQL also NOTIFYs whichever process leads. Never throws: the interval catches up anyway.
 */
export async function requestSyncPass(): Promise<void> {
  holder.__modelgateReconciler?.wake();
  try {
    const db = holder.__modelgateSyncDb;
    if (db?.kind === "postgres") await db.sql.query(`SELECT pg_notify('${SYNC_CHANNEL}', '')`);
  } catch {
    // Best effort: the next interval pass picks the change up.
  }
}
