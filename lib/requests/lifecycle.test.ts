import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertTestRequest, openTestDatabase, type TestDatabase } from "@/test/test-db";
import { canTransition, transitionRequest, TransitionConflictError } from "./lifecycle";

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 120_000);
afterAll(async () => t?.close());

describe("request lifecycle", () => {
  it("follows the documented lifecycle", () => {
    expect(canTransition("submitting", "awaiting_approval")).toBe(true);
    expect(canTransition("awaiting_approval", "approved")).toBe(true);
    expect(canTransition("merged", "deploying")).toBe(true);
    expect(canTransition("succeeded", "failed")).toBe(false);
    expect(canTransition("rejected", "approved")).toBe(false);
    expect(canTransition("submitting", "merged")).toBe(false);
  });

  it("moves a request and records who did it on the timeline", async () => {
    const r = await insertTestRequest(t);
    const actor = { id: t.users.alex.id, name: "Alex Kim" };
    const { version, from } = await transitionRequest(t.db.prisma, { requestId: r.id, to: "approved", actor, event: "approved", message: "LGTM" });
    expect(from).toBe("awaiting_approval");
    expect(version).toBe(1);
    const loaded = await t.db.prisma.request.findUniqueOrThrow({ where: { id: r.id }, include: { events: true } });
    expect(loaded.status).toBe("approved");
    expect(loaded.decidedAt).not.toBeNull();
    expect(loaded.events).toMatchObject([{ type: "approved", fromStatus: "awaiting_approval", toStatus: "approved", actorName: "Alex Kim", message: "LGTM" }]);
  });

  it("refuses moves the lifecycle doesn't allow, and leaves no timeline entry", async () => {
    const r = await insertTestRequest(t, { status: "succeeded" });
    await expect(transitionRequest(t.db.prisma, { requestId: r.id, to: "approved", actor: { name: "x" }, event: "approved" })).rejects.toThrow(TransitionConflictError);
    expect(await t.db.prisma.requestEvent.count({ where: { requestId: r.id } })).toBe(0);
  });

  it("lets exactly one of two racing decisions win", async () => {
    const r = await insertTestRequest(t);
    const results = await Promise.allSettled([
      t.db.prisma.$transaction((tx) => transitionRequest(tx, { requestId: r.id, to: "approved", actor: { name: "A" }, event: "approved", expectedVersion: 0 })),
      t.db.prisma.$transaction((tx) => transitionRequest(tx, { requestId: r.id, to: "rejected", actor: { name: "B" }, event: "rejected", expectedVersion: 0 })),
    ]);
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((x) => x.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(TransitionConflictError);
    expect(await t.db.prisma.requestEvent.count({ where: { requestId: r.id } })).toBe(1);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("on PostgreSQL, with real concurrent connections", () => {
  let p: TestDatabase;
  beforeAll(async () => {
    p = await openTestDatabase({ postgres: true });
  }, 120_000);
  afterAll(async () => p?.close());

  it("two racing decisions: one wins", async () => {
    // Warm the pool so both transactions really run at once, each on its own connection.
    await Promise.all([p.db.prisma.$queryRaw`SELECT 1`, p.db.prisma.$queryRaw`SELECT 1`]);
    const r = await insertTestRequest(p);
    // Both approvers saw version 0 (as the queue's forms carry it): whichever order they land in, one wins.
    const results = await Promise.allSettled(
      ["approved", "rejected"].map((to) =>
        // Decisions carry the version the approver saw: without it, a second decision that starts after the
        // first committed is a legitimate move (approved → rejected) and both would succeed.
        p.db.prisma.$transaction((tx) => transitionRequest(tx, { requestId: r.id, to: to as "approved", actor: { name: to }, event: to, expectedVersion: r.version })),
      ),
    );
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect(await p.db.prisma.requestEvent.count({ where: { requestId: r.id } })).toBe(1);
  });
});
