/**
 * Exactly one active reconciler on PostgreSQL: two workers with the advisory-lock leadership, one runs passes,
 * the other stands by and takes over when the leader stops; a NOTIFY wakes the leader at once.
 * Needs TEST_DATABASE_URL (scripts/test-postgres.sh start prints one); skipped otherwise.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createAdvisoryLeaderLock, SYNC_CHANNEL } from "./leader-lock";
import { Reconciler } from "./reconciler";
import type { SyncPassResult } from "./sync-pass";

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn("lib/sync/leader.test.ts skipped: set TEST_DATABASE_URL to a PostgreSQL server (scripts/test-postgres.sh start)");

const KEY = 7_314_000_000 + (process.pid % 100_000);
const workers: Reconciler[] = [];

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

async function until(check: () => boolean, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!url)("reconciler leadership on PostgreSQL", () => {
  it("lets exactly one of two workers reconcile, hands over when it stops, and wakes on NOTIFY", async () => {
    let active = 0;
    let maxActive = 0;
    const ranBy: string[] = [];
    const make = (name: string) =>
      new Reconciler({
        lock: createAdvisoryLeaderLock(url!, () => {}, KEY),
        intervalMs: 60_000,
        standbyRetryMs: 100,
        runPass: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          ranBy.push(name);
          await new Promise((r) => setTimeout(r, 30));
          active--;
          return { status: { ok: true, errors: [] }, inventory: { rows: [] } } as unknown as SyncPassResult;
        },
      });
    const a = make("a");
    const b = make("b");
    workers.push(a, b);
    a.start();
    b.start();
    await until(() => ranBy.length >= 1);
    // Give the standby many chances to (wrongly) take over.
    await new Promise((r) => setTimeout(r, 600));
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    const leader = a.isLeader ? a : b;
    const standby = leader === a ? b : a;
    const leaderName = leader === a ? "a" : "b";
    expect(new Set(ranBy)).toEqual(new Set([leaderName]));

    // A NOTIFY from any connection (another replica's requestSyncPass) wakes the leader; the interval is 60 s.
    const before = leader.passes;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`SELECT pg_notify('${SYNC_CHANNEL}', '')`);
    await c.end();
    await until(() => leader.passes > before, 5_000);
    expect(standby.passes).toBe(0);

    // The leader stops (or dies): its lock goes with its connection and the standby takes over.
    await leader.stop();
    await until(() => standby.isLeader && standby.passes > 0);
    expect(maxActive).toBe(1);
    console.log(`leadership: ${leaderName} led with ${leader.passes} passes, then the standby took over; never more than ${maxActive} pass at a time`);
  }, 30_000);
});
