import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "@/test/test-db";
import { listAuditEvents, recordAuditEvent } from "./audit-log";

for (const postgres of [false, true]) {
  describe.skipIf(postgres && !process.env.TEST_DATABASE_URL)(`audit log (${postgres ? "PostgreSQL" : "PGlite"})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await openTestDatabase({ postgres });
      const db = t.db.prisma;
      await recordAuditEvent(db, {
        actor: { id: t.users.alex.id, name: "Alex Kim", role: "approver" },
        action: "request.approve",
        target: { type: "request", id: "r-1" },
        summary: "Approved request #1",
        origin: { httpRequestId: "req-1", ipAddress: "127.0.0.1", userAgent: "test" },
      });
      await recordAuditEvent(db, { actor: { id: t.users.sam.id, name: "Sam Rivera", role: "admin" }, action: "sign-in", summary: "Signed in" });
      await recordAuditEvent(db, { actor: { name: "Noor Haddad" }, action: "sign-in.refused", summary: "no-role" });
    }, 120_000);
    afterAll(() => t?.close());

    it("lists newest first and filters by action, person and target", async () => {
      const db = t.db.prisma;
      const all = await listAuditEvents(db, {});
      expect(all.total).toBe(3);
      expect(all.rows.map((r) => r.action)).toEqual(["sign-in.refused", "sign-in", "request.approve"]);
      expect((await listAuditEvents(db, { action: "request.approve" })).rows[0]).toMatchObject({
        actorName: "Alex Kim",
        targetId: "r-1",
        httpRequestId: "req-1",
        ipAddress: "127.0.0.1",
      });
      expect((await listAuditEvents(db, { actor: "rivera" })).total).toBe(1);
      expect((await listAuditEvents(db, { targetId: "r-1" })).total).toBe(1);
      expect((await listAuditEvents(db, { from: new Date(Date.now() + 86_400_000) })).total).toBe(0);
    });

    it("can't be changed or emptied: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
      const db = t.db.prisma;
      await expect(db.auditEvent.updateMany({ data: { summary: "edited" } })).rejects.toThrow(/append-only/);
      await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`TRUNCATE "audit_events"`)).rejects.toThrow(/append-only/);
      expect((await listAuditEvents(db, {})).total).toBe(3);
    });
  });
}
