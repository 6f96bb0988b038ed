/**
 * PostgreSQL restarted under a running portal (this test process: lib/db on the pg adapter, the domain and the
 * job runner, the emulators in-process), on a throw-away cluster of the test's own — never the shared server.
 * A submission caught mid-transaction by the restart fails with a message a person can read and leaves nothing
 * half-written; while the database is down, submissions and health say so; once it is back, the same process
 * serves submissions and runs jobs again without a restart.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { createJobHandlers, JobRunner } from "@/lib/jobs";
import { createDependencyObservers } from "@/lib/health";
import { checkHealth } from "@/lib/read-models";
import { explainUnavailable, RefusedError, submitRequest } from "@/lib/requests";
import { startPostgresCluster } from "@/test/postgres-cluster";
import { newSmallDeployment } from "@/test/request-input";
import { startTestWorld, type TestWorld } from "@/test/test-world";

const { cluster, skip } = await startPostgresCluster();
if (skip) console.warn(`lib/jobs/postgres-restart.test.ts skipped: ${skip}; install Debian's postgresql.`);

let world: TestWorld;
beforeAll(async () => {
  if (skip) return;
  world = await startTestWorld({ postgresUrl: cluster!.url, settings: { submissionsPerHour: 10_000 } });
}, 120_000);
afterAll(async () => {
  await world?.close().catch(() => undefined);
  cluster?.destroy();
});

/** What the submit form's action answers when the use case fails for a reason other than a refusal. */
const NOTHING_DONE = "Nothing was submitted.";

let seq = 0;
function form(name = `pg-restart-${++seq}-${Math.random().toString(36).slice(2, 6)}`) {
  const user = world.t.users.priya;
  return { user, name, body: newSmallDeployment(user, name, "PostgreSQL restarts under the portal.") };
}

/** The failure a person would see: a refusal's own message, anything else as the action chain words it. */
async function failureOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (e) {
    return e instanceof RefusedError ? e.message : explainUnavailable(e, NOTHING_DONE);
  }
  throw new Error("expected the submission to fail");
}

async function adminClient(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: world.t.url! });
  await c.connect();
  // The cluster's shutdown ends this session too; that is expected, not a failure of the test.
  c.on("error", () => undefined);
  return c;
}

/** Rows a submission leaves behind: requests without their "submitted" entry or their open-PR job. */
async function halfWritten(): Promise<number> {
  const db = world.t.db.prisma;
  const requests = await db.request.findMany({ select: { id: true, events: { select: { type: true } }, jobs: { select: { kind: true } } } });
  return requests.filter((r) => !r.events.some((e) => e.type === "submitted") || !r.jobs.some((j) => j.kind === "open-pr")).length;
}

describe.skipIf(!!skip)("PostgreSQL restarted under the portal", () => {
  it("a submission in the middle of its transaction fails readably and leaves nothing; the same process recovers", async () => {
    const db = world.t.db.prisma;
    const health = () => checkHealth({ database: world.t.db, azure: world.deps.azure, gitops: world.deps.gitops, mode: "demo", observers: createDependencyObservers() });
    expect((await health()).components.database.ok).toBe(true);

    // Hold the outbox table so the submission's transaction stops at its last insert: the request, its audit
    // entry and its timeline entry are written but not committed when PostgreSQL goes down.
    const holder = await adminClient();
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE outbox_jobs IN SHARE MODE");
    const first = form();
    const inFlight = failureOf(submitRequest(world.deps, first.user, first.body));
    const watcher = await adminClient();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO%outbox_jobs%'`);
      if (rows[0].n > 0) break;
      if (Date.now() > deadline) throw new Error("the submission never reached its outbox insert");
      await new Promise((r) => setTimeout(r, 25));
    }
    cluster!.stop();

    const message = await inFlight;
    expect(message).toMatch(/database/i);
    expect(message).toContain(NOTHING_DONE);
    expect(message).not.toMatch(/\n\s+at |prisma|Invalid `|ECONN|terminat/i);

    // While it is down: a new submission fails the same readable way, and health names the database.
    const second = form();
    const down = await failureOf(submitRequest(world.deps, second.user, second.body));
    expect(down).toMatch(/database/i);
    expect(down).not.toMatch(/\n\s+at |prisma|Invalid `|ECONN/i);
    const sick = await health();
    expect(sick.components.database.ok).toBe(false);

    cluster!.start();

    // Back: nothing of the interrupted submission was kept, and the same process serves the form again.
    expect(await db.request.count({ where: { deploymentName: first.name } })).toBe(0);
    expect(await db.auditEvent.count({ where: { summary: { contains: first.name } } })).toBe(0);
    const again = await submitRequest(world.deps, first.user, first.body);
    expect(again.created).toBe(true);
    expect(await halfWritten()).toBe(0);
    expect((await health()).components.database.ok).toBe(true);

    // And its job runner opens the pull request.
    const runner = new JobRunner(db, { handlers: createJobHandlers(async () => world.deps), backoff: () => 20, log: () => {} });
    for (let i = 0; i < 50 && (await db.request.findUniqueOrThrow({ where: { id: again.requestId } })).status === "submitting"; i++) {
      await runner.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    const opened = await db.request.findUniqueOrThrow({ where: { id: again.requestId } });
    expect(opened.status).toBe("awaiting_approval");
    expect(opened.prNumber).not.toBeNull();
    await holder.end().catch(() => undefined);
    await watcher.end().catch(() => undefined);
  }, 110_000);

  it("a process that opened its database but has not queried it yet survives the restart and serves after it", async () => {
    // Opening migrates on one pooled connection, which then waits idle in the pool for the first query.
    const database = await openDatabase({ kind: "postgres", url: world.t.url! });
    try {
      cluster!.stop();
      // PostgreSQL ends the idle connection as it shuts down; the process must take that in its stride.
      await new Promise((r) => setTimeout(r, 1000));
      const down = await database.sql.query("SELECT 1 AS one").then(
        () => "answered",
        (e: unknown) => explainUnavailable(e, NOTHING_DONE),
      );
      expect(down).toMatch(/database didn't answer/);
      cluster!.start();
      expect((await database.sql.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      expect(await database.prisma.team.count()).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 60_000);
});
