import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob as enqueueDomainJob } from "@/lib/requests";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { JobRunner, PermanentJobError, type OutboxJob } from "./runner";

/** The runner runs any kind it has a handler for; these tests use their own kinds. */
const enqueueJob = (db: Parameters<typeof enqueueDomainJob>[0], job: { kind: string; requestId?: string; dedupeKey?: string }) =>
  enqueueDomainJob(db, job as Parameters<typeof enqueueDomainJob>[1]);

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 120_000);
afterAll(async () => t?.close());

describe("outbox job runner", () => {
  it("enqueues once per dedupe key and runs each job once", async () => {
    const r = await insertTestRequest(t);
    await t.db.prisma.$transaction(async (tx) => {
      await enqueueJob(tx, { kind: "count", requestId: r.id, dedupeKey: `count:${r.id}` });
      await enqueueJob(tx, { kind: "count", requestId: r.id, dedupeKey: `count:${r.id}` });
    });
    const seen: OutboxJob[] = [];
    const runner = new JobRunner(t.db.prisma, { handlers: { count: { run: async (job) => void seen.push(job) } } });
    expect(await runner.drain()).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0].requestId).toBe(r.id);
    expect((await t.db.prisma.outboxJob.findFirstOrThrow({ where: { dedupeKey: `count:${r.id}` } })).status).toBe("done");
  });

  it("retries a failing job with backoff, then gives up and calls onDead", async () => {
    await enqueueJob(t.db.prisma, { kind: "flaky", dedupeKey: "flaky-1" });
    let calls = 0;
    let deadWith: string | undefined;
    const runner = new JobRunner(t.db.prisma, {
      handlers: {
        flaky: {
          maxAttempts: 3,
          run: async () => {
            calls++;
            throw new Error(`boom ${calls}`);
          },
          onDead: async (_job, error) => void (deadWith = error.message),
        },
      },
      backoff: () => 0,
    });
    await runner.drain();
    expect(calls).toBe(3);
    expect(deadWith).toBe("boom 3");
    const job = await t.db.prisma.outboxJob.findFirstOrThrow({ where: { dedupeKey: "flaky-1" } });
    expect(job).toMatchObject({ status: "dead", attempts: 3, lastError: "boom 3" });
  });

  it("gives up at once on a permanent error", async () => {
    await enqueueJob(t.db.prisma, { kind: "broken", dedupeKey: "broken-1" });
    let calls = 0;
    const runner = new JobRunner(t.db.prisma, {
      handlers: { broken: { run: async () => { calls++; throw new PermanentJobError("the file no longer parses"); } } },
      backoff: () => 0,
    });
    await runner.drain();
    expect(calls).toBe(1);
    expect((await t.db.prisma.outboxJob.findFirstOrThrow({ where: { dedupeKey: "broken-1" } })).status).toBe("dead");
  });

  it("picks up the job of a worker that died mid-way once its lease runs out", async () => {
    await enqueueJob(t.db.prisma, { kind: "lease", dedupeKey: "lease-1" });
    const crashed = new JobRunner(t.db.prisma, { handlers: { lease: { run: async () => undefined } }, leaseMs: 50 });
    const claimed = await crashed.claimNext(); // claimed, then the worker "dies" without finishing
    expect(claimed?.kind).toBe("lease");
    const other = new JobRunner(t.db.prisma, { handlers: { lease: { run: async () => undefined } } });
    expect(await other.claimNext()).toBeNull(); // still leased
    await new Promise((r) => setTimeout(r, 120));
    const retried = await other.claimNext();
    expect(retried?.id).toBe(claimed?.id);
    expect(retried?.attempts).toBe(2);
  });

  it("never hands the same job to two workers at once", async () => {
    for (let i = 0; i < 20; i++) await enqueueJob(t.db.prisma, { kind: "once", dedupeKey: `once-${i}` });
    const ran: string[] = [];
    const handler = { run: async (job: OutboxJob) => void ran.push(String(job.id)) };
    const a = new JobRunner(t.db.prisma, { handlers: { once: handler } });
    const b = new JobRunner(t.db.prisma, { handlers: { once: handler } });
    await Promise.all([a.drain(), b.drain()]);
    expect(ran).toHaveLength(20);
    expect(new Set(ran).size).toBe(20);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("on PostgreSQL, with real concurrent connections", () => {
  let p: TestDatabase;
  beforeAll(async () => {
    p = await openTestDatabase({ postgres: true });
  }, 120_000);
  afterAll(async () => p?.close());

  it("two workers drain 30 jobs between them, each exactly once", async () => {
    for (let i = 0; i < 30; i++) await enqueueJob(p.db.prisma, { kind: "once", dedupeKey: `pg-once-${i}` });
    const ran: string[] = [];
    const handler = { run: async (job: OutboxJob) => { await new Promise((r) => setTimeout(r, 5)); ran.push(String(job.id)); } };
    const a = new JobRunner(p.db.prisma, { handlers: { once: handler } });
    const b = new JobRunner(p.db.prisma, { handlers: { once: handler } });
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    expect(na + nb).toBe(30);
    expect(new Set(ran).size).toBe(30);
  });

});
