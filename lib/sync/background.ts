import "server-only";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/env";
import { getRequestDeps } from "@/lib/requests/deps";
import { createAdvisoryLeaderLock, createLocalLeaderLock, SYNC_CHANNEL } from "./leader-lock";
import { Reconciler } from "./reconciler";
import { runSyncPass } from "./sync-pass";

const holder = globalThis as unknown as { __modelgateReconciler?: Reconciler };

/**
 * Starts this process's reconciler (once): passes every config.syncIntervalSeconds while it leads. On
 * PostgreSQL the leadership is an advisory lock, so of several portals/workers exactly one reconciles.
 */
export async function startReconciler(options: { workerId?: string; log?: (m: string) => void } = {}): Promise<Reconciler> {
  if (holder.__modelgateReconciler) return holder.__modelgateReconciler;
  const config = getConfig();
  const log = options.log ?? ((m: string) => console.warn(`[sync] ${m}`));
  const lock = config.database.kind === "postgres" ? createAdvisoryLeaderLock(config.database.url, log) : createLocalLeaderLock();
  const reconciler = new Reconciler({
    lock,
    intervalMs: config.syncIntervalSeconds * 1000,
    log,
    runPass: async () => runSyncPass(await getRequestDeps(), { worker: options.workerId }),
    // A merge recorded by any process (queue, webhook, poll) leaves a request deploying: notice it within seconds.
    hasActiveWork: async () => (await (await getDb()).prisma.request.count({ where: { status: { in: ["merged", "deploying"] } } })) > 0,
  });
  holder.__modelgateReconciler = reconciler;
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
 * Asks for a reconciler pass at once (call it after a webhook or a merge): wakes this process's reconciler,
 * and on PostgreSQL also NOTIFYs whichever process leads. Never throws: the interval catches up anyway.
 */
export async function requestSyncPass(): Promise<void> {
  holder.__modelgateReconciler?.wake();
  try {
    const db = await getDb();
    if (db.kind === "postgres") await db.sql.query(`SELECT pg_notify('${SYNC_CHANNEL}', '')`);
  } catch {
    // Best effort: the next interval pass picks the change up.
  }
}
