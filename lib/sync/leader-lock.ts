import "server-only";
import pg from "pg";

/** Who may run reconciler passes: exactly one holder at a time across processes. */
export interface LeaderLock {
  /** True when this process holds (or just took) the leadership. */
  tryAcquire(): Promise<boolean>;
  /** Gives the leadership up (and closes any dedicated connection). */
  release(): Promise<void>;
  /** Called when another process asks for a pass at once (PostgreSQL NOTIFY). */
  onWake?: (listener: () => void) => void;
}

/** The NOTIFY channel portal replicas use to ask the leader for a pass at once. */
export const SYNC_CHANNEL = "modelgate_sync";
/** Advisory lock key of the reconciler (any fixed 64-bit number unique to ModelGate). */
export const SYNC_LOCK_KEY = 7_314_052_611;

/** Single process (PGlite): nobody else can run, so this process always leads. */
export function createLocalLeaderLock(): LeaderLock {
  return { tryAcquire: async () => true, release: async () => {} };
}

/**
 * PostgreSQL: a session-level advisory lock held on a dedicated connection for as long as this process
 * leads. If the process dies its connection closes and the lock frees itself, so a standby takes over
 * on its next try. The same connection LISTENs for wake-ups.
 */
export function createAdvisoryLeaderLock(url: string, log: (m: string) => void = () => {}, key: number = SYNC_LOCK_KEY): LeaderLock {
  let client: pg.Client | null = null;
  let leader = false;
  const listeners: (() => void)[] = [];
  const drop = async () => {
    const c = client;
    client = null;
    leader = false;
    await c?.end().catch(() => {});
  };
  return {
    async tryAcquire() {
      if (leader && client) return true;
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: url, application_name: "modelgate-reconciler" });
          c.on("error", (e) => {
            log(`reconciler lock connection lost: ${e.message}`);
            void drop();
          });
          c.on("notification", (n) => {
            if (n.channel === SYNC_CHANNEL) listeners.forEach((l) => l());
          });
          await c.connect();
          client = c;
        }
        const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
        leader = rows[0]?.ok === true;
        if (leader) await client.query(`LISTEN ${SYNC_CHANNEL}`);
        return leader;
      } catch (e) {
        log(`reconciler lock: ${e instanceof Error ? e.message : String(e)}`);
        await drop();
        return false;
      }
    },
    async release() {
      if (client && leader) await client.query("SELECT pg_advisory_unlock($1)", [key]).catch(() => {});
      await drop();
    },
    onWake(listener) {
      listeners.push(listener);
    },
  };
}
